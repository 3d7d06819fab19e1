package box

import (
	"context"
	"net/http"
)

// ListGroupMemberships returns one offset page of a group's memberships.
func (c *Client) ListGroupMemberships(ctx context.Context, groupID string, offset int) (*MembershipsPage, error) {
	if err := CheckIDs("group", groupID); err != nil {
		return nil, err
	}
	return c.listMemberships(ctx, []string{"groups", groupID, "memberships"}, offset)
}

// ListUserMemberships returns one offset page of a user's group memberships;
// it is the route to the members of a group too large for offset paging.
func (c *Client) ListUserMemberships(ctx context.Context, userID string, offset int) (*MembershipsPage, error) {
	if err := CheckIDs("user", userID); err != nil {
		return nil, err
	}
	return c.listMemberships(ctx, []string{segUsers, userID, "memberships"}, offset)
}

func (c *Client) listMemberships(ctx context.Context, path []string, offset int) (*MembershipsPage, error) {
	memberships, page, err := listOffset[Membership](ctx, c, call{path: path, query: fieldsQuery(MembershipFields)}, offset)
	if err != nil {
		return nil, err
	}
	return &MembershipsPage{OffsetPage: page, Memberships: memberships}, nil
}

// AddMembership adds a user to a group with role member or admin. An
// admin gets exactly the privileges in perms (GroupAdminPermissions): each
// is sent, since Box enables every one left out. A user already in the
// group is a 409.
func (c *Client) AddMembership(ctx context.Context, userID, groupID, role string, perms []string) (*Membership, error) {
	if err := CheckIDs("user", userID); err != nil {
		return nil, err
	}
	if err := CheckIDs("group", groupID); err != nil {
		return nil, err
	}
	body := map[string]any{"user": map[string]string{"id": userID}, "group": map[string]string{"id": groupID}, "role": role}
	if role == MembershipRoleAdmin {
		body["configurable_permissions"] = permissionSet(perms)
	}
	return doDecode[Membership](ctx, c, call{method: http.MethodPost, path: []string{"group_memberships"}, body: body})
}

// SetMembershipRole promotes (with exactly the privileges in perms) or
// demotes a membership.
func (c *Client) SetMembershipRole(ctx context.Context, membershipID, role string, perms []string) (*Membership, error) {
	if err := CheckIDs("membership", membershipID); err != nil {
		return nil, err
	}
	body := map[string]any{"role": role}
	if role == MembershipRoleAdmin {
		body["configurable_permissions"] = permissionSet(perms)
	}
	return doDecode[Membership](ctx, c, call{method: http.MethodPut, path: []string{"group_memberships", membershipID}, body: body})
}

// GetMembership reads one membership with its admin privileges, for when
// a listing did not carry them.
func (c *Client) GetMembership(ctx context.Context, membershipID string) (*Membership, error) {
	if err := CheckIDs("membership", membershipID); err != nil {
		return nil, err
	}
	q := fieldsQuery(MembershipFields)
	return doDecode[Membership](ctx, c, call{method: http.MethodGet, path: []string{"group_memberships", membershipID}, query: q})
}

// permissionSet names every privilege, on or off.
func permissionSet(on []string) map[string]bool {
	out := make(map[string]bool, len(GroupAdminPermissions))
	for _, p := range GroupAdminPermissions {
		out[p] = false
	}
	for _, p := range on {
		out[p] = true
	}
	return out
}

// DeleteMembership removes a membership; Box needs its id, not the pair.
func (c *Client) DeleteMembership(ctx context.Context, membershipID string) error {
	if err := CheckIDs("membership", membershipID); err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, path: []string{"group_memberships", membershipID}}, nil)
}

// FindMembership looks up the membership of userID in groupID freshly from
// Box (never from a cache: it feeds a write). It pages the user's side,
// which is short, rather than the group's. It returns nil, nil when the
// user is not in the group.
func (c *Client) FindMembership(ctx context.Context, userID, groupID string) (*Membership, error) {
	if err := CheckIDs("group", groupID); err != nil {
		return nil, err
	}
	return search(ctx, "memberships of user "+userID,
		func(ctx context.Context, offset int) ([]Membership, OffsetPage, error) {
			p, err := c.ListUserMemberships(ctx, userID, offset)
			if err != nil {
				return nil, OffsetPage{}, err
			}
			return p.Memberships, p.OffsetPage, nil
		},
		func(m *Membership) bool { return m.Group != nil && m.Group.ID == groupID })
}
