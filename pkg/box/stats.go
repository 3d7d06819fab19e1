package box

import (
	"net/http"
	"sync/atomic"
)

// Stats counts the requests a client sends to Box (token requests and
// every retry included: each is a call against Box's rate limit) and how
// many Box answered 429. Clients derived with AsUser or AsServiceAccount
// share their parent's. The CLI shows them in its progress lines and its
// closing summary.
type Stats struct {
	calls       atomic.Int64
	rateLimited atomic.Int64
	observer    atomic.Pointer[func()]
}

// Calls is the number of requests sent so far.
func (s *Stats) Calls() int64 { return s.calls.Load() }

// RateLimited is the number of requests Box answered 429.
func (s *Stats) RateLimited() int64 { return s.rateLimited.Load() }

// Observe has f called after every request, on the goroutine that sent it
// (nil: no one is told). f must be quick and safe for concurrent use.
func (s *Stats) Observe(f func()) {
	if f == nil {
		s.observer.Store(nil)
		return
	}
	s.observer.Store(&f)
}

// Stats are the counts of c and every client derived from it.
func (c *Client) Stats() *Stats { return c.stats }

// counted is a copy of hc whose requests s counts.
func (s *Stats) counted(hc *http.Client) *http.Client {
	next := hc.Transport
	if next == nil {
		next = http.DefaultTransport
	}
	out := *hc
	out.Transport = &countingTransport{next: next, stats: s}
	return &out
}

type countingTransport struct {
	next  http.RoundTripper
	stats *Stats
}

func (t *countingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := t.next.RoundTrip(req)
	t.stats.calls.Add(1)
	if resp != nil && resp.StatusCode == http.StatusTooManyRequests {
		t.stats.rateLimited.Add(1)
	}
	if f := t.stats.observer.Load(); f != nil {
		(*f)()
	}
	return resp, err
}
