package box

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Tests that involve minutes of waiting run inside a testing/synctest
// bubble: its clock is fake and jumps ahead whenever every goroutine is
// waiting, so a ten-minute give-up takes milliseconds. Nothing may leave the
// bubble, so requests go to an in-memory handler instead of a socket, and
// the SDK's HTTP cache (whose cleaner goroutine never exits) is disabled.

// handlerTransport serves requests in-process with h.
type handlerTransport struct{ h http.Handler }

func (t handlerTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, req)
	if err := req.Context().Err(); err != nil {
		return nil, err // the handler saw the request time out
	}
	resp := rec.Result()
	resp.Request = req
	return resp, nil
}

// transportFunc fails or answers requests without any handler.
type transportFunc func(*http.Request) (*http.Response, error)

func (f transportFunc) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// disableHTTPCache must run outside the bubble (t.Setenv), before it.
func disableHTTPCache(t *testing.T) { t.Setenv("BATON_DISABLE_HTTP_CACHE", "true") }

// newBubbleClient builds a client, inside the bubble, whose requests go to rt.
func newBubbleClient(t *testing.T, rt http.RoundTripper, tune func(*Config)) *Client {
	t.Helper()
	return mustNew(t, Config{BaseURL: "https://box.test", HTTPClient: &http.Client{Transport: rt}}, tune)
}
