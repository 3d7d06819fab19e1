package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	ent "github.com/conductorone/baton-sdk/pkg/types/entitlement"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// enterpriseRoles are Box's three enterprise roles; every user has exactly one.
var enterpriseRoles = []struct {
	id, name, description string
}{
	{box.RoleAdmin, "Admin", "The primary admin of the Box enterprise (changeable only in the Admin Console)."},
	{box.RoleCoadmin, "Co-Admin", "A co-admin of the Box enterprise, with the admin permissions granted to co-admins."},
	{box.RoleUser, "User", "A regular managed user of the Box enterprise."},
}

type roleSyncer struct {
	client *box.Client
}

func newRoleSyncer(client *box.Client) *roleSyncer { return &roleSyncer{client: client} }

func (s *roleSyncer) ResourceType(context.Context) *v2.ResourceType { return roleResourceType }

func (s *roleSyncer) List(context.Context, *v2.ResourceId, rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	out := make([]*v2.Resource, 0, len(enterpriseRoles))
	for _, role := range enterpriseRoles {
		r, err := rs.NewRoleResource(role.name, roleResourceType, role.id, nil,
			rs.WithDescription(role.description),
			rs.WithResourceProfile(map[string]any{"role_id": role.id, "role_name": role.name}),
		)
		if err != nil {
			return nil, nil, fmt.Errorf("baton-box: build role resource (role %s): %w", role.id, err)
		}
		out = append(out, r)
	}
	return out, &rs.SyncOpResults{}, nil
}

func (s *roleSyncer) Entitlements(_ context.Context, r *v2.Resource, _ rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	e := ent.NewPermissionEntitlement(r, memberEntitlement,
		ent.WithGrantableTo(userResourceType),
		ent.WithDisplayName(fmt.Sprintf("%s role member", r.GetDisplayName())),
		ent.WithDescription(fmt.Sprintf("Has the Box enterprise role %s", r.GetDisplayName())),
	)
	return []*v2.Entitlement{e}, &rs.SyncOpResults{}, nil
}

// Grants: each user holds the grant of its own role.
func (s *roleSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	roleID := r.GetId().GetResource()
	users, next, err := walkUsers(ctx, s.client, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list role members (role %s): %w", roleID, err)
	}
	var out []*v2.Grant
	for _, u := range users {
		if u.Role == roleID {
			out = append(out, grant.NewGrant(r, memberEntitlement, userPrincipal(u.ID)))
		}
	}
	return out, &rs.SyncOpResults{NextPageToken: next}, nil
}
