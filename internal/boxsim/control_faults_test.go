package boxsim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

func TestRateLimiterBucket(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 1, Users: 3, Now: clock.Now})
	tok := mintToken(t, s)
	// 120/min = 2 per second, burst 2.
	s.SetFaults(Faults{RequestsPerMinute: 120})
	mustGet(t, s, tok, "/users/me")
	mustGet(t, s, tok, "/users/me")
	res := get(t, s, tok, "/users/me")
	wantError(t, res, http.StatusTooManyRequests, "rate_limit_exceeded")
	if res.header.Get("Retry-After") != "1" {
		t.Fatalf("Retry-After %q, want 1", res.header.Get("Retry-After"))
	}
	clock.Advance(500 * time.Millisecond)
	mustGet(t, s, tok, "/users/me")
	wantError(t, get(t, s, tok, "/users/me"), http.StatusTooManyRequests, "rate_limit_exceeded")

	// 6/min = one every 10 s: the wait is reported in whole seconds.
	s.SetFaults(Faults{RequestsPerMinute: 6})
	mustGet(t, s, tok, "/users/me")
	clock.Advance(2500 * time.Millisecond)
	res = get(t, s, tok, "/users/me")
	if res.status != http.StatusTooManyRequests || res.header.Get("Retry-After") != "8" {
		t.Fatalf("got %d Retry-After %q, want 429 with 8", res.status, res.header.Get("Retry-After"))
	}
	clock.Advance(7500 * time.Millisecond)
	mustGet(t, s, tok, "/users/me")

	st := s.Stats()
	if st.RateLimited != 3 || st.ByStatus[429] != 3 {
		t.Fatalf("stats %+v", st)
	}
	// The token endpoint is never rate limited.
	for range 5 {
		mintToken(t, s)
	}
}

func TestRateLimitEvery(t *testing.T) {
	s := New(Config{Seed: 1, Users: 3})
	tok := mintToken(t, s)
	s.SetFaults(Faults{RateLimitEvery: 3})
	for i := 1; i <= 9; i++ {
		res := get(t, s, tok, "/users")
		if i%3 == 0 {
			wantError(t, res, http.StatusTooManyRequests, "rate_limit_exceeded")
			if res.header.Get("Retry-After") != "1" {
				t.Fatalf("request %d Retry-After %q", i, res.header.Get("Retry-After"))
			}
		} else if res.status != http.StatusOK {
			t.Fatalf("request %d: %d", i, res.status)
		}
	}
	// Faults come before auth: even a tokenless request is counted.
	s.SetFaults(Faults{RateLimitEvery: 1})
	wantError(t, get(t, s, "", "/users"), http.StatusTooManyRequests, "rate_limit_exceeded")
	if st := s.Stats(); st.RateLimited != 4 || st.Total != 10 {
		t.Fatalf("stats %+v", st)
	}
}

func serverErrorRun(t *testing.T, s *Sim, tok string, n int) []int {
	t.Helper()
	out := make([]int, n)
	for i := range out {
		res := get(t, s, tok, "/users/me")
		out[i] = res.status
		switch res.status {
		case http.StatusOK:
		case http.StatusServiceUnavailable:
			wantError(t, res, res.status, "unavailable")
			if res.header.Get("Retry-After") != "1" {
				t.Fatalf("503 without Retry-After: 1")
			}
		case http.StatusInternalServerError:
			wantError(t, res, res.status, "internal_server_error")
		case http.StatusBadGateway:
			wantError(t, res, res.status, "bad_gateway")
		default:
			t.Fatalf("unexpected status %d", res.status)
		}
	}
	return out
}

func TestServerErrorRate(t *testing.T) {
	s := New(Config{Seed: 42, Users: 3})
	tok := mintToken(t, s)
	s.SetFaults(Faults{ServerErrorRate: 0.3})
	first := serverErrorRun(t, s, tok, 2000)
	byStatus := map[int]int{}
	for _, st := range first {
		byStatus[st]++
	}
	errs := 2000 - byStatus[200]
	if errs < 500 || errs > 700 {
		t.Fatalf("%d of 2000 faulted, want about 600", errs)
	}
	for _, st := range []int{500, 502, 503} {
		if byStatus[st] < 100 {
			t.Fatalf("status %d seen %d times: %v", st, byStatus[st], byStatus)
		}
	}
	if got := s.Stats().ServerErrors; got != errs {
		t.Fatalf("Stats.ServerErrors %d, want %d", got, errs)
	}
	// SetFaults reseeds: the same configuration replays the same sequence.
	s.SetFaults(Faults{ServerErrorRate: 0.3})
	again := serverErrorRun(t, s, tok, 2000)
	for i := range first {
		if first[i] != again[i] {
			t.Fatalf("request %d: %d then %d; fault sequence is not reproducible", i, first[i], again[i])
		}
	}
}

func TestLatencyRespectsCancellation(t *testing.T) {
	s := New(Config{Seed: 1, Users: 3})
	tok := mintToken(t, s)
	s.SetFaults(Faults{Latency: 60 * time.Millisecond})
	start := time.Now()
	mustGet(t, s, tok, "/users/me")
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("request took %v, want >= 60ms latency", d)
	}
	start = time.Now()
	mintToken(t, s)
	if d := time.Since(start); d < 60*time.Millisecond {
		t.Fatalf("token took %v, want >= 60ms latency", d)
	}

	s.SetFaults(Faults{Latency: 10 * time.Second})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req := newReq(http.MethodGet, "/2.0/users/me", tok).WithContext(ctx)
	rec := httptest.NewRecorder()
	start = time.Now()
	s.ServeHTTP(rec, req)
	if d := time.Since(start); d > 2*time.Second {
		t.Fatalf("cancelled request still waited %v", d)
	}
	if rec.Body.Len() != 0 {
		t.Fatalf("cancelled request got a body: %q", rec.Body.String())
	}
}

func TestRateLimiterBurst(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 1, Users: 3, Now: clock.Now})
	tok := mintToken(t, s)
	// 1200/min = 20 a second, but a burst of 5: the sixth request at once is refused.
	s.SetFaults(Faults{RequestsPerMinute: 1200, Burst: 5})
	for range 5 {
		mustGet(t, s, tok, "/users/me")
	}
	wantError(t, get(t, s, tok, "/users/me"), http.StatusTooManyRequests, "rate_limit_exceeded")
	clock.Advance(50 * time.Millisecond) // one token at 20/s
	mustGet(t, s, tok, "/users/me")
	wantError(t, get(t, s, tok, "/users/me"), http.StatusTooManyRequests, "rate_limit_exceeded")
	clock.Advance(10 * time.Second) // refills to the burst, not beyond
	for range 5 {
		mustGet(t, s, tok, "/users/me")
	}
	wantError(t, get(t, s, tok, "/users/me"), http.StatusTooManyRequests, "rate_limit_exceeded")
}

func TestMalformedPages(t *testing.T) {
	s := New(Config{Seed: 1, Users: 12, Groups: 3, AvgGroupsPerUser: 2})
	tok := mintToken(t, s)
	cases := []struct {
		mode  PageFault
		check func(t *testing.T, body map[string]any)
	}{
		{PagesDropEntries, func(t *testing.T, body map[string]any) {
			if _, ok := body["entries"]; ok {
				t.Error("entries still present")
			}
		}},
		{PagesNullEntries, func(t *testing.T, body map[string]any) {
			if v, ok := body["entries"]; !ok || v != nil {
				t.Errorf("entries = %v (present %v), want null", v, ok)
			}
		}},
		{PagesDropLimit, func(t *testing.T, body map[string]any) {
			if _, ok := body["limit"]; ok {
				t.Error("limit still present")
			}
			if n := len(body["entries"].([]any)); n != 5 {
				t.Errorf("%d entries, want 5", n)
			}
		}},
		{PagesLargerLimit, func(t *testing.T, body map[string]any) {
			if body["limit"].(float64) != 10 || len(body["entries"].([]any)) != 5 {
				t.Errorf("limit %v with %d entries, want 10 with 5", body["limit"], len(body["entries"].([]any)))
			}
		}},
	}
	for _, tc := range cases {
		s.SetFaults(Faults{MalformedPages: MalformedPages{Mode: tc.mode, Route: "GET /groups/{group_id}/memberships"}})
		groupID := mustGet(t, s, tok, "/groups").body["entries"].([]any)[0].(map[string]any)["id"].(string)
		tc.check(t, mustGet(t, s, tok, "/groups/"+groupID+"/memberships?limit=5").body)
		// Other routes, and non-listing bodies, are untouched.
		if _, ok := mustGet(t, s, tok, "/users?limit=5").body["entries"]; !ok {
			t.Errorf("mode %d damaged another route", tc.mode)
		}
		// Every listing when no route is named.
		s.SetFaults(Faults{MalformedPages: MalformedPages{Mode: tc.mode}})
		if tc.mode == PagesDropEntries {
			if _, ok := mustGet(t, s, tok, "/users?usemarker=true").body["entries"]; ok {
				t.Error("marker page of users not damaged")
			}
		}
		if mustGet(t, s, tok, "/users/me").body["id"] == nil {
			t.Error("a non-listing body was damaged")
		}
	}
}
