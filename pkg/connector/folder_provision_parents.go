package connector

import (
	"context"
	"slices"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Access through a parent folder. Box's rule (support.box.com article
// 360043697254, "Understanding Item Permissions"): access "waterfalls"
// down; "if an individual is a collaborator on a parent Item, the access
// level is the same for all content beneath it", and "the collaboration is
// only changeable at the item from which it was created". Box will not add
// them below (it refuses, or answers as if it had and adds nothing); a
// higher level below is possible only by inviting to the sub-folder first,
// then to the parent. So a grant or revoke on a sub-folder where the
// principal holds no collaboration of its own looks at the folder's
// parents and says where the access comes from.

// heldAbove is a collaboration of who on one of the folder's parents.
type heldAbove struct {
	folderID string
	c        *box.Collaboration
}

// isTopLevel: the folder sits in its owner's "All Files" (Box sent its
// path and it holds nothing but the root).
func isTopLevel(f *box.Folder) bool {
	return f.PathCollection != nil && len(parentIDs(f)) == 0
}

// parentIDs are the folder's parents, nearest first, from its
// path_collection ("All Files", ID "0", left out).
func parentIDs(f *box.Folder) []string {
	if f.PathCollection == nil {
		return nil
	}
	var out []string
	for _, p := range slices.Backward(f.PathCollection.Entries) {
		if p.ID != box.RootFolderID && p.ID != "" {
			out = append(out, p.ID)
		}
	}
	return out
}

// above lists who's collaborations on the folder's parents (any status),
// nearest first, read as the owner (who owns the whole tree).
func (s *folderSyncer) above(ctx context.Context, t *folderTarget) ([]heldAbove, error) {
	var out []heldAbove
	for _, id := range parentIDs(t.folder) {
		c, err := s.findOn(ctx, t, id, "")
		if err != nil {
			return nil, err
		}
		if c != nil {
			out = append(out, heldAbove{folderID: id, c: c})
		}
	}
	return out, nil
}

// rank orders Box roles by rights (folderRoles' order); 0 for unknown.
func rank(boxRole string) uint32 {
	slug, _ := slugOfRole(boxRole)
	r, _ := roleBySlug(slug)
	return r.order
}

// strongest is the accepted collaboration above with the most rights (the
// access who has on the folder), or false.
func strongest(held []heldAbove) (heldAbove, bool) {
	var best heldAbove
	for _, h := range held {
		if h.c.Status == box.CollabAccepted && (best.c == nil || rank(h.c.Role) > rank(best.c.Role)) {
			best = h
		}
	}
	return best, best.c != nil
}

// grantHeldAbove explains a grant Box did not make on the folder: the role
// held through a parent is GrantAlreadyExists; another role there is
// FailedPrecondition naming the folder to change it on; nothing above is
// listsNone's to explain.
func (s *folderSyncer) grantHeldAbove(ctx context.Context, t *folderTarget) (annotations.Annotations, error) {
	held, err := s.above(ctx, t)
	if err != nil {
		return nil, err
	}
	for _, h := range held {
		if h.c.Status == box.CollabAccepted && h.c.Role == t.role.boxRole {
			return alreadyExists(ctx, "%s %s already has %q through folder %s (collaboration %s); Box adds no collaboration below it",
				t.who.granteeType, t.who.id, h.c.Role, h.folderID, h.c.ID), nil
		}
	}
	h, ok := strongest(held)
	switch {
	case ok && rank(h.c.Role) > t.role.order:
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: %s %s already has %q through folder %s (collaboration %s), which gives it on every folder below; "+
				"Box changes a collaboration only on the folder it was created on: change it there",
			t.where(), t.who.granteeType, t.who.id, h.c.Role, h.folderID, h.c.ID)
	case ok:
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: %s %s already has %q through folder %s (collaboration %s); Box changes a collaboration only on the folder it was created on: "+
				"change it there, or, for %q on this folder alone, revoke it there, grant it here, then grant %q there again (Box allows more below a parent only to a collaboration made first)",
			t.where(), t.who.granteeType, t.who.id, h.c.Role, h.folderID, h.c.ID, t.role.boxRole, h.c.Role)
	case len(held) > 0:
		h = held[0]
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: %s %s has a %s invitation as %q on folder %s (collaboration %s), which Box counts for the folders below it: "+
				"once accepted it gives %[5]q here too; to grant here instead, revoke it there first",
			t.where(), t.who.granteeType, t.who.id, h.c.Status, h.c.Role, h.folderID, h.c.ID)
	}
	return nil, s.listsNone(ctx, t)
}

// listsNone explains a grant Box did not make for someone it lists on
// neither the folder nor its parents: a pending invitation Box lists
// without naming who (its answers up to 2018: box-windows-sdk-v2#98,
// box-java-sdk#412) may be theirs, and stays pending until accepted
// (FailedPrecondition); otherwise Box's listing is behind its refusal,
// which a retry settles (Unavailable).
func (s *folderSyncer) listsNone(ctx context.Context, t *folderTarget) error {
	var unnamed []string
	for c, err := range s.collaborations(ctx, t.owner, t.folderID, t.action) {
		if err != nil {
			return err
		}
		if c.AccessibleBy == nil && c.InviteEmail == "" && c.Status == box.CollabPending {
			unnamed = append(unnamed, c.ID)
		}
	}
	if len(unnamed) > 0 {
		return status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: Box says %s %s is invited to folder %s and lists pending invitations without naming who (collaboration %s); "+
				"theirs is pending until they accept it",
			t.where(), t.who.granteeType, t.who.id, t.folderID, strings.Join(unnamed, ", collaboration "))
	}
	return status.Errorf(codes.Unavailable,
		"baton-box: %s: Box made no collaboration on the folder, yet lists none for them on it or on its parents (%s)",
		t.where(), strings.Join(parentIDs(t.folder), ", "))
}

// revokeHeldAbove refuses to call a role revoked that who holds through a
// parent folder: they keep it until it is revoked there.
func (s *folderSyncer) revokeHeldAbove(ctx context.Context, t *folderTarget) error {
	held, err := s.above(ctx, t)
	if err != nil {
		return err
	}
	for _, h := range held {
		if h.c.Status == box.CollabAccepted && h.c.Role == t.role.boxRole {
			return status.Errorf(codes.FailedPrecondition,
				"baton-box: %s: %s %s has %q through folder %s (collaboration %s), not on this folder; "+
					"Box removes a collaboration only on the folder it was created on: revoke it on folder %s, which removes it from every folder below",
				t.where(), t.who.granteeType, t.who.id, h.c.Role, h.folderID, h.c.ID, h.folderID)
		}
	}
	return nil
}
