package box

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// pacer paces one rate-limit budget (budgets.go): the service account's,
// one user's, or the process's ceiling. It spaces requests to stay under the
// budget, and when Box answers 429 it holds back every caller of the budget
// until Retry-After has passed, not just the one that was told.
//
// The configured rate is a ceiling, not a promise: other apps may share the
// budget, or Box may enforce a smaller burst. So the pacer adapts (additive
// increase, multiplicative decrease). A 429 cuts the rate to cutFactor of
// what it was and the burst to one request. The rate a cut starts from is
// the lower of the pacer's rate and the rate requests were actually sent at
// lately, pauses left out (the pacer's rate may be far above what Box let
// through). Then the rate climbs back, one step per raiseEvery: quickly to
// 90% of the rate Box refused, where it holds until holdFor after the cut,
// then slowly (probeStep of the configured rate a step) toward the
// configured rate. The burst starts at one and grows by one every
// burstEvery without a cut. A 429 for a request sent before the last cut
// does not cut again: that cut already answered the same overload. So
// wherever Box's real limit is, the pacer settles just under it and meets a
// 429 about once per probe.
type pacer struct {
	limiter  *rate.Limiter // nil: no client-side pacing
	maxRate  rate.Limit    // the configured rate
	maxBurst int

	mu          sync.Mutex
	pausedUntil time.Time
	ceiling     rate.Limit // rate at the last cut (0: none yet)
	lastCut     time.Time
	lastRaise   time.Time
	lastBurst   time.Time
	sent        [observeSends]time.Time // the last sends on the active clock, a ring
	nsent       int
	pausedFor   time.Duration // total pause time: the active clock is now - pausedFor
}

// observeSends is how many recent sends measure the actual rate;
// minObserved, how few will do at the start.
const (
	observeSends = 48
	minObserved  = 8
)

const (
	cutFactor  = 0.7
	raiseEvery = time.Second
	holdFor    = 20 * time.Second
	probeStep  = 0.01
	burstEvery = 10 * time.Second
	// minRate: a cut never paces slower than one request in five seconds.
	minRate = rate.Limit(0.2)
)

func newPacer(requestsPerMinute int) *pacer {
	p := &pacer{}
	if requestsPerMinute > 0 {
		p.maxRate = rate.Limit(float64(requestsPerMinute) / 60)
		// A burst of one second's worth lets workers catch up after a lull
		// without letting a long sync exceed the per-minute budget. It starts
		// at one and grows like after a cut: Box's real burst may be smaller
		// (other apps share the budget), and eight workers starting at once
		// would find out with 429s.
		p.maxBurst = max(1, requestsPerMinute/60)
		p.limiter = rate.NewLimiter(p.maxRate, 1)
		p.lastBurst = time.Now()
	}
	return p
}

// wait blocks until a request may be sent: no pause in force, and the
// limiter's turn. A pause that began while the caller queued in the limiter
// (its turn was reserved at the old pace) holds it back too.
func (p *pacer) wait(ctx context.Context) error {
	for {
		if err := p.waitPause(ctx); err != nil {
			return err
		}
		if p.limiter == nil {
			return nil
		}
		p.recover(time.Now())
		if err := p.limiter.Wait(ctx); err != nil {
			return err
		}
		if p.admit(time.Now()) {
			return nil
		}
	}
}

func (p *pacer) waitPause(ctx context.Context) error {
	for {
		p.mu.Lock()
		d := time.Until(p.pausedUntil)
		p.mu.Unlock()
		if d <= 0 {
			return nil
		}
		if err := sleep(ctx, d); err != nil {
			return err
		}
	}
}

// admit records a send at now, unless a pause is in force.
func (p *pacer) admit(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if now.Before(p.pausedUntil) {
		return false
	}
	p.sent[p.nsent%observeSends] = now.Add(-p.pausedFor)
	p.nsent++
	return true
}

// observed is the rate of the last observeSends sends (or of all of them,
// if fewer but at least minObserved), pauses left out; 0 when unknown.
func (p *pacer) observed() rate.Limit {
	n := min(p.nsent, observeSends)
	if n < minObserved {
		return 0
	}
	newest := p.sent[(p.nsent-1)%observeSends]
	oldest := p.sent[(p.nsent-n)%observeSends]
	span := newest.Sub(oldest).Seconds()
	if span <= 0 {
		return 0
	}
	return rate.Limit(float64(n-1) / span)
}

// pausedAt reports whether a pause is in force at now.
func (p *pacer) pausedAt(now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return now.Before(p.pausedUntil)
}

// pause holds back all callers for d; it reports whether it extended the
// current pause (so one pause is logged once, not by every worker).
func (p *pacer) pause(d time.Duration) bool {
	now := time.Now()
	until := now.Add(d)
	p.mu.Lock()
	defer p.mu.Unlock()
	if !until.After(p.pausedUntil) {
		return false
	}
	p.pausedFor += until.Sub(later(now, p.pausedUntil))
	p.pausedUntil = until
	return true
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// throttled records a 429 for a request sent at sentAt and lowers the pace.
func (p *pacer) throttled(sentAt time.Time) {
	if p.limiter == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if !sentAt.After(p.lastCut) {
		return
	}
	now := time.Now()
	limit := p.limiter.Limit()
	p.ceiling = limit
	if seen := p.observed(); seen > 0 {
		p.ceiling = min(limit, max(seen, limit*cutFactor))
	}
	p.limiter.SetLimitAt(now, max(min(minRate, p.maxRate), p.ceiling*cutFactor))
	p.limiter.SetBurstAt(now, 1)
	p.lastCut, p.lastRaise, p.lastBurst = now, now, now
}

// recover raises the rate and burst toward the configured ones, one step
// per raiseEvery (burstEvery) elapsed since the last step or cut.
func (p *pacer) recover(now time.Time) {
	p.mu.Lock()
	defer p.mu.Unlock()
	limit, burst := p.limiter.Limit(), p.limiter.Burst()
	for ; p.ceiling > 0 && limit < p.maxRate && now.Sub(p.lastRaise) >= raiseEvery; p.lastRaise = p.lastRaise.Add(raiseEvery) {
		switch {
		case limit < 0.9*p.ceiling:
			limit = min(0.9*p.ceiling, limit+p.ceiling/10)
		case p.lastRaise.Sub(p.lastCut) < holdFor:
			// hold just under the rate Box refused
		default:
			limit = min(p.maxRate, limit+probeStep*p.maxRate)
		}
	}
	for ; burst < p.maxBurst && now.Sub(p.lastBurst) >= burstEvery; p.lastBurst = p.lastBurst.Add(burstEvery) {
		burst++
	}
	if limit != p.limiter.Limit() {
		p.limiter.SetLimitAt(now, limit)
	}
	if burst != p.limiter.Burst() {
		p.limiter.SetBurstAt(now, burst)
	}
}

// pace is the current rate and burst (tests).
func (p *pacer) pace() (rate.Limit, int) {
	if p.limiter == nil {
		return rate.Inf, 0
	}
	return p.limiter.Limit(), p.limiter.Burst()
}

// retryPolicy bounds the client's own retries (Box's SDKs retry up to five
// times); beyond them the error goes to the Baton SDK, which retries again
// until the Client's give-up budget runs out.
type retryPolicy struct {
	maxAttempts int
	baseDelay   time.Duration
	maxWait     time.Duration // caps one Retry-After pause
}

// maxBackoff caps one back-off step.
const maxBackoff = 30 * time.Second

// wait is how long to wait before retrying after err: Retry-After when Box
// sent one (at least a second on a 429), capped at maxWait, else
// exponential back-off. The second value is the Retry-After Box sent.
func (r retryPolicy) wait(err error, attempt int) (time.Duration, time.Duration) {
	var apiErr *Error
	if !errors.As(err, &apiErr) {
		return r.backoff(attempt), 0
	}
	var wait time.Duration
	switch {
	case apiErr.StatusCode == http.StatusTooManyRequests:
		wait = max(apiErr.RetryAfter, time.Second)
	case apiErr.RetryAfter > 0:
		wait = apiErr.RetryAfter
	default:
		return r.backoff(attempt), 0
	}
	return min(wait, r.maxWait), apiErr.RetryAfter
}

// backoff is exponential with "equal jitter": between half and all of the step.
func (r retryPolicy) backoff(attempt int) time.Duration {
	d := r.baseDelay << min(attempt-1, 16)
	if d <= 0 || d > maxBackoff {
		d = maxBackoff
	}
	return d/2 + rand.N(d/2+1) //nolint:gosec // jitter, not security
}

// sleep waits d unless ctx ends first; then it returns the context's cause.
func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return context.Cause(ctx)
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return context.Cause(ctx)
	case <-t.C:
		return nil
	}
}
