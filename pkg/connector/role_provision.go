package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Box's API writes a user's role only as coadmin or user; the primary admin
// changes only in the Admin Console. So: granting co-admin or user sets the
// role, revoking co-admin returns the user to user, and granting admin or
// revoking user (every user has a role) are refused without any change.
// `role:coadmin:member` (Box's spelling) is accepted as an alias of
// `role:co-admin:member`.

func (s *roleSyncer) Grant(ctx context.Context, principal *v2.Resource, ent *v2.Entitlement) ([]*v2.Grant, annotations.Annotations, error) {
	if entitlementSlug(ent) != memberEntitlement {
		return nil, nil, unknownEntitlement(ent, memberEntitlement)
	}
	userID, err := principalUserID(principal)
	if err != nil {
		return nil, nil, err
	}
	roleID := ent.GetResource().GetId().GetResource()
	boxRole, ok := boxRoleOf(roleID)
	switch {
	case !ok:
		return nil, nil, unknownRole("grant", roleID)
	case boxRole == box.RoleAdmin:
		return nil, nil, status.Error(codes.FailedPrecondition,
			"baton-box: grant role admin: Box's API cannot make a user the primary admin; transfer it in the Box Admin Console")
	}
	roleID = roleResourceID(boxRole)

	u, err := s.client.GetUser(ctx, userID)
	if err != nil {
		return nil, nil, wrapf(err, "grant role %s (user %s): read user", roleID, userID)
	}
	if u.Role == boxRole {
		return nil, alreadyExists(ctx, "user %s already has the role %s", userID, roleID), nil
	}
	// Granting user to a co-admin demotes them: a change to a co-admin.
	if err := s.guard(ctx, "grant role "+roleID, u, false); err != nil {
		return nil, nil, err
	}
	var adminOf []string
	if boxRole == box.RoleCoadmin {
		// Box ends group-admin rights on promotion to co-admin: say which.
		if adminOf, err = s.groupAdminships(ctx, userID); err != nil {
			return nil, nil, wrapf(err, "grant role %s (user %s): read group memberships", roleID, userID)
		}
	}
	_, err = s.writerFor(u).UpdateUser(ctx, userID, box.UserUpdate{Role: &boxRole})
	switch {
	case boxRole == box.RoleCoadmin && box.IsRoleRefused(err):
		// Box's answer to a login off the verified domains is undocumented
		// (docs/box-behaviour.md, "Users"): a 400, or a 403 as for other
		// privilege refusals. The guard has ruled out the co-admin rules.
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: grant role co-admin (user %s, login %s): Box refused; a co-admin needs a login on one of the enterprise's verified domains "+
				"(Admin Console > Enterprise Settings > Domains): %v", userID, u.Login, err)
	case err != nil:
		return nil, nil, wrapf(err, "grant role %s (user %s)", roleID, userID)
	}
	if len(adminOf) > 0 {
		ctxzap.Extract(ctx).Warn("baton-box: the new co-admin is no longer a group admin (Box allows one or the other)",
			zap.String("user_id", userID), zap.Strings("group_ids", adminOf))
	}
	return []*v2.Grant{roleGrant(ent.GetResource(), roleID, userID)}, nil, nil
}

func (s *roleSyncer) Revoke(ctx context.Context, g *v2.Grant) (annotations.Annotations, error) {
	ent := g.GetEntitlement()
	if entitlementSlug(ent) != memberEntitlement {
		return nil, unknownEntitlement(ent, memberEntitlement)
	}
	userID, err := principalUserID(g.GetPrincipal())
	if err != nil {
		return nil, err
	}
	roleID := ent.GetResource().GetId().GetResource()
	boxRole, ok := boxRoleOf(roleID)
	switch {
	case !ok:
		return nil, unknownRole("revoke", roleID)
	case boxRole == box.RoleUser:
		return nil, status.Error(codes.FailedPrecondition,
			"baton-box: revoke role user: every Box user has a role; grant co-admin instead, or delete the account")
	case boxRole == box.RoleAdmin:
		return nil, status.Error(codes.FailedPrecondition,
			"baton-box: revoke role admin: the primary admin changes only in the Box Admin Console")
	}

	u, err := s.client.GetUser(ctx, userID)
	switch {
	case box.IsNotFound(err):
		return alreadyRevoked(ctx, "user %s no longer exists", userID), nil
	case err != nil:
		return nil, wrapf(err, "revoke role co-admin (user %s): read user", userID)
	case u.Role != box.RoleCoadmin:
		return alreadyRevoked(ctx, "user %s is not a co-admin (role %s)", userID, roleResourceID(u.Role)), nil
	}
	if err := s.guard(ctx, "revoke role co-admin", u, false); err != nil {
		return nil, err
	}
	role := box.RoleUser
	if _, err := s.writerFor(u).UpdateUser(ctx, userID, box.UserUpdate{Role: &role}); err != nil {
		return nil, wrapf(err, "revoke role co-admin (user %s)", userID)
	}
	return nil, nil
}

func unknownRole(action, roleID string) error {
	return status.Errorf(codes.InvalidArgument, "baton-box: %s role: unknown role %q; expected %s, %s or %s",
		action, roleID, roleIDAdmin, roleIDCoadmin, roleIDUser)
}

// roleGrant is the grant a role grant creates, always on the canonical role
// resource (`co-admin`, even when the request used the `coadmin` alias), so
// it matches the grant a sync emits.
func roleGrant(requested *v2.Resource, roleID, userID string) *v2.Grant {
	r := &v2.Resource{
		Id:               &v2.ResourceId{ResourceType: roleResourceType.Id, Resource: roleID},
		DisplayName:      requested.GetDisplayName(),
		ParentResourceId: requested.GetParentResourceId(),
	}
	return grantsOf(r, userID, memberEntitlement)[0]
}

// groupAdminships lists the groups a user administers (one page of their
// memberships is enough for everyone but users in thousands of groups).
func (s *roleSyncer) groupAdminships(ctx context.Context, userID string) ([]string, error) {
	var out []string
	for offset := 0; offset >= 0; {
		page, err := s.client.ListUserMemberships(ctx, userID, offset)
		if err != nil {
			return nil, err
		}
		for _, m := range page.Memberships {
			if m.Role == box.MembershipRoleAdmin && m.Group != nil {
				out = append(out, m.Group.ID)
			}
		}
		offset = page.NextOffset()
		if offset >= box.MaxOffset {
			break
		}
	}
	return out, nil
}
