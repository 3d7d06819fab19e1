package box

import (
	"context"
	"math/rand/v2"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer is shared by every request of one Client. It spaces requests to stay
// under Box's per-service-account budget, and when Box answers 429 it holds
// back every caller until Retry-After has passed, not just the one that was
// told (with CCG the whole process shares one budget).
type pacer struct {
	limiter *rate.Limiter // nil: no client-side pacing

	mu          sync.Mutex
	pausedUntil time.Time
}

func newPacer(requestsPerMinute int) *pacer {
	p := &pacer{}
	if requestsPerMinute > 0 {
		perSecond := rate.Limit(float64(requestsPerMinute) / 60)
		// A burst of one second's worth keeps short syncs snappy without
		// letting a long one exceed the per-minute budget.
		burst := max(1, requestsPerMinute/60)
		p.limiter = rate.NewLimiter(perSecond, burst)
	}
	return p
}

// wait blocks until a request may be sent.
func (p *pacer) wait(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.pausedUntil)
		p.mu.Unlock()
		if d <= 0 {
			break
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
	if p.limiter == nil {
		return nil
	}
	return p.limiter.Wait(ctx)
}

// pause holds back all callers for d.
func (p *pacer) pause(d time.Duration) {
	until := time.Now().Add(d)
	p.mu.Lock()
	if until.After(p.pausedUntil) {
		p.pausedUntil = until
	}
	p.mu.Unlock()
}

// retryPolicy bounds the client's own retries (Box's SDKs retry up to five
// times); beyond them the error goes to the Baton SDK, which retries again.
type retryPolicy struct {
	maxAttempts int
	baseDelay   time.Duration
	maxDelay    time.Duration
}

// backoff is exponential with "equal jitter": between half and all of the step.
func (r retryPolicy) backoff(attempt int) time.Duration {
	d := r.baseDelay << min(attempt-1, 16)
	if d <= 0 || d > r.maxDelay {
		d = r.maxDelay
	}
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter, not security
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
