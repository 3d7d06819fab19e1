package box

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// regularUsers are n active users with role "user" (the as-user header
// names them).
func regularUsers(t *testing.T, sim *boxsim.Sim, n int) []string {
	t.Helper()
	var out []string
	for _, u := range sim.Truth().Users {
		if u.Role == "user" && u.Status == "active" && len(out) < n {
			out = append(out, u.ID)
		}
	}
	if len(out) < n {
		t.Fatalf("the simulator has %d regular users, want %d", len(out), n)
	}
	return out
}

// runAsUsers has one worker per user make perWorker calls as that user
// (GET /users/me with As-User); it returns the elapsed (fake) time.
func runAsUsers(t *testing.T, c *Client, users []string, perWorker int) time.Duration {
	t.Helper()
	start := time.Now()
	var wg sync.WaitGroup
	for _, id := range users {
		wg.Go(func() {
			for range perWorker {
				if _, err := c.CurrentUserAs(context.Background(), id); err != nil {
					t.Errorf("request as %s failed: %v", id, err)
					return
				}
			}
		})
	}
	wg.Wait()
	return time.Since(start)
}

// simClient is a bubble client for sim paced at perMinute a budget under
// ceiling.
func simClient(t *testing.T, sim *boxsim.Sim, perMinute, ceiling int) *Client {
	t.Helper()
	cfg := sim.Config()
	return newBubbleClient(t, handlerTransport{sim}, func(c *Config) {
		c.ClientID, c.ClientSecret, c.EnterpriseID = cfg.ClientID, cfg.ClientSecret, cfg.EnterpriseID
		c.RequestsPerMinute, c.MaxRequestsPerMinute = perMinute, ceiling
	})
}

// TestCallsAsUsersArePacedPerUser: Box counts a call made as a user
// against that user's budget, so eight workers acting as eight users, each
// paced at 600 a minute, go about eight times faster than one budget of
// 600 a minute would let them, with no 429 from a Box that limits each
// user to 600 a minute. With one pacer for the whole process they took
// the single budget's time.
func TestCallsAsUsersArePacedPerUser(t *testing.T) {
	const (
		perMinute = 600
		workers   = 8
		perWorker = 100
	)
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		sim := boxsim.New(boxsim.Config{Seed: 5, Users: 40})
		sim.SetFaults(boxsim.Faults{Latency: 20 * time.Millisecond, RequestsPerMinute: perMinute, PerUserBudgets: true})
		c := simClient(t, sim, perMinute, 0)
		elapsed := runAsUsers(t, c, regularUsers(t, sim, workers), perWorker)

		single := time.Duration(float64(workers*perWorker) / (perMinute / 60.0) * float64(time.Second))
		st := sim.Stats()
		t.Logf("%d requests in %v (one budget: %v), %d answered 429", st.Total, elapsed.Round(time.Millisecond), single, st.RateLimited)
		if elapsed > single/4 {
			t.Errorf("took %v, more than a quarter of one budget's %v: calls as users are not paced per user", elapsed, single)
		}
		if st.RateLimited != 0 {
			t.Errorf("%d requests answered 429, want none", st.RateLimited)
		}
		if r := c.Pace(); r.Requests != int64(st.Total) || r.Throttled != 0 || r.PerMinute() < 3*perMinute {
			t.Errorf("pace report %+v (%.0f a minute), want %d requests, no 429, over %d a minute", r, r.PerMinute(), st.Total, 3*perMinute)
		}
	})
}

// TestA429PausesOnlyItsUsersBudget: Box refuses one user's call with
// Retry-After: 30; that user's next call waits it out, another user's and
// the service account's go at once. With one pacer for the process they
// all waited.
func TestA429PausesOnlyItsUsersBudget(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		var refused atomic.Bool
		rt := handlerTransport{http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			switch {
			case req.URL.Path == "/oauth2/token":
				fmt.Fprint(w, `{"access_token":"t","expires_in":3600,"token_type":"bearer"}`)
			case req.Header.Get(asUserHeader) == "11" && refused.CompareAndSwap(false, true):
				boxError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, map[string]string{"Retry-After": "30"})
			default:
				fmt.Fprint(w, `{"type":"user","id":"1"}`)
			}
		})}
		c := newBubbleClient(t, rt, func(c *Config) {
			c.ClientID, c.ClientSecret, c.EnterpriseID, c.RequestsPerMinute = "id", "secret", "9", 1000
		})
		start := time.Now()
		done := make(chan time.Duration)
		go func() {
			if _, err := c.CurrentUserAs(context.Background(), "11"); err != nil {
				t.Errorf("as user 11: %v", err)
			}
			done <- time.Since(start)
		}()
		time.Sleep(time.Second) // user 11 has met the 429 and waits
		for _, call := range []func() error{
			func() error { _, err := c.CurrentUserAs(context.Background(), "12"); return err },
			func() error { _, err := c.CurrentUser(context.Background()); return err },
		} {
			before := time.Now()
			if err := call(); err != nil {
				t.Fatal(err)
			}
			if d := time.Since(before); d > time.Second {
				t.Errorf("another budget's call waited %v for user 11's pause", d)
			}
		}
		if d := <-done; d < 30*time.Second {
			t.Errorf("user 11's call was retried after %v, before Retry-After", d)
		}
	})
}

// TestCeilingAdaptsWhenEveryBudgetIsRefused: Box holds the whole app to
// 600 a minute (one bucket for every call, as a quality-of-service limit
// would) while the client paces each of eight users at 1,200 a minute
// under a ceiling of 6,000. 429s on calls of different users cut the
// ceiling, so under 3% of the requests meet one and the run stays near
// the real limit's floor. Cutting only each user's budget, they met 429s
// on nearly 9% of them.
func TestCeilingAdaptsWhenEveryBudgetIsRefused(t *testing.T) {
	const (
		limit     = 600
		workers   = 8
		perWorker = 250
	)
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		sim := boxsim.New(boxsim.Config{Seed: 5, Users: 40})
		sim.SetFaults(boxsim.Faults{Latency: 20 * time.Millisecond, RequestsPerMinute: limit})
		c := simClient(t, sim, 1200, 6000)
		elapsed := runAsUsers(t, c, regularUsers(t, sim, workers), perWorker)

		st := sim.Stats()
		share := float64(st.RateLimited) / float64(st.Total)
		floor := time.Duration(float64(workers*perWorker) / (limit / 60.0) * float64(time.Second))
		r := c.Pace()
		t.Logf("%d requests, %d answered 429 (%.2f%%), %v for a floor of %v (%.2fx); ceiling now %.0f a minute",
			st.Total, st.RateLimited, 100*share, elapsed.Round(time.Millisecond), floor, elapsed.Seconds()/floor.Seconds(), r.CeilingPerMinute)
		if share >= 0.03 {
			t.Errorf("%.1f%% of requests answered 429, want under 3%%", 100*share)
		}
		if elapsed > floor*3/2 {
			t.Errorf("took %v, more than 1.5x the floor %v", elapsed, floor)
		}
		if r.CeilingPerMinute >= 6000 {
			t.Errorf("the ceiling stayed at %.0f a minute", r.CeilingPerMinute)
		}
	})
}

// TestIdleUserBudgetsAreDropped: a walk over many users keeps only the
// budgets in use.
func TestIdleUserBudgetsAreDropped(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBudgets(1000, 0)
		for i := range 500 {
			b.of(fmt.Sprint(1000 + i)).done()
		}
		time.Sleep(idleFor)
		b.of("7").done()
		if n := b.pace(time.Now()).ActiveBudgets; n != 1 {
			t.Fatalf("%d user budgets kept, want 1", n)
		}
	})
}

// TestUserBudgetInUseIsKept: a call that outlasts idleFor (retries over a
// long outage) still holds its user's budget, so a sweep meanwhile keeps
// it: the next call as that user shares its pacer (its pace and pauses),
// not a fresh one. Once the call is done and idle, the budget goes.
func TestUserBudgetInUseIsKept(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		b := newBudgets(1000, 0)
		long := b.of("7") // a call as user 7 starts, and goes on
		time.Sleep(idleFor)
		b.of("8").done() // another user's call sweeps
		next := b.of("7")
		if next.p != long.p {
			t.Fatal("user 7's budget was dropped while a call was using it")
		}
		next.done()
		long.done()
		time.Sleep(idleFor)
		b.of("8").done()
		if n := b.pace(time.Now()).ActiveBudgets; n != 1 {
			t.Fatalf("%d user budgets kept, want 1 (user 7's idle one dropped)", n)
		}
	})
}
