package boxsim

import (
	"cmp"
	"math"
	"math/rand/v2"
	"slices"
	"time"
)

// loginHistory is how recently a human user last logged in.
type loginHistory uint8

const (
	histRecent  loginHistory = iota // last LOGIN within 14 days (both admin streams)
	histMonth                       // 14 to 90 days ago
	histStale                       // 90 to 365 days ago (admin_logs only)
	histExpired                     // over 365 days ago: beyond retention, never served
	histNone                        // no LOGIN at all
	numHistories
)

// eventGen seeds events from its own stream (see seedExtras), relative to
// the clock at New.
type eventGen struct {
	rng    *rand.Rand
	now    int64
	epu    float64
	admins []*userRec // who performs admin events: the admin and co-admins
	l      *eventLog
}

// seedEvents gives every human user a login history plus noise; app users
// and the service account get none. See docs/boxsim.md, "Events".
func seedEvents(cfg Config, rng *rand.Rand, st *store, now int64) {
	l := &st.events
	l.seed = bits(cfg.Seed)
	l.lateBound = int64(cfg.EventDelayBound / time.Second)
	if cfg.EventsPerUser < 0 {
		return
	}
	var humans []*userRec
	for _, u := range st.users {
		if !u.appUser {
			humans = append(humans, u)
		}
	}
	l.recs = make([]eventRec, 0, min(int(float64(len(humans))*(cfg.EventsPerUser+0.5)), 1<<22))
	g := &eventGen{rng: rng, now: now, epu: cfg.EventsPerUser, l: l}
	for _, u := range humans {
		if isAdmin(u) {
			g.admins = append(g.admins, u)
		}
	}
	hist := g.histories(humans)
	for i, u := range humans {
		g.userEvents(u, hist[i])
	}
	g.traps(humans, hist)
	g.index()
}

// histories draws each user's login history; inactive users skew stale.
// With 10+ humans every history occurs at least once, so tests meet all.
func (g *eventGen) histories(humans []*userRec) []loginHistory {
	active := []int{45, 25, 12, 8, 10}   // weights by loginHistory
	inactive := []int{0, 10, 40, 25, 25} // an inactive user cannot log in
	out := make([]loginHistory, len(humans))
	for i, u := range humans {
		w := active
		switch {
		case u.role == roleAdmin:
			out[i] = histRecent // the admin is always around
			continue
		case u.status == "inactive":
			w = inactive
		}
		out[i] = [...]loginHistory{histRecent, histMonth, histStale, histExpired, histNone}[g.weighted(w)]
	}
	if len(humans) < 10 {
		return out
	}
	for h := range numHistories {
		if slices.Contains(out, h) {
			continue
		}
		var pool []int // users of the commonest history, admin excluded
		common := commonest(out)
		for i, x := range out {
			if x == common && humans[i].role != roleAdmin {
				pool = append(pool, i)
			}
		}
		if len(pool) > 1 {
			out[pool[g.rng.IntN(len(pool))]] = h
		}
	}
	return out
}

func commonest(hs []loginHistory) loginHistory {
	var n [numHistories]int
	for _, h := range hs {
		n[h]++
	}
	best := loginHistory(0)
	for h := range numHistories {
		if n[h] > n[best] {
			best = h
		}
	}
	return best
}

func (g *eventGen) weighted(w []int) int {
	total := 0
	for _, x := range w {
		total += x
	}
	r := g.rng.IntN(total)
	for i, x := range w {
		if r < x {
			return i
		}
		r -= x
	}
	return len(w) - 1
}

// between is a uniform time in [lo, hi].
func (g *eventGen) between(lo, hi int64) int64 {
	lo = max(lo, 1)
	return lo + g.rng.Int64N(max(hi-lo, 0)+1)
}

func (g *eventGen) add(typ uint8, created int64, by, about *userRec, grp *groupRec) {
	if len(g.l.recs) >= maxEventSeq {
		return // positions reserve 9 digits for seq
	}
	e := eventRec{typ: typ, created: max(created, 1), by: g.l.userRef(by), user: g.l.userRef(about), group: -1, ip: -1}
	if grp != nil {
		e.group = g.l.groupRef(grp)
	}
	g.l.recs = append(g.l.recs, e)
}

// A user's extra events: types and their weights.
var (
	extraEventTypes   = []uint8{evLogin, evFailedLogin, evAddLoginDevice, evAdminLogin, evUpload, evDownload, evPreview, evGroupAddUser, evEditUser}
	extraEventWeights = []int{40, 12, 6, 5, 12, 12, 8, 3, 2}
)

// userEvents seeds u's latest LOGIN (in its history's window) and about
// EventsPerUser-1 further events. Extra logins are older than the latest;
// the login-like noise (failed logins, admins entering the account, new
// devices) may be recent whatever the history.
func (g *eventGen) userEvents(u *userRec, h loginHistory) {
	now := g.now
	var latest int64
	switch h {
	case histRecent:
		latest = g.between(now-streamingRetention+3600, now-300)
	case histMonth:
		latest = g.between(now-90*day+3600, now-streamingRetention-3600)
	case histStale:
		latest = g.between(now-adminLogsRetention+day, now-91*day)
	case histExpired:
		latest = g.between(now-3*adminLogsRetention, now-adminLogsRetention-2*day)
	default: // histNone: no LOGIN at all
	}
	if h != histNone {
		g.add(evLogin, latest, u, u, nil)
	}
	extras := int(math.Round(g.rng.Float64() * 2 * max(g.epu-1, 0)))
	for range extras {
		typ := extraEventTypes[g.weighted(extraEventWeights)]
		anytime := g.between(now-adminLogsRetention, now-60)
		switch {
		case typ == evLogin && h == histNone:
			g.add(evFailedLogin, anytime, u, u, nil)
		case typ == evLogin:
			g.add(evLogin, g.between(latest-120*day, latest), u, u, nil)
		case typ == evAddLoginDevice && h != histNone:
			g.add(typ, min(latest+1+g.rng.Int64N(30), now), u, u, nil)
		case typ == evFailedLogin || typ == evAddLoginDevice:
			g.add(typ, anytime, u, u, nil)
		case typ == evUpload || typ == evDownload || typ == evPreview:
			g.add(typ, g.between(now-400*day, cmp.Or(latest, now)), u, u, nil)
		default: // admin actions on u
			admin := g.adminOtherThan(u)
			switch {
			case admin == nil:
				g.add(evDownload, anytime, u, u, nil)
			case typ == evGroupAddUser && len(u.memberships) > 0:
				m := u.memberships[g.rng.IntN(len(u.memberships))]
				g.add(typ, anytime, admin, u, m.group)
			case typ == evGroupAddUser:
				g.add(evEditUser, anytime, admin, u, nil)
			default:
				g.add(typ, anytime, admin, u, nil)
			}
		}
	}
}

func (g *eventGen) adminOtherThan(u *userRec) *userRec {
	var pick *userRec
	for range 3 {
		if len(g.admins) == 0 {
			return nil
		}
		if pick = g.admins[g.rng.IntN(len(g.admins))]; pick != u {
			return pick
		}
	}
	return nil
}

// traps make sure a stale user has recent login-like events that are not
// LOGINs, so a client counting them as logins is caught.
func (g *eventGen) traps(humans []*userRec, hist []loginHistory) {
	if len(humans) < 10 {
		return
	}
	for i, u := range humans {
		if hist[i] != histStale {
			continue
		}
		g.add(evFailedLogin, g.now-day, u, u, nil)
		g.add(evAddLoginDevice, g.now-3*day, u, u, nil)
		if admin := g.adminOtherThan(u); admin != nil {
			g.add(evAdminLogin, g.now-2*day, admin, u, nil)
		}
		return
	}
}

// index sorts the events for admin_logs and lays out the streaming
// delivery log (last 15 days only: older entries never serve), with
// repeats. At least one repeat exists whenever the log is not empty.
func (g *eventGen) index() {
	l := g.l
	for i := range l.recs {
		l.recs[i].recorded = l.recs[i].created + l.recordDelay(int32(i))
	}
	// Sorting packed (created, index) keys is several times faster than a
	// comparator sort; the index is seq-1, so the order is (created, seq).
	// created fits 32 bits until 2106.
	keys := make([]uint64, len(l.recs))
	packed := true
	for i, e := range l.recs {
		packed = packed && e.created < 1<<32
		keys[i] = uint64(e.created)<<32 | uint64(i) //nolint:gosec // G115: 0 < created < 2^32 and i < 2^32, checked
	}
	l.byTime = make([]int32, len(l.recs))
	if packed {
		slices.Sort(keys)
		for k, key := range keys {
			l.byTime[k] = int32(key & (1<<32 - 1)) //nolint:gosec // G115: an index into recs
		}
	} else {
		for k := range l.byTime {
			l.byTime[k] = int32(k)
		}
		slices.SortFunc(l.byTime, func(a, b int32) int { return l.keyCmp(a, l.recs[b].created, seqOf(b)) })
	}

	recent := l.byTime[l.createdFrom(g.now-streamingRetention-day):]
	l.stream = make([]streamEntry, 0, len(recent)+len(recent)/8+1)
	repeated := false
	// An event is delivered when Box records it (events recorded late wait
	// for the clock); a seeded repeat comes no later than the clock at New
	// unless its first delivery is later still.
	repeatAt := func(i int32) int64 {
		at := l.recorded(i)
		return max(at, min(at+l.repeatDelay(i), g.now))
	}
	for _, i := range recent {
		l.stream = append(l.stream, streamEntry{at: l.recorded(i), ev: i})
		if l.repeats(i) {
			l.stream = append(l.stream, streamEntry{at: repeatAt(i), ev: i})
			repeated = true
		}
	}
	if !repeated && len(recent) > 0 {
		i := recent[len(recent)/2]
		l.stream = append(l.stream, streamEntry{at: repeatAt(i), ev: i})
	}
	// Stable: a repeat never overtakes its first delivery.
	slices.SortStableFunc(l.stream, func(a, b streamEntry) int { return cmp.Compare(a.at, b.at) })
}
