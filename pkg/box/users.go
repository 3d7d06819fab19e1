package box

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
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
	q := fieldsQuery(fields)
	q.Set("usemarker", "true")
	if uq.Limit > 0 && uq.Limit < c.pageSize {
		q.Set("limit", strconv.Itoa(uq.Limit))
	}
	users, next, err := listMarker[User](ctx, c, call{path: []string{segUsers}, query: q}, uq.Marker)
	if err != nil {
		return nil, err
	}
	return &UsersPage{Users: users, NextMarker: next}, nil
}

// GetUser reads one user.
func (c *Client) GetUser(ctx context.Context, userID string) (*User, error) {
	if err := CheckIDs("user", userID); err != nil {
		return nil, err
	}
	return doDecode[User](ctx, c, call{method: http.MethodGet, path: []string{segUsers, userID}, query: fieldsQuery(UserFields)})
}

// CurrentUser reads the service account the token acts as, with its
// enterprise: the only way Box exposes the enterprise's name.
func (c *Client) CurrentUser(ctx context.Context) (*User, error) {
	q := fieldsQuery([]string{"id", "type", "name", "login", "role", "enterprise"})
	return doDecode[User](ctx, c, call{method: http.MethodGet, path: []string{segUsers, "me"}, query: q})
}

// UserCreate is the body of POST /users. Box e-mails the new user; no
// password can be set.
type UserCreate struct {
	Name     string `json:"name"`
	Login    string `json:"login"`
	JobTitle string `json:"job_title,omitempty"`
	Role     string `json:"role,omitempty"`
	Status   string `json:"status,omitempty"`
}

// UserUpdate is the body of PUT /users/{id}; nil fields are left unchanged.
type UserUpdate struct {
	Name     *string `json:"name,omitempty"`
	Login    *string `json:"login,omitempty"`
	JobTitle *string `json:"job_title,omitempty"`
	Role     *string `json:"role,omitempty"`
	Status   *string `json:"status,omitempty"`
}

// CreateUser creates a managed user. A taken login is a 409 with code
// user_login_already_used.
func (c *Client) CreateUser(ctx context.Context, in UserCreate) (*User, error) {
	return doDecode[User](ctx, c, call{method: http.MethodPost, path: []string{segUsers}, query: fieldsQuery(UserFields), body: in})
}

// UpdateUser changes a user's status, role, name, login or job title.
func (c *Client) UpdateUser(ctx context.Context, userID string, in UserUpdate) (*User, error) {
	if err := CheckIDs("user", userID); err != nil {
		return nil, err
	}
	return doDecode[User](ctx, c, call{method: http.MethodPut, path: []string{segUsers, userID}, query: fieldsQuery(UserFields), body: in})
}

// DeleteUser deletes a user. Without force Box refuses to delete a user who
// still owns content, which is the safe default.
func (c *Client) DeleteUser(ctx context.Context, userID string, force bool) error {
	if err := CheckIDs("user", userID); err != nil {
		return err
	}
	q := url.Values{}
	q.Set("notify", "false")
	q.Set("force", strconv.FormatBool(force))
	return c.do(ctx, call{method: http.MethodDelete, path: []string{segUsers, userID}, query: q}, nil)
}

// FindUserByLogin finds a managed or app user by exact login (e-mail),
// case-insensitively. It returns nil, nil when there is none.
func (c *Client) FindUserByLogin(ctx context.Context, login string) (*User, error) {
	return search(ctx, fmt.Sprintf("users matching %q", login),
		func(ctx context.Context, offset int) ([]User, OffsetPage, error) {
			q := fieldsQuery(UserFields)
			q.Set("filter_term", login)
			return listOffset[User](ctx, c, call{path: []string{segUsers}, query: q}, offset)
		},
		func(u *User) bool { return strings.EqualFold(u.Login, login) })
}

// TransferOwnedContent moves everything fromUserID owns into a folder owned
// by toUserID (PUT /users/{id}/folders/0). Box works on it for up to 10
// minutes before it answers, then carries on in the background (the
// spec), so the request has its own timeout (Config.TransferTimeout) and
// is never sent twice: if its outcome is unknown the error is an
// *UnknownOutcomeError, and the caller must look at what the user still
// owns before trying again. A receiver without room: 403
// storage_limit_exceeded (IsStorageLimit).
func (c *Client) TransferOwnedContent(ctx context.Context, fromUserID, toUserID string) error {
	if err := CheckIDs("user", fromUserID, toUserID); err != nil {
		return err
	}
	q := url.Values{}
	q.Set("notify", "false")
	q.Set("fields", "id,type,name")
	body := map[string]any{"owned_by": map[string]string{"id": toUserID}}
	return c.do(ctx, call{method: http.MethodPut, path: []string{segUsers, fromUserID, "folders", "0"}, query: q, body: body,
		timeout: c.transferTime, once: true}, nil)
}

// TerminateSessions ends every session of the given users. Box accepts the
// request (202) and terminates asynchronously.
func (c *Client) TerminateSessions(ctx context.Context, userIDs []string) error {
	if err := CheckIDs("user", userIDs...); err != nil {
		return err
	}
	body := map[string][]string{"user_ids": userIDs, "user_logins": {}}
	return c.do(ctx, call{method: http.MethodPost, path: []string{segUsers, "terminate_sessions"}, body: body}, nil)
}
