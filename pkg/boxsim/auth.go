package boxsim

import (
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"
)

const tokenPath = "/oauth2/token" //nolint:gosec // G101: a URL path, not a credential

// tokenStore maps issued tokens to their expiry.
type tokenStore struct {
	mu     sync.Mutex
	tokens map[string]time.Time
}

func (t *tokenStore) init() { t.tokens = map[string]time.Time{} }

func (t *tokenStore) issue(now time.Time, ttl time.Duration) string {
	tok := rand.Text() // crypto/rand: opaque, never derived from the secret
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.tokens) >= 1024 { // keep long runs bounded
		for k, exp := range t.tokens {
			if !now.Before(exp) {
				delete(t.tokens, k)
			}
		}
	}
	t.tokens[tok] = now.Add(ttl)
	return tok
}

func (t *tokenStore) valid(tok string, now time.Time) bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	exp, ok := t.tokens[tok]
	if ok && !now.Before(exp) {
		delete(t.tokens, tok)
		return false
	}
	return ok
}

// ExpireTokens invalidates every issued token: the next API call with any
// of them gets a 401, as after Box-side expiry or revocation.
func (s *Sim) ExpireTokens() {
	s.tokens.mu.Lock()
	defer s.tokens.mu.Unlock()
	clear(s.tokens.tokens)
}

// serveToken implements Box's client-credentials grant. Checks run in the
// order grant_type, client credentials, box_subject_type, box_subject_id;
// the first failure answers.
func (s *Sim) serveToken(w http.ResponseWriter, r *http.Request) {
	s.stats.tokenRequest(r.Method)
	if !sleepCtx(r.Context(), s.faults.current().Latency) {
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		s.writeError(w, http.StatusMethodNotAllowed, codeMethodNotAllowed, "Method Not Allowed", nil)
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.oauthError(w, "invalid_request", "The request body could not be parsed as a form")
		return
	}
	f := r.PostForm // Box reads the body only, not the query string
	switch f.Get("grant_type") {
	case "client_credentials":
	case "":
		s.oauthError(w, "invalid_request", "Invalid grant_type parameter or parameter missing")
		return
	default:
		s.oauthError(w, "unsupported_grant_type", "Grant type is not supported: this simulator supports client_credentials only")
		return
	}
	id, secret := f.Get("client_id"), f.Get("client_secret")
	if id == "" && secret == "" {
		id, secret, _ = r.BasicAuth()
	}
	if !equal(id, s.cfg.ClientID) || !equal(secret, s.cfg.ClientSecret) {
		s.oauthError(w, "invalid_client", "The client credentials are invalid")
		return
	}
	if st := f.Get("box_subject_type"); st != "enterprise" {
		s.oauthError(w, "unauthorized_client",
			"The \"box_subject_type\" value \""+st+"\" is unauthorized for this client_id: use \"enterprise\" and enable App + Enterprise Access")
		return
	}
	if f.Get("box_subject_id") != s.cfg.EnterpriseID {
		s.oauthError(w, "invalid_grant",
			"Please check the 'box_subject_id' parameter in the request: it must be the ID of the enterprise that authorized this application")
		return
	}
	tok := s.tokens.issue(s.now(), s.cfg.TokenTTL)
	s.stats.tokenMinted()
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, http.StatusOK, object{
		{"access_token", tok},
		{"expires_in", max(int64(s.cfg.TokenTTL/time.Second), 1)},
		{"restricted_to", []object{}},
		{"token_type", "bearer"},
	})
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// oauthError writes the OAuth2Error shape Box uses for token failures.
func (s *Sim) oauthError(w http.ResponseWriter, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, http.StatusBadRequest, object{{"error", code}, {"error_description", description}})
}

// authorized checks the bearer token of a /2.0 request.
func (s *Sim) authorized(r *http.Request) bool {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return false
	}
	return s.tokens.valid(strings.TrimSpace(tok), s.now())
}

func (s *Sim) writeUnauthorized(w http.ResponseWriter, r *http.Request) {
	challenge := `Bearer realm="Service"`
	if r.Header.Get("Authorization") != "" {
		challenge += `, error="invalid_token", error_description="The access token provided is invalid."`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	s.writeError(w, http.StatusUnauthorized, codeUnauthorized, "Unauthorized", nil)
}
