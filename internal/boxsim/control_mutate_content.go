package boxsim

import (
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// validFolderName follows Box's rules (PUT /folders/{id} name in the spec:
// no non-printable characters, "/" or "\", trailing spaces, "." or "..";
// common-errors item_name_invalid and item_name_too_long add at most 255
// characters and no leading spaces). common-errors also lists < > : | ? * -,
// which the spec does not and Box's own folders use (dashes): the
// simulator follows the spec there.
func validFolderName(name string) bool {
	switch {
	case name == "" || name == "." || name == ".." || utf8.RuneCountInString(name) > 255,
		strings.TrimSpace(name) != name, strings.ContainsAny(name, `/\`):
		return false
	}
	return !strings.ContainsFunc(name, func(r rune) bool { return !unicode.IsPrint(r) })
}

// newLink checks a SharedLink given to AddFolder or SetSharedLink; old
// keeps its URL when a link is changed. A password needs access open (the
// spec's PUT /folders/{id}#add_shared_link: "A password can only be set
// when access is set to open"). URLs look like the spec's examples
// (https://app.box.com/s/<token>); the 32-character token is an assumption.
func newLink(l SharedLink, old *linkRec, id int64) (*linkRec, error) {
	switch {
	case !slices.Contains(linkAccessLevels, l.Access):
		return nil, fmt.Errorf("boxsim: shared link access %q: %w", l.Access, ErrInvalid)
	case l.IsPasswordEnabled && l.Access != accessOpen:
		return nil, fmt.Errorf("boxsim: a password needs access open, not %q: %w", l.Access, ErrInvalid)
	}
	out := &linkRec{access: l.Access, password: l.IsPasswordEnabled, canDownload: l.CanDownload}
	if old != nil {
		out.url, out.downloads, out.previews = old.url, old.downloads, old.previews
	} else {
		out.url = fmt.Sprintf("https://app.box.com/s/%016x%016x", splitmix(bits(id)), splitmix(bits(id)^0x5EED))
	}
	return out, nil
}

// AddFolder adds a folder. Name is required and must be a valid Box name,
// unique among its siblings case-insensitively (else ErrConflict).
// ParentID "" or "0" puts it at the top level of OwnerID (a listed user or
// the service account); otherwise it goes under that folder and belongs
// to its owner (OwnerID, if set, must match). SharedLink (optional) sets
// Access, IsPasswordEnabled and CanDownload. ID, depth, path and times
// are assigned; can_non_owners_invite is true. The owner's OwnedItems
// grows by one.
func (s *Sim) AddFolder(f Folder) (Folder, error) {
	if !validFolderName(f.Name) {
		return Folder{}, fmt.Errorf("boxsim: add folder: name %q: %w", f.Name, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	var parent *folderRec
	owner := st.user(f.OwnerID)
	if f.ParentID != "" && f.ParentID != "0" {
		if parent = st.folder(f.ParentID); parent == nil {
			return Folder{}, fmt.Errorf("boxsim: add folder %q: parent %s: %w", f.Name, f.ParentID, ErrNotFound)
		}
		if f.OwnerID != "" && owner != parent.owner {
			return Folder{}, fmt.Errorf("boxsim: add folder %q: parent %s belongs to %d, not %s: %w",
				f.Name, f.ParentID, parent.owner.id, f.OwnerID, ErrInvalid)
		}
		owner = parent.owner
	}
	switch {
	case owner == nil:
		return Folder{}, fmt.Errorf("boxsim: add folder %q: owner %q: %w", f.Name, f.OwnerID, ErrNotFound)
	case owner.kind == kindExternal:
		return Folder{}, fmt.Errorf("boxsim: add folder %q: owner %s is another enterprise's user: %w", f.Name, f.OwnerID, ErrInvalid)
	case st.nameTaken(owner, parent, f.Name):
		return Folder{}, fmt.Errorf("boxsim: add folder %q: the name is used next to it: %w", f.Name, ErrConflict)
	}
	now := s.now().Unix()
	rec := &folderRec{id: st.nextFolderID, name: f.Name, owner: owner, creator: owner, parent: parent, created: now, modified: now}
	if f.SharedLink != nil {
		l, err := newLink(*f.SharedLink, nil, rec.id)
		if err != nil {
			return Folder{}, err
		}
		rec.link = l
	}
	st.nextFolderID++
	st.linkFolder(rec)
	owner.ownedItems++
	return s.toFolder(rec), nil
}

// DeleteFolder moves a folder and everything below it to the trash, as a
// user deleting it during a sync would: its collaborations go, every one
// of its IDs answers 404 (code "trashed" to the owner, not_found to
// others), and the owner owns that many items fewer.
func (s *Sim) DeleteFolder(folderID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.folder(folderID)
	if f == nil {
		return fmt.Errorf("boxsim: delete folder %s: %w", folderID, ErrNotFound)
	}
	s.st.trashFolder(f)
	return nil
}

// SetSharedLink creates, changes (keeping the URL) or, with nil, removes
// a folder's shared link, and sets the folder's modified_at.
func (s *Sim) SetSharedLink(folderID string, link *SharedLink) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	f := s.st.folder(folderID)
	if f == nil {
		return fmt.Errorf("boxsim: set shared link of %s: %w", folderID, ErrNotFound)
	}
	if link == nil {
		f.link = nil
	} else {
		l, err := newLink(*link, f.link, f.id)
		if err != nil {
			return fmt.Errorf("boxsim: set shared link of %s: %w", folderID, err)
		}
		f.link = l
	}
	f.modified = s.now().Unix()
	return nil
}

// SetSharedLinkAccessCap changes the enterprise's most open shared-link
// access ("", "company" or "collaborators"), as an admin tightening the
// setting would: existing links keep access and change effective_access
// (support.box.com article 4404822772755).
func (s *Sim) SetSharedLinkAccessCap(linkCap string) error {
	if linkCap != "" && linkCap != accessCompany && linkCap != accessCollaborators {
		return fmt.Errorf("boxsim: shared link access cap %q: %w", linkCap, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.content.linkCap = linkCap
	return nil
}

// AddCollaboration adds a collaboration, as the folder's owner would.
// FolderID and Role (one of collaborationRoles) are required; Status
// defaults to accepted. The grantee is GranteeType "user" with GranteeID
// (a listed, external user or the service account) or, pending only,
// InviteEmail; or "group" with GranteeID. The owner cannot be a grantee
// (ErrInvalid). A grantee already on the folder returns that
// collaboration with ErrConflict. IsAccessOnly is kept; ID and times are
// assigned; CreatedByID, if set, must be a user (default: the owner).
func (s *Sim) AddCollaboration(c Collaboration) (Collaboration, error) {
	if c.Status == "" {
		c.Status = statusAccepted
	}
	switch {
	case !slices.Contains(collaborationRoles(), c.Role):
		return Collaboration{}, fmt.Errorf("boxsim: add collaboration: role %q: %w", c.Role, ErrInvalid)
	case !slices.Contains(collabStatuses, c.Status):
		return Collaboration{}, fmt.Errorf("boxsim: add collaboration: status %q: %w", c.Status, ErrInvalid)
	case c.InviteEmail != "" && (c.GranteeType != typeUser || c.GranteeID != "" || c.Status != statusPending || !validLogin(c.InviteEmail)):
		return Collaboration{}, fmt.Errorf("boxsim: add collaboration: an invitation needs GranteeType user, no GranteeID, status pending and a valid address: %w", ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	f := st.folder(c.FolderID)
	if f == nil {
		return Collaboration{}, fmt.Errorf("boxsim: add collaboration: folder %s: %w", c.FolderID, ErrNotFound)
	}
	var u *userRec
	var g *groupRec
	switch {
	case c.InviteEmail != "":
		if st.logins[strings.ToLower(c.InviteEmail)] != nil {
			return Collaboration{}, fmt.Errorf("boxsim: add collaboration: %s is a Box user's login: %w", c.InviteEmail, ErrInvalid)
		}
	case c.GranteeType == typeUser:
		if u = st.user(c.GranteeID); u == nil {
			return Collaboration{}, fmt.Errorf("boxsim: add collaboration: user %s: %w", c.GranteeID, ErrNotFound)
		}
		if u == f.owner {
			return Collaboration{}, fmt.Errorf("boxsim: add collaboration: user %s owns folder %s: %w", c.GranteeID, c.FolderID, ErrInvalid)
		}
	case c.GranteeType == typeGroup:
		if g = st.group(c.GranteeID); g == nil {
			return Collaboration{}, fmt.Errorf("boxsim: add collaboration: group %s: %w", c.GranteeID, ErrNotFound)
		}
	default:
		return Collaboration{}, fmt.Errorf("boxsim: add collaboration: grantee type %q: %w", c.GranteeType, ErrInvalid)
	}
	by := f.owner
	if c.CreatedByID != "" {
		if by = st.user(c.CreatedByID); by == nil {
			return Collaboration{}, fmt.Errorf("boxsim: add collaboration: created by %s: %w", c.CreatedByID, ErrNotFound)
		}
	}
	if old := f.collabFor(u, g, c.InviteEmail); old != nil {
		return toCollaboration(old), fmt.Errorf("boxsim: add collaboration: the grantee is already on folder %s: %w", c.FolderID, ErrConflict)
	}
	rec := st.newCollab(f, u, g, c.InviteEmail, c.Role, c.Status, c.IsAccessOnly, by, s.now().Unix())
	return toCollaboration(rec), nil
}

// RemoveCollaboration deletes a collaboration by its ID.
func (s *Sim) RemoveCollaboration(collaborationID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.collaboration(collaborationID)
	if c == nil {
		return fmt.Errorf("boxsim: remove collaboration %s: %w", collaborationID, ErrNotFound)
	}
	s.st.removeCollab(c)
	return nil
}

// SetCollaborationRole changes a collaboration's role and modified_at.
func (s *Sim) SetCollaborationRole(collaborationID, role string) error {
	if !slices.Contains(collaborationRoles(), role) {
		return fmt.Errorf("boxsim: set collaboration %s role %q: %w", collaborationID, role, ErrInvalid)
	}
	return s.changeCollab(collaborationID, func(c *collabRec, _ int64) error {
		c.role = role
		return nil
	})
}

// SetCollaborationStatus changes a collaboration's status (an invitee
// accepting or rejecting); an invitation to an address with no Box
// account can only stay pending (ErrInvalid).
func (s *Sim) SetCollaborationStatus(collaborationID, status string) error {
	if !slices.Contains(collabStatuses, status) {
		return fmt.Errorf("boxsim: set collaboration %s status %q: %w", collaborationID, status, ErrInvalid)
	}
	return s.changeCollab(collaborationID, func(c *collabRec, now int64) error {
		if c.inviteEmail != "" && status != statusPending {
			return fmt.Errorf("boxsim: set collaboration %s status: the invitee has no Box account: %w", collaborationID, ErrInvalid)
		}
		c.setStatus(status, now)
		return nil
	})
}

// changeCollab applies fn to a collaboration and, if it succeeds, sets
// modified_at.
func (s *Sim) changeCollab(id string, fn func(c *collabRec, now int64) error) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := s.st.collaboration(id)
	if c == nil {
		return fmt.Errorf("boxsim: change collaboration %s: %w", id, ErrNotFound)
	}
	now := s.now().Unix()
	if err := fn(c, now); err != nil {
		return err
	}
	c.modified = now
	return nil
}
