package boxsim

import (
	"maps"
	"sync"
)

// Stats counts traffic since New or the last ResetStats.
type Stats struct {
	Total         int            // /2.0 requests received, faulted ones included
	Tokens        int            // successful token mints
	TokenRequests int            // all requests to /oauth2/token
	ByRoute       map[string]int // "METHOD /route/template", e.g. "GET /groups/{group_id}/memberships", "POST /oauth2/token"
	ByStatus      map[int]int    // every response the Sim wrote, token endpoint included
	RateLimited   int            // 429s sent
	ServerErrors  int            // injected 5xx sent
}

type statsState struct {
	mu sync.Mutex
	s  Stats
}

// Stats returns a snapshot.
func (s *Sim) Stats() Stats {
	s.stats.mu.Lock()
	defer s.stats.mu.Unlock()
	out := s.stats.s
	out.ByRoute = maps.Clone(out.ByRoute)
	out.ByStatus = maps.Clone(out.ByStatus)
	return out
}

// ResetStats zeroes every counter.
func (s *Sim) ResetStats() { s.stats.reset() }

func (st *statsState) reset() {
	st.mu.Lock()
	defer st.mu.Unlock()
	st.s = Stats{ByRoute: map[string]int{}, ByStatus: map[int]int{}}
}

func (st *statsState) update(fn func(*Stats)) {
	st.mu.Lock()
	defer st.mu.Unlock()
	fn(&st.s)
}

func (st *statsState) apiRequest(key string) {
	st.update(func(s *Stats) { s.Total++; s.ByRoute[key]++ })
}

func (st *statsState) tokenRequest(method string) {
	st.update(func(s *Stats) { s.TokenRequests++; s.ByRoute[method+" "+tokenPath]++ })
}

func (st *statsState) tokenMinted()        { st.update(func(s *Stats) { s.Tokens++ }) }
func (st *statsState) rateLimited()        { st.update(func(s *Stats) { s.RateLimited++ }) }
func (st *statsState) serverError()        { st.update(func(s *Stats) { s.ServerErrors++ }) }
func (st *statsState) response(status int) { st.update(func(s *Stats) { s.ByStatus[status]++ }) }
