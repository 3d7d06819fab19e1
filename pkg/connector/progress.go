package connector

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
)

// Progress is how far a sync has come, as the connector process counts it.
// The CLI turns it into a progress line every few seconds and, with the
// finished c1z, into the closing summary (internal/supervisor/progress.go). The
// SDK runs the resource listings first (users, groups, then each user's
// folder walk), then the grants (each group's members), so each count
// against its total says what is left.
type Progress struct {
	Calls       int64 `json:"calls"`        // requests sent to Box, token requests and retries included
	RateLimited int64 `json:"rate_limited"` // of which Box answered 429
	Users       int64 `json:"users"`        // users listed
	UsersDone   bool  `json:"users_done"`   // the user listing has ended
	Groups      int64 `json:"groups"`       // groups listed
	GroupsDone  bool  `json:"groups_done"`  // the group listing has ended
	GroupsRead  int64 `json:"groups_read"`  // groups whose member listing has ended
	// When folders are synced: the users whose folders are walked (those
	// listed and the app's service account, less --skip-folder-owners), the
	// walks ended, the folders found.
	Owners       int64 `json:"owners,omitempty"`
	OwnersWalked int64 `json:"owners_walked,omitempty"`
	Folders      int64 `json:"folders,omitempty"`
}

// syncProgress counts for the process: one connector serves a run. Each
// change is written through at once (a small file replaced whole), so the
// CLI reads exact numbers however the run ends.
type syncProgress struct {
	mu    sync.Mutex
	p     Progress
	stats *box.Stats // the client's call counts
	dir   string     // where to publish; "" = nowhere
}

var progress = &syncProgress{}

// reportProgress starts the counts of a new connector from zero, and has
// them and client's calls published when the CLI asked for a report
// (ReportDirEnv).
func reportProgress(client *box.Client) {
	dir := reportDir()
	progress.mu.Lock()
	progress.p, progress.dir, progress.stats = Progress{}, dir, client.Stats()
	progress.mu.Unlock()
	if dir != "" {
		client.Stats().Observe(progress.publish)
	}
}

func (s *syncProgress) update(f func(p *Progress)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f(&s.p)
	if s.dir == "" {
		return
	}
	p := s.p
	if s.stats != nil {
		p.Calls, p.RateLimited = s.stats.Calls(), s.stats.RateLimited()
	}
	b, err := json.Marshal(p)
	if err != nil {
		return
	}
	tmp := filepath.Join(s.dir, ProgressFile+".new")
	if os.WriteFile(tmp, b, 0o600) == nil {
		_ = os.Rename(tmp, filepath.Join(s.dir, ProgressFile)) // whole or not at all
	}
}

// publish writes the counts as they are (a call was made).
func (s *syncProgress) publish() { s.update(func(*Progress) {}) }

// usersListed counts a page of the user listing: its users, and of the
// resources it returned (the service account too) those whose folders are
// walked: they list folder as a child type, which neither a sync without
// folders nor --skip-folder-owners gives them.
func (s *syncProgress) usersListed(users int, returned []*v2.Resource, last bool) {
	owners := 0
	for _, r := range returned {
		if listsChild(r, folderResourceType.Id) {
			owners++
		}
	}
	s.update(func(p *Progress) {
		p.Users += int64(users)
		p.UsersDone = p.UsersDone || last
		p.Owners += int64(owners)
	})
}

// listsChild reports whether r names child type rt (a ChildResourceType
// annotation): the SDK lists rt under it.
func listsChild(r *v2.Resource, rt string) bool {
	for _, a := range r.GetAnnotations() {
		c := &v2.ChildResourceType{}
		if a.MessageIs(c) && a.UnmarshalTo(c) == nil && c.GetResourceTypeId() == rt {
			return true
		}
	}
	return false
}

// groupsListed counts a page of the group listing.
func (s *syncProgress) groupsListed(groups int, last bool) {
	s.update(func(p *Progress) {
		p.Groups += int64(groups)
		p.GroupsDone = p.GroupsDone || last
	})
}

// groupRead counts a group whose members are all read.
func (s *syncProgress) groupRead() { s.update(func(p *Progress) { p.GroupsRead++ }) }

// folderStep counts a step of a user's folder walk: the folders it
// returned, and whether the walk ended.
func (s *syncProgress) folderStep(folders int, ended bool) {
	s.update(func(p *Progress) {
		p.Folders += int64(folders)
		if ended {
			p.OwnersWalked++
		}
	})
}
