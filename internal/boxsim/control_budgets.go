package boxsim

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Per-user rate-limit budgets (Faults.PerUserBudgets). Box limits "the
// number of API calls that a user can make in a minute" (about 1,000,
// developer.box.com/guides/api-calls/permissions-and-errors/rate-limits,
// "User based"), and a call made with the As-User header is "counted
// against the user and not against the admin making the call" (Box's reply
// on support.box.com community post 360049198833; docs/box-behaviour.md, "Rate limits").
// With the switch on, the rate limit (Faults.RequestsPerMinute, Burst) is a
// bucket per budget: the user an As-User header names, else the user whose
// token the call carries (a user access token's user, or the service
// account). Off (the default, and the simulator's reading before it), one
// bucket serves every call, as when a quality-of-service limit (same
// guide) holds the whole app back.

// bucket is one token bucket: refilled at perMinute/60 a second up to its
// size.
type bucket struct {
	tokens float64
	last   time.Time // last refill; zero = the bucket starts full
}

// take spends one token, or reports the whole seconds until one will be
// available (at least 1).
func (b *bucket) take(now time.Time, perMinute, size int) (int, bool) {
	rate := float64(perMinute) / 60 // tokens per second
	burst := math.Ceil(rate)
	if size > 0 {
		burst = float64(size)
	}
	if b.last.IsZero() {
		b.tokens, b.last = burst, now
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = min(burst, b.tokens+elapsed*rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return 0, true
	}
	return max(1, int(math.Ceil((1-b.tokens)/rate))), false
}

// budgetOf names the budget a /2.0 request draws from with per-user
// budgets: the As-User header's user, else the token's subject ("" for a
// token the simulator does not know: the request fails its auth check
// next, so which bucket it drew from does not matter).
func (s *Sim) budgetOf(r *http.Request) string {
	if v, ok := asUserValue(r); ok {
		return "as-user " + v
	}
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	subject, _ := s.tokens.lookup(strings.TrimSpace(tok), s.now())
	if subject == 0 {
		return "service account"
	}
	return "as-user " + strconv.FormatInt(subject, 10)
}

// bucketFor is the bucket of budget (one shared bucket without per-user
// budgets). Callers hold fs.mu.
func (fs *faultState) bucketFor(budget string) *bucket {
	if !fs.f.PerUserBudgets {
		return &fs.shared
	}
	b := fs.buckets[budget]
	if b == nil {
		b = &bucket{}
		fs.buckets[budget] = b
	}
	return b
}
