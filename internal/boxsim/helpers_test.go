package boxsim

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock is a settable clock for expiry and rate-limit tests.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock { return &fakeClock{t: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// response is a decoded simulator answer.
type response struct {
	status int
	header http.Header
	body   map[string]any
	raw    string
}

func (r response) entries(t *testing.T) []map[string]any {
	t.Helper()
	raw, ok := r.body["entries"].([]any)
	if !ok {
		t.Fatalf("no entries array in %s", r.raw)
	}
	out := make([]map[string]any, len(raw))
	for i, e := range raw {
		out[i] = e.(map[string]any)
	}
	return out
}

func (r response) num(t *testing.T, key string) int {
	t.Helper()
	v, ok := r.body[key].(float64)
	if !ok {
		t.Fatalf("%s is not a number in %s", key, r.raw)
	}
	return int(v)
}

func serve(t *testing.T, s *Sim, req *http.Request) response {
	t.Helper()
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, req)
	res := response{status: rec.Code, header: rec.Header(), raw: rec.Body.String()}
	if rec.Body.Len() > 0 {
		if err := json.Unmarshal(rec.Body.Bytes(), &res.body); err != nil {
			t.Fatalf("%s %s: body is not a JSON object: %v: %q", req.Method, req.URL, err, rec.Body.String())
		}
	}
	if rec.Body.Len() > 0 && !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("%s %s: Content-Type %q", req.Method, req.URL, rec.Header().Get("Content-Type"))
	}
	return res
}

func tokenForm(cfg Config) url.Values {
	return url.Values{
		"grant_type":       {"client_credentials"},
		"client_id":        {cfg.ClientID},
		"client_secret":    {cfg.ClientSecret},
		"box_subject_type": {"enterprise"},
		"box_subject_id":   {cfg.EnterpriseID},
	}
}

func postToken(t *testing.T, s *Sim, form url.Values) response {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), http.MethodPost, "/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return serve(t, s, req)
}

func mintToken(t *testing.T, s *Sim) string {
	t.Helper()
	res := postToken(t, s, tokenForm(s.Config()))
	if res.status != http.StatusOK {
		t.Fatalf("token: %d %s", res.status, res.raw)
	}
	return res.body["access_token"].(string)
}

// get calls a /2.0 path (e.g. "/users?limit=5") with the bearer token.
func get(t *testing.T, s *Sim, tok, path string) response {
	t.Helper()
	return serve(t, s, newReq(http.MethodGet, "/2.0"+path, tok))
}

func newReq(method, target, tok string) *http.Request {
	req := httptest.NewRequestWithContext(context.Background(), method, target, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	return req
}

// mustGet is get that requires a 200.
func mustGet(t *testing.T, s *Sim, tok, path string) response {
	t.Helper()
	res := get(t, s, tok, path)
	if res.status != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, res.status, res.raw)
	}
	return res
}

// wantError asserts a Box ClientError with the given status and code.
func wantError(t *testing.T, res response, status int, code string) {
	t.Helper()
	if res.status != status {
		t.Fatalf("status %d, want %d: %s", res.status, status, res.raw)
	}
	if res.body["type"] != "error" || res.body["code"] != code || int(res.body["status"].(float64)) != status {
		t.Fatalf("want ClientError %d %s, got %s", status, code, res.raw)
	}
	if id, _ := res.body["request_id"].(string); id == "" {
		t.Fatalf("ClientError without request_id: %s", res.raw)
	}
	if msg, _ := res.body["message"].(string); msg == "" {
		t.Fatalf("ClientError without message: %s", res.raw)
	}
}

func ids(entries []map[string]any) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i] = e["id"].(string)
	}
	return out
}

func keys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// send calls a /2.0 path with a JSON body: a string goes verbatim, nil
// sends none, anything else is marshalled.
func send(t *testing.T, s *Sim, tok, method, path string, body any) response {
	t.Helper()
	return sendAs(t, s, tok, "", method, path, body)
}

// jsonRequest builds a /2.0 request with send's body rules and, unless
// asUser is empty, the as-user header.
func jsonRequest(t *testing.T, tok, asUser, method, path string, body any) *http.Request {
	t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req := httptest.NewRequestWithContext(t.Context(), method, "/2.0"+path, rd)
	req.Header.Set("Authorization", "Bearer "+tok)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if asUser != "" {
		req.Header.Set("As-User", asUser)
	}
	return req
}

// mustSend is send that requires the given status.
func mustSend(t *testing.T, s *Sim, tok, method, path string, body any, status int) response {
	t.Helper()
	return wantStatus(t, send(t, s, tok, method, path, body), method+" "+path, status)
}

// wantStatus fails the test unless res has the given status.
func wantStatus(t *testing.T, res response, what string, status int) response {
	t.Helper()
	if res.status != status {
		t.Fatalf("%s: %d, want %d: %s", what, res.status, status, res.raw)
	}
	return res
}

type obj = map[string]any

// first returns the first item matching ok.
func first[T any](items []T, ok func(T) bool) (T, bool) {
	for _, x := range items {
		if ok(x) {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// mustFind is first that fails the test when nothing matches.
func mustFind[T any](t *testing.T, items []T, what string, ok func(T) bool) T {
	t.Helper()
	x, found := first(items, ok)
	if !found {
		t.Fatalf("seed has no %s", what)
	}
	return x
}

// findUser returns the first Truth user matching ok.
func findUser(t *testing.T, users []User, what string, ok func(User) bool) User {
	t.Helper()
	return mustFind(t, users, what+" user", ok)
}

func userByID(tr Truth, id string) (User, bool) {
	return first(tr.Users, func(u User) bool { return u.ID == id })
}
