package connector

import (
	"context"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Last login. Box has no last-login field: the only source is LOGIN events
// in the enterprise event stream (admin_logs). With --sync-last-login the
// user listing first pages through the LOGIN events of the look-back window,
// one page of 500 per List call, keeping each user's latest login in the
// SDK session store; then it lists users and attaches them. The cost is one
// API call per 500 LOGIN events in the window, plus one to find the end.
// FAILED_LOGIN, ADMIN_LOGIN (an admin entering the account) and device
// events do not count.

type lastLoginConfig struct {
	lookback time.Duration
	now      func() time.Time
}

// loginScan is the position of the login pass. The window is fixed when the
// pass starts, so logins during the sync cannot keep it from ending.
type loginScan struct {
	Position string    `json:"p,omitempty"`
	After    time.Time `json:"a"`
	Before   time.Time `json:"b"`
}

// scanStep reads one page of LOGIN events and records them.
func (c *lastLoginConfig) scanStep(ctx context.Context, client *box.Client, ss sessions.SessionStore, tok *userListToken) error {
	if tok.Logins == nil {
		now := c.now().UTC()
		// A 365-day look-back reaches Box's edge: stay inside the year it keeps.
		tok.Logins = &loginScan{After: later(now.Add(-c.lookback), oldestEventWindow(now)), Before: now}
	}
	scan := tok.Logins
	page, err := client.ListEvents(ctx, box.EventQuery{
		StreamType: box.StreamAdminLogs, EventTypes: []string{box.EventLogin},
		CreatedAfter: scan.After, CreatedBefore: scan.Before, Position: scan.Position, Limit: box.MaxEventPage,
	})
	if err != nil {
		return wrapf(err, "sync last login (events after %s)", scan.After.Format(time.RFC3339))
	}
	if len(page.Events) == 0 { // Box's "nothing more": the pass is complete
		tok.Logins, tok.LoginsDone = nil, true
		return nil
	}
	if err := recordLogins(ctx, ss, page.Events); err != nil {
		return err
	}
	if scan.Position, err = nextPosition(scan.Position, page); err != nil {
		return wrapf(err, "sync last login (events after %s)", scan.After.Format(time.RFC3339))
	}
	return nil
}

// recordLogins keeps, per user, the latest LOGIN seen so far.
func recordLogins(ctx context.Context, ss sessions.SessionStore, events []box.Event) error {
	latest := map[string]time.Time{}
	for _, e := range events {
		if !isLogin(e) {
			continue
		}
		if t := latest[e.CreatedBy.ID]; e.CreatedAt.After(t) {
			latest[e.CreatedBy.ID] = e.CreatedAt
		}
	}
	ids := make([]string, 0, len(latest))
	for id := range latest {
		ids = append(ids, id)
	}
	known, err := getLastLogins(ctx, ss, ids)
	if err != nil {
		return err
	}
	updates := map[string][]byte{}
	for id, t := range latest {
		if t.After(known[id]) {
			updates[keys.lastLogin(id)] = []byte(t.UTC().Format(time.RFC3339Nano))
		}
	}
	if err := setValues(ctx, ss, updates); err != nil {
		return sessionUnavailable(err)
	}
	return nil
}

// loadLastLogins returns the recorded last logins of a page of users.
func loadLastLogins(ctx context.Context, ss sessions.SessionStore, users []box.User) (map[string]time.Time, error) {
	ids := make([]string, len(users))
	for i, u := range users {
		ids[i] = u.ID
	}
	return getLastLogins(ctx, ss, ids)
}

func getLastLogins(ctx context.Context, ss sessions.SessionStore, userIDs []string) (map[string]time.Time, error) {
	loginKeys := make([]string, len(userIDs))
	for i, id := range userIDs {
		loginKeys[i] = keys.lastLogin(id)
	}
	values, err := getValues(ctx, ss, loginKeys)
	if err != nil {
		return nil, sessionUnavailable(err)
	}
	out := make(map[string]time.Time, len(userIDs))
	for i, k := range loginKeys {
		if raw, ok := values[k]; ok {
			if t, err := time.Parse(time.RFC3339Nano, string(raw)); err == nil {
				out[userIDs[i]] = t
			}
		}
	}
	return out, nil
}

// Unlike the user index, last logins have no fallback: without the session
// store they cannot be gathered one page at a time, and a wrong last login
// is worse than a failed sync.
func sessionUnavailable(err error) error {
	return status.Errorf(codes.FailedPrecondition, "baton-box: sync last login: the SDK session store is unavailable: %v", err)
}
