package box

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// ListGroups returns one offset page of groups whose name starts with
// filterTerm ("" for all). Offsets are capped at MaxOffset, so the caller
// partitions larger enterprises by name prefix.
func (c *Client) ListGroups(ctx context.Context, filterTerm string, offset int) (*GroupsPage, error) {
	q := fieldsQuery(GroupFields)
	if filterTerm != "" {
		q.Set("filter_term", filterTerm)
	}
	groups, page, err := listOffset[Group](ctx, c, call{path: []string{"groups"}, query: q}, offset)
	if err != nil {
		return nil, err
	}
	return &GroupsPage{OffsetPage: page, Groups: groups}, nil
}

// GetGroup reads one group.
func (c *Client) GetGroup(ctx context.Context, groupID string) (*Group, error) {
	if err := CheckIDs("group", groupID); err != nil {
		return nil, err
	}
	return doDecode[Group](ctx, c, call{method: http.MethodGet, path: []string{"groups", groupID}, query: fieldsQuery(GroupFields)})
}

// GroupCreate is the body of POST /groups.
type GroupCreate struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
}

// CreateGroup creates a managed group; a taken name is a 409 conflict.
func (c *Client) CreateGroup(ctx context.Context, in GroupCreate) (*Group, error) {
	return doDecode[Group](ctx, c, call{method: http.MethodPost, path: []string{"groups"}, query: fieldsQuery(GroupFields), body: in})
}

// DeleteGroup deletes a group and its memberships.
func (c *Client) DeleteGroup(ctx context.Context, groupID string) error {
	if err := CheckIDs("group", groupID); err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, path: []string{"groups", groupID}}, nil)
}

// FindGroupByName finds a group by exact name, case-insensitively (Box group
// names are unique that way). It returns nil, nil when there is none.
func (c *Client) FindGroupByName(ctx context.Context, name string) (*Group, error) {
	return search(ctx, fmt.Sprintf("groups named %q", name),
		func(ctx context.Context, offset int) ([]Group, OffsetPage, error) {
			p, err := c.ListGroups(ctx, name, offset)
			if err != nil {
				return nil, OffsetPage{}, err
			}
			return p.Groups, p.OffsetPage, nil
		},
		func(g *Group) bool { return strings.EqualFold(g.Name, name) })
}
