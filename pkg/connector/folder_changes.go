package connector

import (
	"slices"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
)

// The incremental folder picture, first step (docs/incremental-folders.md):
// from enterprise events, which owners' folders need a re-read. A folder's
// grants depend on its parents' collaborations too, so the unit of re-read
// is the owner's whole walk: their resource's child listing.
//
// Events come from admin_logs_streaming, which delivers at least once and
// out of order (docs/box-behaviour.md, "Events"): marks are a set, an event taken
// twice or late marks what it marked before, and an owner keeps the newest
// time an event marked them. An event whose owner cannot be told, from the
// event or from the last full scan, asks for a full scan instead: full
// scans stay the source of truth.

// scanIndex answers what an event leaves unsaid from the last full scan.
type scanIndex interface {
	// FolderOwner is who owned the folder.
	FolderOwner(folderID string) (string, bool)
	// CollaborationOwner is the owner of the folder the collaboration was on.
	CollaborationOwner(collabID string) (string, bool)
	// GroupFolderOwners are the owners of the folders the group held a
	// collaboration on; ok is false when the scan cannot tell.
	GroupFolderOwners(groupID string) ([]string, bool)
}

// folderMarks are the owners whose folders a run of events changed.
type folderMarks struct {
	Owners map[string]time.Time // owner ID -> the newest event that marked them
	// FullScan says why only a full scan will do (the first few reasons),
	// empty when the owners are the whole change.
	FullScan []string
	seen     map[string]bool // event IDs taken
}

// maxFullScanReasons bounds FullScan.
const maxFullScanReasons = 10

func newFolderMarks() *folderMarks {
	return &folderMarks{Owners: map[string]time.Time{}, seen: map[string]bool{}}
}

// What each event type changes.
var (
	// A collaboration (a user's or a group's) was created, accepted,
	// removed, changed or expired: the folder's grants and its profile.
	collaborationEvents = []string{box.EventCollaborationInvite, box.EventCollaborationAccept, box.EventCollaborationRemove,
		box.EventCollaborationRoleChange, box.EventCollaborationExpiration, box.EventGroupAddItem, box.EventGroupRemoveItem}
	// A shared link was created, changed, removed or expired: open_link.
	sharedLinkEvents = []string{box.EventShare, box.EventUnshare, box.EventItemSharedUpdate, box.EventShareExpiration}
)

// FolderChangeEventTypes are the event types take reads; a feed asks Box
// for these only (GET /events event_type).
func FolderChangeEventTypes() []string {
	out := slices.Concat(collaborationEvents, sharedLinkEvents)
	return append(out, box.EventMove, box.EventGroupDeletion)
}

// take marks the owners e changes. Membership changes (GROUP_ADD_USER,
// GROUP_REMOVE_USER) change no folder: a group's grants are expanded to
// its members, which every sync lists afresh; nor do events about files.
func (m *folderMarks) take(e *box.Event, idx scanIndex) {
	if e.ID != "" {
		if m.seen[e.ID] {
			return
		}
		m.seen[e.ID] = true
	}
	isCollab, isLink := slices.Contains(collaborationEvents, e.Type), slices.Contains(sharedLinkEvents, e.Type)
	if !isCollab && !isLink && e.Type != box.EventMove && e.Type != box.EventGroupDeletion {
		return
	}
	s, err := e.Subject()
	if err != nil {
		m.fullScan(err.Error())
		return
	}
	if s.ItemType != "" && s.ItemType != box.ItemTypeFolder {
		return // a file's or web link's: not synced
	}
	switch e.Type {
	case box.EventGroupDeletion:
		owners, ok := idx.GroupFolderOwners(s.GroupID)
		if s.GroupID == "" || !ok {
			m.fullScan("event " + e.ID + " (" + e.Type + "): the folders of group " + s.GroupID + " are not known")
			return
		}
		for _, o := range owners {
			m.mark(o, e.CreatedAt)
		}
	case box.EventMove:
		// Moved into another owner's folder, the folder is theirs now
		// (owned_by); its previous owner's picture lost it.
		before, known := idx.FolderOwner(s.ItemID)
		if known {
			m.mark(before, e.CreatedAt)
		}
		if s.OwnerID != "" {
			m.mark(s.OwnerID, e.CreatedAt)
		}
		if !known && s.OwnerID == "" {
			m.fullScan("event " + e.ID + " (MOVE): the owner of folder " + s.ItemID + " is not known")
		}
	default:
		owner := s.OwnerID
		if owner == "" && s.CollaborationID != "" {
			owner, _ = idx.CollaborationOwner(s.CollaborationID)
		}
		if owner == "" && s.ItemID != "" {
			owner, _ = idx.FolderOwner(s.ItemID)
		}
		if owner == "" {
			m.fullScan("event " + e.ID + " (" + e.Type + "): names no folder owner, and neither collaboration " + s.CollaborationID +
				" nor folder " + s.ItemID + " is known")
			return
		}
		m.mark(owner, e.CreatedAt)
	}
}

func (m *folderMarks) mark(owner string, at time.Time) {
	if prev, ok := m.Owners[owner]; !ok || at.After(prev) {
		m.Owners[owner] = at
	}
}

func (m *folderMarks) fullScan(why string) {
	if len(m.FullScan) < maxFullScanReasons {
		m.FullScan = append(m.FullScan, why)
	}
}

// resourceChanges are the marked owners as resource-change events, in ID
// order: a targeted sync of user:<owner> re-walks their folders (their
// resource's child listing).
func (m *folderMarks) resourceChanges() []*v2.ResourceChangeEvent {
	ids := make([]string, 0, len(m.Owners))
	for id := range m.Owners {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]*v2.ResourceChangeEvent, len(ids))
	for i, id := range ids {
		out[i] = v2.ResourceChangeEvent_builder{ResourceId: userPrincipal(id)}.Build()
	}
	return out
}
