package boxsim

import (
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// eventSim is a mid-sized enterprise on a fixed clock.
func eventSim(t *testing.T, clock *fakeClock) (*Sim, string) {
	t.Helper()
	s := New(Config{Seed: 14, Users: 150, AppUsers: 5, Groups: 10, AvgGroupsPerUser: 2, Now: clock.Now})
	return s, mintToken(t, s)
}

type served struct {
	id, typ  string
	created  time.Time
	by, user string
	raw      map[string]any
}

// walk pages a stream from pos until an empty page; it returns every
// entry, the page each came on, and the final position.
func walk(t *testing.T, s *Sim, tok, query, pos string) ([]served, []int, string) {
	t.Helper()
	var out []served
	var pages []int
	for page := 0; ; page++ {
		p := "/events?" + query
		if pos != "" {
			p += "&stream_position=" + pos
		}
		res := mustGet(t, s, tok, p)
		entries := res.entries(t)
		if res.num(t, "chunk_size") != len(entries) {
			t.Fatalf("chunk_size %v for %d entries", res.body["chunk_size"], len(entries))
		}
		// Like a careful consumer, keep the last position a page with
		// entries gave: an empty admin_logs page answers "0".
		if len(entries) == 0 {
			return out, pages, pos
		}
		pos = res.body["next_stream_position"].(string)
		for _, e := range entries {
			created, err := time.Parse(time.RFC3339, e["created_at"].(string))
			if err != nil {
				t.Fatal(err)
			}
			sv := served{id: e["event_id"].(string), typ: e["event_type"].(string), created: created,
				by: e["created_by"].(map[string]any)["id"].(string), raw: e}
			if src, ok := e["source"].(map[string]any); ok {
				if id, ok := src["id"].(string); ok {
					sv.user = id
				}
			}
			out = append(out, sv)
			pages = append(pages, page)
		}
		if page > 10000 {
			t.Fatal("stream does not end")
		}
	}
}

func eventIDs(evs []Event) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.ID
	}
	return out
}

func servedIDs(evs []served) []string {
	out := make([]string, len(evs))
	for i, e := range evs {
		out[i] = e.id
	}
	return out
}

// truthBetween is Truth's events created in [from, to) and recorded by
// asOf (Box serves nothing it has not logged yet), in order.
func truthBetween(tr Truth, from, to, asOf time.Time, types ...string) []Event {
	var out []Event
	for _, e := range tr.Events {
		if !e.CreatedAt.Before(from) && e.CreatedAt.Before(to) && !e.RecordedAt.After(asOf) && (len(types) == 0 || slices.Contains(types, e.Type)) {
			out = append(out, e)
		}
	}
	return out
}

func TestAdminLogsHistory(t *testing.T) {
	clock := newFakeClock()
	s, tok := eventSim(t, clock)
	tr := s.Truth()
	now := clock.Now()
	yearAgo := now.Add(-365 * 24 * time.Hour)

	got, _, _ := walk(t, s, tok, "stream_type=admin_logs&limit=37", "")
	want := truthBetween(tr, yearAgo, now.Add(time.Second), now)
	if !slices.Equal(servedIDs(got), eventIDs(want)) {
		t.Fatalf("admin_logs served %d events, want the %d of the last 365 days in order", len(got), len(want))
	}
	if len(want) == len(tr.Events) {
		t.Fatal("the seed has no events older than 365 days to hide")
	}
	for i := 1; i < len(got); i++ {
		if got[i].created.Before(got[i-1].created) {
			t.Fatalf("admin_logs out of order at %d", i)
		}
	}
	// Every entry has Box's shape: type event, created_by a User--Mini.
	e := got[0].raw
	cb := e["created_by"].(map[string]any)
	if e["type"] != "event" || cb["type"] != "user" || cb["login"] == "" || e["recorded_at"] == nil || e["ip_address"] == "" {
		t.Fatalf("event shape: %v", e)
	}

	// Default limit 100; limits above 500 are clamped; 0 is a 400.
	if n := len(mustGet(t, s, tok, "/events?stream_type=admin_logs").entries(t)); n != min(100, len(want)) {
		t.Fatalf("default page: %d", n)
	}
	if n := len(mustGet(t, s, tok, "/events?stream_type=admin_logs&limit=5000").entries(t)); n != min(500, len(want)) || len(want) <= 500 {
		t.Fatalf("limit=5000 page: %d entries of %d", n, len(want))
	}
	for _, q := range []string{"limit=0", "limit=x", "stream_position=abc", "stream_position=-1", "event_type=LOGIN,BOGUS",
		"created_after=yesterday", "created_before=2025-13-01T00:00:00Z"} {
		wantError(t, get(t, s, tok, "/events?stream_type=admin_logs&"+q), 400, "bad_request")
	}
	wantError(t, get(t, s, tok, "/events?stream_type=firehose"), 400, "bad_request")
}

func TestAdminLogsFilters(t *testing.T) {
	clock := newFakeClock()
	s, tok := eventSim(t, clock)
	tr := s.Truth()
	now := clock.Now()

	// event_type: comma-separated, and repeated parameters merge.
	for _, q := range []string{"event_type=LOGIN,FAILED_LOGIN", "event_type=LOGIN&event_type=FAILED_LOGIN"} {
		got, _, _ := walk(t, s, tok, "stream_type=admin_logs&limit=50&"+q, "")
		want := truthBetween(tr, now.Add(-365*24*time.Hour), now.Add(time.Second), now, "LOGIN", "FAILED_LOGIN")
		if !slices.Equal(servedIDs(got), eventIDs(want)) || len(want) == 0 {
			t.Fatalf("%s: %d events, want %d", q, len(got), len(want))
		}
	}
	// created_after is inclusive, created_before exclusive.
	from, to := now.Add(-40*24*time.Hour), now.Add(-10*24*time.Hour)
	window := truthBetween(tr, from, to, now)
	if len(window) < 2 {
		t.Fatal("too few events in the window")
	}
	from, to = window[0].CreatedAt, window[len(window)-1].CreatedAt // exact bounds
	q := "stream_type=admin_logs&limit=20&created_after=" + url.QueryEscape(from.Format(time.RFC3339)) +
		"&created_before=" + url.QueryEscape(to.Format(time.RFC3339))
	got, _, _ := walk(t, s, tok, q, "")
	if want := truthBetween(tr, from, to, now); !slices.Equal(servedIDs(got), eventIDs(want)) {
		t.Fatalf("window: %d events, want %d", len(got), len(want))
	}
	// A created_after beyond the year Box keeps is a 400; just inside it is fine.
	wantError(t, get(t, s, tok, "/events?stream_type=admin_logs&created_after=2001-01-01T00:00:00Z"), 400, "bad_request")
	tooOld := now.Add(-365*24*time.Hour - time.Second).Format(time.RFC3339)
	wantError(t, get(t, s, tok, "/events?stream_type=admin_logs&created_after="+url.QueryEscape(tooOld)), 400, "bad_request")
	inside := now.Add(-365*24*time.Hour + time.Minute).Format(time.RFC3339)
	mustGet(t, s, tok, "/events?stream_type=admin_logs&created_after="+url.QueryEscape(inside))
}

func TestAdminLogsResume(t *testing.T) {
	clock := newFakeClock()
	s, tok := eventSim(t, clock)
	tr := s.Truth()
	u := tr.Users[7]

	// Position "now": empty, then only what is recorded afterwards.
	res := mustGet(t, s, tok, "/events?stream_type=admin_logs&stream_position=now")
	if len(res.entries(t)) != 0 {
		t.Fatal("stream_position=now returned events")
	}
	pos := res.body["next_stream_position"].(string)
	clock.Advance(time.Minute)
	login, err := s.AddLogin(u.ID, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	got, _, next := walk(t, s, tok, "stream_type=admin_logs", pos)
	if len(got) != 1 || got[0].id != login.ID || got[0].typ != "LOGIN" || got[0].by != u.ID || !got[0].created.Equal(clock.Now()) {
		t.Fatalf("after now: %+v", got)
	}
	if again, _, _ := walk(t, s, tok, "stream_type=admin_logs", next); len(again) != 0 {
		t.Fatal("the position after the last event repeats it")
	}

	// A walk interrupted half-way and resumed sees everything once,
	// including a login recorded in between.
	first := mustGet(t, s, tok, "/events?stream_type=admin_logs&limit=100")
	mid := first.body["next_stream_position"].(string)
	clock.Advance(time.Minute)
	late, err := s.AddEvent(Event{Type: "LOGIN", CreatedByID: tr.Users[9].ID, IPAddress: "192.0.2.200"})
	if err != nil || late.IPAddress != "192.0.2.200" || late.SourceUserID != tr.Users[9].ID {
		t.Fatalf("AddEvent: %+v %v", late, err)
	}
	rest, _, _ := walk(t, s, tok, "stream_type=admin_logs&limit=100", mid)
	var all []string
	for _, e := range first.entries(t) {
		all = append(all, e["event_id"].(string))
	}
	all = append(all, servedIDs(rest)...)
	now := clock.Now()
	want := truthBetween(s.Truth(), now.Add(-365*24*time.Hour), now.Add(time.Second), now)
	if !slices.Equal(all, eventIDs(want)) || all[len(all)-1] != late.ID {
		t.Fatalf("resumed walk: %d events, want %d ending with the late login", len(all), len(want))
	}
	// A position handed out with an event_type filter resumes correctly too.
	_, _, pos = walk(t, s, tok, "stream_type=admin_logs&event_type=ADMIN_LOGIN", "")
	clock.Advance(time.Minute)
	if _, err := s.AddLogin(u.ID, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _, _ := walk(t, s, tok, "stream_type=admin_logs&event_type=LOGIN", pos); len(got) != 1 {
		t.Fatalf("after a filtered walk: %d new logins, want 1", len(got))
	}
}

func TestAdminLogsStreaming(t *testing.T) {
	clock := newFakeClock()
	s, tok := eventSim(t, clock)
	tr := s.Truth()
	now := clock.Now()
	got, pages, end := walk(t, s, tok, "stream_type=admin_logs_streaming&limit=25", "")

	// Exactly the last 14 days, each event at least once.
	want := truthBetween(tr, now.Add(-14*24*time.Hour), now.Add(time.Second), now)
	unique := slices.Compact(slices.Sorted(slices.Values(servedIDs(got))))
	if !sameSet(unique, eventIDs(want)) || len(want) == 0 {
		t.Fatalf("streaming served %d distinct events, want the %d of the last 14 days", len(unique), len(want))
	}
	// Some event comes again on a later page, and the order is not
	// chronological.
	firstPage := map[string]int{}
	repeatedLater, outOfOrder := false, false
	for i, e := range got {
		if p, ok := firstPage[e.id]; ok {
			repeatedLater = repeatedLater || pages[i] > p
		} else {
			firstPage[e.id] = pages[i]
		}
		outOfOrder = outOfOrder || i > 0 && e.created.Before(got[i-1].created)
	}
	if len(got) == len(unique) || !repeatedLater {
		t.Fatalf("no repeat on a later page (%d deliveries, %d events)", len(got), len(unique))
	}
	if !outOfOrder {
		t.Fatal("streaming came in chronological order")
	}
	// Deterministic: the same seed and clock deliver the same sequence.
	s2, tok2 := eventSim(t, clock)
	got2, _, _ := walk(t, s2, tok2, "stream_type=admin_logs_streaming&limit=25", "")
	if !slices.Equal(servedIDs(got), servedIDs(got2)) {
		t.Fatal("streaming differs between two identical simulators")
	}

	// created_after/created_before are ignored here (the spec says so).
	if n := len(mustGet(t, s, tok, "/events?stream_type=admin_logs_streaming&limit=500&created_after=2099-01-01T00:00:00Z").entries(t)); n == 0 {
		t.Fatal("created_after filtered the streaming feed")
	}
	// From the end: nothing until something happens, then that.
	clock.Advance(time.Minute)
	login, err := s.AddLogin(tr.Users[3].ID, clock.Now().Add(-30*time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	more, _, end2 := walk(t, s, tok, "stream_type=admin_logs_streaming", end)
	if len(more) == 0 || more[0].id != login.ID {
		t.Fatalf("after AddLogin: %+v", more)
	}
	if again, _, _ := walk(t, s, tok, "stream_type=admin_logs_streaming", end2); len(again) != 0 {
		t.Fatal("the end position repeats events")
	}
	// An event dated in the future is delivered once the clock gets there.
	future, err := s.AddLogin(tr.Users[4].ID, clock.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if early, _, _ := walk(t, s, tok, "stream_type=admin_logs_streaming", end2); len(early) != 0 {
		t.Fatal("a future event was delivered early")
	}
	clock.Advance(2 * time.Hour)
	tok = mintToken(t, s)
	if later, _, _ := walk(t, s, tok, "stream_type=admin_logs_streaming", end2); len(later) == 0 || later[0].id != future.ID {
		t.Fatalf("future event after the clock passed it: %+v", later)
	}
	// Time moves events out of the window.
	clock.Advance(14 * 24 * time.Hour)
	tok = mintToken(t, s)
	old, _, _ := walk(t, s, tok, "stream_type=admin_logs_streaming&limit=500", "")
	for _, e := range old {
		if e.created.Before(clock.Now().Add(-14 * 24 * time.Hour)) {
			t.Fatalf("event of %v still streamed", e.created)
		}
	}
	wantError(t, get(t, s, tok, "/events?stream_type=admin_logs_streaming&stream_position=12345"), 400, "bad_request")
	p := strconv.FormatInt(streamPosBase+1<<40, 10) // beyond the end: waits there
	if res := mustGet(t, s, tok, "/events?stream_type=admin_logs_streaming&stream_position="+p); len(res.entries(t)) != 0 {
		t.Fatal("a position past the end served events")
	}
}

func TestUserStreams(t *testing.T) {
	s, tok := eventSim(t, newFakeClock())
	for _, q := range []string{"", "?stream_type=all", "?stream_type=changes&stream_position=now", "?stream_type=sync&stream_position=0"} {
		res := mustGet(t, s, tok, "/events"+q)
		if len(res.entries(t)) != 0 || res.body["next_stream_position"] != "0" {
			t.Fatalf("user stream %q: %s", q, res.raw)
		}
	}
	wantError(t, get(t, s, tok, "/events?stream_type=changes&stream_position=soon"), 400, "bad_request")
}

// TestAdminLogsEmptyPagePosition: an admin_logs page without entries
// answers next_stream_position "0", as Box does (box-node-sdk
// enterprise-event-stream.ts); KeepEventPositionWhenEmpty repeats the
// position instead. stream_position=now keeps its position either way.
func TestAdminLogsEmptyPagePosition(t *testing.T) {
	for _, keep := range []bool{false, true} {
		clock := newFakeClock()
		s := New(Config{Seed: 14, Users: 20, Groups: 2, Now: clock.Now, KeepEventPositionWhenEmpty: keep})
		tok := mintToken(t, s)
		_, _, pos := walk(t, s, tok, "stream_type=admin_logs&limit=500", "")
		if pos == "" || pos == "0" {
			t.Fatalf("keep=%v: walk ended at position %q", keep, pos)
		}
		got := mustGet(t, s, tok, "/events?stream_type=admin_logs&stream_position="+pos).body["next_stream_position"]
		if want := map[bool]string{false: "0", true: pos}[keep]; got != want {
			t.Fatalf("keep=%v: empty page answered %v, want %q", keep, got, want)
		}
		if now := mustGet(t, s, tok, "/events?stream_type=admin_logs&stream_position=now").body["next_stream_position"]; now == "0" {
			t.Fatalf("keep=%v: stream_position=now answered 0", keep)
		}
	}
}

// TestAdminLogsLateRecording: events recorded late are served only once
// recorded, behind positions already handed out.
func TestAdminLogsLateRecording(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 14, Users: 150, Groups: 2, Now: clock.Now, EventsPerUser: 20})
	tok := mintToken(t, s)
	now := clock.Now()
	var pending []Event
	late := 0
	for _, e := range s.Truth().Events {
		if d := e.RecordedAt.Sub(e.CreatedAt); d > 90*time.Second {
			late++
			if d > DefaultEventDelayBound {
				t.Fatalf("event %s recorded %v late, beyond the bound", e.ID, d)
			}
		}
		if e.RecordedAt.After(now) && !e.CreatedAt.After(now) {
			pending = append(pending, e)
		}
	}
	if late == 0 || len(pending) == 0 {
		t.Fatalf("seed has %d late events, %d still unrecorded: proves nothing", late, len(pending))
	}
	served, _, pos := walk(t, s, tok, "stream_type=admin_logs&limit=500", "")
	ids := servedIDs(served)
	for _, e := range pending {
		if slices.Contains(ids, e.ID) {
			t.Fatalf("event %s served before it was recorded", e.ID)
		}
	}
	// Once recorded, a fresh walk sees them; a walk resumed from the old
	// position misses those that happened before it.
	clock.Advance(DefaultEventDelayBound)
	tok = mintToken(t, s) // the first one expired meanwhile
	fresh, _, _ := walk(t, s, tok, "stream_type=admin_logs&limit=500", "")
	resumed, _, _ := walk(t, s, tok, "stream_type=admin_logs&limit=500", pos)
	freshIDs, resumedIDs := servedIDs(fresh), servedIDs(resumed)
	missed := 0
	for _, e := range pending {
		if !slices.Contains(freshIDs, e.ID) {
			t.Fatalf("event %s not served after it was recorded", e.ID)
		}
		if !slices.Contains(resumedIDs, e.ID) {
			missed++
		}
	}
	if missed == 0 {
		t.Fatal("no late event was missed by the resumed walk: the simulator is kinder than Box")
	}
}
