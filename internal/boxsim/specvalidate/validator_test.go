package specvalidate

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// harness serves handler through the validating middleware on a real
// listener and collects violations.
type harness struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	viol []Violation
}

func newHarness(t *testing.T, handler http.Handler) *harness {
	t.Helper()
	h := &harness{t: t, srv: httptest.NewUnstartedServer(nil)}
	v, err := New("http://" + h.srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	h.srv.Config.Handler = v.Middleware(handler, func(vi Violation) {
		h.mu.Lock()
		defer h.mu.Unlock()
		h.viol = append(h.viol, vi)
	})
	h.srv.Start()
	t.Cleanup(h.srv.Close)
	return h
}

func (h *harness) violations() []Violation {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := h.viol
	h.viol = nil
	return out
}

type reply struct {
	status int
	header http.Header
	body   map[string]any
}

func (h *harness) do(req *http.Request) reply {
	h.t.Helper()
	res, err := h.srv.Client().Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		h.t.Fatal(err)
	}
	r := reply{status: res.StatusCode, header: res.Header}
	if len(raw) > 0 {
		if err := json.Unmarshal(raw, &r.body); err != nil {
			h.t.Fatalf("%s %s: %v: %s", req.Method, req.URL, err, raw)
		}
	}
	return r
}

func (h *harness) token(form url.Values) reply {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(h.t.Context(), http.MethodPost, h.srv.URL+"/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return h.do(req)
}

func (h *harness) get(tok, path string, want int) reply {
	h.t.Helper()
	req, _ := http.NewRequestWithContext(h.t.Context(), http.MethodGet, h.srv.URL+"/2.0"+path, nil)
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	r := h.do(req)
	if r.status != want {
		h.t.Fatalf("GET %s: status %d, want %d (%v)", path, r.status, want, r.body)
	}
	return r
}

// send calls a /2.0 path with a JSON body (a string is sent verbatim, nil
// sends none) and requires status want.
func (h *harness) send(tok, method, path string, body any, want int) reply {
	h.t.Helper()
	return h.sendAs(tok, "", method, path, body, want)
}

// sendAs is send with an as-user header (none if asUser is empty).
func (h *harness) sendAs(tok, asUser, method, path string, body any, want int) reply {
	h.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		raw, err := json.Marshal(b)
		if err != nil {
			h.t.Fatal(err)
		}
		rd = bytes.NewReader(raw)
	}
	req, _ := http.NewRequestWithContext(h.t.Context(), method, h.srv.URL+"/2.0"+path, rd)
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+tok)
	if asUser != "" {
		req.Header.Set("As-User", asUser)
	}
	r := h.do(req)
	if r.status != want {
		h.t.Fatalf("%s %s (as-user %q): status %d, want %d (%v)", method, path, asUser, r.status, want, r.body)
	}
	return r
}

// sendInvalid sends a request that breaks the spec on purpose: the
// validator must report the request, and nothing about the (error)
// response.
func (h *harness) sendInvalid(tok, method, path string, body any, want int) {
	h.t.Helper()
	before := h.violations()
	h.send(tok, method, path, body, want)
	got := h.violations()
	h.mu.Lock()
	h.viol = before
	h.mu.Unlock()
	if len(got) == 0 {
		h.t.Fatalf("%s %s: the invalid request was not reported", method, path)
	}
	for _, v := range got {
		if !strings.HasPrefix(v.Err.Error(), "request") {
			h.t.Errorf("%s %s: response violation: %s", method, path, v)
		}
	}
}

func goodForm(cfg boxsim.Config) url.Values {
	return url.Values{
		"grant_type": {"client_credentials"}, "client_id": {cfg.ClientID}, "client_secret": {cfg.ClientSecret},
		"box_subject_type": {"enterprise"}, "box_subject_id": {cfg.EnterpriseID},
	}
}

const (
	allUserFields = "id,type,name,login,created_at,modified_at,language,timezone,space_amount,space_used," +
		"max_upload_size,status,job_title,phone,address,avatar_url,notification_email,role,tracking_codes," +
		"can_see_managed_users,is_sync_enabled,is_external_collab_restricted,is_exempt_from_device_limits," +
		"is_exempt_from_login_verification,enterprise,my_tags,hostname,is_platform_access_only,external_app_user_id"
	allGroupFields = "id,type,name,group_type,created_at,modified_at,description,provenance," +
		"external_sync_identifier,invitability_level,member_viewability_level,permissions"
)

// Every endpoint, success and error, must match the official spec.
func TestSimulatorTrafficMatchesSpec(t *testing.T) {
	sim := boxsim.New(boxsim.Config{Seed: 17, Users: 120, AppUsers: 6, ExternalUsers: 2, Groups: 15, AvgGroupsPerUser: 2, GiantGroupMembers: 50})
	h := newHarness(t, sim)
	cfg := sim.Config()
	tr := sim.Truth()

	// Token endpoint: success and each 400.
	tr0 := h.token(goodForm(cfg))
	if tr0.status != http.StatusOK {
		t.Fatalf("token: %d %v", tr0.status, tr0.body)
	}
	tok := tr0.body["access_token"].(string)
	for _, edit := range []func(url.Values){
		func(f url.Values) { f.Set("client_secret", "wrong") },
		func(f url.Values) { f.Set("box_subject_id", "1") },
		func(f url.Values) { f.Set("grant_type", "authorization_code") },
		func(f url.Values) { f.Set("box_subject_type", "user") },
	} {
		f := goodForm(cfg)
		edit(f)
		if r := h.token(f); r.status != http.StatusBadRequest {
			t.Fatalf("token error case: %d %v", r.status, r.body)
		}
	}

	var app, human boxsim.User
	for _, u := range tr.Users {
		if u.IsPlatformAccessOnly && app.ID == "" {
			app = u
		}
		if !u.IsPlatformAccessOnly && human.ID == "" {
			human = u
		}
	}
	ext := tr.ExternalUsers[0]
	group := tr.Groups[0]
	membership := tr.Memberships[0]

	// Users.
	h.get(tok, "/users", 200)
	h.get(tok, "/users?limit=1000&fields="+allUserFields, 200)
	first := h.get(tok, "/users?usemarker=true&limit=50&fields=status,role", 200)
	second := h.get(tok, "/users?usemarker=true&limit=50&marker="+first.body["next_marker"].(string), 200)
	h.get(tok, "/users?usemarker=true&limit=50&marker="+second.body["next_marker"].(string), 200) // last page: null next_marker
	h.get(tok, "/users?filter_term=a&user_type=managed&offset=10&limit=5", 200)
	h.get(tok, "/users?user_type=all&filter_term="+url.QueryEscape(ext.Login), 200)
	h.get(tok, "/users?user_type=external&filter_term="+url.QueryEscape(ext.Login), 200)
	h.get(tok, "/users?external_app_user_id="+url.QueryEscape(app.ExternalAppUserID), 200)
	h.get(tok, "/users?offset=10001", 400)
	h.get(tok, "/users?usemarker=true&marker=bogus", 400)
	h.get(tok, "/users/me", 200)
	h.get(tok, "/users/me?fields=enterprise", 200)
	h.get(tok, "/users/me?fields="+allUserFields, 200)
	for _, id := range []string{human.ID, app.ID, ext.ID, tr.ServiceAccount.ID} {
		h.get(tok, "/users/"+id, 200)
		h.get(tok, "/users/"+id+"?fields="+allUserFields, 200)
	}
	h.get(tok, "/users/12345", 404)
	h.get(tok, "/users/"+human.ID+"/memberships", 200)
	h.get(tok, "/users/"+human.ID+"/memberships?offset=1&limit=1", 200)
	h.get(tok, "/users/12345/memberships", 404)
	h.get(tok, "/users/"+human.ID+"/memberships?offset=20000", 400)

	// Groups and memberships.
	h.get(tok, "/groups", 200)
	h.get(tok, "/groups?limit=1000&fields="+allGroupFields, 200)
	h.get(tok, "/groups?filter_term=pro", 200)
	h.get(tok, "/groups?offset=10001", 400)
	h.get(tok, "/groups/"+group.ID, 200)
	h.get(tok, "/groups/"+group.ID+"?fields="+allGroupFields, 200)
	h.get(tok, "/groups/12345", 404)
	h.get(tok, "/groups/"+tr.Groups[len(tr.Groups)-1].ID+"/memberships?limit=1000", 200)
	h.get(tok, "/groups/12345/memberships", 404)
	h.get(tok, "/group_memberships/"+membership.ID, 200)
	h.get(tok, "/group_memberships/"+membership.ID+"?fields=role,user", 200)
	h.get(tok, "/group_memberships/12345", 404)

	// Auth failures.
	h.get("", "/users", 401)
	h.get("expired-or-bogus", "/groups", 401)

	// Faults: 429 and each 5xx.
	sim.SetFaults(boxsim.Faults{RateLimitEvery: 1})
	if r := h.get(tok, "/users", 429); r.header.Get("Retry-After") != "1" {
		t.Fatalf("429 through the middleware lost Retry-After: %v", r.header)
	}
	sim.SetFaults(boxsim.Faults{ServerErrorRate: 1})
	seen := map[int]bool{}
	for i := 0; i < 200 && len(seen) < 3; i++ {
		req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, h.srv.URL+"/2.0/groups", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		seen[h.do(req).status] = true
	}
	if !seen[500] || !seen[502] || !seen[503] || len(seen) != 3 {
		t.Fatalf("server error statuses seen: %v", seen)
	}
	sim.SetFaults(boxsim.Faults{})

	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}
}

// The validator must be able to fail: a malformed body and an unknown route
// are both reported, and the response still reaches the client unchanged.
func TestValidatorReportsViolations(t *testing.T) {
	h := newHarness(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Marker", "kept")
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, `{"entries":"oops"}`)
	}))
	r := h.get("t", "/users", 200)
	if r.body["entries"] != "oops" || r.header.Get("X-Marker") != "kept" {
		t.Fatalf("response altered: %v %v", r.body, r.header)
	}
	v := h.violations()
	if len(v) != 1 || v[0].Status != 200 || v[0].Method != http.MethodGet || v[0].Path != "/2.0/users" ||
		!strings.Contains(v[0].Err.Error(), "entries") {
		t.Fatalf("malformed GET /users: violations %v", v)
	}

	h.get("t", "/no/such/endpoint", 200)
	if v := h.violations(); len(v) != 1 || !strings.Contains(v[0].Err.Error(), "no operation") {
		t.Fatalf("unknown route: violations %v", v)
	}

	// A request that breaks the spec (limit above its maximum) is reported too.
	h.get("t", "/users?limit=5000", 200)
	found := false
	for _, vi := range h.violations() {
		found = found || strings.Contains(vi.Err.Error(), "request")
	}
	if !found {
		t.Fatal("limit=5000 request violation not reported")
	}
}

func TestErrorShapeViolation(t *testing.T) {
	h := newHarness(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusNotFound)
		_, _ = io.WriteString(w, `{"type":"oops","status":"404"}`)
	}))
	h.get("t", "/groups/1", 404)
	if v := h.violations(); len(v) != 1 || v[0].Status != 404 {
		t.Fatalf("bad ClientError: violations %v", v)
	}
}

func TestNewRejectsBadBase(t *testing.T) {
	for _, base := range []string{"", "127.0.0.1:80", "://x"} {
		if _, err := New(base); err == nil {
			t.Fatalf("New(%q) accepted", base)
		}
	}
}

// TestPendingUserStatus: a new managed user's "pending" status passes (a
// documented state the spec's enum lacks); any other unknown status does not.
func TestPendingUserStatus(t *testing.T) {
	for status, wantViolation := range map[string]bool{"pending": false, "asleep": true} {
		h := newHarness(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusOK)
			_, _ = io.WriteString(w, `{"type":"user","id":"17000000001","name":"N","login":"n@acme.example.com","status":"`+status+`"}`)
		}))
		h.get("t", "/users/17000000001", 200)
		if got := len(h.violations()) > 0; got != wantViolation {
			t.Fatalf("status %q: violation %v, want %v: %v", status, got, wantViolation, h.violations())
		}
	}
}
