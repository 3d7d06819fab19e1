package main_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// Faults after validation, through the built binary: Box fails in a way
// that never ends, and the run must end by itself, non-zero, with one line
// naming the last Box error (--give-up-after-seconds bounds it).

// runLimit is a safety net, not a measurement: a binary that retries
// forever is stopped here so that the test fails instead of hanging.
const runLimit = 3 * time.Minute

// runBounded runs baton-box like runBinary, but kills it after runLimit.
func runBounded(t *testing.T, env map[string]string, args ...string) (run, bool) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), runLimit)
	defer cancel()
	return runUntil(ctx, t, filepath.Join(t.TempDir(), "sync.c1z"), env, args...)
}

// faultAfterValidation serves the simulator until the connector has read
// users/me (its validation), then hands every /2.0 request to fault.
type faultAfterValidation struct {
	sim       *boxsim.Sim
	validated atomic.Bool
	faulted   atomic.Int32
	fault     func(w http.ResponseWriter, r *http.Request)
}

func (f *faultAfterValidation) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if f.validated.Load() && strings.HasPrefix(r.URL.Path, "/2.0/") {
		f.faulted.Add(1)
		f.fault(w, r)
		return
	}
	f.sim.ServeHTTP(w, r)
	if r.URL.Path == "/2.0/users/me" {
		f.validated.Store(true)
	}
}

func faultEnv(t *testing.T, fault func(srv *httptest.Server) func(w http.ResponseWriter, r *http.Request)) (map[string]string, *faultAfterValidation) {
	t.Helper()
	sim := boxsim.New(smallEnterprise())
	f := &faultAfterValidation{sim: sim}
	srv := httptest.NewUnstartedServer(f)
	f.fault = fault(srv)
	srv.Start()
	t.Cleanup(srv.Close)
	return withEnv(boxEnv(sim.Config(), srv.URL), "BATON_GIVE_UP_AFTER_SECONDS", "3"), f
}

func TestPersistentFaultsAfterValidationEndTheRun(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		fault func(srv *httptest.Server) func(w http.ResponseWriter, r *http.Request)
		want  []string
	}{
		"500 on every request": {func(*httptest.Server) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusInternalServerError)
				fmt.Fprint(w, `{"type":"error","status":500,"code":"internal_server_error","message":"Internal Server Error","request_id":"r500"}`)
			}
		}, []string{"gave up after", "HTTP 500 internal_server_error"}},
		"accepts but never answers": {func(*httptest.Server) func(w http.ResponseWriter, r *http.Request) {
			return func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
		}, []string{"gave up after", "no answer within"}},
		"killed mid-sync": {func(srv *httptest.Server) func(w http.ResponseWriter, r *http.Request) {
			var once sync.Once
			return func(w http.ResponseWriter, r *http.Request) {
				// The server dies: no more connections, and this one is dropped.
				once.Do(func() { _ = srv.Listener.Close() })
				if hj, ok := w.(http.Hijacker); ok {
					if conn, _, err := hj.Hijack(); err == nil {
						_ = conn.Close()
					}
				}
				srv.CloseClientConnections()
			}
		}, []string{"gave up after", "connection refused"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env, f := faultEnv(t, tc.fault)
			r, ended := runBounded(t, env)
			if !ended {
				t.Fatalf("still running after %v (%d faulted requests): the run never gives up\n%s", runLimit, f.faulted.Load(), tail(r.stderr, 2000))
			}
			if r.exitCode == 0 {
				t.Fatalf("exit 0 after Box failed every request:\n%s", tail(r.stderr, 2000))
			}
			if f.faulted.Load() == 0 {
				t.Fatal("no request reached the fault: the test proves nothing")
			}
			// The SDK joins the give-up with what the other workers, cancelled
			// by it, ended with; the run ends with the give-up (the cause).
			line := lastErrorLine(r.stderr)
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("the last line lacks %q:\n%s", w, tail(r.stderr, 2000))
				}
			}
			t.Logf("final error: %s", line)
		})
	}
}

// TestMalformedUsersPageFailsTheRun: a users page without entries fails
// the run naming the path, instead of syncing zero users.
func TestMalformedUsersPageFailsTheRun(t *testing.T) {
	t.Parallel()
	sim, env := simEnv(t)
	sim.SetFaults(boxsim.Faults{MalformedPages: boxsim.MalformedPages{Mode: boxsim.PagesDropEntries, Route: "GET /users"}})
	r, ended := runBounded(t, env)
	if !ended || r.exitCode == 0 {
		t.Fatalf("ended %v, exit %d: a users page without entries was accepted\n%s", ended, r.exitCode, tail(r.stderr, 2000))
	}
	line := lastErrorLine(r.stderr)
	for _, w := range []string{"GET /2.0/users", "malformed listing page: no entries"} {
		if !strings.Contains(line, w) {
			t.Errorf("last line lacks %q:\n%s", w, line)
		}
	}
}

// TestValidationNamesWhatBoxAnswered: a token endpoint that answers 200
// without a token, or HTML, is not "cannot reach Box"; a users/me without
// an enterprise says so instead of "set it to none".
func TestValidationNamesWhatBoxAnswered(t *testing.T) {
	t.Parallel()
	sim := boxsim.New(boxsim.Config{Seed: 1, Users: 3})
	cases := map[string]struct {
		handler http.HandlerFunc
		want    []string
		never   []string
	}{
		"token answer without access_token": {func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/oauth2/token" {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"token_type":"bearer","expires_in":3600}`)
				return
			}
			sim.ServeHTTP(w, r)
		}, []string{"Box's token endpoint", "returned an invalid response", "--base-url"}, []string{"cannot reach"}},
		"HTML token answer": {func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/oauth2/token" {
				w.Header().Set("Content-Type", "text/html")
				fmt.Fprint(w, `<html><body>Please sign in to the proxy</body></html>`)
				return
			}
			sim.ServeHTTP(w, r)
		}, []string{"returned an invalid response", "text/html"}, []string{"cannot reach"}},
		"users/me without an enterprise": {func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/2.0/users/me" {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, `{"type":"user","id":"31","name":"Automation","login":"AutomationUser_1@boxdevedition.com","role":"user"}`)
				return
			}
			sim.ServeHTTP(w, r)
		}, []string{"names no enterprise", "App + Enterprise Access"}, []string{"set it to none"}},
	}
	cfg := sim.Config()
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := httptest.NewServer(tc.handler)
			t.Cleanup(srv.Close)
			r, ended := runBounded(t, boxEnv(cfg, srv.URL))
			if !ended || r.exitCode == 0 {
				t.Fatalf("ended %v, exit %d\n%s", ended, r.exitCode, tail(r.stderr, 2000))
			}
			line := lastErrorLine(r.stderr)
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("last line lacks %q:\n%s", w, line)
				}
			}
			for _, n := range tc.never {
				if strings.Contains(line, n) {
					t.Errorf("last line says %q:\n%s", n, line)
				}
			}
		})
	}
}
