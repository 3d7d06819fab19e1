package boxsim

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// sendAs calls a /2.0 path with a JSON body (nil: none) and, unless
// asUser is empty, the as-user header.
func sendAs(t *testing.T, s *Sim, tok, asUser, method, path string, body any) response {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequestWithContext(t.Context(), method, "/2.0"+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	if asUser != "" {
		req.Header.Set("As-User", asUser)
	}
	return serve(t, s, req)
}

func getAs(t *testing.T, s *Sim, tok, asUser, path string) response {
	t.Helper()
	return sendAs(t, s, tok, asUser, "GET", path, nil)
}

// mustAs is sendAs that requires a status.
func mustAs(t *testing.T, s *Sim, tok, asUser, method, path string, body any, status int) response {
	t.Helper()
	res := sendAs(t, s, tok, asUser, method, path, body)
	if res.status != status {
		t.Fatalf("%s %s as %q: %d, want %d: %s", method, path, asUser, res.status, status, res.raw)
	}
	return res
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
	for _, f := range tr.Folders {
		if f.ID == id {
			return f
		}
	}
	t.Fatalf("no folder %s in Truth", id)
	return Folder{}
}

func findFolder(t *testing.T, tr Truth, what string, ok func(Folder) bool) Folder {
	t.Helper()
	for _, f := range tr.Folders {
		if ok(f) {
			return f
		}
	}
	t.Fatalf("seed has no %s folder", what)
	return Folder{}
}

func findCollab(t *testing.T, tr Truth, what string, ok func(Collaboration) bool) Collaboration {
	t.Helper()
	for _, c := range tr.Collaborations {
		if ok(c) {
			return c
		}
	}
	t.Fatalf("seed has no %s collaboration", what)
	return Collaboration{}
}

func collabByID(tr Truth, id string) (Collaboration, bool) {
	for _, c := range tr.Collaborations {
		if c.ID == id {
			return c, true
		}
	}
	return Collaboration{}, false
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
