package box

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const testSecret = "s3cr3t-value-never-logged"

// fakeBox is a scripted Box: a token endpoint and one API handler.
type fakeBox struct {
	t          *testing.T
	mu         sync.Mutex
	tokenForms []map[string]string
	tokenTTL   int
	tokenErr   string // OAuth2 error code to answer with
	// tokenDescription is the error_description sent with tokenErr.
	tokenDescription string
	// tokenAnswer, when set, writes the token endpoint's 200 answer.
	tokenAnswer func(w http.ResponseWriter)
	minted      atomic.Int32
	api         func(w http.ResponseWriter, r *http.Request, token string)
}

func (f *fakeBox) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/oauth2/token" {
		if err := r.ParseForm(); err != nil {
			f.t.Errorf("token form: %v", err)
		}
		form := map[string]string{}
		for k := range r.PostForm {
			form[k] = r.PostForm.Get(k)
		}
		f.mu.Lock()
		f.tokenForms = append(f.tokenForms, form)
		f.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if f.tokenErr != "" {
			desc := f.tokenDescription
			if desc == "" {
				desc = "described"
			}
			w.WriteHeader(http.StatusBadRequest)
			fmt.Fprintf(w, `{"error":%q,"error_description":%q}`, f.tokenErr, desc)
			return
		}
		if f.tokenAnswer != nil {
			w.Header().Del("Content-Type")
			f.tokenAnswer(w)
			return
		}
		n := f.minted.Add(1)
		ttl := f.tokenTTL
		if ttl == 0 {
			ttl = 3600
		}
		fmt.Fprintf(w, `{"access_token":"tok-%d","expires_in":%d,"token_type":"bearer","restricted_to":[]}`, n, ttl)
		return
	}
	token := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	f.api(w, r, token)
}

func boxError(w http.ResponseWriter, statusCode int, code string, headers map[string]string) {
	for k, v := range headers {
		w.Header().Set(k, v)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(statusCode)
	fmt.Fprintf(w, `{"type":"error","status":%d,"code":%q,"message":"msg for %s","request_id":"req-1"}`, statusCode, code, code)
}

func newTestClient(t *testing.T, f *fakeBox, tune func(*Config)) *Client {
	t.Helper()
	f.t = t
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return mustNew(t, Config{BaseURL: srv.URL, RetryBaseDelay: time.Millisecond, HTTPClient: srv.Client()}, tune)
}

// mustNew builds a client from cfg with the test credentials, after tune.
func mustNew(t *testing.T, cfg Config, tune func(*Config)) *Client {
	t.Helper()
	cfg.ClientID, cfg.ClientSecret, cfg.EnterpriseID = "cid", testSecret, "700001"
	if tune != nil {
		tune(&cfg)
	}
	c, err := New(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTokenRequestCarriesBoxSubject(t *testing.T) {
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","type":"user","enterprise":{"id":"700001","type":"enterprise","name":"Acme"}}`)
	}}
	c := newTestClient(t, f, nil)
	me, err := c.CurrentUser(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if me.Enterprise.Name != "Acme" {
		t.Fatalf("enterprise = %+v", me.Enterprise)
	}
	if len(f.tokenForms) != 1 {
		t.Fatalf("%d token requests, want 1", len(f.tokenForms))
	}
	want := map[string]string{"grant_type": "client_credentials", "client_id": "cid", "client_secret": testSecret,
		"box_subject_type": "enterprise", "box_subject_id": "700001"}
	for k, v := range want {
		if got := f.tokenForms[0][k]; got != v {
			t.Errorf("token form %s = %q, want %q", k, got, v)
		}
	}
}

func TestTokenReusedThenReMintedBeforeExpiry(t *testing.T) {
	f := &fakeBox{tokenTTL: 3600, api: func(w http.ResponseWriter, r *http.Request, token string) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","type":"user"}`)
	}}
	c := newTestClient(t, f, nil)
	now := time.Now()
	c.tokens.now = func() time.Time { return now }
	ctx := context.Background()
	for range 3 {
		if _, err := c.GetUser(ctx, "1"); err != nil {
			t.Fatal(err)
		}
	}
	if got := f.minted.Load(); got != 1 {
		t.Fatalf("minted %d tokens for 3 calls, want 1", got)
	}
	// 59 minutes later the token (1h) is within its refresh margin.
	now = now.Add(59 * time.Minute)
	if _, err := c.GetUser(ctx, "1"); err != nil {
		t.Fatal(err)
	}
	if got := f.minted.Load(); got != 2 {
		t.Fatalf("minted %d tokens, want a re-mint before expiry", got)
	}
}

func TestUnauthorizedReMintsOnce(t *testing.T) {
	var calls atomic.Int32
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		calls.Add(1)
		if token == "tok-1" { // revoked early
			boxError(w, http.StatusUnauthorized, "unauthorized", nil)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","type":"user"}`)
	}}
	c := newTestClient(t, f, nil)
	if _, err := c.GetUser(context.Background(), "1"); err != nil {
		t.Fatal(err)
	}
	if f.minted.Load() != 2 || calls.Load() != 2 {
		t.Fatalf("minted %d, calls %d; want 2 and 2", f.minted.Load(), calls.Load())
	}

	// A token Box keeps rejecting is not re-minted in a loop.
	f2 := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		boxError(w, http.StatusUnauthorized, "unauthorized", nil)
	}}
	c2 := newTestClient(t, f2, nil)
	_, err := c2.GetUser(context.Background(), "1")
	if status.Code(err) != codes.Unauthenticated {
		t.Fatalf("code %v, want Unauthenticated: %v", status.Code(err), err)
	}
	if f2.minted.Load() != 2 {
		t.Fatalf("minted %d tokens, want 2", f2.minted.Load())
	}
}

// TestRateLimitHonoursRetryAfterForAllCallers: Box answers one caller 429
// with Retry-After: 30. That caller retries after it, and another caller of
// the same budget (the service account's), who comes after the 429, is
// held back until the pause ends too: Box would refuse it alike. Fake time
// (synctest): no wall-clock wait.
func TestRateLimitHonoursRetryAfterForAllCallers(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		var mu sync.Mutex
		var refusedAt time.Time
		served := map[string]time.Time{} // user ID -> when Box answered it
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			mu.Lock()
			defer mu.Unlock()
			if refusedAt.IsZero() {
				refusedAt = time.Now()
				boxError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, map[string]string{"Retry-After": "30"})
				return
			}
			served[path.Base(r.URL.Path)] = time.Now()
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"1","type":"user"}`)
		}}
		c := newBubbleClient(t, handlerTransport{f}, nil)
		first := make(chan error)
		go func() { _, err := c.GetUser(context.Background(), "1"); first <- err }()
		synctest.Wait() // the first caller has met the 429 and waits
		if refusedAt.IsZero() {
			t.Fatal("the first call met no 429")
		}
		if _, err := c.GetUser(context.Background(), "2"); err != nil {
			t.Fatal(err)
		}
		if err := <-first; err != nil {
			t.Fatal(err)
		}
		for _, id := range []string{"1", "2"} {
			if at, ok := served[id]; !ok || at.Sub(refusedAt) < 30*time.Second {
				t.Errorf("user %s was answered %v after the 429 (sent: %v), before its Retry-After of 30s", id, at.Sub(refusedAt), ok)
			}
		}
	})
}

func TestPersistentServerErrorsBecomeUnavailableWithDetails(t *testing.T) {
	var calls atomic.Int32
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		calls.Add(1)
		boxError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, map[string]string{"Retry-After": "0"})
	}}
	c := newTestClient(t, f, func(cfg *Config) { cfg.MaxAttempts = 3 })
	_, err := c.GetUser(context.Background(), "1")
	if calls.Load() != 3 {
		t.Fatalf("%d attempts, want 3", calls.Load())
	}
	st, ok := status.FromError(fmt.Errorf("baton-box: wrapped: %w", err))
	if !ok || st.Code() != codes.Unavailable {
		t.Fatalf("status %v ok=%v, want Unavailable", st, ok)
	}
	var rl *v2.RateLimitDescription
	for _, d := range st.Details() {
		if x, ok := d.(*v2.RateLimitDescription); ok {
			rl = x
		}
	}
	if rl == nil || rl.GetStatus() != v2.RateLimitDescription_STATUS_OVERLIMIT {
		t.Fatalf("rate-limit details missing from %v", st.Details())
	}

	var n atomic.Int32
	f5 := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		if n.Add(1) <= 2 {
			boxError(w, http.StatusBadGateway, "bad_gateway", nil)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"1","type":"user"}`)
	}}
	c5 := newTestClient(t, f5, nil)
	if _, err := c5.GetUser(context.Background(), "1"); err != nil {
		t.Fatalf("transient 502s were not retried: %v", err)
	}
}

func TestErrorsAreTypedAndCoded(t *testing.T) {
	cases := []struct {
		status int
		code   string
		want   codes.Code
		hint   string
	}{
		{404, CodeNotFound, codes.NotFound, ""},
		{409, CodeConflict, codes.AlreadyExists, ""},
		{400, "bad_request", codes.InvalidArgument, ""},
		{403, CodeInsufficientScope, codes.PermissionDenied, `"Manage users" scope`},
	}
	for _, tc := range cases {
		f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) { boxError(w, tc.status, tc.code, nil) }}
		c := newTestClient(t, f, nil)
		_, err := c.GetUser(context.Background(), "42")
		if status.Code(err) != tc.want {
			t.Errorf("%d: code %v, want %v", tc.status, status.Code(err), tc.want)
		}
		if StatusCode(err) != tc.status || ErrorCode(err) != tc.code {
			t.Errorf("%d: StatusCode=%d ErrorCode=%q", tc.status, StatusCode(err), ErrorCode(err))
		}
		msg := err.Error()
		if !strings.Contains(msg, "GET /2.0/users/42") || !strings.Contains(msg, "req-1") || !strings.Contains(msg, tc.hint) {
			t.Errorf("%d: message %q lacks path, request id or hint %q", tc.status, msg, tc.hint)
		}
	}
	if !IsNotFound(&Error{StatusCode: 404}) || IsConflict(errors.New("conflict")) {
		t.Error("classification by status, never by text")
	}
}

func TestTokenErrorsAreActionableAndSecretFree(t *testing.T) {
	cases := map[string]struct {
		code codes.Code
		fix  string
	}{
		TokenErrInvalidClient:      {codes.Unauthenticated, "client ID or client secret"},
		TokenErrInvalidGrant:       {codes.Unauthenticated, "enterprise ID"},
		TokenErrUnauthorizedClient: {codes.PermissionDenied, "authorise"},
	}
	for oauthCode, want := range cases {
		f := &fakeBox{tokenErr: oauthCode, api: func(w http.ResponseWriter, r *http.Request, token string) {
			t.Error("API called without a token")
		}}
		c := newTestClient(t, f, nil)
		_, err := c.CurrentUser(context.Background())
		var ae *AuthError
		if !errors.As(err, &ae) || ae.Code != oauthCode {
			t.Fatalf("%s: got %v", oauthCode, err)
		}
		if status.Code(err) != want.code || !strings.Contains(err.Error(), want.fix) {
			t.Errorf("%s: code %v message %q", oauthCode, status.Code(err), err.Error())
		}
		if strings.Contains(err.Error(), testSecret) {
			t.Errorf("%s: secret leaked into error", oauthCode)
		}
		if len(f.tokenForms) != 1 {
			t.Errorf("%s: %d token requests; a rejected credential must not be retried", oauthCode, len(f.tokenForms))
		}
	}
}

func TestUnreachableBaseURLIsUnavailable(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	c, err := New(context.Background(), Config{BaseURL: url, ClientID: "a", ClientSecret: testSecret, EnterpriseID: "1",
		RetryBaseDelay: time.Millisecond, MaxAttempts: 2})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CurrentUser(context.Background())
	if status.Code(err) != codes.Unavailable || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("got %v (%v)", status.Code(err), err)
	}
}

func TestBadBaseURLRejectedWithoutNetwork(t *testing.T) {
	for _, raw := range []string{"api.box.com", "ftp://x", "http://"} {
		if _, err := New(context.Background(), Config{BaseURL: raw}); err == nil {
			t.Errorf("%q accepted", raw)
		}
	}
}

func TestListUsersSendsMarkerPagingAndFields(t *testing.T) {
	var seen []string
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		seen = append(seen, r.URL.RawQuery)
		w.Header().Set("Content-Type", "application/json")
		next := any("MARK2")
		if r.URL.Query().Get("marker") == "MARK2" {
			next = nil
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"entries": []any{map[string]any{"id": "1", "type": "user", "role": "coadmin"}}, "limit": 1000, "next_marker": next})
	}}
	c := newTestClient(t, f, nil)
	p1, err := c.ListUsers(context.Background(), UserQuery{})
	if err != nil || p1.NextMarker != "MARK2" || p1.Users[0].Role != "coadmin" {
		t.Fatalf("page 1: %+v %v", p1, err)
	}
	p2, err := c.ListUsers(context.Background(), UserQuery{Marker: p1.NextMarker})
	if err != nil || p2.NextMarker != "" {
		t.Fatalf("page 2: %+v %v", p2, err)
	}
	for _, want := range []string{"usemarker=true", "limit=1000", "fields=id%2Ctype%2Cname%2Clogin%2Cstatus%2Crole"} {
		if !strings.Contains(seen[0], want) {
			t.Errorf("query %q lacks %q", seen[0], want)
		}
	}
	if !strings.Contains(seen[1], "marker=MARK2") {
		t.Errorf("second query %q lacks the marker", seen[1])
	}
}

func TestOffsetPageAdvancesByEntriesReceived(t *testing.T) {
	cases := []struct {
		p    OffsetPage
		want int
	}{
		{OffsetPage{TotalCount: 2500, Offset: 0, Received: 1000}, 1000},
		{OffsetPage{TotalCount: 2500, Offset: 1000, Received: 600}, 1600}, // a short page mid-collection
		{OffsetPage{TotalCount: 2500, Offset: 2000, Received: 500}, -1},
		{OffsetPage{TotalCount: 1000, Offset: 0, Received: 1000}, -1},
		{OffsetPage{TotalCount: 0, Offset: 0, Received: 0}, -1},
	}
	for _, tc := range cases {
		if got := tc.p.NextOffset(); got != tc.want {
			t.Errorf("%+v: next %d, want %d", tc.p, got, tc.want)
		}
	}
}
