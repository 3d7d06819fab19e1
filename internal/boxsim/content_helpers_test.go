package boxsim

import (
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// sendAs is send with the as-user header (none if asUser is empty).
func sendAs(t *testing.T, s *Sim, tok, asUser, method, path string, body any) response {
	t.Helper()
	return serve(t, s, jsonRequest(t, tok, asUser, method, path, body))
}

func getAs(t *testing.T, s *Sim, tok, asUser, path string) response {
	t.Helper()
	return sendAs(t, s, tok, asUser, "GET", path, nil)
}

// mustAs is sendAs that requires a status.
func mustAs(t *testing.T, s *Sim, tok, asUser, method, path string, body any, status int) response {
	t.Helper()
	return wantStatus(t, sendAs(t, s, tok, asUser, method, path, body), method+" "+path+" as "+strconv.Quote(asUser), status)
}

// contentSim is a small enterprise with content of every kind.
func contentSim(t *testing.T, cc ContentConfig) (*Sim, string, Truth) {
	t.Helper()
	if cc.Folders == 0 {
		cc.Folders = 120
	}
	if cc.CollaborationsPerFolder == 0 {
		cc.CollaborationsPerFolder = 3
	}
	if cc.PendingShare == 0 {
		cc.PendingShare = 0.3
	}
	s := New(Config{Seed: 41, Users: 60, AppUsers: 2, ExternalUsers: 4, Groups: 6, AvgGroupsPerUser: 1, Now: newFakeClock().Now, Content: cc})
	return s, mintToken(t, s), s.Truth()
}

func folderByID(t *testing.T, tr Truth, id string) Folder {
	t.Helper()
	return mustFind(t, tr.Folders, "folder "+id, func(f Folder) bool { return f.ID == id })
}

func findFolder(t *testing.T, tr Truth, what string, ok func(Folder) bool) Folder {
	t.Helper()
	return mustFind(t, tr.Folders, what+" folder", ok)
}

func findCollab(t *testing.T, tr Truth, what string, ok func(Collaboration) bool) Collaboration {
	t.Helper()
	return mustFind(t, tr.Collaborations, what+" collaboration", ok)
}

func collabByID(tr Truth, id string) (Collaboration, bool) {
	return first(tr.Collaborations, func(c Collaboration) bool { return c.ID == id })
}

// walkMarker follows next_marker from path (which must not carry a
// marker) and returns every entry, failing on a repeated marker.
func walkMarker(t *testing.T, s *Sim, tok, asUser, path string) []map[string]any {
	t.Helper()
	var all []map[string]any
	seen := map[string]bool{}
	next := ""
	for {
		p := path
		if next != "" {
			sep := "?"
			if strings.Contains(p, "?") {
				sep = "&"
			}
			p += sep + "marker=" + url.QueryEscape(next)
		}
		res := mustAs(t, s, tok, asUser, "GET", p, nil, 200)
		all = append(all, res.entries(t)...)
		m, _ := res.body["next_marker"].(string)
		if m == "" {
			return all
		}
		if seen[m] {
			t.Fatalf("marker %s repeated", m)
		}
		seen[m] = true
		next = m
	}
}
