package boxsim

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
)

// Content readings: answers Box may give that its spec allows, or that its
// users have seen, but that nothing documents as what Box does today. Each
// is off by default and switched on by a ContentConfig field; the
// connector must be right under each (docs/boxsim.md, "Content readings").

// Collaboration quirks (ContentConfig.CollaborationQuirk): how every fifth
// accepted collaboration (by ID) is rendered.
const (
	// QuirkUnknownRole: a role outside the spec's enum. Box added the
	// "previewer uploader" and "viewer uploader" roles after its first
	// API; a role added later would reach an older client this way (an
	// assumption).
	QuirkUnknownRole = "unknown_role"
	// QuirkNoGrantee: accessible_by null on an accepted collaboration.
	// Box was reported answering null for pending ones (box-windows-sdk-v2
	// #98, box-java-sdk#412, box-node-sdk#245: "expected" per Box staff);
	// on an accepted one it is a fault reading (an assumption).
	QuirkNoGrantee = "no_grantee"
	// QuirkAllUsersGroup: the grantee is the enterprise's "All Users"
	// group, group_type all_users_group (the spec's
	// CollaborationAccessGrantee/Group--Mini enum), which GET /groups does
	// not list (an assumption: the spec's GET /groups lists "all of the
	// groups for a given enterprise" without saying which types).
	QuirkAllUsersGroup = "all_users_group"

	// quirkRole is QuirkUnknownRole's role.
	quirkRole = "restricted viewer"
	// allUsersGroupID is the "All Users" group's ID: in the group range,
	// below every seeded group.
	allUsersGroupID = groupIDBase + 1
	// ownerEntryBase starts the IDs of the listed owner entries
	// (OwnerCollaborationListed): above every stored collaboration, never
	// stored themselves.
	ownerEntryBase int64 = 99_000_000_000
)

// CollaborationQuirks lists ContentConfig.CollaborationQuirk's values.
func CollaborationQuirks() []string {
	return []string{"", QuirkUnknownRole, QuirkNoGrantee, QuirkAllUsersGroup}
}

// quirkOf is the quirk c is rendered with, "" for none.
func (s *Sim) quirkOf(c *collabRec) string {
	q := s.cfg.Content.CollaborationQuirk
	if q == "" || c.status != statusAccepted || c.id%5 != 0 || c.owner {
		return ""
	}
	return q
}

// allUsersGroup is the Group--Mini of the enterprise's "All Users" group.
func allUsersGroup() object {
	return object{{keyType, typeGroup}, {"id", formatID(allUsersGroupID)}, {keyName, "All Users"}, {"group_type", QuirkAllUsersGroup}}
}

// ownerEntry is the accepted "owner" entry of f's collaborations
// (OwnerCollaborationListed). Its ID is never stored: GET
// /collaborations/{id} answers 404 for it.
func ownerEntry(f *folderRec) *collabRec {
	return &collabRec{
		id: ownerEntryBase + f.id - folderIDBase, folder: f, user: f.owner, role: roleOwner, status: statusAccepted,
		creator: f.owner, created: f.created, modified: f.created, acknowledged: f.created, owner: true,
	}
}

// collabListKey orders a folder's collaboration listing: the owner entry
// first, then by ID (markers name the last key of a page).
func collabListKey(c *collabRec) int64 {
	if c.owner {
		return 0
	}
	return c.id
}

// withOwnerEntry is what f's collaboration listing holds under
// OwnerCollaborationListed: the owner entry, then items.
func (s *Sim) withOwnerEntry(f *folderRec, items []*collabRec) []*collabRec {
	if !s.cfg.Content.OwnerCollaborationListed || f == nil {
		return items
	}
	return append([]*collabRec{ownerEntry(f)}, items...)
}

// markNoAccessLinks gives every third seeded shared link (by folder ID)
// the effective_permission no_access (ContentConfig.NoAccessLinks).
func markNoAccessLinks(st *store) {
	for _, f := range st.content.folders {
		if f.link != nil && f.id%3 == 0 {
			f.link.noAccess = true
		}
	}
}

// seedOtherAppServiceAccounts adds n service accounts of other apps of the
// enterprise (kindUnlisted: GET /users lists managed and app users only,
// docs/box-behaviour.md, "Users"; a service account is neither,
// developer.box.com/platform/user-types), each an accepted editor on up to three
// seeded folders. Its own PCG stream keeps every other seed unchanged.
func seedOtherAppServiceAccounts(cfg Config, st *store, folders []*folderRec) {
	n := cfg.Content.OtherAppServiceAccounts
	if n == 0 || len(folders) == 0 {
		return
	}
	rng := rand.New(rand.NewPCG(bits(cfg.Seed), 0x07E5_A5C7)) //nolint:gosec // G404: data must replay from the seed
	for i := range n {
		u := &userRec{
			id: st.nextUserID, kind: kindUnlisted, enterprise: &st.enterprise,
			name: fmt.Sprintf("Integration %02d Service Account", i+1), role: roleUser, status: statusActive,
			language: "en", timezone: "America/Los_Angeles", created: seedEpochStart, modified: seedEpochStart,
		}
		u.login = fmt.Sprintf("AutomationUser_%d_%s@%s", 20_000_000+rng.IntN(70_000_000), strings.ToLower(alnum(rng, 10)), appUserDomain)
		st.nextUserID += 1 + rng.Int64N(8)
		st.addUser(u)
		for range 3 {
			f := folders[rng.IntN(len(folders))]
			if f.collabFor(u, nil, "") != nil {
				continue
			}
			c := &collabRec{id: st.content.nextID, folder: f, user: u, role: roleEditor,
				creator: f.owner, created: f.created, modified: f.created}
			c.setStatus(statusAccepted, f.created)
			st.content.nextID += 1 + rng.Int64N(3)
			st.addCollab(c)
		}
	}
}

// keepsDeletedGrantee reports whether u, being deleted, stays on its
// collaborations (ContentConfig.DeletedUsersKeepCollaborations).
func (st *store) keepsDeletedGrantee(u *userRec) bool {
	return st.content.keepDeletedGrantees && len(st.content.byUser[u.id]) > 0
}

// unlistedUsers are the users of kindUnlisted, by ID.
func (st *store) unlistedUsers() []*userRec {
	var out []*userRec
	for _, u := range st.usersByID {
		if u.kind == kindUnlisted {
			out = append(out, u)
		}
	}
	slices.SortFunc(out, func(a, b *userRec) int { return cmp.Compare(a.id, b.id) })
	return out
}

// hasCollaborations is the folder's has_collaborations: whether it has a
// collaboration of its own (a parent's do not count, whatever
// InheritedCollaborations lists), accepted ones only under
// HasCollaborationsAcceptedOnly. The root has none.
func (v folderView) hasCollaborations() bool {
	if v.f == nil {
		return false
	}
	if !v.acceptedOnly {
		return len(v.f.collabs) > 0
	}
	return slices.ContainsFunc(v.f.collabs, func(c *collabRec) bool { return c.status == statusAccepted })
}
