package box

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// transferBox is a Box whose token endpoint answers token (nil: a token)
// and whose transfer endpoint answers transfer, counting the transfers
// that reached it.
func transferBox(token func(http.ResponseWriter) bool, transfer func(http.ResponseWriter, *http.Request)) (http.Handler, *atomic.Int32) {
	var transfers atomic.Int32
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth2/token" {
			if token != nil && token(w) {
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"access_token":"t","expires_in":3600,"token_type":"bearer"}`)
			return
		}
		transfers.Add(1)
		transfer(w, r)
	}), &transfers
}

func transferred(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	fmt.Fprint(w, `{"id":"0","type":"folder"}`)
}

// TestTransferNotSentIsRetried: a transfer whose request never left (the
// token request failed transiently, the connection was refused) was
// reported as an unknown outcome, and the caller waited for a transfer
// Box never got. Nothing was sent, so it is retried like any call, and
// sent once.
func TestTransferNotSentIsRetried(t *testing.T) {
	disableHTTPCache(t)
	for name, tc := range map[string]struct {
		token   func(http.ResponseWriter) bool
		refused int32 // API connections refused first
	}{
		"token request 503": {token: func() func(http.ResponseWriter) bool {
			var n atomic.Int32
			return func(w http.ResponseWriter) bool {
				if n.Add(1) > 1 {
					return false
				}
				w.WriteHeader(http.StatusServiceUnavailable)
				return true
			}
		}()},
		"connection refused": {refused: 1},
	} {
		t.Run(name, func(t *testing.T) {
			synctest.Test(t, func(t *testing.T) {
				h, transfers := transferBox(tc.token, transferred)
				var refused atomic.Int32
				rt := transportFunc(func(req *http.Request) (*http.Response, error) {
					if req.URL.Path != "/oauth2/token" && refused.Add(1) <= tc.refused {
						return nil, &net.OpError{Op: "dial", Net: "tcp", Err: os.NewSyscallError("connect", syscall.ECONNREFUSED)}
					}
					return handlerTransport{h}.RoundTrip(req)
				})
				c := newBubbleClient(t, rt, nil)
				if err := c.TransferOwnedContent(context.Background(), "11", "12"); err != nil {
					t.Fatalf("got %v, want the transfer retried and done", err)
				}
				if n := transfers.Load(); n != 1 {
					t.Fatalf("%d transfers reached Box, want 1", n)
				}
			})
		})
	}
}

// TestTransferCancelledMidRequestIsUnknown: a transfer whose caller gave up
// while Box was working on it was reported "not sent", and the caller
// forgot it: the next attempt could send a second one. It may have
// happened, so it is an unknown outcome; a call cancelled while still
// waiting for its turn is "not sent" (Canceled).
func TestTransferCancelledMidRequestIsUnknown(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		h, transfers := transferBox(nil, func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // Box works on it until the client hangs up
		})
		c := newBubbleClient(t, handlerTransport{h}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Minute, cancel)
		err := c.TransferOwnedContent(ctx, "11", "12")
		if !IsUnknownOutcome(err) || status.Code(err) != codes.Unavailable {
			t.Fatalf("got %v (code %v), want an unknown outcome", err, status.Code(err))
		}
		if n := transfers.Load(); n != 1 {
			t.Fatalf("%d transfers reached Box, want 1", n)
		}

		c.budgets.service.pause(time.Hour) // every call waits its turn
		ctx, cancel = context.WithCancel(context.Background())
		time.AfterFunc(time.Minute, cancel)
		err = c.TransferOwnedContent(ctx, "11", "12")
		if IsUnknownOutcome(err) || status.Code(err) != codes.Canceled || !errors.Is(err, context.Canceled) {
			t.Fatalf("got %v (code %v), want a Canceled call, not sent", err, status.Code(err))
		}
		if n := transfers.Load(); n != 1 {
			t.Fatalf("%d transfers reached Box, want still 1", n)
		}
	})
}
