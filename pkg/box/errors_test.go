package box

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

func TestScopeHintOnlyForScopeErrors(t *testing.T) {
	cases := map[string]struct {
		write    func(w http.ResponseWriter)
		wantHint bool
	}{
		"insufficient_scope": {func(w http.ResponseWriter) { boxError(w, http.StatusForbidden, CodeInsufficientScope, nil) }, true},
		"empty 403 with a Bearer insufficient_scope challenge": {func(w http.ResponseWriter) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="Service", error="insufficient_scope", error_description="The request requires higher privileges than provided by the access token."`)
			w.WriteHeader(http.StatusForbidden)
		}, true},
		// Box's answer to a transfer from or to a more privileged account:
		// a privilege refusal, which re-authorising the app cannot fix.
		"higher privileged account": {func(w http.ResponseWriter) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"type":"error","status":403,"code":"access_denied_insufficient_permissions","message":"Cannot transfer files from/to higher privileged accounts","request_id":"r1"}`)
		}, false},
		"information barrier": {func(w http.ResponseWriter) { boxError(w, http.StatusForbidden, "forbidden_by_policy", nil) }, false},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, r *http.Request, _ string) { tc.write(w) }}, nil)
			err := c.TransferOwnedContent(context.Background(), "11", "12")
			if status.Code(err) != codes.PermissionDenied {
				t.Fatalf("code %v: %v", status.Code(err), err)
			}
			if got := strings.Contains(err.Error(), "scope"); got != tc.wantHint {
				t.Fatalf("scope hint %v, want %v: %v", got, tc.wantHint, err)
			}
			if tc.wantHint && ErrorCode(err) != CodeInsufficientScope {
				t.Fatalf("ErrorCode %q, want %q", ErrorCode(err), CodeInsufficientScope)
			}
		})
	}
}

func TestEchoedSecretsAreRedacted(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request, token string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		msg := fmt.Sprintf(`got client_secret=%s&grant_type=client_credentials, header "Authorization: Bearer %s", {\"access_token\": \"%s\"} and %s`,
			testSecret, token, token, testSecret)
		//nolint:gosec // G705: a test server that echoes credentials on purpose, as JSON
		fmt.Fprintf(w, `{"type":"error","status":400,"code":"bad_request","message":%q,"request_id":"access_token=%s"}`, msg, token)
	}
	c := newTestClient(t, &fakeBox{api: echo}, nil)
	_, err := c.GetUser(context.Background(), "1")
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for _, secret := range []string{testSecret, "tok-1"} {
		if strings.Contains(msg, secret) {
			t.Errorf("%q leaked: %s", secret, msg)
		}
	}
	if !strings.Contains(msg, "grant_type=client_credentials") || !strings.Contains(msg, "[REDACTED]") {
		t.Errorf("redaction took more or less than the secrets: %s", msg)
	}

	// The token endpoint's error description too.
	f := &fakeBox{api: echo}
	c = newTestClient(t, f, nil)
	f.tokenErr = "invalid_request"
	f.tokenDescription = "bad form: client_secret=" + testSecret
	_, err = c.CurrentUser(context.Background())
	if err == nil || strings.Contains(err.Error(), testSecret) {
		t.Fatalf("token error leaks the secret: %v", err)
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"client_secret=abc123&x=1":            "client_secret=[REDACTED]&x=1",
		`{"access_token":"eyJ.abc.def"}`:      `{"access_token":"[REDACTED]"}`,
		"Authorization: Bearer T0k3n-._~+/==": "Authorization: Bearer [REDACTED]",
		"refresh_token: r1 and more":          "refresh_token: [REDACTED] and more",
		"nothing secret here":                 "nothing secret here",
	}
	for in, want := range cases {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
	if got := redact("the secret is hunter22 indeed", "hunter22"); got != "the secret is [REDACTED] indeed" {
		t.Errorf("literal secret: %q", got)
	}
}

func TestInvalidTokenResponses(t *testing.T) {
	cases := map[string]struct {
		contentType, body string
	}{
		"200 without access_token": {"application/json", `{"token_type":"bearer","expires_in":3600}`},
		"HTML":                     {"text/html; charset=utf-8", `<html><body>Sign in to the proxy</body></html>`},
		"empty":                    {"", ``},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := &fakeBox{api: func(http.ResponseWriter, *http.Request, string) { t.Error("API called without a token") }}
			srv.tokenAnswer = func(w http.ResponseWriter) {
				if tc.contentType != "" {
					w.Header().Set("Content-Type", tc.contentType)
				}
				fmt.Fprint(w, tc.body)
			}
			c := newTestClient(t, srv, nil)
			_, err := c.CurrentUser(context.Background())
			var ae *AuthError
			if !errors.As(err, &ae) || !ae.Invalid || ae.StatusCode != http.StatusOK {
				t.Fatalf("got %#v (%v), want an invalid-response AuthError", ae, err)
			}
			if !strings.Contains(err.Error(), "Box's token endpoint returned an invalid response") || status.Code(err) != codes.Internal {
				t.Fatalf("code %v, message %q", status.Code(err), err.Error())
			}
			if n := len(srv.tokenForms); n != 1 {
				t.Fatalf("%d token requests; an invalid answer is not retried", n)
			}
		})
	}
}

// A transport failure as uhttp reports it (its gRPC status joined with the
// network error) reads once, without the status text; the chain keeps both.
func TestTransportErrorNamesItsCauseOnce(t *testing.T) {
	netErr := errors.New(`Get "http://127.0.0.1:1/2.0/users": dial tcp 127.0.0.1:1: connect: connection refused`)
	joined := errors.Join(status.Error(codes.Unavailable, "connection refused"), netErr)
	err := newTransportError("GET", "/2.0/users", errors.Join(joined, netErr))
	want := `box: GET /2.0/users: request failed: Get "http://127.0.0.1:1/2.0/users": dial tcp 127.0.0.1:1: connect: connection refused`
	if err.Error() != want {
		t.Fatalf("message\n%s\nwant\n%s", err.Error(), want)
	}
	if !errors.Is(err, netErr) {
		t.Fatal("the network error left the chain")
	}
}

// TestHugeRetryAfterIsCapped: a Retry-After of billions of seconds
// overflowed time.Duration into a negative wait, read as "retry after a
// second"; it is a long wait, capped like any other (retryPolicy.maxWait).
func TestHugeRetryAfterIsCapped(t *testing.T) {
	for _, v := range []string{"86400", "9300000000", "9223372036854775807", "99999999999999999999999"} {
		if got := parseRetryAfter(v); got != maxRetryAfter {
			t.Errorf("Retry-After %s: %v, want %v", v, got, maxRetryAfter)
		}
	}
	if got := parseRetryAfter("30"); got != 30*time.Second {
		t.Errorf("Retry-After 30: %v", got)
	}
	rp := retryPolicy{maxWait: DefaultMaxRetryWait}
	err := &Error{StatusCode: http.StatusTooManyRequests, RetryAfter: parseRetryAfter("9300000000")}
	if wait, _ := rp.wait(err, 1); wait != DefaultMaxRetryWait {
		t.Errorf("a 429 with Retry-After 9300000000 waits %v, want the cap %v", wait, DefaultMaxRetryWait)
	}
}

// TestEveryErrorCarriesACode: errors the client makes itself, not only
// Box's, carry a gRPC code (the SDK decides on it; Unknown reads as a
// bug): a lookup too large to page, a call that ended before its request
// went out, an event Box sent malformed, a bad configuration.
func TestEveryErrorCarriesACode(t *testing.T) {
	ctx := context.Background()
	_, tooMany := search(ctx, "users", func(context.Context, int) ([]int, OffsetPage, error) {
		return []int{1}, OffsetPage{TotalCount: 2 * MaxOffset, Offset: MaxOffset - 1, Received: 1}, nil
	}, func(*int) bool { return false })
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, pageSize := New(ctx, Config{PageSize: MaxPageSize + 1})
	_, baseURL := New(ctx, Config{BaseURL: "ftp://box"})
	_, badSource := (&Event{ID: "e1", Type: EventMove, Source: []byte(`[1]`)}).Subject()
	_, badDetails := (&Event{ID: "e1", Type: EventMove, AdditionalDetails: []byte(`"x"`)}).Subject()
	for _, tc := range []struct {
		name string
		err  error
		want codes.Code
	}{
		{"lookup past the offset cap", tooMany, codes.FailedPrecondition},
		{"cancelled before sending", interrupted(cancelled, "GET", "/2.0/users", nil, context.Cause(cancelled)), codes.Canceled},
		{"past its deadline before sending", interrupted(ctx, "GET", "/2.0/users", nil, context.DeadlineExceeded), codes.DeadlineExceeded},
		{"page size", pageSize, codes.InvalidArgument},
		{"base URL", baseURL, codes.InvalidArgument},
		{"event source", badSource, codes.Internal},
		{"event details", badDetails, codes.Internal},
	} {
		if got := status.Code(tc.err); got != tc.want {
			t.Errorf("%s: code %v, want %v: %v", tc.name, got, tc.want, tc.err)
		}
	}
	if err := interrupted(cancelled, "GET", "/2.0/users", nil, context.Cause(cancelled)); !errors.Is(err, context.Canceled) {
		t.Errorf("the cancellation left the chain: %v", err)
	}
}
