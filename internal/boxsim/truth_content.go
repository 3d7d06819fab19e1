package boxsim

import (
	"cmp"
	"maps"
	"slices"
	"strings"
	"time"
)

// Folder is a stored folder in Truth.
type Folder struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	ParentID string `json:"parent_id"` // "0": top level, in the owner's "All Files"
	OwnerID  string `json:"owner_id"`
	Depth    int    `json:"depth"` // 1 = top level
	// Path is "/<top-level name>/.../<name>" (Box forbids "/" in names);
	// PathIDs are the parents' IDs, top level first (empty at the top).
	Path               string      `json:"path"`
	PathIDs            []string    `json:"path_ids"`
	CreatedAt          time.Time   `json:"created_at"`
	ModifiedAt         time.Time   `json:"modified_at"`
	SharedLink         *SharedLink `json:"shared_link,omitempty"`
	CanNonOwnersInvite bool        `json:"can_non_owners_invite"`
	// Reachable: the owner is a listed user whom the app may name in the
	// as-user header (as-user enabled; not the admin or a co-admin unless
	// ContentConfig.AsUserPrivileged; not inactive under
	// ContentConfig.InactiveUsersRefused), or the app's service account,
	// which reads its own content; so a sync can list the folder.
	Reachable bool `json:"reachable"`
	// TransferFolder: created by PUT /users/{id}/folders/0; not counted in
	// the owner's OwnedItems.
	TransferFolder bool `json:"transfer_folder,omitempty"`
	// Files is how many files its listing shows (ContentConfig.FileItems;
	// 0 without it).
	Files int `json:"files,omitempty"`
}

// SharedLink is a folder's shared link. In AddFolder and SetSharedLink
// only Access, IsPasswordEnabled and CanDownload are read; the rest is
// derived.
type SharedLink struct {
	URL                 string `json:"url"`
	Access              string `json:"access"`               // open, company, collaborators
	EffectiveAccess     string `json:"effective_access"`     // Access capped by ContentConfig.SharedLinkAccessCap
	EffectivePermission string `json:"effective_permission"` // can_download or can_preview
	IsPasswordEnabled   bool   `json:"is_password_enabled"`
	CanDownload         bool   `json:"can_download"`
}

// Collaboration is a stored collaboration. The grantee is a user
// (GranteeType "user", GranteeID), a group ("group", GranteeID) or, for a
// pending invitation to an address with no Box account, InviteEmail
// (GranteeType "user", GranteeID "").
type Collaboration struct {
	ID          string `json:"id"`
	FolderID    string `json:"folder_id"`
	Role        string `json:"role"`   // one of collaborationRoles()
	Status      string `json:"status"` // accepted, pending, rejected
	GranteeType string `json:"grantee_type"`
	GranteeID   string `json:"grantee_id,omitempty"`
	InviteEmail string `json:"invite_email,omitempty"`
	// External: the grantee is not of this enterprise (an external user,
	// or an invited address).
	External bool `json:"external"`
	// GranteeDeleted: the grantee user was deleted and the collaboration
	// kept (ContentConfig.DeletedUsersKeepCollaborations).
	GranteeDeleted bool `json:"grantee_deleted,omitempty"`
	// Quirk is how the listing renders it (ContentConfig.CollaborationQuirk).
	Quirk        string    `json:"quirk,omitempty"`
	IsAccessOnly bool      `json:"is_access_only"`
	CreatedByID  string    `json:"created_by_id"`
	CreatedAt    time.Time `json:"created_at"`
	ModifiedAt   time.Time `json:"modified_at"`
}

// reachable reports whether a sync can read u's content: as u with
// as-user, or, for the service account, as itself.
func (s *Sim) reachable(u *userRec) bool {
	cc := s.cfg.Content
	if u.kind == kindService {
		return true // the app reads its own content with its own token
	}
	return u.kind == kindListed && !cc.AsUserDisabled && !s.refusedInactive(u) &&
		(cc.AsUserPrivileged || !isAdmin(u))
}

func (s *Sim) toFolder(f *folderRec) Folder {
	anc := f.ancestors()
	out := Folder{
		ID:                 formatID(f.id),
		Name:               f.name,
		ParentID:           "0",
		OwnerID:            formatID(f.owner.id),
		Depth:              len(anc) + 1,
		PathIDs:            make([]string, len(anc)),
		CreatedAt:          unixTime(f.created),
		ModifiedAt:         unixTime(f.modified),
		CanNonOwnersInvite: !f.noNonOwnerInvite,
		Reachable:          s.reachable(f.owner),
		TransferFolder:     f.uncounted,
	}
	var path strings.Builder
	for i, p := range anc {
		out.PathIDs[i] = formatID(p.id)
		path.WriteString("/" + p.name)
	}
	out.Path = path.String() + "/" + f.name
	if f.parent != nil {
		out.ParentID = formatID(f.parent.id)
	}
	if l := f.link; l != nil {
		out.SharedLink = &SharedLink{
			URL:                 l.url,
			Access:              l.access,
			EffectiveAccess:     effectiveAccess(l.access, s.st.content.linkCap),
			EffectivePermission: l.effectivePermission(),
			IsPasswordEnabled:   l.password,
			CanDownload:         l.canDownload,
		}
	}
	return out
}

func toCollaboration(c *collabRec) Collaboration {
	out := Collaboration{
		ID:           formatID(c.id),
		FolderID:     formatID(c.folder.id),
		Role:         c.role,
		Status:       c.status,
		GranteeType:  typeUser,
		InviteEmail:  c.inviteEmail,
		External:     c.inviteEmail != "",
		IsAccessOnly: c.accessOnly,
		CreatedByID:  formatID(c.creator.id),
		CreatedAt:    unixTime(c.created),
		ModifiedAt:   unixTime(c.modified),
	}
	switch {
	case c.user != nil:
		out.GranteeID = formatID(c.user.id)
		out.External = c.user.kind == kindExternal
		out.GranteeDeleted = c.user.deleted
	case c.group != nil:
		out.GranteeType, out.GranteeID = typeGroup, formatID(c.group.id)
	}
	return out
}

// sortedByID returns m's values in ascending ID order.
func sortedByID[T any](m map[int64]T, id func(T) int64) []T {
	return slices.SortedFunc(maps.Values(m), func(a, b T) int { return cmp.Compare(id(a), id(b)) })
}

// contentTruth lists folders and collaborations by ID. Callers hold s.mu.
func (s *Sim) contentTruth() ([]Folder, []Collaboration) {
	cs := &s.st.content
	folders := sortedByID(cs.folders, folderKey)
	collabs := sortedByID(cs.collabs, collabKey)
	fo := make([]Folder, len(folders))
	for i, f := range folders {
		fo[i] = s.toFolder(f)
	}
	co := make([]Collaboration, len(collabs))
	for i, c := range collabs {
		co[i] = toCollaboration(c)
		co[i].Quirk = s.quirkOf(c)
	}
	return fo, co
}
