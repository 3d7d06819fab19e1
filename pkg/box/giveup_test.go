package box

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/synctest"
	"time"

	"github.com/conductorone/baton-sdk/pkg/retry"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// sdkRetry calls fn the way the SDK's syncer does, with the SDK's own
// retryer (pkg/retry, configured as pkg/sync configures it): again after a
// wait for as long as it answers Unavailable or DeadlineExceeded, without
// end. The wait grows by a second a call, or follows the rate-limit reset
// time the error carries (a 429 without Retry-After: 60 s), capped at
// 60 s. calls bounds the loop so that a client that never gives up fails
// the test instead of hanging it.
func sdkRetry(fn func() error) (int, error) {
	ctx := context.Background()
	r := retry.NewRetryer(ctx, retry.RetryConfig{MaxAttempts: 0, InitialDelay: time.Second, MaxDelay: 0})
	var err error
	calls := 1
	for ; calls <= 1000; calls++ {
		err = fn()
		if err == nil || !r.ShouldWaitAndRetry(ctx, err) {
			return calls, err
		}
	}
	return calls, err
}

func requireGiveUp(t *testing.T, err error, calls int, code codes.Code, want ...string) {
	t.Helper()
	var gu *GiveUpError
	if !errors.As(err, &gu) {
		t.Fatalf("after %d calls: %v, want a *GiveUpError", calls, err)
	}
	if got := status.Code(fmt.Errorf("baton-box: wrapped: %w", err)); got != code {
		t.Fatalf("code %v, want %v: %v", got, code, err)
	}
	for _, w := range want {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
	if strings.Count(err.Error(), "\n") > 0 {
		t.Errorf("error is not one line: %q", err.Error())
	}
}

func TestPersistentServerErrorsGiveUpAfterBudget(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			boxError(w, http.StatusInternalServerError, "internal_server_error", nil)
		}}
		c := newBubbleClient(t, handlerTransport{f}, nil) // the default budget, 10 minutes
		start := time.Now()
		calls, err := sdkRetry(func() error { _, err := c.GetUser(context.Background(), "1"); return err })
		elapsed := time.Since(start)
		requireGiveUp(t, err, calls, codes.Aborted, "gave up after", "without a successful answer", "GET /2.0/users/1", "HTTP 500")
		// Never before the budget, and not past it: the SDK's waits fit in it.
		if elapsed < DefaultGiveUpAfter-time.Second || elapsed > DefaultGiveUpAfter+time.Second {
			t.Fatalf("gave up after %v, want about %v", elapsed, DefaultGiveUpAfter)
		}
	})
}

func TestHungRequestsTimeOutWithinTheBudget(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		var sent atomic.Int32
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			sent.Add(1)
			<-r.Context().Done() // accepts, never answers
		}}
		// A budget smaller than the request timeout bounds each request.
		c := newBubbleClient(t, handlerTransport{f}, func(cfg *Config) { cfg.GiveUpAfter = 45 * time.Second })
		start := time.Now()
		calls, err := sdkRetry(func() error { _, err := c.ListGroups(context.Background(), "", 0); return err })
		elapsed := time.Since(start)
		requireGiveUp(t, err, calls, codes.Aborted, "GET /2.0/groups", "no answer within 45s")
		if elapsed > 45*time.Second {
			t.Fatalf("a hung request held the run for %v, beyond the 45s budget", elapsed)
		}

		// With a large budget a hung request ends at the request timeout.
		sent.Store(0)
		c2 := newBubbleClient(t, handlerTransport{f}, func(cfg *Config) { cfg.MaxAttempts = 1 })
		start = time.Now()
		_, err = c2.GetUser(context.Background(), "1")
		if status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "no answer within 1m0s") {
			t.Fatalf("got %v", err)
		}
		if d := time.Since(start); d != DefaultRequestTimeout || sent.Load() != 1 {
			t.Fatalf("one request took %v (%d sent), want the request timeout %v", d, sent.Load(), DefaultRequestTimeout)
		}
	})
}

func TestUnreachableBoxGivesUp(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"1","type":"user"}`)
		}}
		var killed atomic.Bool
		rt := transportFunc(func(req *http.Request) (*http.Response, error) {
			if killed.Load() {
				return nil, fmt.Errorf("dial tcp: %w", syscall.ECONNREFUSED)
			}
			return handlerTransport{f}.RoundTrip(req)
		})
		c := newBubbleClient(t, rt, func(cfg *Config) { cfg.GiveUpAfter = 2 * time.Minute })
		if _, err := c.GetUser(context.Background(), "1"); err != nil {
			t.Fatal(err)
		}
		killed.Store(true) // the server dies mid-run
		start := time.Now()
		calls, err := sdkRetry(func() error { _, err := c.GetUser(context.Background(), "1"); return err })
		requireGiveUp(t, err, calls, codes.Aborted, "gave up after", "connection refused")
		// The budget runs from the last answer; the client stops once less
		// than minAttempt of it is left (fake time: no wall-clock wait).
		if d := time.Since(start); d < 2*time.Minute-minAttempt-time.Second || d > 2*time.Minute+time.Second {
			t.Fatalf("gave up after %v, want about 2m", d)
		}
	})
}

func TestProgressRenewsTheBudget(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		start := time.Now()
		// Box fails for 8 minutes out of every 9, then answers for a while:
		// each answer renews the 10-minute budget, so the run goes on.
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			if time.Since(start)%(9*time.Minute) < 8*time.Minute {
				boxError(w, http.StatusServiceUnavailable, "unavailable", nil)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"1","type":"user"}`)
		}}
		c := newBubbleClient(t, handlerTransport{f}, nil)
		ok := 0
		for time.Since(start) < 40*time.Minute {
			calls, err := sdkRetry(func() error { _, err := c.GetUser(context.Background(), "1"); return err })
			if err != nil {
				t.Fatalf("after %v (%d calls): %v", time.Since(start), calls, err)
			}
			ok++
			time.Sleep(time.Second) // the next page, a second later
		}
		if ok < 4 {
			t.Fatalf("only %d successful calls in 40 minutes", ok)
		}
	})
}

func TestLongRetryAfterIsCappedLoggedAndEnds(t *testing.T) {
	for _, statusCode := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		t.Run(http.StatusText(statusCode), func(t *testing.T) {
			disableHTTPCache(t)
			synctest.Test(t, func(t *testing.T) {
				var calls atomic.Int32
				f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
					calls.Add(1)
					boxError(w, statusCode, "busy", map[string]string{"Retry-After": "3600"})
				}}
				core, logs := observer.New(zapcore.WarnLevel)
				ctx := ctxzap.ToContext(context.Background(), zap.New(core))
				c := newBubbleClient(t, handlerTransport{f}, nil) // defaults: wait at most 2 min, give up after 10
				start := time.Now()
				n, err := sdkRetry(func() error { _, err := c.GetUser(ctx, "1"); return err })
				elapsed := time.Since(start)
				requireGiveUp(t, err, n, codes.ResourceExhausted, "Box kept asking to wait", "Retry-After 1h0m0s", "capped at 2m0s")
				if elapsed > DefaultGiveUpAfter+time.Second {
					t.Fatalf("waited %v; Retry-After must not stretch the budget", elapsed)
				}
				if calls.Load() < 4 {
					t.Fatalf("%d requests in %v: the waits were not capped at 2m", calls.Load(), elapsed)
				}
				warns := logs.FilterMessage("baton-box: Box asked to wait; pausing requests").All()
				if len(warns) == 0 {
					t.Fatal("a 1-hour Retry-After was not logged")
				}
				fields := warns[0].ContextMap()
				reason, _ := fields["reason"].(string)
				if fields["wait"] != DefaultMaxRetryWait || fields["until"] == nil ||
					!strings.Contains(reason, fmt.Sprintf("HTTP %d", statusCode)) || !strings.Contains(reason, "Retry-After 1h0m0s") {
					t.Fatalf("warning lacks how long, until when or why: %v", fields)
				}
			})
		})
	}
}

func TestShortWaitsAreNotWarned(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		var calls atomic.Int32
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			if calls.Add(1) == 1 {
				boxError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, map[string]string{"Retry-After": "30"})
				return
			}
			w.Header().Set("Content-Type", "application/json")
			fmt.Fprint(w, `{"id":"1","type":"user"}`)
		}}
		core, logs := observer.New(zapcore.WarnLevel)
		ctx := ctxzap.ToContext(context.Background(), zap.New(core))
		c := newBubbleClient(t, handlerTransport{f}, nil)
		start := time.Now()
		if _, err := c.GetUser(ctx, "1"); err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d != 30*time.Second {
			t.Fatalf("waited %v, want Retry-After's 30s", d)
		}
		if n := logs.FilterMessage("baton-box: Box asked to wait; pausing requests").Len(); n != 0 {
			t.Fatalf("%d warnings for a 30 s pause", n)
		}
	})
}

func TestCancelledCallEndsWithTheBoxError(t *testing.T) {
	disableHTTPCache(t)
	synctest.Test(t, func(t *testing.T) {
		f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) {
			boxError(w, http.StatusBadGateway, "bad_gateway", nil)
		}}
		c := newBubbleClient(t, handlerTransport{f}, nil)
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(1500*time.Millisecond, cancel) // mid back-off
		_, err := c.GetUser(ctx, "1")
		if !strings.Contains(err.Error(), "HTTP 502 bad_gateway") || errors.Is(err, context.Canceled) {
			t.Fatalf("got %v, want the last Box error, not the cancellation", err)
		}
	})
}

// TestNoWaitOutlastsTheBudget: whatever Box answers, the run ends within
// the give-up budget plus a second, waits of the SDK's retryer included: a
// 429 without Retry-After makes it wait 60 s, a Retry-After of a day
// makes it wait its cap, 60 s, and plain 5xx a growing wait. Fake time
// (synctest): elapsed is exact, no wall-clock sleeps.
func TestNoWaitOutlastsTheBudget(t *testing.T) {
	const budget = 60 * time.Second
	for name, tc := range map[string]struct {
		answer  func(http.ResponseWriter)
		maxWait time.Duration // --max-retry-wait-seconds; 0: the default
	}{
		"429 without Retry-After": {answer: func(w http.ResponseWriter) {
			boxError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, nil)
		}},
		"429 with an unusable Retry-After": {answer: func(w http.ResponseWriter) {
			boxError(w, http.StatusTooManyRequests, CodeRateLimitExceeded, map[string]string{"Retry-After": "soon"})
		}},
		"503 with Retry-After 86400": {answer: func(w http.ResponseWriter) {
			boxError(w, http.StatusServiceUnavailable, "unavailable", map[string]string{"Retry-After": "86400"})
		}},
		"503 with Retry-After 86400, waits capped at 5s": {maxWait: 5 * time.Second, answer: func(w http.ResponseWriter) {
			boxError(w, http.StatusServiceUnavailable, "unavailable", map[string]string{"Retry-After": "86400"})
		}},
		"500": {answer: func(w http.ResponseWriter) { boxError(w, http.StatusInternalServerError, "internal_server_error", nil) }},
	} {
		t.Run(name, func(t *testing.T) {
			disableHTTPCache(t)
			synctest.Test(t, func(t *testing.T) {
				f := &fakeBox{t: t, api: func(w http.ResponseWriter, r *http.Request, token string) { tc.answer(w) }}
				c := newBubbleClient(t, handlerTransport{f}, func(cfg *Config) { cfg.GiveUpAfter, cfg.MaxRetryWait = budget, tc.maxWait })
				start := time.Now()
				calls, err := sdkRetry(func() error { _, err := c.GetUser(context.Background(), "1"); return err })
				elapsed := time.Since(start)
				var gu *GiveUpError
				if !errors.As(err, &gu) {
					t.Fatalf("after %d calls in %v: %v, want a *GiveUpError", calls, elapsed, err)
				}
				if elapsed > budget+time.Second || elapsed < budget-minAttempt-time.Second {
					t.Fatalf("gave up after %v (%d SDK calls), want within the %v budget (+1s)", elapsed, calls, budget)
				}
			})
		})
	}
}
