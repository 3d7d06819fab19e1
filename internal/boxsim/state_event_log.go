package boxsim

import (
	"cmp"
	"slices"
	"strconv"
)

// eventRec is one stored enterprise event. It holds no pointers (users,
// groups and given IPs are indexes into eventLog tables), so the hundreds
// of thousands a large enterprise seeds cost the garbage collector
// nothing. What clients only read (event_id, recorded_at, session_id, the
// file of a file event, ip_address unless given) is derived from the
// event's seq and the seed.
type eventRec struct {
	created  int64
	recorded int64 // when Box logged it; admin_logs serves it only from then on
	by       int32 // created_by: index in eventLog.users
	user     int32 // the user the event is about (its source), or -1
	group    int32 // the group of GROUP_ADD_USER-style events, or -1
	ip       int32 // index in eventLog.ips, or -1 = derived
	typ      uint8 // index into eventTypes
}

// streamEntry is one delivery on admin_logs_streaming.
type streamEntry struct {
	at int64 // delivery time; the slice is sorted by it
	ev int32 // index in eventLog.recs
}

// eventLog keeps the events and the two orders the admin streams serve.
// recs[i] was recorded i-th: its seq is i+1, and (created, seq) is its
// admin_logs key.
type eventLog struct {
	seed      uint64
	lateBound int64 // seconds; how late Box may record an event (Config.EventDelayBound)
	recs      []eventRec
	byTime    []int32       // indexes into recs by (created, seq): admin_logs and Truth
	stream    []streamEntry // delivery order, repeats included: admin_logs_streaming
	users     []*userRec    // users named by events (deleted ones stay here)
	groups    []*groupRec
	ips       []string
}

// maxEventSeq keeps seq below the 10^9 the admin_logs position reserves.
const maxEventSeq = 999_999_999

func seqOf(i int32) int64 { return int64(i) + 1 }

func (l *eventLog) nextSeq() int64 { return int64(len(l.recs)) + 1 }

// userRef returns u's index in l.users, adding u on first use.
func (l *eventLog) userRef(u *userRec) int32 {
	if u.eventRef == 0 {
		l.users = append(l.users, u)
		u.eventRef = int32(len(l.users)) //nolint:gosec // G115: at most one entry per user, far below 2^31
	}
	return u.eventRef - 1
}

func (l *eventLog) groupRef(g *groupRec) int32 {
	if g.eventRef == 0 {
		l.groups = append(l.groups, g)
		g.eventRef = int32(len(l.groups)) //nolint:gosec // G115: at most one entry per group, far below 2^31
	}
	return g.eventRef - 1
}

// keyCmp orders event i against the admin_logs key (created, seq).
func (l *eventLog) keyCmp(i int32, created, seq int64) int {
	return cmp.Or(cmp.Compare(l.recs[i].created, created), cmp.Compare(seqOf(i), seq))
}

// after returns the byTime position of the first event whose key is above
// (created, seq).
func (l *eventLog) after(created, seq int64) int {
	i, found := slices.BinarySearchFunc(l.byTime, [2]int64{created, seq}, func(e int32, k [2]int64) int { return l.keyCmp(e, k[0], k[1]) })
	if found {
		i++
	}
	return i
}

// createdFrom returns the byTime position of the first event created at or after t.
func (l *eventLog) createdFrom(t int64) int {
	i, _ := slices.BinarySearchFunc(l.byTime, t, func(e int32, t int64) int {
		if l.recs[e].created < t {
			return -1
		}
		return 1
	})
	return i
}

// deliveredFrom returns the index of the first stream entry delivered at or after t.
func (l *eventLog) deliveredFrom(t int64) int {
	i, _ := slices.BinarySearchFunc(l.stream, t, func(e streamEntry, t int64) int {
		if e.at < t {
			return -1
		}
		return 1
	})
	return i
}

// hash mixes the seed and event i's seq with a per-purpose salt.
func (l *eventLog) hash(i int32, salt uint64) uint64 {
	return splitmix(l.seed ^ bits(seqOf(i))*0x9E3779B97F4A7C15 ^ salt)
}

// recorded is when Box logged event i.
func (l *eventLog) recorded(i int32) int64 { return l.recs[i].recorded }

// recordDelay is how long after seeded event i happened Box logged it:
// usually under 90 s, but about one event in twenty up to lateBound. Box
// warns that admin_logs events can arrive late (developer.box.com/guides/events/enterprise-events/for-enterprise:
// consuming admin_logs in near real time "may lead to missed events";
// developer.box.com/guides/events/enterprise-events/migrate-to-stream: admin_logs_streaming "ensures that late arriving
// events will not be missed"), and its status page records delays of
// hours (status.box.com incidents "Issue with Admin Events API",
// 2021-02-23 to 24, about 21 hours, stspg.io/h6mzcv32zgx1; 2021-03-23,
// about 4.5 hours, stspg.io/yzk8lyhkvhzh). The 90 s, the one in twenty
// and the default 6-hour bound are the simulator's assumptions.
func (l *eventLog) recordDelay(i int32) int64 {
	h := l.hash(i, 0x4EC0)
	if l.lateBound > 90 && (h>>32)%20 == 0 {
		return 90 + int64((h>>8)%uint64(l.lateBound-89)) //nolint:gosec // G115: lateBound > 90
	}
	return int64(h % 90)
}

// repeats reports whether admin_logs_streaming delivers event i a second
// time (about one event in ten).
func (l *eventLog) repeats(i int32) bool { return l.hash(i, 0x4E9E)%10 == 0 }

// repeatDelay is how long after the first delivery a repeat comes.
func (l *eventLog) repeatDelay(i int32) int64 { return 60 + int64(l.hash(i, 0xDE1A)%21540) }

func (l *eventLog) eventID(i int32) string {
	return uuidString(l.hash(i, 0x1D1D), l.hash(i, 0x1D2D))
}

// ipAddress is the event's own IP, else one stable per user from the
// documentation ranges; half the failed logins come from elsewhere.
func (l *eventLog) ipAddress(i int32) string {
	e := &l.recs[i]
	if e.ip >= 0 {
		return l.ips[e.ip]
	}
	h := splitmix(bits(l.users[e.by].id) ^ l.seed)
	if e.typ == evFailedLogin && l.hash(i, 0x1F)&1 == 1 {
		h = l.hash(i, 0x2F)
	}
	nets := [...]string{"192.0.2.", "198.51.100.", "203.0.113."}
	return nets[h%3] + strconv.FormatUint(1+(h>>8)%254, 10)
}

// sessionID is set for events done inside a session (not failed logins
// or admin actions on users).
func (l *eventLog) sessionID(i int32) (string, bool) {
	switch l.recs[i].typ {
	case evLogin, evAdminLogin, evAddLoginDevice, evUpload, evDownload, evPreview:
		return strconv.FormatUint(l.hash(i, 0x5E55)>>12, 36), true
	}
	return "", false
}

// uuidString formats 128 bits as a version-4-style UUID.
func uuidString(a, b uint64) string {
	a = a&^0xF000 | 0x4000     // version 4
	b = b&^(0xC<<60) | 0x8<<60 // RFC 4122 variant
	var buf [36]byte
	hexAt := func(v uint64, pos, digits int) {
		for i := digits - 1; i >= 0; i-- {
			buf[pos+i] = hexDigits[v&0xF]
			v >>= 4
		}
	}
	hexAt(a>>32, 0, 8)
	buf[8] = '-'
	hexAt(a>>16, 9, 4)
	buf[13] = '-'
	hexAt(a, 14, 4)
	buf[18] = '-'
	hexAt(b>>48, 19, 4)
	buf[23] = '-'
	hexAt(b, 24, 12)
	return string(buf[:])
}

// record stores an event recorded after the seed: in time order for
// admin_logs, and at the end of the stream, delivered no earlier than now
// (nor before it happened), plus a repeat right behind it when it repeats.
func (l *eventLog) record(e eventRec, now int64) int32 {
	i := int32(len(l.recs)) //nolint:gosec // G115: AddEvent caps the log at maxEventSeq
	// Logged now, or when it happens: an event added with a past
	// created_at is one Box recorded late.
	e.recorded = max(now, e.created)
	l.recs = append(l.recs, e)
	l.byTime = slices.Insert(l.byTime, l.after(e.created, seqOf(i)), i)
	at := max(now, l.recorded(i))
	if n := len(l.stream); n > 0 {
		at = max(at, l.stream[n-1].at)
	}
	l.stream = append(l.stream, streamEntry{at: at, ev: i})
	if l.repeats(i) {
		l.stream = append(l.stream, streamEntry{at: at, ev: i})
	}
	return i
}

// truth converts every event, in admin_logs order.
func (l *eventLog) truth() []Event {
	out := make([]Event, len(l.byTime))
	for k, i := range l.byTime {
		out[k] = l.toEvent(i)
	}
	return out
}

func (l *eventLog) toEvent(i int32) Event {
	e := &l.recs[i]
	ev := Event{
		ID:          l.eventID(i),
		Type:        eventTypes[e.typ],
		CreatedAt:   unixTime(e.created),
		RecordedAt:  unixTime(e.recorded),
		CreatedByID: formatID(l.users[e.by].id),
		IPAddress:   l.ipAddress(i),
	}
	if e.user >= 0 {
		ev.SourceUserID = formatID(l.users[e.user].id)
	}
	if e.group >= 0 {
		ev.SourceGroupID = formatID(l.groups[e.group].id)
	}
	return ev
}

// eventTypeIndex maps an event type name to its index in eventTypes.
var eventTypeIndex = func() map[string]uint8 {
	m := make(map[string]uint8, len(eventTypes))
	for i, t := range eventTypes {
		m[t] = uint8(i)
	}
	return m
}()

// The event types the seed produces.
var (
	evLogin          = eventTypeIndex["LOGIN"]
	evFailedLogin    = eventTypeIndex["FAILED_LOGIN"]
	evAdminLogin     = eventTypeIndex["ADMIN_LOGIN"]
	evAddLoginDevice = eventTypeIndex["ADD_LOGIN_ACTIVITY_DEVICE"]
	evUpload         = eventTypeIndex["UPLOAD"]
	evDownload       = eventTypeIndex["DOWNLOAD"]
	evPreview        = eventTypeIndex["PREVIEW"]
	evGroupAddUser   = eventTypeIndex["GROUP_ADD_USER"]
	evEditUser       = eventTypeIndex["EDIT_USER"]
)
