package connector_test

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// testClock is shared by the simulator and the connector so both agree on
// "now" (look-back windows, feed lag).
type testClock struct{ ns atomic.Int64 }

func newClock(t time.Time) *testClock {
	c := &testClock{}
	c.ns.Store(t.UnixNano())
	return c
}
func (c *testClock) Now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *testClock) Advance(d time.Duration) { c.ns.Add(int64(d)) }

func lastLoginEnv(t *testing.T, lookbackDays int, simCfg boxsim.Config) (*synctest.Env, *testClock) {
	t.Helper()
	clock := newClock(time.Now().Truncate(time.Second))
	simCfg.Now = clock.Now
	cfg := &config.Box{BoxClientId: boxsim.DefaultClientID, BoxClientSecret: boxsim.DefaultClientSecret, EnterpriseId: boxsim.DefaultEnterpriseID,
		SyncLastLogin: true, LastLoginLookbackDays: lookbackDays}
	env := synctest.New(t, simCfg, synctest.Options{Config: cfg, Now: clock.Now})
	return env, clock
}

func TestLastLoginMatchesTruth(t *testing.T) {
	t.Parallel()
	for _, days := range []int{90, 365} {
		// Enough events for several pages of 500.
		env, clock := lastLoginEnv(t, days, boxsim.Config{Seed: 17, Users: 80, AppUsers: 3, Groups: 4, AvgGroupsPerUser: 1, EventsPerUser: 40})
		snap := env.SyncAndRead(context.Background(), t)
		env.RequireExact(t, snap)

		truth := env.Sim.Truth()
		// What admin_logs can show: logins Box has recorded, within the
		// look-back, which stays an hour inside the year Box keeps.
		since := clock.Now().Add(-time.Duration(days) * 24 * time.Hour)
		if edge := clock.Now().Add(-365*24*time.Hour + time.Hour); since.Before(edge) {
			since = edge
		}
		want := truth.LastLoginsRecordedBy(since, clock.Now())
		with := 0
		for _, u := range truth.Users {
			trait, err := rs.GetUserTrait(snap.Resources[synctest.Key("user", u.ID)])
			if err != nil {
				t.Fatal(err)
			}
			w, ok := want[u.ID]
			got := trait.GetLastLogin()
			switch {
			case ok && (got == nil || !got.AsTime().Equal(w)):
				t.Errorf("%d days: user %s last login %v, want %v", days, u.ID, got.AsTime(), w)
			case !ok && got != nil:
				t.Errorf("%d days: user %s has last login %v, but no LOGIN in the window", days, u.ID, got.AsTime())
			}
			if ok {
				with++
			}
		}
		if with == 0 || with == len(truth.Users) {
			t.Fatalf("%d days: %d of %d users have a last login: the seed proves nothing", days, with, len(truth.Users))
		}
		// Cost: one call per 500 LOGIN events in the window, plus the empty page that ends it.
		logins := 0
		for _, e := range truth.Events {
			if e.Type == "LOGIN" && !e.CreatedAt.Before(since) {
				logins++
			}
		}
		if got, limit := env.Sim.Stats().ByRoute["GET /events"], logins/500+2; got > limit {
			t.Errorf("%d days: %d event calls for %d logins, want at most %d", days, got, logins, limit)
		}
		t.Logf("%d days: %d users with a last login, %d LOGIN events, %d event calls", days, with, logins, env.Sim.Stats().ByRoute["GET /events"])
	}
}

func TestLastLoginNeedsEnterprisePropertiesScope(t *testing.T) {
	t.Parallel()
	scopes := []string{boxsim.ScopeManageManagedUsers, boxsim.ScopeManageAppUsers, boxsim.ScopeManageGroups}
	env, _ := lastLoginEnv(t, 90, boxsim.Config{Seed: 2, Users: 10, Groups: 2, Scopes: scopes})
	_, err := env.Sync(context.Background(), t)
	if err == nil || !strings.Contains(err.Error(), `"Manage enterprise properties"`) {
		t.Fatalf("want an error naming the Manage enterprise properties scope, got %v", err)
	}
}

// The feed returns every LOGIN exactly once across cursor resumptions, each
// call through a freshly built connector (the cursor is all the state).
func TestLoginFeedResumes(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := newClock(time.Now().Truncate(time.Second))
	simCfg := boxsim.Config{Seed: 23, Users: 40, Groups: 2, Now: clock.Now}
	lag := 10 * time.Minute
	env := synctest.New(t, simCfg, synctest.Options{Now: clock.Now, FeedLag: lag})
	start := clock.Now().Add(-30 * 24 * time.Hour)

	read := func(cursor string) ([]*v2.Event, string, bool) {
		cc := env.Serve(ctx, t, env.NewConnector(t, nil))
		resp, err := cc.ListEvents(ctx, &v2.ListEventsRequest{EventFeedId: "box_login_usage", Cursor: cursor, PageSize: 7, StartAt: timestamppb.New(start)})
		if err != nil {
			t.Fatal(err)
		}
		return resp.GetEvents(), resp.GetCursor(), resp.GetHasMore()
	}
	drain := func(cursor string) (map[string]*v2.Event, string, int) {
		got := map[string]*v2.Event{}
		calls := 0
		for {
			events, next, more := read(cursor)
			calls++
			for _, e := range events {
				if _, dup := got[e.GetId()]; dup {
					t.Fatalf("event %s delivered twice", e.GetId())
				}
				got[e.GetId()] = e
			}
			cursor = next
			if !more {
				return got, cursor, calls
			}
		}
	}
	expect := func(from, to time.Time) map[string]boxsim.Event {
		out := map[string]boxsim.Event{}
		for _, e := range env.Sim.Truth().Events {
			if e.Type == "LOGIN" && !e.CreatedAt.Before(from) && e.CreatedAt.Before(to) {
				out[e.ID] = e
			}
		}
		return out
	}
	check := func(got map[string]*v2.Event, want map[string]boxsim.Event) {
		t.Helper()
		if len(got) != len(want) {
			t.Fatalf("%d events, want %d", len(got), len(want))
		}
		for id, w := range want {
			e, ok := got[id]
			if !ok {
				t.Fatalf("login %s missing", id)
			}
			u := e.GetUsageEvent()
			if u.GetActorResource().GetId().GetResource() != w.CreatedByID || !e.GetOccurredAt().AsTime().Equal(w.CreatedAt) ||
				u.GetTargetResource().GetId().GetResource() != boxsim.DefaultEnterpriseID {
				t.Fatalf("event %s: %v, want user %s at %v", id, e, w.CreatedByID, w.CreatedAt)
			}
		}
	}

	got, cursor, calls := drain("")
	want := expect(start, clock.Now().Add(-lag))
	if len(want) < 8 {
		t.Fatalf("only %d logins in the window: seed proves nothing", len(want))
	}
	check(got, want)
	t.Logf("%d logins in %d calls of 7", len(got), calls)

	// New activity: a login, and noise that is not a login.
	u := pickUsers(t, env.Sim.Truth(), 1)[0]
	fresh, err := env.Sim.AddLogin(u.ID, clock.Now().Add(-2*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Sim.AddEvent(boxsim.Event{Type: "FAILED_LOGIN", CreatedByID: u.ID, SourceUserID: u.ID, CreatedAt: clock.Now().Add(-time.Minute)}); err != nil {
		t.Fatal(err)
	}
	// Still inside the lag: nothing yet, and the cursor stays valid.
	if more, next, _ := drain(cursor); len(more) != 0 {
		t.Fatalf("%d events inside the lag window", len(more))
	} else {
		cursor = next
	}
	clock.Advance(lag + time.Minute)
	more, _, _ := drain(cursor)
	if len(more) != 1 || more[fresh.ID] == nil {
		t.Fatalf("after resuming: %d events, want exactly the new login %s", len(more), fresh.ID)
	}
}

// drainFeed reads the login feed to its end through fresh connectors, as
// ConductorOne's polling does, failing on any event delivered twice.
func drainFeed(t *testing.T, env *synctest.Env, cursor string, start time.Time, seen map[string]*v2.Event) string {
	t.Helper()
	ctx := context.Background()
	for range 10000 {
		cc := env.Serve(ctx, t, env.NewConnector(t, nil))
		resp, err := cc.ListEvents(ctx, &v2.ListEventsRequest{EventFeedId: "box_login_usage", Cursor: cursor, PageSize: 50, StartAt: timestamppb.New(start)})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range resp.GetEvents() {
			if _, dup := seen[e.GetId()]; dup {
				t.Fatalf("event %s delivered twice", e.GetId())
			}
			seen[e.GetId()] = e
		}
		cursor = resp.GetCursor()
		if len(cursor) > 200 {
			t.Fatalf("the cursor grows: %d bytes", len(cursor))
		}
		if !resp.GetHasMore() {
			return cursor
		}
	}
	t.Fatal("the feed does not end")
	return ""
}

// TestLoginFeedSurvivesLateEventsAndEmptyPages: Box records some events
// hours late and answers position 0 on empty pages (or, in the other
// reading, repeats the position). Polled every 20 minutes for two days,
// the feed emits every LOGIN older than its lag exactly once, under both
// readings, and its cursor stays small.
func TestLoginFeedSurvivesLateEventsAndEmptyPages(t *testing.T) {
	t.Parallel()
	for _, keep := range []bool{false, true} {
		clock := newClock(time.Now().Truncate(time.Second))
		simCfg := boxsim.Config{Seed: 31, Users: 120, Groups: 2, Now: clock.Now, EventsPerUser: 12, KeepEventPositionWhenEmpty: keep}
		env := synctest.New(t, simCfg, synctest.Options{Now: clock.Now})
		start := clock.Now().Add(-3 * 24 * time.Hour)
		users := pickUsers(t, env.Sim.Truth(), 5)

		seen := map[string]*v2.Event{}
		cursor := ""
		for step := range 2 * 24 * 3 {
			cursor = drainFeed(t, env, cursor, start, seen)
			// Fresh logins, some of them recorded up to 5 hours late.
			u := users[step%len(users)]
			if _, err := env.Sim.AddLogin(u.ID, clock.Now().Add(-time.Duration(step%6)*time.Hour+time.Minute)); err != nil {
				t.Fatal(err)
			}
			clock.Advance(20 * time.Minute)
		}
		cursor = drainFeed(t, env, cursor, start, seen)

		end := clock.Now().Add(-config.DefaultLoginFeedLagMinutes * time.Minute)
		late, want := 0, 0
		for _, e := range env.Sim.Truth().Events {
			if e.Type != "LOGIN" || e.CreatedAt.Before(start) || !e.CreatedAt.Before(end) {
				continue
			}
			want++
			if e.RecordedAt.Sub(e.CreatedAt) > time.Hour {
				late++
			}
			if seen[e.ID] == nil {
				t.Fatalf("keep=%v: login %s (created %v, recorded %v) was never emitted", keep, e.ID, e.CreatedAt, e.RecordedAt)
			}
		}
		if late == 0 || want < 50 {
			t.Fatalf("keep=%v: %d logins, %d recorded late: proves nothing", keep, want, late)
		}
		t.Logf("keep=%v: %d logins emitted once each (%d recorded over an hour late), cursor %d bytes", keep, want, late, len(cursor))
	}
}

// TestLoginFeedLongLivedCursor: a cursor kept for more than a year never
// sends Box a created_after beyond the year it keeps (Box answers 400).
func TestLoginFeedLongLivedCursor(t *testing.T) {
	t.Parallel()
	clock := newClock(time.Now().Truncate(time.Second))
	env := synctest.New(t, boxsim.Config{Seed: 5, Users: 30, Groups: 2, Now: clock.Now}, synctest.Options{Now: clock.Now})
	seen := map[string]*v2.Event{}
	cursor := drainFeed(t, env, "", clock.Now().Add(-30*24*time.Hour), seen)
	clock.Advance(400 * 24 * time.Hour)
	u := pickUsers(t, env.Sim.Truth(), 1)[0]
	login, err := env.Sim.AddLogin(u.ID, clock.Now().Add(-8*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	drainFeed(t, env, cursor, time.Time{}, seen)
	if seen[login.ID] == nil {
		t.Fatal("the login after a year was not emitted")
	}
}

// TestLastLoginStaysInsideBoxRetention: with a 365-day look-back the pass
// must not ask for events older than Box keeps, even as time passes while
// it pages (here the clock moves a second per request Box serves).
func TestLastLoginStaysInsideBoxRetention(t *testing.T) {
	t.Parallel()
	clock := newClock(time.Now().Truncate(time.Second))
	ticking := func() time.Time { clock.Advance(time.Second); return clock.Now() }
	cfg := &config.Box{BoxClientId: boxsim.DefaultClientID, BoxClientSecret: boxsim.DefaultClientSecret, EnterpriseId: boxsim.DefaultEnterpriseID,
		SyncLastLogin: true, LastLoginLookbackDays: 365}
	env := synctest.New(t, boxsim.Config{Seed: 8, Users: 60, Groups: 2, Now: ticking, EventsPerUser: 30}, synctest.Options{Config: cfg, Now: clock.Now})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap)
}
