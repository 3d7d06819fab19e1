package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// userWalk pages through every user's (id, role) for the role and enterprise
// grants. It reads the user index the user listing left in the session store,
// which costs no API calls; if the index is missing (targeted sync, a resumed
// sync in a new process, no session store) it pages /users itself.
type userWalk struct {
	FromAPI bool   `json:"api,omitempty"`
	Page    int    `json:"p,omitempty"`
	Marker  string `json:"m,omitempty"`
}

// walkUsers returns one page of users and the next token ("" at the end).
func walkUsers(ctx context.Context, client *box.Client, opts rs.SyncOpAttrs) ([]indexedUser, string, error) {
	var w userWalk
	if err := decodeToken(opts.PageToken.Token, &w); err != nil {
		return nil, "", err
	}
	if !w.FromAPI {
		users, pages, ok := loadUserIndexPage(ctx, opts.Session, w.Page)
		if ok {
			if w.Page+1 >= pages {
				return users, "", nil
			}
			next, err := encodeToken(userWalk{Page: w.Page + 1})
			return users, next, err
		}
		// A miss part-way restarts from the API; grants already emitted are
		// emitted again, which the SDK stores once.
		w = userWalk{FromAPI: true}
	}

	page, err := client.ListUsers(ctx, box.UserQuery{Marker: w.Marker, Fields: []string{"id", "role"}})
	if err != nil {
		return nil, "", err
	}
	if page.NextMarker == "" {
		return indexUsers(page.Users), "", nil
	}
	next, err := encodeToken(userWalk{FromAPI: true, Marker: page.NextMarker})
	return indexUsers(page.Users), next, err
}
