package box

import (
	"context"
	"encoding/binary"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// nxdomainResolver is Go's own resolver talking to an in-process DNS
// server that answers every query NXDOMAIN, as Box's name would get from
// any resolver were --base-url's host misspelled: the test needs no
// network, and the lookup fails at once.
// queries counts the lookups it served.
func nxdomainResolver(queries *atomic.Int32) *net.Resolver {
	return &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		queries.Add(1)
		client, server := net.Pipe()
		go answerNXDOMAIN(server)
		return client, nil
	}}
}

// answerNXDOMAIN reads one DNS query in TCP framing (a net.Pipe is no
// PacketConn) and answers it "no such name", echoing its question.
func answerNXDOMAIN(conn net.Conn) {
	defer conn.Close()
	var size [2]byte
	if _, err := io.ReadFull(conn, size[:]); err != nil {
		return
	}
	q := make([]byte, binary.BigEndian.Uint16(size[:]))
	if _, err := io.ReadFull(conn, q); err != nil || len(q) < 12 {
		return
	}
	end := 12 // the question: labels up to the root, then type and class
	for end < len(q) && q[end] != 0 {
		end += int(q[end]) + 1
	}
	if end += 5; end > len(q) {
		return
	}
	// Same ID; a response, recursion desired and available, RCODE 3
	// (NXDOMAIN); one question, no records.
	resp := append([]byte{q[0], q[1], 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0}, q[12:end]...)
	//nolint:gosec // G115: no longer than the query, which came with a 16-bit length
	_, _ = conn.Write(append(binary.BigEndian.AppendUint16(nil, uint16(len(resp))), resp...))
}

// dialCounter is a transport dialling with resolver (nil: the system's),
// counting the connections it tries.
func dialCounter(resolver *net.Resolver) (*http.Transport, *atomic.Int32) {
	var dials atomic.Int32
	d := &net.Dialer{Resolver: resolver}
	return &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return d.DialContext(ctx, network, addr)
	}}, &dials
}

// withToken gives c a valid token, so its next call goes straight to the API.
func withToken(c *Client) *Client {
	c.tokens.access, c.tokens.renewAt = "tok", time.Now().Add(time.Hour)
	return c
}

// TestPermanentNetworkFailuresAreNotRetried: a host that does not resolve
// (NXDOMAIN) or serves a certificate this machine does not trust will not
// answer however long the client retries. They were transient
// (Unavailable), retried until --give-up-after-seconds; now the first
// failure ends the call, token request or API call, FailedPrecondition,
// naming the host and --base-url.
func TestPermanentNetworkFailuresAreNotRetried(t *testing.T) {
	untrusted := httptest.NewUnstartedServer(&fakeBox{t: t, api: func(http.ResponseWriter, *http.Request, string) {
		t.Error("a request passed an untrusted certificate")
	}})
	untrusted.Config.ErrorLog = log.New(io.Discard, "", 0) // the handshakes it refuses
	untrusted.StartTLS()
	t.Cleanup(untrusted.Close)
	var queries atomic.Int32

	for name, tc := range map[string]struct {
		baseURL  string
		resolver *net.Resolver
		want     []string
	}{
		"NXDOMAIN":  {"https://nonexistent.invalid", nxdomainResolver(&queries), []string{"cannot resolve host nonexistent.invalid", "--base-url"}},
		"untrusted": {untrusted.URL, nil, []string{"certificate", "not trusted", hostOf(t, untrusted.URL), "--base-url"}},
	} {
		for _, path := range []string{"token", "API"} {
			t.Run(name+"/"+path, func(t *testing.T) {
				rt, dials := dialCounter(tc.resolver)
				c := mustNew(t, Config{BaseURL: tc.baseURL, RetryBaseDelay: time.Millisecond, HTTPClient: &http.Client{Transport: rt}}, nil)
				if path == "API" {
					c = withToken(c)
				}
				_, err := c.GetUser(context.Background(), "1")
				if status.Code(err) != codes.FailedPrecondition {
					t.Fatalf("code %v, want FailedPrecondition: %v", status.Code(err), err)
				}
				for _, w := range tc.want {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%q lacks %q", err.Error(), w)
					}
				}
				if strings.Contains(err.Error(), testSecret) || strings.Contains(err.Error(), "\n") {
					t.Errorf("the secret or a line break in %q", err.Error())
				}
				if n := dials.Load(); n != 1 {
					t.Errorf("%d connections tried, want 1: not retried", n)
				}
			})
		}
	}
	if queries.Load() == 0 {
		t.Error("the lookups did not reach the in-process DNS server")
	}
}
