package connector

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Folder provisioning: granting `folder:<id>:<role>` to a user, an external
// collaborator or a group creates their collaboration, or changes the role
// of the one they hold; revoking removes it. Every call acts as the
// folder's owner (As-User): the service account sees only its own content,
// so Box would answer 404 for the folder, and Box lets the owner (or a
// co-owner) invite people and change or remove collaborations. The state is
// read fresh from Box first (the folder, then its collaborations), so bad
// input and refusals change nothing.

// collaborator is who a folder grant is for.
type collaborator struct {
	granteeType string // box.GranteeUser or box.GranteeGroup
	id          string
	principal   *v2.ResourceId
}

func collaboratorOf(principal *v2.Resource) (collaborator, error) {
	id := principal.GetId()
	var t string
	switch id.GetResourceType() {
	case userResourceType.Id, externalUserResourceType.Id:
		t = box.GranteeUser
	case groupResourceType.Id:
		t = box.GranteeGroup
	default:
		return collaborator{}, status.Errorf(codes.InvalidArgument,
			"baton-box: a folder role is granted to a Box user, external collaborator or group, got %s %q", id.GetResourceType(), id.GetResource())
	}
	if err := validID(id.GetResourceType(), id.GetResource()); err != nil {
		return collaborator{}, fmt.Errorf("baton-box: principal: %w", err)
	}
	return collaborator{granteeType: t, id: id.GetResource(), principal: id}, nil
}

// folderRoleOf is the collaboration role of a folder entitlement; owner and
// open_link are not collaborations and cannot be granted or revoked here.
func folderRoleOf(e *v2.Entitlement, action string) (folderRole, error) {
	slug := entitlementSlug(e)
	switch slug {
	case ownerEntitlement:
		return folderRole{}, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s owner (folder %s): ownership is not a collaboration; it moves by transferring the owner's content (action transfer_content) or in Box",
			action, e.GetResource().GetId().GetResource())
	case openLinkEntitlement:
		return folderRole{}, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s open_link (folder %s): an open shared link is set or removed on the folder in Box, not granted",
			action, e.GetResource().GetId().GetResource())
	}
	if r, ok := roleBySlug(slug); ok {
		return r, nil
	}
	return folderRole{}, unknownEntitlement(e, folderSlugs()...)
}

// folderTarget is what a folder grant or revoke acts on.
type folderTarget struct {
	action   string // "grant folder editor"
	folderID string
	owner    string
	folder   *box.Folder
	who      collaborator
	role     folderRole
}

// target checks the request and reads the folder as its owner.
func (s *folderSyncer) target(ctx context.Context, action string, principal *v2.Resource, e *v2.Entitlement) (*folderTarget, error) {
	role, err := folderRoleOf(e, action)
	if err != nil {
		return nil, err
	}
	action += " folder " + role.slug
	folderID, err := resourceIDOf(action, e.GetResource().GetId(), folderResourceType)
	if err != nil {
		return nil, err
	}
	who, err := collaboratorOf(principal)
	if err != nil {
		return nil, err
	}
	owner, err := folderOwner(e.GetResource())
	if err != nil {
		return nil, err
	}
	t := &folderTarget{action: action, folderID: folderID, owner: owner, who: who, role: role}
	t.folder, t.owner, err = s.ownerView(ctx, folderID, owner, action)
	if err != nil {
		return nil, err
	}
	return t, nil
}

// where names the request in errors: its action, the folder and who.
func (t *folderTarget) where() string {
	return fmt.Sprintf("%s (folder %s, %s %s)", t.action, t.folderID, t.who.granteeType, t.who.id)
}

// find returns who's collaboration on the folder (any status), or nil.
func (s *folderSyncer) find(ctx context.Context, t *folderTarget) (*box.Collaboration, error) {
	return s.findOn(ctx, t, t.folderID, "")
}

// findOn returns who's own collaboration on folderID, one of the folders
// of the target's tree (any status), or nil; or the one with collabID,
// when given (Box's older answers do not name a pending invitee).
func (s *folderSyncer) findOn(ctx context.Context, t *folderTarget, folderID, collabID string) (*box.Collaboration, error) {
	for c, err := range s.collaborations(ctx, t.owner, folderID, t.action) {
		if err != nil {
			return nil, err
		}
		a := c.AccessibleBy
		if (collabID != "" && c.ID == collabID) || (a != nil && a.Type == t.who.granteeType && a.ID == t.who.id) {
			return c, nil
		}
	}
	return nil, nil
}

// folderGrantOf is the grant a collaboration of who with role is.
func folderGrantOf(folder *v2.Resource, t *folderTarget) *v2.Grant {
	if t.who.granteeType == box.GranteeGroup {
		return groupGrant(folder, t.role.slug, t.who.id)
	}
	return newGrant(folder, t.role.slug, t.who.principal)
}

func (s *folderSyncer) Grant(ctx context.Context, principal *v2.Resource, e *v2.Entitlement) ([]*v2.Grant, annotations.Annotations, error) {
	t, err := s.target(ctx, "grant", principal, e)
	if err != nil {
		return nil, nil, err
	}
	if t.who.granteeType == box.GranteeUser && t.who.id == t.owner {
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: the user owns the folder, which gives every right; an owner cannot also be a collaborator", t.where())
	}
	c, err := s.find(ctx, t)
	if err != nil {
		return nil, nil, err
	}
	// The folder's allowed roles restrict what is made or changed: a
	// collaboration that already holds the role is the grant (idempotent).
	if c == nil || c.Role != t.role.boxRole {
		if err := t.roleAllowed(); err != nil {
			return nil, nil, err
		}
	}
	created := false
	if c == nil {
		if c, created, err = s.invite(ctx, t); err != nil {
			return nil, nil, err
		}
		if c == nil {
			annos, err := s.grantHeldAbove(ctx, t)
			return nil, annos, err
		}
	}
	return s.settle(ctx, t, e.GetResource(), c, created)
}

// roleAllowed refuses a role the folder's allowed_invitee_roles leave out.
func (t *folderTarget) roleAllowed() error {
	if allowed := t.folder.AllowedInviteeRoles; len(allowed) > 0 && !slices.Contains(allowed, t.role.boxRole) {
		return status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: Box does not allow the role %q on this folder (allowed: %s); an enterprise or folder setting restricts it",
			t.where(), t.role.boxRole, strings.Join(allowed, ", "))
	}
	return nil
}

// invite creates who's collaboration on the folder and returns it as Box
// holds it, or nil when Box made none here: it refused (400
// user_already_collaborator, listing none) or answered with a
// collaboration it did not make (another folder's, or one it does not
// list), as it does for a grantee who collaborates on a parent folder
// (support.box.com article 360043697254: Box "does not add the
// collaborator" yet "erroneously displays a message indicating the
// collaborator was added"). created is false for one made meanwhile.
func (s *folderSyncer) invite(ctx context.Context, t *folderTarget) (*box.Collaboration, bool, error) {
	var made *box.Collaboration
	err := s.owners.do(ctx, t.owner, func(api *box.Client) error {
		var err error
		made, err = api.CreateCollaboration(ctx, t.owner, box.CollaborationCreate{
			FolderID: t.folderID, GranteeType: t.who.granteeType, GranteeID: t.who.id, Role: t.role.boxRole})
		return err
	})
	switch {
	case box.IsAlreadyCollaborator(err):
		// Added meanwhile (or a retried request that did land), or Box's
		// refusal below a parent collaboration: look again.
		c, err := s.find(ctx, t)
		return c, false, err
	case err != nil:
		return nil, false, s.writeError(ctx, err, t, "invite")
	case made != nil && made.Item != nil && made.Item.ID != t.folderID:
		return nil, false, nil // another folder's collaboration: a parent's
	case made != nil && isTopLevel(t.folder):
		return made, true, nil // nothing above that could swallow it
	}
	// Below a parent, Box may answer as made and make nothing: only its
	// listing tells.
	madeID := ""
	if made != nil {
		madeID = made.ID
	}
	c, err := s.findOn(ctx, t, t.folderID, madeID)
	return c, c != nil, err
}

// settle answers a grant from who's collaboration on the folder, found or
// just made (created): its role is changed to the one asked for, and only
// an accepted collaboration is a grant that holds.
//
// A pending invitation (the invitee accepts invitations by hand, or the
// inviting enterprise asks them to accept terms, enrol in 2FA or set a
// password first: support.box.com article 360044195073) gives no access,
// so it is no success: FailedPrecondition, which ConductorOne shows with
// the message and which a repeated grant reports again until the invitee
// accepts; then the grant says GrantAlreadyExists. Not Unavailable: the
// SDK's builder retries that in-process (3 attempts 15 to 45 s apart,
// connectorbuilder/resource_provisioner.go), holding the task for a minute
// and a half for an acceptance that takes a person, then fails anyway.
// Box lets the owner change a pending invitation's role (PUT
// /collaborations/{id} role), so a grant of another role changes it and
// still reports the invitation pending.
func (s *folderSyncer) settle(ctx context.Context, t *folderTarget, folder *v2.Resource, c *box.Collaboration, created bool) ([]*v2.Grant, annotations.Annotations, error) {
	if c.Status != box.CollabAccepted && c.Status != box.CollabPending {
		slug, ok := slugOfRole(c.Role)
		if !ok {
			slug = c.Role
		}
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: collaboration %s of %s %s on folder %s is %q, not accepted (rejected: they declined the invitation); "+
				"revoking its %s grant removes it, and a grant then invites them again",
			t.where(), c.ID, t.who.granteeType, t.who.id, t.folderID, c.Status, slug)
	}
	was := c.Role
	if c.Role != t.role.boxRole {
		err := s.owners.do(ctx, t.owner, func(api *box.Client) error {
			_, err := api.SetCollaborationRole(ctx, t.owner, c.ID, t.role.boxRole)
			return err
		})
		if err != nil {
			return nil, nil, s.writeError(ctx, err, t, "change role of collaboration "+c.ID)
		}
	}
	switch {
	case c.Status == box.CollabPending:
		changed := ""
		if was != t.role.boxRole {
			changed = fmt.Sprintf(" (changed from %q)", was)
		}
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s: Box invited %s %s to folder %s as %q%s; the invitation is pending until they accept it (collaboration %s)",
			t.where(), t.who.granteeType, t.who.id, t.folderID, t.role.boxRole, changed, c.ID)
	case created || was != t.role.boxRole:
		return []*v2.Grant{folderGrantOf(folder, t)}, nil, nil
	}
	return nil, alreadyExists(ctx, "%s %s already holds %q on folder %s (collaboration %s, status %s)",
		t.who.granteeType, t.who.id, c.Role, t.folderID, c.ID, c.Status), nil
}

// Revoke removes the collaboration that holds the role, pending
// invitations included. One that holds another role is not this grant
// (granting that role replaced it); a role held through a parent folder is
// revoked there (revokeHeldAbove).
func (s *folderSyncer) Revoke(ctx context.Context, g *v2.Grant) (annotations.Annotations, error) {
	e := g.GetEntitlement()
	t, err := s.target(ctx, "revoke", g.GetPrincipal(), e)
	if box.IsTrashed(err) {
		return alreadyRevoked(ctx, "folder %s is deleted, and its collaborations with it", e.GetResource().GetId().GetResource()), nil
	}
	if err != nil {
		return nil, err
	}
	c, err := s.find(ctx, t)
	if err != nil {
		return nil, err
	}
	if c == nil || c.Role != t.role.boxRole {
		if err := s.revokeHeldAbove(ctx, t); err != nil {
			return nil, err
		}
		if c == nil {
			return alreadyRevoked(ctx, "%s %s has no collaboration on folder %s or its parents", t.who.granteeType, t.who.id, t.folderID), nil
		}
		return alreadyRevoked(ctx, "%s %s holds %q on folder %s, not %q (collaboration %s)", t.who.granteeType, t.who.id, c.Role, t.folderID, t.role.boxRole, c.ID), nil
	}
	err = s.owners.do(ctx, t.owner, func(api *box.Client) error { return api.DeleteCollaboration(ctx, t.owner, c.ID) })
	if box.IsNotFound(err) {
		return alreadyRevoked(ctx, "collaboration %s on folder %s is already gone", c.ID, t.folderID), nil
	}
	if err != nil {
		return nil, s.writeError(ctx, err, t, "remove collaboration "+c.ID)
	}
	if c.Status != box.CollabAccepted {
		ctxzap.Extract(ctx).Info("baton-box: revoke removed an invitation that was not accepted",
			zap.String("folder_id", t.folderID), zap.String("collaboration_id", c.ID), zap.String("status", c.Status),
			zap.String("grantee_type", t.who.granteeType), zap.String("grantee_id", t.who.id))
	}
	return nil, nil
}

// writeError explains a refused write step: the as-user setting or the
// read-write scope, or Box's refusal with its own code (400: the request,
// 403: the owner may not, 404: an unknown user or group).
func (s *folderSyncer) writeError(ctx context.Context, err error, t *folderTarget, step string) error {
	action := t.where() + ": " + step
	if box.IsAccessDenied(err) && t.who.granteeType == box.GranteeGroup {
		action += " (a group's \"Who can invite this group\" setting, its invitability_level in Box's Admin Console, may not let the folder's owner invite it)"
	}
	if box.IsNotFound(err) {
		action += " (Box knows no such " + t.who.granteeType + ", or the folder is gone)"
	}
	return explainContentError(ctx, s.client, err, t.owner, box.ScopeReadWriteFiles, "%s", action)
}
