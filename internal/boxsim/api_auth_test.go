package boxsim

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestTokenSuccess(t *testing.T) {
	s := New(Config{Seed: 1, TokenTTL: 90 * time.Minute})
	res := postToken(t, s, tokenForm(s.Config()))
	if res.status != http.StatusOK {
		t.Fatalf("token: %d %s", res.status, res.raw)
	}
	tok, _ := res.body["access_token"].(string)
	if len(tok) < 20 || strings.Contains(tok, s.Config().ClientSecret) {
		t.Fatalf("access_token %q", tok)
	}
	if res.body["token_type"] != "bearer" || res.num(t, "expires_in") != 5400 {
		t.Fatalf("token body %s", res.raw)
	}
	if rt, ok := res.body["restricted_to"].([]any); !ok || len(rt) != 0 {
		t.Fatalf("restricted_to %v", res.body["restricted_to"])
	}
	if other := mintToken(t, s); other == tok {
		t.Fatal("two mints returned the same token")
	}
	if st := s.Stats(); st.Tokens != 2 || st.TokenRequests != 2 || st.ByRoute["POST /oauth2/token"] != 2 {
		t.Fatalf("stats %+v", st)
	}
}

func TestTokenBasicAuth(t *testing.T) {
	s := New(Config{Seed: 1})
	form := tokenForm(s.Config())
	form.Del("client_id")
	form.Del("client_secret")
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(s.Config().ClientID, s.Config().ClientSecret)
	if res := serve(t, s, req); res.status != http.StatusOK {
		t.Fatalf("basic auth: %d %s", res.status, res.raw)
	}
}

// TestTokenErrors: by default Box's catch-all invalid_grant "Grant
// credentials are invalid" answers wrong credentials, an unauthorised app
// and a user subject without user tokens (client-credentials guide);
// DistinctTokenErrors gives the common errors guide's separate codes.
func TestTokenErrors(t *testing.T) {
	for _, distinct := range []bool{false, true} {
		s := New(Config{Seed: 1, DistinctTokenErrors: distinct})
		credErr := map[bool]string{false: "invalid_grant", true: "invalid_client"}[distinct]
		cases := []struct {
			name  string
			edit  func(url.Values)
			error string
		}{
			{"wrong secret", func(f url.Values) { f.Set("client_secret", "nope") }, credErr},
			{"unknown client", func(f url.Values) { f.Set("client_id", "someone-else") }, credErr},
			{"no credentials", func(f url.Values) { f.Del("client_id"); f.Del("client_secret") }, credErr},
			{"other enterprise", func(f url.Values) { f.Set("box_subject_id", "999999") }, "invalid_grant"},
			{"no subject id", func(f url.Values) { f.Del("box_subject_id") }, "invalid_grant"},
			{"unsupported grant", func(f url.Values) { f.Set("grant_type", "password") }, "unsupported_grant_type"},
			{"jwt grant", func(f url.Values) { f.Set("grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer") }, "unsupported_grant_type"},
			{"missing grant", func(f url.Values) { f.Del("grant_type") }, "invalid_request"},
			{"user subject without user tokens", func(f url.Values) { f.Set("box_subject_type", "user") }, "invalid_grant"},
			{"no subject type", func(f url.Values) { f.Del("box_subject_type") }, "unauthorized_client"},
		}
		for _, c := range cases {
			t.Run(fmt.Sprintf("distinct=%v/%s", distinct, c.name), func(t *testing.T) {
				form := tokenForm(s.Config())
				c.edit(form)
				res := postToken(t, s, form)
				if res.status != http.StatusBadRequest || res.body["error"] != c.error {
					t.Fatalf("got %d %s, want 400 %s", res.status, res.raw, c.error)
				}
				if d, _ := res.body["error_description"].(string); d == "" {
					t.Fatalf("no error_description: %s", res.raw)
				}
			})
		}
		if res := postToken(t, s, url.Values{"box_subject_id": {"999999"}, "grant_type": {"client_credentials"}}); res.body["error"] != credErr {
			t.Fatalf("credentials are checked before the subject: %s", res.raw)
		}
		otherEnterprise := tokenForm(s.Config())
		otherEnterprise.Set("box_subject_id", "1")
		if res := postToken(t, s, otherEnterprise); !strings.Contains(res.body["error_description"].(string), "box_subject_id") {
			t.Fatalf("invalid_grant should name box_subject_id: %s", res.raw)
		}
		wantError(t, serve(t, s, httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/oauth2/token", nil)), http.StatusMethodNotAllowed, "method_not_allowed")
		if st := s.Stats(); st.Tokens != 0 || st.TokenRequests != len(cases)+3 {
			t.Fatalf("stats after failures %+v", st)
		}
	}
	// An app no admin has authorised.
	for distinct, want := range map[bool]string{false: "invalid_grant", true: "unauthorized_client"} {
		s := New(Config{Seed: 1, AppNotAuthorized: true, DistinctTokenErrors: distinct})
		if res := postToken(t, s, tokenForm(s.Config())); res.body["error"] != want {
			t.Fatalf("distinct=%v: unauthorised app: %s, want %s", distinct, res.raw, want)
		}
	}
}

// TestUserAccessTokens: with "Generate User Access Tokens" the app mints a
// token for a managed user or the admin, and it acts as that user.
func TestUserAccessTokens(t *testing.T) {
	s := New(Config{Seed: 1, Users: 5, ExternalUsers: 1, UserAccessTokens: true})
	admin := s.Truth().Users[0]
	if admin.Role != roleAdmin {
		t.Fatalf("seed's first user is %s, not the admin", admin.Role)
	}
	form := tokenForm(s.Config())
	form.Set("box_subject_type", "user")
	form.Set("box_subject_id", admin.ID)
	res := postToken(t, s, form)
	tok, _ := res.body["access_token"].(string)
	if res.status != http.StatusOK || tok == "" {
		t.Fatalf("user token: %d %s", res.status, res.raw)
	}
	if me := mustGet(t, s, tok, "/users/me"); me.body["id"] != admin.ID {
		t.Fatalf("the user token acts as %v, want the admin %s", me.body["id"], admin.ID)
	}
	for _, id := range []string{s.Truth().ServiceAccount.ID, s.Truth().ExternalUsers[0].ID, "17999999999", "x"} {
		form.Set("box_subject_id", id)
		if res := postToken(t, s, form); res.body["error"] != "invalid_grant" {
			t.Fatalf("user token for %s: %s", id, res.raw)
		}
	}
}

func TestAPIRequiresValidToken(t *testing.T) {
	s := New(Config{Seed: 1, Users: 3})
	for name, header := range map[string]string{
		"missing":     "",
		"unknown":     "Bearer not-a-token",
		"wrongScheme": "Basic " + mintToken(t, s),
		"empty":       "Bearer ",
	} {
		req := httptest.NewRequestWithContext(t.Context(), http.MethodGet, "/2.0/users", nil)
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		res := serve(t, s, req)
		wantError(t, res, http.StatusUnauthorized, "unauthorized")
		if !strings.HasPrefix(res.header.Get("WWW-Authenticate"), "Bearer") {
			t.Fatalf("%s: WWW-Authenticate %q", name, res.header.Get("WWW-Authenticate"))
		}
	}
}

func TestTokenExpiry(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 1, Users: 3, TokenTTL: 10 * time.Minute, Now: clock.Now})
	tok := mintToken(t, s)
	mustGet(t, s, tok, "/users/me")
	clock.Advance(10*time.Minute - time.Second)
	mustGet(t, s, tok, "/users/me")
	clock.Advance(time.Second)
	res := get(t, s, tok, "/users/me")
	wantError(t, res, http.StatusUnauthorized, "unauthorized")
	if !strings.Contains(res.header.Get("WWW-Authenticate"), "invalid_token") {
		t.Fatalf("expired token challenge %q", res.header.Get("WWW-Authenticate"))
	}
	fresh := mintToken(t, s)
	mustGet(t, s, fresh, "/users/me")
}

func TestDefaultTokenTTL(t *testing.T) {
	a, b := New(Config{Seed: 1}).Config().TokenTTL, New(Config{Seed: 1}).Config().TokenTTL
	if a != b || a < 3590*time.Second || a >= 3600*time.Second {
		t.Fatalf("default TTL %v / %v: want the same value, a few seconds under 3600s", a, b)
	}
	s := New(Config{Seed: 1})
	if got := postToken(t, s, tokenForm(s.Config())).num(t, "expires_in"); got != int(a/time.Second) {
		t.Fatalf("expires_in %d, want %d", got, int(a/time.Second))
	}
	short := New(Config{Seed: 1, TokenTTL: 300 * time.Millisecond})
	if got := postToken(t, short, tokenForm(short.Config())).num(t, "expires_in"); got != 1 {
		t.Fatalf("sub-second TTL expires_in %d, want 1", got)
	}
}
