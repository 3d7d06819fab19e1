package box

import (
	"context"
	"fmt"
	"net/http"
	"sync/atomic"
	"testing"
)

// Every request counts, the token request and each retry included, and a
// client acting as a user counts into its parent's Stats.
func TestStatsCountCallsAndRateLimits(t *testing.T) {
	var answered atomic.Int32
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		if answered.Add(1) == 1 {
			boxError(w, http.StatusTooManyRequests, "rate_limit_exceeded", map[string]string{"Retry-After": "0"})
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","type":"user"}`)
	}}
	c := newTestClient(t, f, nil)
	var observed atomic.Int32
	c.Stats().Observe(func() { observed.Add(1) })
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	// token, 429, 200
	if got, limited := c.Stats().Calls(), c.Stats().RateLimited(); got != 3 || limited != 1 {
		t.Fatalf("calls %d, 429s %d; want 3 and 1", got, limited)
	}
	as, err := c.AsServiceAccount("2")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := as.GetUser(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if got := c.Stats().Calls(); got != 4 || as.Stats() != c.Stats() {
		t.Fatalf("calls %d after a derived client's call, want 4 counted in the parent's stats", got)
	}
	if observed.Load() != 4 {
		t.Fatalf("observer told %d times, want once per call (4)", observed.Load())
	}
}
