package connector

import (
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
)

// fakeScan is the last full scan's answers.
type fakeScan struct {
	folders, collabs map[string]string   // folder / collaboration ID -> owner
	groups           map[string][]string // group ID -> owners
}

func (f fakeScan) FolderOwner(id string) (string, bool)        { o, ok := f.folders[id]; return o, ok }
func (f fakeScan) CollaborationOwner(id string) (string, bool) { o, ok := f.collabs[id]; return o, ok }
func (f fakeScan) GroupFolderOwners(id string) ([]string, bool) {
	o, ok := f.groups[id]
	return o, ok
}

var scan = fakeScan{
	folders: map[string]string{"300": "17001", "301": "17002"},
	collabs: map[string]string{"5001": "17003"},
	groups:  map[string][]string{"400": {"17004", "17005"}, "401": nil},
}

// event decodes an event as GET /events sends it.
func event(t *testing.T, raw string) *box.Event {
	t.Helper()
	var e box.Event
	if err := json.Unmarshal([]byte(raw), &e); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	return &e
}

// TestFolderMarksFromEvents: each kind of content event marks the owners
// whose folders it changed, from the event (owned_by), or from the last
// scan (the collaboration's or folder's owner, a group's folders); what
// names no owner anyone can tell asks for a full scan; events about
// files, and group membership changes, mark nothing.
func TestFolderMarksFromEvents(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		event    string
		owners   []string
		fullScan bool
	}{
		"user collaboration invite, owner named": {
			`{"event_id":"e1","event_type":"COLLABORATION_INVITE","created_at":"2026-01-02T10:00:00Z",` +
				`"source":{"folder_id":"999","folder_name":"Plans","user_id":"17100","user_name":"A","parent":{"type":"folder","id":"0"},"owned_by":{"type":"user","id":"17009"}},` +
				`"additional_details":{"collab_id":"5999"}}`, []string{"17009"}, false},
		"group collaboration removed, owner from the collaboration": {
			`{"event_id":"e2","event_type":"COLLABORATION_REMOVE","created_at":"2026-01-02T10:00:00Z",` +
				`"source":{"folder_id":"998","group_id":"400","group_name":"G"},"additional_details":{"collab_id":5001}}`, []string{"17003"}, false},
		"role change, owner from the folder": {
			`{"event_id":"e3","event_type":"COLLABORATION_ROLE_CHANGE","created_at":"2026-01-02T10:00:00Z","source":{"folder_id":"300"}}`, []string{"17001"}, false},
		"collaboration nobody can place": {
			`{"event_id":"e4","event_type":"COLLABORATION_ACCEPT","created_at":"2026-01-02T10:00:00Z","source":{"folder_id":"777"},"additional_details":{"collab_id":"6000"}}`, nil, true},
		"file collaboration": {
			`{"event_id":"e5","event_type":"COLLABORATION_INVITE","created_at":"2026-01-02T10:00:00Z","source":{"file_id":"12","file_name":"a.pdf","owned_by":{"id":"17009"}}}`, nil, false},
		"folder shared": {
			`{"event_id":"e6","event_type":"SHARE","created_at":"2026-01-02T10:00:00Z",` +
				`"source":{"item_type":"folder","item_id":"301","item_name":"Q1","parent":{"id":"0"},"owned_by":{"id":"17002"}}}`, []string{"17002"}, false},
		"file link changed": {
			`{"event_id":"e7","event_type":"ITEM_SHARED_UPDATE","created_at":"2026-01-02T10:00:00Z","source":{"item_type":"file","item_id":"13","owned_by":{"id":"17002"}}}`, nil, false},
		"folder moved to another owner": {
			`{"event_id":"e8","event_type":"MOVE","created_at":"2026-01-02T10:00:00Z","source":{"item_type":"folder","item_id":"300","parent":{"id":"301"},"owned_by":{"id":"17002"}}}`,
			[]string{"17001", "17002"}, false},
		"unknown folder moved, no owner": {
			`{"event_id":"e9","event_type":"MOVE","created_at":"2026-01-02T10:00:00Z","source":{"item_type":"folder","item_id":"555"}}`, nil, true},
		"group deleted": {
			`{"event_id":"e10","event_type":"GROUP_DELETION","created_at":"2026-01-02T10:00:00Z","source":{"group_id":"400","group_name":"G"}}`, []string{"17004", "17005"}, false},
		"group without folders deleted": {
			`{"event_id":"e11","event_type":"GROUP_DELETION","created_at":"2026-01-02T10:00:00Z","source":{"group_id":"401"}}`, nil, false},
		"unknown group deleted": {
			`{"event_id":"e12","event_type":"GROUP_DELETION","created_at":"2026-01-02T10:00:00Z","source":{"group_id":"402"}}`, nil, true},
		"member added to a group": {
			`{"event_id":"e13","event_type":"GROUP_ADD_USER","created_at":"2026-01-02T10:00:00Z","source":{"group_id":"400","user_id":"17100"}}`, nil, false},
		"unreadable source": {
			`{"event_id":"e14","event_type":"SHARE","created_at":"2026-01-02T10:00:00Z","source":"folder 300"}`, nil, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			m := newFolderMarks()
			m.take(event(t, tc.event), scan)
			if got := slices.Sorted(maps.Keys(m.Owners)); !slices.Equal(got, tc.owners) {
				t.Errorf("marked %v, want %v", got, tc.owners)
			}
			if (len(m.FullScan) > 0) != tc.fullScan {
				t.Errorf("full scan %q, want %v", m.FullScan, tc.fullScan)
			}
		})
	}
}

// TestFolderMarksTakeRepeatsAndDisorder: admin_logs_streaming delivers at
// least once and out of order; the same events in any order, some twice,
// mark the same owners, each with its newest event's time.
func TestFolderMarksTakeRepeatsAndDisorder(t *testing.T) {
	t.Parallel()
	events := []string{
		`{"event_id":"a","event_type":"SHARE","created_at":"2026-01-02T10:00:00Z","source":{"item_type":"folder","item_id":"300","owned_by":{"id":"17001"}}}`,
		`{"event_id":"b","event_type":"UNSHARE","created_at":"2026-01-02T12:00:00Z","source":{"item_type":"folder","item_id":"300","owned_by":{"id":"17001"}}}`,
		`{"event_id":"c","event_type":"COLLABORATION_REMOVE","created_at":"2026-01-02T11:00:00Z","source":{"folder_id":"301"}}`,
	}
	forward, backward := newFolderMarks(), newFolderMarks()
	for _, raw := range events {
		forward.take(event(t, raw), scan)
	}
	for i := len(events) - 1; i >= 0; i-- {
		backward.take(event(t, events[i]), scan)
		backward.take(event(t, events[i]), scan) // delivered again
	}
	want := map[string]time.Time{
		"17001": time.Date(2026, 1, 2, 12, 0, 0, 0, time.UTC),
		"17002": time.Date(2026, 1, 2, 11, 0, 0, 0, time.UTC),
	}
	for name, m := range map[string]*folderMarks{"forward": forward, "backward, twice": backward} {
		if !maps.EqualFunc(m.Owners, want, time.Time.Equal) || len(m.FullScan) > 0 {
			t.Errorf("%s: marks %v (full scan %q), want %v", name, m.Owners, m.FullScan, want)
		}
	}
	changes := forward.resourceChanges()
	var ids []string
	for _, c := range changes {
		ids = append(ids, c.GetResourceId().GetResourceType()+":"+c.GetResourceId().GetResource())
	}
	if strings.Join(ids, ",") != "user:17001,user:17002" {
		t.Errorf("resource changes %v, want user:17001,user:17002", ids)
	}
	for _, typ := range []string{box.EventShare, box.EventMove, box.EventGroupDeletion, box.EventCollaborationInvite} {
		if !slices.Contains(FolderChangeEventTypes(), typ) {
			t.Errorf("FolderChangeEventTypes lacks %s", typ)
		}
	}
}
