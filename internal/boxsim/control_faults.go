package boxsim

import (
	"math/rand/v2"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"
)

// Faults are injected into /2.0 requests (Latency also delays the token
// endpoint). The zero value injects nothing.
type Faults struct {
	Latency time.Duration // added before every /2.0 and token response (cancellable)
	// RequestsPerMinute (0 = unlimited) is a token bucket refilled at
	// RequestsPerMinute/60 per second with a burst of Burst tokens. Over
	// it: 429, Retry-After: <seconds until a token>, code
	// rate_limit_exceeded.
	RequestsPerMinute int
	// Burst is the bucket's size (0 = one second's worth, rounded up). Box
	// documents a per-minute rate only (1000 a minute per user,
	// developer.box.com/guides/api-calls/permissions-and-errors/rate-limits); the bucket
	// and its burst are the simulator's model. A small burst is what a
	// client meets when others spend the same user's budget (as-user calls
	// count "against the user", docs/box-behaviour.md, "Rate limits").
	Burst int
	// PerUserBudgets gives every user their own bucket (control_budgets.go): the
	// one an As-User header names, else the token's user. Off, one bucket
	// serves every call.
	PerUserBudgets  bool
	RateLimitEvery  int     // every Nth /2.0 request since SetFaults gets 429, Retry-After: 1 (0 = off)
	ServerErrorRate float64 // fraction of /2.0 requests answered 500, 502 or 503 (seeded RNG)
	// MalformedPages damages successful listing pages (see PageFault).
	MalformedPages MalformedPages
	// Listings answer listings wrongly (see ListingFault); the first that
	// matches a request applies.
	Listings []ListingFault
}

// MalformedPages selects the listing pages to damage and how.
type MalformedPages struct {
	Mode PageFault
	// Route limits the damage to one route, as Stats.ByRoute spells it
	// ("GET /groups/{group_id}/memberships"); "" damages every listing.
	Route string
}

// PageFault is a way a 200 listing page can be malformed. Box's spec
// promises entries on every page and limit on offset pages; these are
// what a broken proxy or a Box incident could send instead.
type PageFault int

const (
	PagesIntact      PageFault = iota
	PagesDropEntries           // the page has no `entries`
	PagesNullEntries           // `entries` is null
	PagesDropLimit             // the page has no `limit`
	PagesLargerLimit           // `limit` echoes twice what was asked (and served)
)

// faultState is the live fault configuration plus the limiter and RNG it
// drives; it has its own lock so faults never wait on the data lock.
type faultState struct {
	mu      sync.Mutex
	f       Faults
	seq     int                // /2.0 requests seen since the last SetFaults
	shared  bucket             // the rate limit's bucket
	buckets map[string]*bucket // with PerUserBudgets, by budget (control_budgets.go)
	rng     *rand.Rand
}

// SetFaults replaces the fault configuration. It restarts the every-Nth
// count, refills the rate-limit bucket and reseeds the error RNG, so a
// given Seed and request sequence always faults the same way.
func (s *Sim) SetFaults(f Faults) { s.faults.reset(f, s.cfg.Seed) }

func (fs *faultState) reset(f Faults, seed int64) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	f.Listings = slices.Clone(f.Listings) // the caller's slice may change later
	fs.f = f
	fs.seq = 0
	fs.shared, fs.buckets = bucket{}, map[string]*bucket{}
	fs.rng = rand.New(rand.NewPCG(bits(seed), 0xFA017)) //nolint:gosec // G404: faults must replay from the seed
}

func (fs *faultState) current() Faults {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return fs.f
}

// verdict is the fault to inject; status 0 means none.
type verdict struct {
	status     int
	retryAfter int // seconds; 0 = no Retry-After header
}

// decide applies, in order: the every-Nth storm, the rate limiter (the
// bucket of budget), random server errors. A request refused by an earlier
// rule consumes nothing from the later ones.
func (fs *faultState) decide(now time.Time, budget string) verdict {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.seq++
	f := fs.f
	if f.RateLimitEvery > 0 && fs.seq%f.RateLimitEvery == 0 {
		return verdict{status: http.StatusTooManyRequests, retryAfter: 1}
	}
	if f.RequestsPerMinute > 0 {
		if wait, ok := fs.bucketFor(budget).take(now, f.RequestsPerMinute, f.Burst); !ok {
			return verdict{status: http.StatusTooManyRequests, retryAfter: wait}
		}
	}
	if f.ServerErrorRate > 0 && fs.rng.Float64() < f.ServerErrorRate {
		status := []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}[fs.rng.IntN(3)]
		v := verdict{status: status}
		if status == http.StatusServiceUnavailable {
			v.retryAfter = 1
		}
		return v
	}
	return verdict{}
}

var faultMessages = map[int]struct{ code, message string }{
	http.StatusTooManyRequests:     {codeRateLimitExceeded, "Request rate limit exceeded, please try again later"},
	http.StatusInternalServerError: {codeInternalServerError, "Internal Server Error"},
	http.StatusBadGateway:          {codeBadGateway, "Bad Gateway"},
	http.StatusServiceUnavailable:  {codeUnavailable, "Unavailable"},
}

// injectFault answers the request with a fault if one is due.
func (s *Sim) injectFault(w http.ResponseWriter, r *http.Request) bool {
	budget := ""
	if s.faults.current().PerUserBudgets {
		budget = s.budgetOf(r)
	}
	v := s.faults.decide(s.now(), budget)
	if v.status == 0 {
		return false
	}
	if v.status == http.StatusTooManyRequests {
		s.stats.rateLimited()
	} else {
		s.stats.serverError()
	}
	if v.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(v.retryAfter))
	}
	m := faultMessages[v.status]
	s.writeError(w, v.status, m.code, m.message, nil)
	return true
}

// pageDamage wraps w so that the listing page the handler writes is damaged
// as f says, when f applies to this route; otherwise it returns w.
func pageDamage(w http.ResponseWriter, f MalformedPages, key string) http.ResponseWriter {
	if f.Mode == PagesIntact || (f.Route != "" && f.Route != key) {
		return w
	}
	return &damagedPages{ResponseWriter: w, mode: f.Mode}
}

// damagedPages is a ResponseWriter whose listing pages writeJSON damages.
type damagedPages struct {
	http.ResponseWriter
	mode PageFault
}

// damage applies the fault to a listing page (an object with entries);
// other bodies pass unchanged.
func (d *damagedPages) damage(v object) object {
	if v.index(keyEntries) < 0 {
		return v
	}
	out := make(object, 0, len(v))
	for _, m := range v {
		switch {
		case m.key == keyEntries && d.mode == PagesDropEntries:
			continue
		case m.key == keyEntries && d.mode == PagesNullEntries:
			m.val = nil
		case m.key == "limit" && d.mode == PagesDropLimit:
			continue
		case m.key == "limit" && d.mode == PagesLargerLimit:
			if n, ok := m.val.(int); ok {
				m.val = 2 * n
			}
		}
		out = append(out, m)
	}
	return out
}

func (o object) index(key string) int {
	for i, m := range o {
		if m.key == key {
			return i
		}
	}
	return -1
}
