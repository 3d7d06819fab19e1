package box

import (
	"context"
	"net/http"
)

// ListGroups returns one offset page of groups whose name starts with
// filterTerm ("" for all). Offsets are capped at MaxOffset, so the caller
// partitions larger enterprises by name prefix.
func (c *Client) ListGroups(ctx context.Context, filterTerm string, offset int) (*GroupsPage, error) {
	q := c.offsetQuery(GroupFields, offset)
	if filterTerm != "" {
		q.Set("filter_term", filterTerm)
	}
	var env offsetEnvelope[Group]
	if err := c.do(ctx, call{method: http.MethodGet, path: "groups", query: q}, &env); err != nil {
		return nil, err
	}
	return &GroupsPage{OffsetPage: OffsetPage{TotalCount: env.TotalCount, Offset: env.Offset, Limit: env.Limit}, Groups: env.Entries}, nil
}

// GetGroup reads one group.
func (c *Client) GetGroup(ctx context.Context, groupID string) (*Group, error) {
	var g Group
	if err := c.do(ctx, call{method: http.MethodGet, path: "groups/" + groupID, query: fieldsQuery(GroupFields)}, &g); err != nil {
		return nil, err
	}
	return &g, nil
}
