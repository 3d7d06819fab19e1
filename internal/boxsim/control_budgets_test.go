package boxsim

import (
	"net/http"
	"testing"
)

// TestPerUserBudgets: with PerUserBudgets each user's calls (As-User, or
// the user's own token) and the service account's draw from buckets of
// their own; without it one bucket serves them all.
func TestPerUserBudgets(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 1, Users: 12, UserAccessTokens: true, Now: clock.Now})
	var regular []User
	for _, u := range s.Truth().Users {
		if u.Role == roleUser && u.Status == "active" {
			regular = append(regular, u)
		}
	}
	a, b, c := regular[0], regular[1], regular[2]
	tok, cToken := mintToken(t, s), adminToken(t, s, c.ID)
	calls := []struct {
		name string
		do   func() response
	}{
		{"service account", func() response { return get(t, s, tok, "/users/me") }},
		{"as user a", func() response { return getAs(t, s, tok, a.ID, "/users/me") }},
		{"as user b", func() response { return getAs(t, s, tok, b.ID, "/users/me") }},
		{"user c's token", func() response { return get(t, s, cToken, "/users/me") }},
	}

	// 60 a minute with a burst of 1: each bucket lets one call through.
	s.SetFaults(Faults{RequestsPerMinute: 60, Burst: 1, PerUserBudgets: true})
	for _, call := range calls {
		wantStatus(t, call.do(), call.name, http.StatusOK)
	}
	for _, call := range calls {
		wantError(t, call.do(), http.StatusTooManyRequests, "rate_limit_exceeded")
	}

	s.SetFaults(Faults{RequestsPerMinute: 60, Burst: 1})
	wantStatus(t, calls[0].do(), calls[0].name, http.StatusOK)
	for _, call := range calls {
		wantError(t, call.do(), http.StatusTooManyRequests, "rate_limit_exceeded")
	}
}
