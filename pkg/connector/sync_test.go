package connector_test

import (
	"context"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
)

// smallTenant is a shape with every kind of user and membership.
func smallTenant() boxsim.Config {
	return boxsim.Config{Seed: 7, Users: 60, AppUsers: 4, ExternalUsers: 3, Groups: 12, AvgGroupsPerUser: 2}
}

func joinLines(lines []string) string {
	out := ""
	for _, l := range lines {
		out += "  " + l + "\n"
	}
	return out
}

func TestSyncMatchesTruth(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := synctest.New(t, smallTenant(), synctest.Options{})
	snap := env.SyncAndRead(ctx, t)
	env.RequireExact(t, snap)

	truth := env.Sim.Truth()
	if len(truth.Users) == 0 || len(truth.Memberships) == 0 || len(truth.ExternalUsers) == 0 {
		t.Fatalf("seed too thin to prove anything: %d users, %d memberships, %d external", len(truth.Users), len(truth.Memberships), len(truth.ExternalUsers))
	}
	// The service account and external users are not invented.
	for _, u := range append(truth.ExternalUsers, truth.ServiceAccount) {
		if _, ok := snap.Resources[synctest.Key("user", u.ID)]; ok {
			t.Errorf("user %s (%s) must not be synced", u.ID, u.Login)
		}
	}
}

func TestSyncPageSizeOne(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cfg := boxsim.Config{Seed: 3, Users: 9, AppUsers: 1, Groups: 4, AvgGroupsPerUser: 2}
	env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{PageSize: 1}})
	snap := env.SyncAndRead(ctx, t)
	env.RequireExact(t, snap)
	// Page size 1 means one call per user and per membership.
	truth := env.Sim.Truth()
	if got := env.Sim.Stats().ByRoute["GET /users"]; got < len(truth.Users) {
		t.Fatalf("%d user pages for %d users at page size 1", got, len(truth.Users))
	}
}

func TestSyncWithoutSessionStoreFallsBackToPaging(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := synctest.New(t, smallTenant(), synctest.Options{NoSessionStore: true, Tuning: box.Config{PageSize: 20}})
	snap := env.SyncAndRead(ctx, t)
	env.RequireExact(t, snap)
	// Users are listed once by the user syncer, then again by each of the
	// three roles and the enterprise: 5 scans of ceil(60/20)=3 pages.
	if got := env.Sim.Stats().ByRoute["GET /users"]; got != 15 {
		t.Fatalf("GET /users called %d times, want 15", got)
	}
}

func TestSyncSurvivesFaults(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		faults boxsim.Faults
		ttl    time.Duration
		check  func(t *testing.T, st boxsim.Stats)
	}{
		"429 storm": {faults: boxsim.Faults{RateLimitEvery: 20}, check: func(t *testing.T, st boxsim.Stats) {
			if st.RateLimited < 3 {
				t.Errorf("only %d 429s sent", st.RateLimited)
			}
		}},
		"5% server errors": {faults: boxsim.Faults{ServerErrorRate: 0.05}, check: func(t *testing.T, st boxsim.Stats) {
			if st.ServerErrors < 1 {
				t.Errorf("no 5xx injected in %d requests", st.Total)
			}
		}},
		"short-lived tokens": {faults: boxsim.Faults{Latency: 40 * time.Millisecond}, ttl: 2 * time.Second, check: func(t *testing.T, st boxsim.Stats) {
			if st.Tokens < 2 {
				t.Errorf("only %d tokens minted; the sync did not outlive a token", st.Tokens)
			}
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := smallTenant()
			cfg.TokenTTL = tc.ttl
			env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{PageSize: 2}})
			env.Sim.SetFaults(tc.faults)
			snap := env.SyncAndRead(context.Background(), t)
			env.Sim.SetFaults(boxsim.Faults{})
			env.RequireExact(t, snap)
			tc.check(t, env.Sim.Stats())
		})
	}
}

// TestSyncCallBudget: the 9,000-user / 900-group shape must cost no more than
// the minimum number of API calls (the issue allows 3 more).
func TestSyncCallBudget(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	ctx := context.Background()
	cfg := boxsim.Config{Seed: 11, Users: 9000, AppUsers: 50, Groups: 900, AvgGroupsPerUser: 3}
	env := synctest.New(t, cfg, synctest.Options{SkipSpecValidation: true})
	snap := env.SyncAndRead(ctx, t)
	env.RequireExact(t, snap)

	minimum := synctest.MinimumDirectoryCalls(env.Sim.Truth(), 1000)
	st := env.Sim.Stats()
	calls := st.Total + st.TokenRequests
	t.Logf("API calls: %d (minimum %d): %v", calls, minimum, st.ByRoute)
	if calls > minimum {
		t.Fatalf("%d API calls, more than the minimum %d", calls, minimum)
	}
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

// TestSyncParallelWorkers: the syncers are goroutine-safe; a sync with the
// SDK's worker pool under faults is as exact as a sequential one (run with
// -race in CI).
func TestSyncParallelWorkers(t *testing.T) {
	t.Parallel()
	cfg := smallTenant()
	env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{PageSize: 5}})
	env.Sim.SetFaults(boxsim.Faults{ServerErrorRate: 0.03, Latency: 2 * time.Millisecond})
	snap := env.SyncAndRead(context.Background(), t, sdksync.WithWorkerCount(8))
	env.Sim.SetFaults(boxsim.Faults{})
	env.RequireExact(t, snap)
}

// TestPacedSyncStaysUnderTheRateLimit: with the simulator enforcing a rate
// limit and the client pacing to the same number, eight workers together
// meet (almost) no 429s. (Speed is measured by `make bench`, not here.)
func TestPacedSyncStaysUnderTheRateLimit(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("paced sync")
	}
	const rpm = 6000 // 100 a second keeps the test short
	cfg := boxsim.Config{Seed: 13, Users: 400, Groups: 500, AvgGroupsPerUser: 2}
	env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{RequestsPerMinute: rpm, PageSize: 100}, SkipSpecValidation: true})
	env.Sim.SetFaults(boxsim.Faults{RequestsPerMinute: rpm, Latency: 5 * time.Millisecond})
	snap := env.SyncAndRead(context.Background(), t, sdksync.WithWorkerCount(8))
	st := env.Sim.Stats()
	env.Sim.SetFaults(boxsim.Faults{})
	env.RequireExact(t, snap)
	if share := float64(st.RateLimited) / float64(st.Total); share > 0.02 {
		t.Fatalf("%d of %d requests (%.1f%%) answered 429", st.RateLimited, st.Total, 100*share)
	}
	t.Logf("%d requests, %d answered 429", st.Total, st.RateLimited)
}

// TestSessionStoreThatAnswersPartOfABatch: a real session store may leave
// keys of a GetMany unprocessed; they are asked again, so a sync with
// folders is as exact, and costs as few Box calls, as with a store that
// answers everything.
func TestSessionStoreThatAnswersPartOfABatch(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3), SkipSpecValidation: true})
	env.Sessions.AnswerAtMost = 1
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(3))
	truth := env.Sim.Truth()
	st := env.Sim.Stats()
	if calls, minimum := st.Total+st.TokenRequests, synctest.MinimumDirectoryCalls(truth, 1000)+synctest.MinimumFolderCalls(truth, 3, 1000); calls != minimum {
		t.Fatalf("%d calls, want exactly %d: %v", calls, minimum, st.ByRoute)
	}
}
