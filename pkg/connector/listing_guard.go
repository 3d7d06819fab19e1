package connector

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// A listing guard watches one paged listing of one sync for answers that
// cannot be right, and fails the sync rather than let it end with entries
// missing (ConductorOne reads a missing grant as a revocation):
//
//   - an ID listed twice, within a page or across pages: Box served a page
//     again, so some other page never came (box-python-sdk#889);
//   - a next marker this listing has already sent (A→B→A): the listing
//     would never end. It fails on the page that points back, before that
//     marker is fetched again.
//
// Both are DataLoss errors (wrongListing) without a prefix: the caller
// wraps them with the listing's name ("baton-box: list users (page 3): ...").
//
// API. One guard per listing of a sync, named by a key unique to that
// listing ("users", "members/<group id>"); pages are numbered from 0 in the
// listing's own page token:
//
//	g := newListingGuard("members/" + groupID)
//	err := g.checkEntries(ctx, opts.Session, n, ids, last) // every page, its entries' IDs
//	err := g.checkMarker(ctx, opts.Session, n, next)       // marker listings: the next marker page n gave
//
// A listing whose IDs the caller already keeps in the session store page by
// page (the user index) checks them there instead of writing them again:
// newListingGuard("users").over(userIndex).
//
// A 404 for a listing: notFoundListing(err, what) where its parent cannot
// be gone (the enterprise's users, groups); for a listed parent (a group, a
// user, a folder), the next call reads the parent afresh and
// confirmGone(ctx, getErr, "group", id) says whether to skip the listing or
// fail. wrongListing makes any other "cannot be right" error.
//
// Both checks are replay-safe: the SDK may fetch a page again (a retried
// call, a sync resumed from a checkpoint), and a page read again under the
// same number is not a repeat. The cross-page checks keep their state in the
// sync's session store: one write per page (the page's IDs; nothing for a
// listing of one page) and one read of the pages at the end, so 100,000
// users cost 100 small writes, not one per user; a marker listing adds one
// read and one write of a key per page. Without a session store, or
// when it fails, the cross-page checks are skipped (the store is a cache, see
// session.go); the within-page check always runs. baton-box always runs with
// a session store.
type listingGuard struct {
	ids      pagedList // the listing's IDs, a page per key, as listedID objects
	listing  string    // the listing's key: the markers it sent are kept under it
	ownPages bool      // the guard writes ids itself (false: the caller does)
}

// listedID is how a guarded page keeps its IDs; the user index's entries
// (indexedUser, "i") read as one.
type listedID struct {
	ID string `json:"i"`
}

func newListingGuard(key string) listingGuard {
	return listingGuard{ids: keys.guardIDs(key), listing: key, ownPages: true}
}

// over makes g read the listing's IDs from l, which the caller writes (page
// n of the listing as page n of l, before checkEntries of the last page).
func (g listingGuard) over(l pagedList) listingGuard {
	g.ids, g.ownPages = l, false
	return g
}

// checkEntries checks page n's IDs: none twice on the page and, on the last
// page, none twice in the whole listing. It records the page for that check
// on every page but the last.
func (g listingGuard) checkEntries(ctx context.Context, ss sessions.SessionStore, n int, ids []string, last bool) error {
	onPage := make(map[string]bool, len(ids))
	for _, id := range ids {
		if onPage[id] {
			return wrongListing(nil, "Box listed %s twice on page %d", id, n)
		}
		onPage[id] = true
	}
	if !last {
		if g.ownPages {
			g.storeIDs(ctx, ss, n, ids)
		}
		return nil
	}
	if n == 0 {
		return nil
	}
	pages, ok := g.loadIDs(ctx, ss, n)
	if !ok {
		return nil
	}
	seen := make(map[string]int, len(ids)*(n+1))
	for p, page := range append(pages, ids) {
		for _, id := range page {
			if first, dup := seen[id]; dup {
				return wrongListing(nil, "Box listed %s on page %d and again on page %d: a page came twice, so another never came", id, first, p)
			}
			seen[id] = p
		}
	}
	return nil
}

func (g listingGuard) storeIDs(ctx context.Context, ss sessions.SessionStore, n int, ids []string) {
	page := make([]listedID, len(ids))
	for i, id := range ids {
		page[i] = listedID{ID: id}
	}
	if err := storePage(ctx, ss, g.ids, n, page, false); err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store write failed; repeated listing pages will not be noticed", zap.Error(err))
	}
}

// loadIDs reads the IDs of pages 0..n-1; ok is false when the store cannot
// tell (a page missing or unreadable).
func (g listingGuard) loadIDs(ctx context.Context, ss sessions.SessionStore, n int) ([][]string, bool) {
	keys := make([]string, n)
	for i := range keys {
		keys[i] = g.ids.pageKey(i)
	}
	values, err := getValues(ctx, ss, keys)
	if err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store read failed; repeated listing pages are not checked", zap.Error(err))
		return nil, false
	}
	pages := make([][]string, n)
	for i, k := range keys {
		raw, present := values[k]
		page, ok := decoded[[]listedID](raw)
		if !present || !ok {
			return nil, false
		}
		pages[i] = make([]string, len(page))
		for j, e := range page {
			pages[i][j] = e.ID
		}
	}
	return pages, true
}

// checkMarker checks the next marker page n gave: it must not be one this
// listing sent before. The marker is recorded with the page it fetches
// (n+1), so fetching page n again is no cycle.
func (g listingGuard) checkMarker(ctx context.Context, ss sessions.SessionStore, n int, next string) error {
	if next == "" {
		return nil
	}
	sum := sha256.Sum256([]byte(next))
	key := keys.guardMarker(g.listing, hex.EncodeToString(sum[:12]))
	values, err := getValues(ctx, ss, []string{key})
	if err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store read failed; marker cycles are not checked", zap.Error(err))
		return nil
	}
	if raw, ok := values[key]; ok {
		if sentFor, err := strconv.Atoi(string(raw)); err == nil && sentFor != n+1 {
			return wrongListing(nil, "page %d points back to the marker of page %d: the listing would never end", n, sentFor)
		}
	}
	if err := setValues(ctx, ss, map[string][]byte{key: []byte(strconv.Itoa(n + 1))}); err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store write failed; marker cycles are not checked", zap.Error(err))
	}
	return nil
}

// idsOf lists the IDs of a page's entries, for checkEntries.
func idsOf[T any](entries []T, id func(*T) string) []string {
	out := make([]string, len(entries))
	for i := range entries {
		out[i] = id(&entries[i])
	}
	return out
}

// notFoundListing turns Box's 404 for a listing whose parent exists (the
// enterprise's users or groups; a group or user a fresh GET still shows)
// into a wrongListing naming it; other errors pass unchanged.
func notFoundListing(err error, what string) error {
	if !box.IsNotFound(err) {
		return err
	}
	return wrongListing(err, "Box answered 404 for %s, which cannot be gone", what)
}

// confirmGone decides, after Box answered 404 for the listing of a listed
// what (a group's members, a user's memberships or folders), whether it is
// gone: getErr is the answer of a fresh GET of it. A 404 there too: it was
// deleted during the sync, and its listing is skipped (logged). Still
// there: the 404 cannot be right. Other errors pass unchanged.
func confirmGone(ctx context.Context, getErr error, what, id string) error {
	switch {
	case box.IsNotFound(getErr):
		ctxzap.Extract(ctx).Info("baton-box: deleted during the sync; its listing is skipped", zap.String("what", what), zap.String("id", id))
		return nil
	case getErr != nil:
		return getErr
	}
	return wrongListing(nil, "Box answered 404 for the listing of %s %s, yet a fresh GET shows the %s", what, id, what)
}

// wrongListing is a listing answer that cannot be right: DataLoss,
// whatever the Box error it carries says. A 404 would otherwise be
// NotFound, which the SDK only warns about: the sync would end with exit 0
// and the listing's entries missing.
func wrongListing(cause error, format string, args ...any) error {
	return &wrongListingError{msg: fmt.Sprintf(format, args...), cause: cause}
}

type wrongListingError struct {
	msg   string
	cause error
}

func (e *wrongListingError) Error() string {
	if e.cause == nil {
		return e.msg
	}
	return e.msg + ": " + e.cause.Error()
}

func (e *wrongListingError) Unwrap() error { return e.cause }

func (e *wrongListingError) GRPCStatus() *status.Status {
	return status.New(codes.DataLoss, e.Error())
}
