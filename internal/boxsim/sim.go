package boxsim

import (
	"context"
	"math"
	"net/http"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config sizes and identifies the simulated enterprise. Zero values get the
// defaults documented on each field (see New).
type Config struct {
	Seed              int64         // deterministic data; same seed + config => identical data and IDs
	EnterpriseID      string        // default "700001"
	EnterpriseName    string        // default "Acme Corp"
	ClientID          string        // default "sim-client-id"
	ClientSecret      string        // default "sim-client-secret"
	Users             int           // users listed by GET /users (managed + app users)
	AppUsers          int           // how many of Users are app users
	ExternalUsers     int           // users of other enterprises, never listed or grouped
	Groups            int           // managed groups
	AvgGroupsPerUser  float64       // each listed user joins 0..2*avg random groups
	GiantGroupMembers int           // > 0 adds "All Staff" with the first N listed users
	TokenTTL          time.Duration // access token lifetime; default 3600s minus seeded jitter
	Now               func() time.Time
	// Scopes are the app's scopes (Scope* constants). nil grants all of
	// them; an empty, non-nil slice grants none.
	Scopes []string
	// EventsPerUser is the average number of seeded admin events per human
	// user (0 = DefaultEventsPerUser, negative = no events at all).
	EventsPerUser float64
	// EventDelayBound is how late Box may record an admin event: about one
	// seeded event in twenty is recorded between 90 s and this long after
	// it happened, and admin_logs serves it only from then on (0 =
	// DefaultEventDelayBound, negative = every event within 90 s).
	EventDelayBound time.Duration
	// KeepEventPositionWhenEmpty makes an admin_logs page without entries
	// repeat the position it was asked for. By default it answers
	// next_stream_position "0", as Box does (box-node-sdk
	// src/enterprise-event-stream.ts: "The API currently returns
	// next_stream_position = 0 if there are no events"); the switch is the
	// other reading, for connectors that must be right under both.
	KeepEventPositionWhenEmpty bool
	// ServiceAccountQuota is the service account's space_amount
	// (0 = DefaultServiceAccountQuota, 10 GB; negative = unlimited).
	ServiceAccountQuota int64
	// TransferTimePerItem is how long PUT /users/{id}/folders/0 takes per
	// item moved (0 = instant); Box answers within 10 minutes and carries
	// on in the background.
	TransferTimePerItem time.Duration
	// GroupFilterMode is how GET /groups matches filter_term: one of
	// GroupFilterModes() ("" = GroupFilterPrefix, the spec's reading).
	GroupFilterMode string
	// GroupAdminPermissionsMode is where group admins'
	// configurable_permissions are shown: one of
	// GroupAdminPermissionsModes() ("" = GroupAdminPermissionsListed; the
	// sources disagree, state_group_admin.go).
	GroupAdminPermissionsMode string
	// VerifiedDomains are the enterprise's verified login domains: only a
	// user with a login on one can be made a co-admin. nil = the seed's
	// managed-user domains.
	VerifiedDomains []string
	// UnverifiedCoadminForbidden answers a co-admin off a verified domain
	// with 403 access_denied_insufficient_permissions instead of 400
	// bad_request: the API's answer is undocumented (state_coadmin.go), so both
	// readings are served.
	UnverifiedCoadminForbidden bool
	// UserAccessTokens is the app's "Generate User Access Tokens" setting:
	// with it the token endpoint also mints tokens for a managed user or
	// an admin (box_subject_type=user), which act as that user.
	UserAccessTokens bool
	// AppNotAuthorized: no admin has authorised the app yet; every token
	// request is refused.
	AppNotAuthorized bool
	// DistinctTokenErrors answers a wrong client ID or secret with
	// invalid_client and an unauthorised app with unauthorized_client (the
	// common errors guide). By default both are invalid_grant "Grant
	// credentials are invalid", as the client-credentials guide says.
	DistinctTokenErrors bool
	// Content seeds folders, collaborations and shared links and sets the
	// content switches; the zero value seeds none.
	Content ContentConfig
}

// Defaults applied by New to empty Config fields.
const (
	DefaultEnterpriseID   = "700001"
	DefaultEnterpriseName = "Acme Corp"
	DefaultClientID       = "sim-client-id"
	DefaultClientSecret   = "sim-client-secret" //nolint:gosec // G101: the simulator's published test secret
	DefaultEventsPerUser  = 4.0
	// DefaultEventDelayBound: Box's status page records admin events
	// delayed by hours (state_event_log.go, recordDelay); 6 h is an assumption.
	DefaultEventDelayBound = 6 * time.Hour
	maxEventsPerUser       = 1000.0 // larger values are clamped
)

// withDefaults fills zero values and clamps nonsense so New never panics.
func (c Config) withDefaults() Config {
	if c.EnterpriseID == "" {
		c.EnterpriseID = DefaultEnterpriseID
	}
	if c.EnterpriseName == "" {
		c.EnterpriseName = DefaultEnterpriseName
	}
	if c.ClientID == "" {
		c.ClientID = DefaultClientID
	}
	if c.ClientSecret == "" {
		c.ClientSecret = DefaultClientSecret
	}
	c.Users = max(c.Users, 0)
	c.AppUsers = min(max(c.AppUsers, 0), c.Users)
	c.ExternalUsers = max(c.ExternalUsers, 0)
	c.Groups = max(c.Groups, 0)
	if math.IsNaN(c.AvgGroupsPerUser) || math.IsInf(c.AvgGroupsPerUser, 0) || c.AvgGroupsPerUser < 0 {
		c.AvgGroupsPerUser = 0
	}
	c.GiantGroupMembers = min(max(c.GiantGroupMembers, 0), c.Users)
	if c.TokenTTL <= 0 {
		// Box's expires_in is "about 3600": a few seconds short, fixed per seed.
		c.TokenTTL = 3600*time.Second - time.Duration(1+splitmix(bits(c.Seed)^0x7474)%9)*time.Second
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.Scopes != nil {
		c.Scopes = slices.Clone(c.Scopes) // the caller's slice may change later
	}
	if c.ServiceAccountQuota == 0 {
		c.ServiceAccountQuota = DefaultServiceAccountQuota
	}
	c.TransferTimePerItem = max(c.TransferTimePerItem, 0)
	switch {
	case c.EventDelayBound == 0:
		c.EventDelayBound = DefaultEventDelayBound
	case c.EventDelayBound < 0:
		c.EventDelayBound = 0
	}
	switch e := c.EventsPerUser; {
	case math.IsNaN(e) || math.IsInf(e, 0) || e == 0:
		c.EventsPerUser = DefaultEventsPerUser
	case e < 0:
		c.EventsPerUser = -1
	case e > maxEventsPerUser:
		c.EventsPerUser = maxEventsPerUser
	}
	c.Content = c.Content.withDefaults()
	return c
}

// Sim is a stateful, in-memory Box API. It is an http.Handler: the token
// endpoint lives at /oauth2/token and the API under /2.0/.
type Sim struct {
	cfg Config

	mu sync.RWMutex // guards st
	st *store

	tokens tokenStore
	faults faultState
	stats  statsState
	reqSeq atomic.Uint64 // request_id source
}

// New seeds a simulator. It never panics on zero values: see Config.
func New(cfg Config) *Sim {
	cfg = cfg.withDefaults()
	s := &Sim{cfg: cfg, st: generate(cfg, cfg.Now().Unix())}
	s.tokens.init()
	s.faults.reset(Faults{}, cfg.Seed)
	s.stats.reset()
	return s
}

// Config returns the effective configuration after defaults.
func (s *Sim) Config() Config {
	c := s.cfg
	if c.Scopes != nil {
		c.Scopes = slices.Clone(c.Scopes)
	}
	return c
}

func (s *Sim) now() time.Time { return s.cfg.Now() }

// ServeHTTP routes to the token endpoint, the /2.0 API, or a Box-style 404.
func (s *Sim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec := &statusRecorder{ResponseWriter: w}
	switch {
	case r.URL.Path == tokenPath:
		s.serveToken(rec, r)
	case strings.HasPrefix(r.URL.Path, apiPrefix+"/"):
		s.serveAPI(rec, r)
	default:
		s.writeError(rec, http.StatusNotFound, codeNotFound, "Not Found", nil)
	}
	if rec.status != 0 {
		s.stats.response(rec.status)
	}
}

const apiPrefix = "/2.0"

// serveAPI is the /2.0 pipeline: count, delay, faults, auth, scope, route.
func (s *Sim) serveAPI(w http.ResponseWriter, r *http.Request) {
	rt, params, allowed := matchRoute(r.Method, strings.TrimPrefix(r.URL.Path, apiPrefix))
	key := routeKey(r.Method, rt, allowed)
	s.stats.apiRequest(key)

	f := s.faults.current()
	if !sleepCtx(r.Context(), f.Latency) {
		return // client went away; nothing to answer
	}
	if s.injectFault(w, r) {
		return
	}
	r, ok := s.authorized(r)
	if !ok {
		s.writeUnauthorized(w, r)
		return
	}
	switch {
	case rt != nil && !s.hasAnyScope(rt.scopes):
		s.fail(w, insufficientScope())
	case rt != nil:
		if e := s.asUserGate(r, rt); e != nil {
			s.fail(w, e)
			return
		}
		w = pageDamage(w, f.MalformedPages, key)
		if lf, ok := f.listingFault(key, r, params); ok {
			s.serveListingFault(w, r, rt, params, lf)
			return
		}
		rt.handle(s, w, r, params)
	case len(allowed) > 0:
		w.Header().Set("Allow", strings.Join(allowed, ", "))
		s.writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, "Method Not Allowed", nil)
	default:
		s.writeError(w, http.StatusNotFound, codeNotFound, "Not Found", nil)
	}
}

// sleepCtx waits d unless ctx ends first; it reports whether to carry on.
func sleepCtx(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// statusRecorder remembers the status so Stats can count it.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// bits reinterprets x for hashing: the sign is one more bit to mix.
func bits(x int64) uint64 {
	return uint64(x) //nolint:gosec // G115: a reinterpretation for hashing, not arithmetic
}

// splitmix is a tiny stateless mixer for values derived from the seed
// outside the main generator (so they do not shift the data stream).
func splitmix(x uint64) uint64 {
	x += 0x9E3779B97F4A7C15
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9
	x = (x ^ (x >> 27)) * 0x94D049BB133111EB
	return x ^ (x >> 31)
}
