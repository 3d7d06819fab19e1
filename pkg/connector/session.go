package connector

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/session"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// The user index is a compact (id, role) list of every listed user, written
// to the SDK session store page by page while users are listed. Role and
// enterprise grants read it instead of scanning /users again. The store is
// only a cache: every failure reads as a miss, and the grant listings fall
// back to paging /users themselves.
type indexedUser struct {
	ID   string `json:"i"`
	Role string `json:"r,omitempty"`
	// Skipped: listed by Box, left out of the sync (--skip-app-users); no
	// resource and no grants, but not a stranger either.
	Skipped bool `json:"x,omitempty"`
}

func indexUsers(users []box.User, skip exclusions) []indexedUser {
	out := make([]indexedUser, len(users))
	for i := range users {
		u := &users[i]
		out[i] = indexedUser{ID: u.ID, Role: u.Role, Skipped: skip.skipsUser(u)}
	}
	return out
}

// storeUserIndexPage records page n; on the last page it also records the
// page count, which marks the index complete.
func storeUserIndexPage(ctx context.Context, ss sessions.SessionStore, n int, users []box.User, skip exclusions, last bool) {
	if err := storePage(ctx, ss, userIndex, n, indexUsers(users, skip), last); err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store write failed; grants will page /users instead", zap.Error(err))
	}
}

func loadUserIndexPage(ctx context.Context, ss sessions.SessionStore, n int) ([]indexedUser, int, bool) {
	users, pages, ok, err := loadPage[indexedUser](ctx, ss, userIndex, n)
	if err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store read failed; paging /users instead", zap.Error(err))
	}
	return users, pages, ok
}

// pagedList is a list kept in the session store a page per key. The page
// count is written with the last page, so a reader knows the list is whole.
type pagedList struct {
	count string // the page count's key
	page  string // a page's key without its number
}

func (l pagedList) pageKey(n int) string { return l.page + strconv.Itoa(n) }

var userIndex = keys.userIndex()

// storePage writes page n of l, and on the last page the page count.
func storePage[T any](ctx context.Context, ss sessions.SessionStore, l pagedList, n int, page []T, last bool) error {
	raw, err := json.Marshal(page)
	if err != nil {
		return err
	}
	values := map[string][]byte{l.pageKey(n): raw}
	if last {
		values[l.count] = []byte(strconv.Itoa(n + 1))
	}
	return setValues(ctx, ss, values)
}

// loadPage reads page n of l and the page count; ok is false when the list
// is not whole in the store (or n is past its end), err when the store
// failed.
func loadPage[T any](ctx context.Context, ss sessions.SessionStore, l pagedList, n int) ([]T, int, bool, error) {
	key := l.pageKey(n)
	values, err := getValues(ctx, ss, []string{l.count, key})
	if err != nil {
		return nil, 0, false, err
	}
	// What does not decode is a miss, as an absent key is.
	pages, okCount := pageCount(values[l.count])
	raw, okPage := values[key]
	if !okCount || !okPage || n >= pages {
		return nil, 0, false, nil
	}
	out, ok := decoded[[]T](raw)
	if !ok {
		return nil, 0, false, nil
	}
	return out, pages, true, nil
}

// pageCount reads a stored page count.
func pageCount(raw []byte) (int, bool) {
	n, err := strconv.Atoi(string(raw))
	return n, err == nil
}

// decoded reads a stored JSON value.
func decoded[T any](raw []byte) (T, bool) {
	var v T
	err := json.Unmarshal(raw, &v)
	return v, err == nil
}

// getValues reads keys from the session store with the SDK's helper,
// which asks again for the keys a store leaves unprocessed (a real store
// may answer part of a batch); a key the store does not hold is absent
// from the result. Its writing counterpart is setValues.
func getValues(ctx context.Context, ss sessions.SessionStore, keys []string) (map[string][]byte, error) {
	var out map[string][]byte
	err := guardSession(func() error {
		var err error
		out, err = session.UnrollGetMany[[]byte](ctx, ss, keys)
		return err
	})
	return out, err
}

// setValues writes values with the SDK's helper, in batches within its
// key count and message size limits, in key order.
func setValues(ctx context.Context, ss sessions.SessionStore, values map[string][]byte) error {
	items := func(yield func(session.SizedItem[[]byte], error) bool) {
		for _, k := range slices.Sorted(maps.Keys(values)) {
			if !yield(session.SizedItem[[]byte]{Key: k, Value: values[k], Size: len(k) + len(values[k])}, nil) {
				return
			}
		}
	}
	return guardSession(func() error { return session.UnrollSetMany[[]byte](ctx, ss, items) })
}

// errSessionUnavailable: the store panicked, as a connector served without
// one does (tests; the binary always has one).
var errSessionUnavailable = errors.New("session store unavailable")

// guardSession runs a session-store call. The SDK hands syncers a wrapper
// even when no store is configured, and that wrapper panics on use; a cache
// must never take the sync down, so the panic becomes an ordinary miss.
func guardSession(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%w: %v", errSessionUnavailable, r)
		}
	}()
	return fn()
}
