package connector

import (
	"context"
	"crypto/rand"
	"slices"

	"github.com/conductorone/baton-box/pkg/box"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// userWalk pages through every user's (id, role) for the role and enterprise
// grants. It reads the user index the user listing left in the session store,
// which costs no API calls; if the index is missing (targeted sync, a resumed
// sync in a new process) it pages /users itself, with the user listing's
// guards (checkUserPage). Each such walk is its own listing: its guard is
// named by a random ID kept in the token.
type userWalk struct {
	FromAPI bool   `json:"api,omitempty"`
	Page    int    `json:"p,omitempty"`
	Marker  string `json:"m,omitempty"`
	Walk    string `json:"w,omitempty"` // the API walk's guard key
	Listed  int    `json:"n,omitempty"` // users on the API pages before this one
}

// walkUsers returns one page of users and the next token ("" at the end).
func walkUsers(ctx context.Context, client *box.Client, skip exclusions, opts rs.SyncOpAttrs) ([]indexedUser, string, error) {
	var w userWalk
	if err := decodeToken(opts.PageToken.Token, &w); err != nil {
		return nil, "", err
	}
	if !w.FromAPI {
		users, pages, ok := loadUserIndexPage(ctx, opts.Session, w.Page)
		if ok {
			users = slices.DeleteFunc(users, func(u indexedUser) bool { return u.Skipped })
			if w.Page+1 >= pages {
				return users, "", nil
			}
			next, err := encodeToken(userWalk{Page: w.Page + 1})
			return users, next, err
		}
		// A miss part-way restarts from the API; grants already emitted are
		// emitted again, which the SDK stores once.
		w = userWalk{FromAPI: true, Walk: rand.Text()}
	}

	// The login and is_platform_access_only tell app users (--skip-app-users).
	page, err := client.ListUsers(ctx, box.UserQuery{Marker: w.Marker, Fields: []string{"id", "role", "login", "is_platform_access_only"}})
	if err = checkUserPage(ctx, opts.Session, newListingGuard("user-walk/"+w.Walk), w.Page, w.Listed, page, err); err != nil {
		return nil, "", err
	}
	users := slices.DeleteFunc(indexUsers(page.Users, skip), func(u indexedUser) bool { return u.Skipped })
	if page.NextMarker == "" {
		return users, "", nil
	}
	next, err := encodeToken(userWalk{FromAPI: true, Marker: page.NextMarker, Page: w.Page + 1, Walk: w.Walk, Listed: w.Listed + len(page.Users)})
	return users, next, err
}
