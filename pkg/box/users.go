package box

import (
	"context"
	"net/http"
	"strconv"
)

// UserQuery selects one page of ListUsers. Zero values mean: from the start,
// the client's page size, UserFields.
type UserQuery struct {
	Marker string
	Limit  int
	Fields []string
}

// ListUsers returns one marker page of the enterprise's managed and app users
// (Box lists neither external users nor the service account). Marker
// pagination has no offset cap, so it reaches every user of any enterprise.
func (c *Client) ListUsers(ctx context.Context, uq UserQuery) (*UsersPage, error) {
	fields := uq.Fields
	if len(fields) == 0 {
		fields = UserFields
	}
	limit := uq.Limit
	if limit <= 0 || limit > c.pageSize {
		limit = c.pageSize
	}
	q := fieldsQuery(fields)
	q.Set("usemarker", "true")
	q.Set("limit", strconv.Itoa(limit))
	if uq.Marker != "" {
		q.Set("marker", uq.Marker)
	}
	var env markerEnvelope[User]
	if err := c.do(ctx, call{method: http.MethodGet, path: "users", query: q}, &env); err != nil {
		return nil, err
	}
	page := &UsersPage{Users: env.Entries}
	if env.NextMarker != nil {
		page.NextMarker = *env.NextMarker
	}
	return page, nil
}

// GetUser reads one user.
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	var u User
	err := c.do(ctx, call{method: http.MethodGet, path: "users/" + userID, query: fieldsQuery(UserFields)}, &u)
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// CurrentUser reads the service account the token acts as, with its
// enterprise: the only way Box exposes the enterprise's name.
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	var u User
	q := fieldsQuery([]string{"id", "type", "name", "login", "role", "enterprise"})
	if err := c.do(ctx, call{method: http.MethodGet, path: "users/me", query: q}, &u); err != nil {
		return nil, err
	}
	return &u, nil
}
