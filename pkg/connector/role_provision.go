package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Box's API writes a user's role only as coadmin or user; the primary admin
// changes only in the Admin Console. So: granting coadmin or user sets the
// role, revoking coadmin returns the user to user, and granting admin or
// revoking user (every user has a role) are refused without any change.

func (s *roleSyncer) Grant(ctx context.Context, principal *v2.Resource, ent *v2.Entitlement) ([]*v2.Grant, annotations.Annotations, error) {
	if entitlementSlug(ent) != memberEntitlement {
		return nil, nil, unknownEntitlement(ent, memberEntitlement)
	}
	userID, err := principalUserID(principal)
	if err != nil {
		return nil, nil, err
	}
	roleID := ent.GetResource().GetId().GetResource()
	switch roleID {
	case box.RoleCoadmin, box.RoleUser:
	case box.RoleAdmin:
		return nil, nil, status.Error(codes.FailedPrecondition,
			"baton-box: grant role admin: Box's API cannot make a user the primary admin; transfer it in the Box Admin Console")
	default:
		return nil, nil, status.Errorf(codes.InvalidArgument, "baton-box: grant role: unknown role %q", roleID)
	}

	u, err := s.client.GetUser(ctx, userID)
	if err != nil {
		return nil, nil, wrapf(err, "grant role %s (user %s): read user", roleID, userID)
	}
	switch u.Role {
	case roleID:
		return nil, alreadyExists(), nil
	case box.RoleAdmin:
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: grant role %s (user %s): the user is the primary admin, whose role changes only in the Box Admin Console", roleID, userID)
	}
	if _, err := s.client.UpdateUser(ctx, userID, box.UserUpdate{Role: &roleID}); err != nil {
		return nil, nil, wrapf(err, "grant role %s (user %s)", roleID, userID)
	}
	return grantsOf(ent.GetResource(), userID, memberEntitlement), nil, nil
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
	switch roleID {
	case box.RoleCoadmin:
	case box.RoleUser:
		return nil, status.Error(codes.FailedPrecondition,
			"baton-box: revoke role user: every Box user has a role; grant co-admin instead, or delete the account")
	case box.RoleAdmin:
		return nil, status.Error(codes.FailedPrecondition,
			"baton-box: revoke role admin: the primary admin changes only in the Box Admin Console")
	default:
		return nil, status.Errorf(codes.InvalidArgument, "baton-box: revoke role: unknown role %q", roleID)
	}

	u, err := s.client.GetUser(ctx, userID)
	switch {
	case box.IsNotFound(err):
		return alreadyRevoked(), nil
	case err != nil:
		return nil, wrapf(err, "revoke role coadmin (user %s): read user", userID)
	case u.Role != box.RoleCoadmin:
		return alreadyRevoked(), nil
	}
	role := box.RoleUser
	if _, err := s.client.UpdateUser(ctx, userID, box.UserUpdate{Role: &role}); err != nil {
		return nil, wrapf(err, "revoke role coadmin (user %s)", userID)
	}
	return nil, nil
}
