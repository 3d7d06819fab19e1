package boxsim

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"net/http"
	"strings"
	"sync"
	"time"
)

const tokenPath = "/oauth2/token" //nolint:gosec // G101: a URL path, not a credential

// tokenStore maps issued tokens to their expiry and subject.
type tokenStore struct {
	mu     sync.Mutex
	tokens map[string]issuedToken
}

// issuedToken is a token's expiry and whom it acts as: the service account
// (subject 0) or, for box_subject_type=user, that user.
type issuedToken struct {
	expires time.Time
	subject int64
}

func (t *tokenStore) init() { t.tokens = map[string]issuedToken{} }

func (t *tokenStore) issue(now time.Time, ttl time.Duration, subject int64) string {
	tok := rand.Text() // crypto/rand: opaque, never derived from the secret
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.tokens) >= 1024 { // keep long runs bounded
		for k, it := range t.tokens {
			if !now.Before(it.expires) {
				delete(t.tokens, k)
			}
		}
	}
	t.tokens[tok] = issuedToken{expires: now.Add(ttl), subject: subject}
	return tok
}

// lookup returns a live token's subject.
func (t *tokenStore) lookup(tok string, now time.Time) (int64, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	it, ok := t.tokens[tok]
	if ok && !now.Before(it.expires) {
		delete(t.tokens, tok)
		return 0, false
	}
	return it.subject, ok
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
		s.tokenRefused(w, "invalid_client", "The client credentials are invalid")
		return
	}
	if s.cfg.AppNotAuthorized {
		// developer.box.com/platform/user-types: "This app is not authorized by the enterprise".
		s.tokenRefused(w, "unauthorized_client", "This app is not authorized by the enterprise")
		return
	}
	subject, ok := s.tokenSubject(w, f.Get("box_subject_type"), f.Get("box_subject_id"))
	if !ok {
		return
	}
	tok := s.tokens.issue(s.now(), s.cfg.TokenTTL, subject)
	s.stats.tokenMinted()
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, http.StatusOK, object{
		{"access_token", tok},
		{"expires_in", max(int64(s.cfg.TokenTTL/time.Second), 1)},
		{"restricted_to", []object{}},
		{"token_type", "bearer"},
	})
}

// tokenSubject checks box_subject_type and box_subject_id and returns the
// subject: 0 for the service account (subject type enterprise), else the
// user ID. A user token needs the app's "Generate User Access Tokens"
// setting (Config.UserAccessTokens) and names a managed user of this
// enterprise, admins included (guides/authentication/client-credentials:
// "A Managed User or an Admin: box_subject_type user ... App + Enterprise
// Access and Generate User Access Tokens").
func (s *Sim) tokenSubject(w http.ResponseWriter, subjectType, subjectID string) (int64, bool) {
	switch subjectType {
	case "enterprise":
		if subjectID != s.cfg.EnterpriseID {
			s.oauthError(w, "invalid_grant",
				"Please check the 'box_subject_id' parameter in the request: it must be the ID of the enterprise that authorized this application")
			return 0, false
		}
		return 0, true
	case "user":
		id, isID := parseID(subjectID)
		s.mu.RLock()
		u := s.st.usersByID[id]
		managed := isID && u != nil && u.kind == kindListed && !u.appUser && !s.refusedInactive(u)
		s.mu.RUnlock()
		if !s.cfg.UserAccessTokens || !managed {
			// The guide's "Grant credentials are invalid" covers both: the
			// setting is off, or the subject cannot be used.
			s.oauthError(w, "invalid_grant", "Grant credentials are invalid")
			return 0, false
		}
		return id, true
	}
	s.oauthError(w, "unauthorized_client",
		"The \"box_subject_type\" value \""+subjectType+"\" is unauthorized for this client_id: use \"enterprise\" and enable App + Enterprise Access")
	return 0, false
}

// tokenRefused answers a refused client: with the guide's catch-all
// invalid_grant "Grant credentials are invalid"
// (guides/authentication/client-credentials, "Common errors": wrong client
// ID or secret, a subject the access level does not allow, no user
// tokens), or, with Config.DistinctTokenErrors, with the code the common
// errors guide gives each cause (guides/api-calls/permissions-and-errors/
// developer.box.com/guides/api-calls/permissions-and-errors/common-errors: invalid_client "The client credentials are invalid",
// unauthorized_client "This app is not authorized by the enterprise
// admin").
func (s *Sim) tokenRefused(w http.ResponseWriter, code, description string) {
	if !s.cfg.DistinctTokenErrors {
		code, description = "invalid_grant", "Grant credentials are invalid"
	}
	s.oauthError(w, code, description)
}

func equal(a, b string) bool { return subtle.ConstantTimeCompare([]byte(a), []byte(b)) == 1 }

// oauthError writes the OAuth2Error shape Box uses for token failures.
func (s *Sim) oauthError(w http.ResponseWriter, code, description string) {
	w.Header().Set("Cache-Control", "no-store")
	s.writeJSON(w, http.StatusBadRequest, object{{"error", code}, {"error_description", description}})
}

// authorized checks the bearer token of a /2.0 request and returns the
// request with the token's subject attached (see caller).
func (s *Sim) authorized(r *http.Request) (*http.Request, bool) {
	scheme, tok, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || tok == "" {
		return r, false
	}
	subject, ok := s.tokens.lookup(strings.TrimSpace(tok), s.now())
	if !ok {
		return r, false
	}
	return r.WithContext(context.WithValue(r.Context(), subjectKey{}, subject)), true
}

type subjectKey struct{}

// caller is the user a request's token acts as: the service account, or
// the user of a user access token. Callers hold s.mu.
func (s *Sim) caller(st *store, r *http.Request) *userRec {
	if id, _ := r.Context().Value(subjectKey{}).(int64); id != 0 {
		if u := st.usersByID[id]; u != nil {
			return u
		}
	}
	return st.service
}

func (s *Sim) writeUnauthorized(w http.ResponseWriter, r *http.Request) {
	challenge := `Bearer realm="Service"`
	if r.Header.Get("Authorization") != "" {
		challenge += `, error="invalid_token", error_description="The access token provided is invalid."`
	}
	w.Header().Set("WWW-Authenticate", challenge)
	s.writeError(w, http.StatusUnauthorized, codeUnauthorized, "Unauthorized", nil)
}
