package box

import (
	"errors"
	"fmt"
	"net/http"
	"sync"
	"time"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Giving up. The client retries what is transient a few times, then returns
// Unavailable, and the Baton SDK's syncer retries Unavailable without end.
// Against a Box that stays down (every request a 5xx, no answer at all, a
// dead host, 429s that never stop) a sync would retry forever. So the Client
// keeps a budget of time without progress, shared by all its callers:
// progress is any answer from Box that is not a transient failure. Once the
// budget is spent, every request fails with a *GiveUpError, whose gRPC code
// the SDK does not retry, naming the last Box error. No single request, and
// no single wait, outlasts what is left of the budget.

const (
	// DefaultGiveUpAfter is how long the client keeps retrying without
	// progress before giving up.
	DefaultGiveUpAfter = 10 * time.Minute
	// DefaultMaxRetryWait caps one Retry-After pause.
	DefaultMaxRetryWait = 2 * time.Minute
	// DefaultRequestTimeout bounds one HTTP request.
	DefaultRequestTimeout = time.Minute
	// DefaultTransferTimeout bounds a content transfer: Box answers within
	// 10 minutes (the spec of PUT /users/{id}/folders/0), so 15 leaves room.
	DefaultTransferTimeout = 15 * time.Minute
	// longWait is the pause above which the client logs a warning.
	longWait = 30 * time.Second
	// minAttempt: with less of the budget left (or a tenth of it, if
	// smaller), no request is sent.
	minAttempt = time.Second
)

// GiveUpError ends a run that has made no progress for the give-up budget.
type GiveUpError struct {
	After time.Duration // time since the last progress
	Last  error         // the last Box error
	// MaxWait is the cap on one Retry-After pause, for the message when Box
	// kept asking to wait.
	MaxWait time.Duration
}

func (e *GiveUpError) Error() string {
	if e.Last == nil {
		return fmt.Sprintf("box: gave up after %s without a successful answer from Box", round(e.After))
	}
	if be := e.keptWaiting(); be != nil {
		asked := "no Retry-After"
		if be.RetryAfter > 0 {
			asked = fmt.Sprintf("last Retry-After %s", round(be.RetryAfter))
		}
		return fmt.Sprintf("box: gave up after %s: Box kept asking to wait (%s, each wait capped at %s) and answered nothing else: %s",
			round(e.After), asked, round(e.MaxWait), oneLine(e.Last))
	}
	return fmt.Sprintf("box: gave up after %s without a successful answer from Box; last error: %s", round(e.After), oneLine(e.Last))
}

func (e *GiveUpError) Unwrap() error { return e.Last }

// GRPCStatus is a code the SDK's syncer does not retry, so the run ends:
// ResourceExhausted when Box kept asking to wait, Aborted otherwise. Both
// keep a resumable sync resumable.
func (e *GiveUpError) GRPCStatus() *status.Status {
	code := codes.Aborted
	if e.keptWaiting() != nil {
		code = codes.ResourceExhausted
	}
	return status.New(code, e.Error())
}

// keptWaiting is the last Box error when it asked to wait (a 429, or any
// answer with Retry-After), else nil.
func (e *GiveUpError) keptWaiting() *Error {
	var be *Error
	if errors.As(e.Last, &be) && (be.StatusCode == http.StatusTooManyRequests || be.RetryAfter > 0) {
		return be
	}
	return nil
}

func round(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}

// health tracks progress for the give-up budget.
type health struct {
	budget time.Duration // 0: never give up

	mu           sync.Mutex
	failingSince time.Time // when the first request without progress was sent; zero while Box answers
	lastFailure  time.Time
	last         error
}

// staleAfter: failures older than this, with no request since, are a past
// episode (a daemon idle between tasks), not part of the current one.
func (h *health) staleAfter() time.Duration { return max(h.budget, 5*time.Minute) }

// progress records an answer from Box: the budget is whole again.
func (h *health) progress() {
	h.mu.Lock()
	h.failingSince, h.last = time.Time{}, nil
	h.mu.Unlock()
}

// failed records a transient failure, at now, of a request sent at sentAt.
func (h *health) failed(sentAt, now time.Time, err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failingSince.IsZero() || now.Sub(h.lastFailure) > h.staleAfter() {
		h.failingSince = sentAt
	}
	h.lastFailure, h.last = now, err
}

// remaining is what is left of the budget at now (the whole budget while
// Box answers); ok is false when there is no budget at all.
func (h *health) remaining(now time.Time) (time.Duration, bool) {
	if h.budget <= 0 {
		return 0, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.failingSince.IsZero() || now.Sub(h.lastFailure) > h.staleAfter() {
		return h.budget, true
	}
	return h.budget - now.Sub(h.failingSince), true
}

// giveUp is the error that ends the run, naming last (or the last failure
// any caller saw when last is nil) and maxWait, the cap on one Retry-After
// pause. It starts a fresh budget for whatever runs next in this process
// (a daemon's next task).
func (h *health) giveUp(now time.Time, last error, maxWait time.Duration) *GiveUpError {
	h.mu.Lock()
	defer h.mu.Unlock()
	if last == nil {
		last = h.last
	}
	after := h.budget
	if !h.failingSince.IsZero() {
		after = now.Sub(h.failingSince)
	}
	h.failingSince, h.last = time.Time{}, nil
	return &GiveUpError{After: after, Last: last, MaxWait: maxWait}
}
