package box

import (
	"context"
	"net/http"
)

// ListGroupMemberships returns one offset page of a group's memberships.
func (c *Client) ListGroupMemberships(ctx context.Context, groupID string, offset int) (*MembershipsPage, error) {
	return c.listMemberships(ctx, "groups/"+groupID+"/memberships", offset)
}

// ListUserMemberships returns one offset page of a user's group memberships;
// it is the route to the members of a group too large for offset paging.
func (c *Client) ListUserMemberships(ctx context.Context, userID string, offset int) (*MembershipsPage, error) {
	return c.listMemberships(ctx, "users/"+userID+"/memberships", offset)
}

func (c *Client) listMemberships(ctx context.Context, path string, offset int) (*MembershipsPage, error) {
	var env offsetEnvelope[Membership]
	if err := c.do(ctx, call{method: http.MethodGet, path: path, query: c.offsetQuery(nil, offset)}, &env); err != nil {
		return nil, err
	}
	return &MembershipsPage{OffsetPage: OffsetPage{TotalCount: env.TotalCount, Offset: env.Offset, Limit: env.Limit}, Memberships: env.Entries}, nil
}
