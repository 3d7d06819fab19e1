package box

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// elsewhere is a server on another port of the same host name, where a
// redirect must not lead: it counts what reaches it.
func elsewhere(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		t.Errorf("a redirect was followed to another host: %s %s (form %q, Authorization %q)",
			r.Method, r.URL, r.PostFormValue("client_secret"), r.Header.Get("Authorization"))
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

func hostOf(t *testing.T, raw string) string {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}

// TestTokenRequestFollowsNoRedirect: a 307 on POST /oauth2/token would
// make net/http post client_id and client_secret again, to wherever it
// points. The token request follows no redirect; the error names where
// the redirect pointed, and it is not retried.
func TestTokenRequestFollowsNoRedirect(t *testing.T) {
	evil, hits := elsewhere(t)
	for _, code := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		f := &fakeBox{tokenAnswer: func(w http.ResponseWriter) {
			w.Header().Set("Location", evil.URL+"/oauth2/token")
			w.WriteHeader(code)
		}, api: func(w http.ResponseWriter, r *http.Request, token string) {
			t.Error("API called without a token")
		}}
		c := newTestClient(t, f, nil)
		_, err := c.CurrentUser(context.Background())
		var ae *AuthError
		if !errors.As(err, &ae) || ae.StatusCode != code {
			t.Fatalf("HTTP %d: got %v, want an *AuthError with the redirect's status", code, err)
		}
		msg := err.Error()
		if !strings.Contains(msg, hostOf(t, evil.URL)) || !strings.Contains(msg, "follow no redirect") || strings.Contains(msg, testSecret) {
			t.Errorf("HTTP %d: message %q does not name the redirect's host, or leaks the secret", code, msg)
		}
		if status.Code(err) != codes.FailedPrecondition || len(f.tokenForms) != 1 {
			t.Errorf("HTTP %d: code %v after %d token requests; want FailedPrecondition after 1", code, status.Code(err), len(f.tokenForms))
		}
	}
	if hits.Load() != 0 {
		t.Fatalf("%d requests reached the redirect's target", hits.Load())
	}
}

// TestAPIRedirectsStayOnTheirHost: an API request follows a redirect
// within its host (the token goes along), never one to another host or
// port: that answer ends the request, not retried, naming where it
// pointed.
func TestAPIRedirectsStayOnTheirHost(t *testing.T) {
	evil, hits := elsewhere(t)
	var calls atomic.Int32
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		calls.Add(1)
		switch r.URL.Path {
		case "/2.0/users/1": // moved within the host
			w.Header().Set("Location", "/2.0/users/2?"+r.URL.RawQuery)
			w.WriteHeader(http.StatusMovedPermanently)
		case "/2.0/users/2":
			if token == "" {
				t.Error("the same-host redirect lost the token")
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"2","type":"user"}`)
		default: // elsewhere
			w.Header().Set("Location", evil.URL+r.URL.Path)
			w.WriteHeader(http.StatusTemporaryRedirect)
		}
	}}
	c := newTestClient(t, f, nil)
	u, err := c.GetUser(context.Background(), "1")
	if err != nil || u.ID != "2" {
		t.Fatalf("same-host redirect: %+v, %v", u, err)
	}

	calls.Store(0)
	_, err = c.GetUser(context.Background(), "3")
	if StatusCode(err) != http.StatusTemporaryRedirect || status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("cross-host redirect: got %v (code %v), want HTTP 307 FailedPrecondition", err, status.Code(err))
	}
	if msg := err.Error(); !strings.Contains(msg, hostOf(t, evil.URL)) || !strings.Contains(msg, "not followed") {
		t.Errorf("message %q does not say where the redirect pointed", msg)
	}
	if calls.Load() != 1 || hits.Load() != 0 {
		t.Fatalf("%d API calls, %d reached the other host; want 1 and 0", calls.Load(), hits.Load())
	}
}

func TestBaseURLMustBeHTTPSOffLoopback(t *testing.T) {
	for _, raw := range []string{"http://api.box.com", "http://10.0.0.5:8080", "http://box.example.com/", "http://[2001:db8::1]", "http://127.0.0.1.nip.io"} {
		_, err := ParseBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), "must use https") {
			t.Errorf("%q: got %v, want a refusal of plain http", raw, err)
		}
	}
	for _, raw := range []string{"", "https://api.box.com", "https://10.0.0.5", "http://127.0.0.1:8080", "http://127.9.9.9", "http://localhost:3000", "http://[::1]:9000"} {
		if _, err := ParseBaseURL(raw); err != nil {
			t.Errorf("%q refused: %v", raw, err)
		}
	}
}

// allocatedDuring is how many bytes fn allocated (MemStats.TotalAlloc).
// The heap cannot grow by more than that while fn runs, so it bounds the
// peak heap from above without sampling.
func allocatedDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestOversizedBodyFailsWithBoundedMemory: a 50 MB answer, with or without
// a Content-Length, fails with one clear error, is not retried, and costs
// the process a fraction of its size in memory (uhttp would buffer the
// whole body, and pkg/box copy it again).
func TestOversizedBodyFailsWithBoundedMemory(t *testing.T) {
	const size = 50 << 20
	chunk := []byte(`{"id":"1","type":"user","name":"` + strings.Repeat("x", 64<<10) + `"},`)
	for _, declared := range []bool{true, false} {
		t.Run(fmt.Sprintf("Content-Length %v", declared), func(t *testing.T) {
			var calls atomic.Int32
			f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
				calls.Add(1)
				w.Header().Set("Content-Type", "application/json")
				if declared {
					w.Header().Set("Content-Length", fmt.Sprint(size))
				}
				w.WriteHeader(http.StatusOK)
				for sent := 0; sent < size; sent += len(chunk) {
					if _, err := w.Write(chunk[:min(len(chunk), size-sent)]); err != nil {
						return // the client hung up
					}
				}
			}}
			c := newTestClient(t, f, nil)
			var err error
			allocated := allocatedDuring(func() { _, err = c.ListUsers(context.Background(), UserQuery{}) })
			t.Logf("allocated %d MiB for a %d MiB answer", allocated>>20, size>>20)
			var tooLarge *Error
			if !errors.As(err, &tooLarge) || !strings.Contains(err.Error(), "response body larger than 8 MiB") || status.Code(err) != codes.Internal {
				t.Fatalf("got %v (code %v), want an Internal error saying the body is too large", err, status.Code(err))
			}
			if calls.Load() != 1 {
				t.Fatalf("%d requests; an oversized answer must not be fetched again", calls.Load())
			}
			limit := uint64(size / 2)
			if raceDetector {
				limit = size // the detector's own allocations; still below the body
			}
			if allocated > limit {
				t.Fatalf("allocated %d MiB for a %d MiB answer; the cap must bound memory", allocated>>20, size>>20)
			}
		})
	}
}

// TestOversizedTokenAnswerIsNamed: the token endpoint's answer is cut off
// at 64 KiB with an error, not silently (which read as "no access_token").
func TestOversizedTokenAnswerIsNamed(t *testing.T) {
	f := &fakeBox{tokenAnswer: func(w http.ResponseWriter) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"access_token":"tok","expires_in":3600,"padding":"%s"}`, strings.Repeat("x", 2<<20))
	}, api: func(w http.ResponseWriter, r *http.Request, token string) { t.Error("API called") }}
	c := newTestClient(t, f, nil)
	_, err := c.CurrentUser(context.Background())
	if err == nil || !strings.Contains(err.Error(), "response body larger than 64 KiB") || status.Code(err) != codes.Internal {
		t.Fatalf("got %v (code %v), want an Internal error saying the answer is too large", err, status.Code(err))
	}
}

// TestSlowDripIsATimeout: an answer whose body trickles in past the
// request timeout is a timeout ("no answer within"), not a malformed body,
// and the request ends at the timeout: the handler drips until the client
// hangs up, so the test ends only because the client cut the request off.
// No upper bound on the (real) time it took: a loaded machine may be slow.
func TestSlowDripIsATimeout(t *testing.T) {
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		fmt.Fprint(w, `{"id":"1",`)
		for {
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				return
			case <-time.After(20 * time.Millisecond):
				fmt.Fprint(w, " ")
			}
		}
	}}
	const timeout = 300 * time.Millisecond
	c := newTestClient(t, f, func(cfg *Config) { cfg.RequestTimeout, cfg.MaxAttempts = timeout, 1 })
	start := time.Now()
	_, err := c.GetUser(context.Background(), "1")
	elapsed := time.Since(start)
	if err == nil || !strings.Contains(err.Error(), "no answer within 300ms") || status.Code(err) != codes.Unavailable {
		t.Fatalf("got %v (code %v), want an Unavailable timeout", err, status.Code(err))
	}
	if elapsed < timeout {
		t.Fatalf("the request ended after %v, before its timeout %v", elapsed, timeout)
	}
}

// TestNoClientWideTimeout: uhttp builds its client with a 300 s timeout,
// which would cut a content transfer (allowed 15 minutes); the clients the
// Box client uses have none, each request carrying its own deadline.
func TestNoClientWideTimeout(t *testing.T) {
	api, token := guardedClients(&http.Client{Timeout: 300 * time.Second})
	if api.Timeout != 0 || token.Timeout != 0 {
		t.Fatalf("client timeouts %s (API) and %s (token), want none", api.Timeout, token.Timeout)
	}
}
