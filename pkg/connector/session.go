package connector

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// The user index is a compact (id, role) list of every listed user, written
// to the SDK session store page by page while users are listed. Role and
// enterprise grants read it instead of scanning /users again. The store is
// only a cache: every failure reads as a miss, and the grant listings fall
// back to paging /users themselves.
const (
	userIndexPageKey  = "baton-box/user-index/page/%d"
	userIndexPagesKey = "baton-box/user-index/pages"
)

type indexedUser struct {
	ID   string `json:"i"`
	Role string `json:"r,omitempty"`
}

func indexUsers(users []box.User) []indexedUser {
	out := make([]indexedUser, len(users))
	for i, u := range users {
		out[i] = indexedUser{ID: u.ID, Role: u.Role}
	}
	return out
}

// storeUserIndexPage records page n; on the last page it also records the
// page count, which marks the index complete.
func storeUserIndexPage(ctx context.Context, ss sessions.SessionStore, n int, users []box.User, last bool) {
	values := map[string][]byte{}
	page, err := json.Marshal(indexUsers(users))
	if err != nil {
		return
	}
	values[fmt.Sprintf(userIndexPageKey, n)] = page
	if last {
		values[userIndexPagesKey] = []byte(fmt.Sprint(n + 1))
	}
	if err := setValues(ctx, ss, values); err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store write failed; grants will page /users instead", zap.Error(err))
	}
}

// loadUserIndexPage returns page n and the page count, or ok=false on a miss.
func loadUserIndexPage(ctx context.Context, ss sessions.SessionStore, n int) ([]indexedUser, int, bool) {
	key := fmt.Sprintf(userIndexPageKey, n)
	values, err := getValues(ctx, ss, []string{userIndexPagesKey, key})
	if err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store read failed; paging /users instead", zap.Error(err))
		return nil, 0, false
	}
	countRaw, okCount := values[userIndexPagesKey]
	pageRaw, okPage := values[key]
	if !okCount || !okPage {
		return nil, 0, false
	}
	var pages int
	if _, err := fmt.Sscan(string(countRaw), &pages); err != nil || n >= pages {
		return nil, 0, false
	}
	var users []indexedUser
	if err := json.Unmarshal(pageRaw, &users); err != nil {
		return nil, 0, false
	}
	return users, pages, true
}

// getValues reads keys from the session store, in batches it accepts; a
// key it does not hold is absent from the result. Its writing counterpart
// is setValues.
func getValues(ctx context.Context, ss sessions.SessionStore, keys []string) (map[string][]byte, error) {
	out := make(map[string][]byte, len(keys))
	for batch := range batches(keys, sessions.MaxKeysPerRequest) {
		var values map[string][]byte
		err := guardSession(func() error {
			var err error
			values, _, err = ss.GetMany(ctx, batch)
			return err
		})
		if err != nil {
			return nil, err
		}
		maps.Copy(out, values)
	}
	return out, nil
}

// setValues writes values, at most as many keys a call as the SDK takes.
func setValues(ctx context.Context, ss sessions.SessionStore, values map[string][]byte) error {
	for keys := range batches(slices.Sorted(maps.Keys(values)), sessions.MaxKeysPerRequest) {
		batch := make(map[string][]byte, len(keys))
		for _, k := range keys {
			batch[k] = values[k]
		}
		if err := guardSession(func() error { return ss.SetMany(ctx, batch) }); err != nil {
			return err
		}
	}
	return nil
}

// batches yields consecutive slices of at most n items.
func batches[T any](items []T, n int) func(yield func([]T) bool) {
	return func(yield func([]T) bool) {
		for len(items) > 0 {
			k := min(n, len(items))
			if !yield(items[:k]) {
				return
			}
			items = items[k:]
		}
	}
}

// guardSession runs a session-store call. The SDK hands syncers a wrapper
// even when no store is configured, and that wrapper panics on use; a cache
// must never take the sync down, so the panic becomes an ordinary miss.
func guardSession(fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("session store unavailable: %v", r)
		}
	}()
	return fn()
}
