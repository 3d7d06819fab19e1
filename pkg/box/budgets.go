package box

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// Box's rate limit is per user: about 1,000 calls a minute each
// (developer.box.com/guides/api-calls/permissions-and-errors/rate-limits,
// "User based"), and a call made as a user (the As-User header, or that
// user's own token) is "counted against the user and not against the admin
// making the call" (Box's reply on support.box.com community post
// 360049198833; docs/box-behaviour.md, "Rate limits"). So the client paces each budget on
// its own: the service account's for its own calls (the directory), and one
// per user for calls made as them (the folder walk). A 429 cuts and pauses
// the budget of the call that met it; the other budgets go on.
//
// Above the budgets sits the process's ceiling (Config.MaxRequestsPerMinute):
// Box also enforces quality-of-service limits, which it publishes no number
// for and may impose "when load spikes" (same guide, "Quality of service").
// The ceiling adapts like a budget: 429s on calls of two different budgets
// within sharedWindow mean the limit met is not one user's (a
// quality-of-service limit, or a Box that counts every call against one
// budget), so the ceiling is cut as well and every call waits out the
// Retry-After.
type budgets struct {
	perMinute int    // each budget's configured rate (0: not paced)
	service   *pacer // the service account's budget
	ceiling   *pacer // the whole process's

	mu      sync.Mutex
	users   map[string]*userBudget // user ID -> their budget, while in use
	swept   time.Time
	lastKey string    // the budget of the last 429 ("": the service account's)
	lastAt  time.Time // when it came

	sent       atomic.Int64 // requests let through
	throttled  atomic.Int64 // of them, answered 429
	firstSent  atomic.Int64 // unix nanoseconds of the first, 0 before
	lastReport atomic.Int64 // unix nanoseconds of the last pace log line
}

// userBudget is one user's pacer, the calls using it now, and when one
// last did.
type userBudget struct {
	p        *pacer
	inFlight int // guarded by budgets.mu
	used     time.Time
}

const (
	// sharedWindow: 429s on two budgets this close together were one limit.
	sharedWindow = 10 * time.Second
	// A user's budget unused for idleFor (no call in flight, not paused) is
	// dropped, so a walk over 100,000 users keeps only the few in use: by
	// then Box's bucket for them has refilled anyway. The map is swept
	// every idleFor.
	idleFor = 2 * time.Minute
	// reportEvery spaces the pace log lines.
	reportEvery = 5 * time.Minute
)

func newBudgets(perMinute, ceiling int) *budgets {
	return &budgets{perMinute: perMinute, service: newPacer(perMinute), ceiling: newPacer(ceiling), users: map[string]*userBudget{}}
}

// budget is where one call is paced: its budget's pacer, then the ceiling.
type budget struct {
	b    *budgets
	user string // "" for the service account's budget
	p    *pacer
	ub   *userBudget // nil for the service account's
}

// of returns user's budget ("": the service account's) for one call, which
// calls done when it ends.
func (b *budgets) of(user string) budget {
	if user == "" {
		return budget{b: b, p: b.service}
	}
	now := time.Now()
	b.mu.Lock()
	defer b.mu.Unlock()
	if now.Sub(b.swept) >= idleFor {
		for id, ub := range b.users {
			// A call in flight may have used it long ago (retrying
			// through an outage) and will use it again.
			if ub.inFlight == 0 && now.Sub(ub.used) >= idleFor && !ub.p.pausedAt(now) {
				delete(b.users, id)
			}
		}
		b.swept = now
	}
	ub := b.users[user]
	if ub == nil {
		ub = &userBudget{p: newPacer(b.perMinute)}
		b.users[user] = ub
	}
	ub.used = now
	ub.inFlight++
	return budget{b: b, user: user, p: ub.p, ub: ub}
}

// done ends the call of.
func (bg budget) done() {
	if bg.ub == nil {
		return
	}
	bg.b.mu.Lock()
	defer bg.b.mu.Unlock()
	bg.ub.inFlight--
	bg.ub.used = time.Now()
}

// wait blocks until the call may be sent: its budget's turn, then the
// ceiling's.
func (bg budget) wait(ctx context.Context) error {
	if err := bg.p.wait(ctx); err != nil {
		return err
	}
	if err := bg.b.ceiling.wait(ctx); err != nil {
		return err
	}
	now := time.Now()
	bg.b.firstSent.CompareAndSwap(0, now.UnixNano())
	bg.b.sent.Add(1)
	bg.b.report(ctx, now)
	return nil
}

// throttled records a 429 for a call sent at sentAt that Box asked to
// retry after wait: it cuts and pauses the call's budget, and the ceiling
// too when another budget met a 429 within sharedWindow. It reports
// whether it extended a pause (so one pause is logged once).
func (bg budget) throttled(sentAt time.Time, wait time.Duration) bool {
	bg.b.throttled.Add(1)
	bg.p.throttled(sentAt)
	extended := bg.p.pause(wait)
	if bg.b.shared(bg.user, time.Now()) {
		bg.b.ceiling.throttled(sentAt)
		extended = bg.b.ceiling.pause(wait) || extended
	}
	return extended
}

// shared records a 429 on user's budget at now and reports whether another
// budget met one shortly before.
func (b *budgets) shared(user string, now time.Time) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	other := !b.lastAt.IsZero() && b.lastKey != user && now.Sub(b.lastAt) < sharedWindow
	b.lastKey, b.lastAt = user, now
	return other
}

// PaceReport is what the client's pacing let through so far: every
// request sent (retries included) and how many Box answered 429.
type PaceReport struct {
	Requests  int64
	Throttled int64
	// Elapsed is the time since the first request.
	Elapsed time.Duration
	// CeilingPerMinute is the ceiling's current rate (0: no ceiling); below
	// the configured one after Box refused calls of several budgets.
	CeilingPerMinute float64
	// ActiveBudgets is how many users' budgets are in use now.
	ActiveBudgets int
}

// PerMinute is the effective rate: requests a minute since the first.
func (r PaceReport) PerMinute() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Requests) / r.Elapsed.Minutes()
}

// Pace reports the pacing of this client and every client derived from it
// (AsUser, AsServiceAccount): they share the budgets.
func (c *Client) Pace() PaceReport { return c.budgets.pace(time.Now()) }

func (b *budgets) pace(now time.Time) PaceReport {
	r := PaceReport{Requests: b.sent.Load(), Throttled: b.throttled.Load()}
	if first := b.firstSent.Load(); first != 0 {
		r.Elapsed = now.Sub(time.Unix(0, first))
	}
	if b.ceiling.limiter != nil {
		limit, _ := b.ceiling.pace()
		r.CeilingPerMinute = float64(limit) * 60
	}
	b.mu.Lock()
	r.ActiveBudgets = len(b.users)
	b.mu.Unlock()
	return r
}

// report logs the effective rate every reportEvery, from whichever call
// comes first after it is due.
func (b *budgets) report(ctx context.Context, now time.Time) {
	last := b.lastReport.Load()
	if last == 0 {
		b.lastReport.CompareAndSwap(0, now.UnixNano())
		return
	}
	if now.Sub(time.Unix(0, last)) < reportEvery || !b.lastReport.CompareAndSwap(last, now.UnixNano()) {
		return
	}
	r := b.pace(now)
	ctxzap.Extract(ctx).Info("baton-box: Box API pace",
		zap.Int64("requests", r.Requests), zap.Int64("answered_429", r.Throttled),
		zap.Float64("requests_per_minute", float64(int(r.PerMinute()*10))/10),
		zap.Float64("ceiling_per_minute", float64(int(r.CeilingPerMinute))),
		zap.Int("user_budgets_in_use", r.ActiveBudgets))
}
