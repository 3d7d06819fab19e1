package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	ent "github.com/conductorone/baton-sdk/pkg/types/entitlement"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// Role resource IDs are those of the Box connector already deployed
// (`admin`, `co-admin`, `user`): ConductorOne keys its history on them.
// Box's API spells the co-admin role `coadmin`; that spelling exists only on
// the wire, and is accepted as an alias in grants so that nothing created
// with it breaks.
const (
	roleIDAdmin        = "admin"
	roleIDCoadmin      = "co-admin"
	roleIDUser         = "user"
	roleIDCoadminAlias = box.RoleCoadmin
)

// enterpriseRoles are Box's three enterprise roles; every user has exactly one.
var enterpriseRoles = []struct {
	id, boxRole, name, description string
}{
	{roleIDAdmin, box.RoleAdmin, "Admin", "The primary admin of the Box enterprise (changeable only in the Admin Console)."},
	{roleIDCoadmin, box.RoleCoadmin, "Co-Admin", "A co-admin of the Box enterprise, with the admin permissions granted to co-admins."},
	{roleIDUser, box.RoleUser, "User", "A regular managed user of the Box enterprise."},
}

// roleResourceID maps Box's role value onto the role resource ID.
func roleResourceID(boxRole string) string {
	for _, r := range enterpriseRoles {
		if r.boxRole == boxRole {
			return r.id
		}
	}
	return boxRole
}

// boxRoleOf maps a role resource ID (or the `coadmin` alias) onto Box's
// role value; ok is false for anything else.
func boxRoleOf(roleID string) (string, bool) {
	if roleID == roleIDCoadminAlias {
		return box.RoleCoadmin, true
	}
	for _, r := range enterpriseRoles {
		if r.id == roleID {
			return r.boxRole, true
		}
	}
	return "", false
}

type roleSyncer struct {
	*userActions // role changes run the same guards as the user actions
	enterpriseID string
}

func newRoleSyncer(actions *userActions, enterpriseID string) *roleSyncer {
	return &roleSyncer{userActions: actions, enterpriseID: enterpriseID}
}

func (s *roleSyncer) ResourceType(context.Context) *v2.ResourceType { return roleResourceType }

// List returns the three roles under the enterprise (see enterprise.go).
func (s *roleSyncer) List(_ context.Context, parent *v2.ResourceId, _ rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if !s.scope.listsDirectory(parent) {
		return nil, &rs.SyncOpResults{}, nil
	}
	parent = enterpriseParent(s.enterpriseID)
	out := make([]*v2.Resource, 0, len(enterpriseRoles))
	for _, role := range enterpriseRoles {
		r, err := rs.NewRoleResource(role.name, roleResourceType, role.id, nil,
			rs.WithDescription(role.description),
			rs.WithParentResourceID(parent),
			rs.WithResourceProfile(map[string]any{"role_id": role.id, "role_name": role.name, "box_role": role.boxRole}),
		)
		if err != nil {
			return nil, nil, fmt.Errorf("baton-box: build role resource (role %s): %w", role.id, err)
		}
		out = append(out, r)
	}
	return out, &rs.SyncOpResults{}, nil
}

func (s *roleSyncer) Entitlements(_ context.Context, r *v2.Resource, _ rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	description := fmt.Sprintf("Has the Box enterprise role %s", r.GetDisplayName())
	if r.GetId().GetResource() == roleIDCoadmin {
		description += ". Box lets only the primary admin take it away: revoking needs --primary-admin-id (the connector then acts as the primary admin), else the Box Admin Console"
	}
	ref := resourceRef(r)
	e := ent.NewPermissionEntitlement(ref, memberEntitlement,
		ent.WithGrantableTo(grantableTo(userResourceType)...),
		ent.WithDisplayName(fmt.Sprintf("%s role member", r.GetDisplayName())),
		ent.WithDescription(description),
	)
	return []*v2.Entitlement{e}, &rs.SyncOpResults{}, nil
}

// Grants: each user holds the grant of its own role.
func (s *roleSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	roleID := r.GetId().GetResource()
	boxRole, ok := boxRoleOf(roleID)
	if !ok {
		return nil, &rs.SyncOpResults{}, nil
	}
	users, next, err := walkUsers(ctx, s.client, s.scope.skip, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list role members (role %s): %w", roleID, err)
	}
	var out []*v2.Grant
	for _, u := range users {
		if u.Role == boxRole {
			out = append(out, newGrant(r, memberEntitlement, userPrincipal(u.ID)))
		}
	}
	return out, &rs.SyncOpResults{NextPageToken: next}, nil
}
