package boxsim

import (
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"
)

func TestSeededLoginHistories(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 15, Users: 300, AppUsers: 10, Groups: 10, AvgGroupsPerUser: 2, Now: clock.Now})
	tr := s.Truth()
	now := clock.Now()
	const d = 24 * time.Hour
	if !slices.IsSortedFunc(tr.Events, func(a, b Event) int { return a.CreatedAt.Compare(b.CreatedAt) }) {
		t.Fatal("Truth.Events not sorted by CreatedAt")
	}
	// Brute-force latest LOGIN per user, to check the helpers against.
	latest := map[string]time.Time{}
	for _, e := range tr.Events {
		if e.Type == "LOGIN" && e.CreatedAt.After(latest[e.CreatedByID]) {
			latest[e.CreatedByID] = e.CreatedAt
		}
	}
	var recent, month, stale, expired, none int
	all := tr.LastLoginsRecordedBy(time.Time{}, time.Time{})
	for _, u := range tr.Users {
		l, ok := latest[u.ID]
		if got, gotOK := all[u.ID]; gotOK != ok || !got.Equal(l) {
			t.Fatalf("LastLoginsRecordedBy[%s] = %v %v, want %v %v", u.ID, got, gotOK, l, ok)
		}
		if _, ok := tr.LastLoginsRecordedBy(l.Add(time.Second), time.Time{})[u.ID]; ok {
			t.Fatalf("LastLoginsRecordedBy[%s] after the latest login found one", u.ID)
		}
		if u.IsPlatformAccessOnly && ok {
			t.Fatalf("app user %s logged in", u.ID)
		}
		switch age := now.Sub(l); {
		case u.IsPlatformAccessOnly:
		case !ok:
			none++
		case age <= 14*d:
			recent++
		case age <= 90*d:
			month++
		case age <= 365*d:
			stale++
		default:
			expired++
		}
	}
	if recent == 0 || month == 0 || stale == 0 || expired == 0 || none == 0 {
		t.Fatalf("histories: recent %d, 14-90d %d, 90-365d %d, >365d %d, none %d", recent, month, stale, expired, none)
	}
	since := now.Add(-365 * d)
	lastLogins := tr.LastLoginsRecordedBy(since, time.Time{})
	for id, l := range latest {
		if got, ok := lastLogins[id]; ok != !l.Before(since) || ok && !got.Equal(l) {
			t.Fatalf("LastLogins[%s] = %v %v, latest %v", id, got, ok, l)
		}
	}
	if len(lastLogins) != recent+month+stale {
		t.Fatalf("LastLogins has %d users, want %d", len(lastLogins), recent+month+stale)
	}

	// Shapes and actors per type; admins enter other users' accounts.
	roles := map[string]string{}
	for _, u := range tr.Users {
		roles[u.ID] = u.Role
	}
	seen := map[string]int{}
	ids := map[string]bool{}
	for _, e := range tr.Events {
		seen[e.Type]++
		if ids[e.ID] {
			t.Fatalf("duplicate event_id %s", e.ID)
		}
		ids[e.ID] = true
		switch e.Type {
		case "LOGIN", "FAILED_LOGIN", "ADD_LOGIN_ACTIVITY_DEVICE":
			if e.SourceUserID != e.CreatedByID {
				t.Fatalf("%s by %s about %s", e.Type, e.CreatedByID, e.SourceUserID)
			}
		case "ADMIN_LOGIN", "EDIT_USER", "GROUP_ADD_USER":
			if r := roles[e.CreatedByID]; (r != "admin" && r != "coadmin") || e.SourceUserID == e.CreatedByID || e.SourceUserID == "" {
				t.Fatalf("%s by %s (%s) about %s", e.Type, e.CreatedByID, r, e.SourceUserID)
			}
		}
		if e.CreatedAt.After(now) || e.IPAddress == "" {
			t.Fatalf("event %+v", e)
		}
	}
	for _, typ := range []string{"LOGIN", "FAILED_LOGIN", "ADMIN_LOGIN", "ADD_LOGIN_ACTIVITY_DEVICE", "UPLOAD", "DOWNLOAD", "GROUP_ADD_USER"} {
		if seen[typ] == 0 {
			t.Fatalf("no %s event seeded: %v", typ, seen)
		}
	}
	// A stale user carries recent login-like events that are not LOGINs.
	trap := false
	for _, e := range tr.Events {
		l, ok := latest[e.SourceUserID]
		if (e.Type == "FAILED_LOGIN" || e.Type == "ADMIN_LOGIN" || e.Type == "ADD_LOGIN_ACTIVITY_DEVICE") &&
			now.Sub(e.CreatedAt) < 14*d && (!ok || now.Sub(l) > 90*d) {
			trap = true
		}
	}
	if !trap {
		t.Fatal("no recent non-LOGIN login-like event for a user without recent logins")
	}
}

func TestSeededEventsDeterministicAndSized(t *testing.T) {
	clock := newFakeClock()
	cfg := Config{Seed: 16, Users: 400, Groups: 20, AvgGroupsPerUser: 1, Now: clock.Now}
	a, b := New(cfg).Truth(), New(cfg).Truth()
	if !reflect.DeepEqual(a.Events, b.Events) || len(a.Events) == 0 {
		t.Fatal("same config, different events")
	}
	other := cfg
	other.Seed = 17
	if reflect.DeepEqual(New(other).Truth().Events, a.Events) {
		t.Fatal("another seed, same events")
	}
	// The directory does not depend on whether events are seeded.
	none := cfg
	none.EventsPerUser = -1
	n := New(none).Truth()
	if len(n.Events) != 0 || !reflect.DeepEqual(n.Users, a.Users) || !reflect.DeepEqual(n.Memberships, a.Memberships) {
		t.Fatal("EventsPerUser < 0 must seed no events and leave the rest alone")
	}
	if New(cfg).Config().EventsPerUser != DefaultEventsPerUser {
		t.Fatal("EventsPerUser default")
	}
	for _, epu := range []float64{2, 4, 10} {
		c := cfg
		c.EventsPerUser = epu
		got := float64(len(New(c).Truth().Events)) / 400
		if math.Abs(got-epu) > 0.25*epu+0.5 {
			t.Fatalf("EventsPerUser %v: %.2f events per user", epu, got)
		}
	}
	huge := New(Config{Seed: 1, Users: 5, EventsPerUser: 1e300})
	if huge.Config().EventsPerUser != 1000 || len(huge.Truth().Events) > 5*2001 {
		t.Fatalf("EventsPerUser 1e300: clamped to %v, %d events", huge.Config().EventsPerUser, len(huge.Truth().Events))
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1)} {
		c := cfg
		c.EventsPerUser = bad
		if New(c).Config().EventsPerUser != DefaultEventsPerUser {
			t.Fatalf("EventsPerUser %v not defaulted", bad)
		}
	}
}

func TestSeededOwnedItems(t *testing.T) {
	tr := New(Config{Seed: 18, Users: 500, AppUsers: 20}).Truth()
	var activeOwners, active, nonOwners int
	for _, u := range tr.Users {
		if u.OwnedItems < 0 || u.OwnedItems > 2000 {
			t.Fatalf("%s owns %d items", u.ID, u.OwnedItems)
		}
		if u.OwnedItems == 0 {
			nonOwners++
		}
		if u.Status == "active" && !u.IsPlatformAccessOnly {
			active++
			if u.OwnedItems > 0 {
				activeOwners++
			}
		}
		if u.Role == "admin" && u.OwnedItems == 0 {
			t.Fatal("the admin owns nothing")
		}
	}
	if frac := float64(activeOwners) / float64(active); frac < 0.75 || frac > 0.95 || nonOwners == 0 {
		t.Fatalf("%.2f of active users own content; %d own nothing", frac, nonOwners)
	}
	if tr.ServiceAccount.OwnedItems != 0 || tr.DestroyedItems != 0 {
		t.Fatal("service account content or destroyed items at seed")
	}
}

func TestAddEventErrors(t *testing.T) {
	s := New(Config{Seed: 19, Users: 10, Groups: 1})
	tr := s.Truth()
	u := tr.Users[1].ID
	for name, c := range map[string]struct {
		e    Event
		want error
	}{
		"unknown type":    {Event{Type: "TELEPORT", CreatedByID: u}, ErrInvalid},
		"no actor":        {Event{Type: "LOGIN"}, ErrNotFound},
		"unknown actor":   {Event{Type: "LOGIN", CreatedByID: "17000000005"}, ErrNotFound},
		"unknown source":  {Event{Type: "ADMIN_LOGIN", CreatedByID: u, SourceUserID: "1"}, ErrNotFound},
		"unknown group":   {Event{Type: "GROUP_ADD_USER", CreatedByID: u, SourceGroupID: "1"}, ErrNotFound},
		"before 1970":     {Event{Type: "LOGIN", CreatedByID: u, CreatedAt: time.Unix(-5, 0)}, ErrInvalid},
		"lower-case type": {Event{Type: "login", CreatedByID: u}, ErrInvalid},
	} {
		if _, err := s.AddEvent(c.e); !errors.Is(err, c.want) {
			t.Fatalf("%s: %v, want %v", name, err, c.want)
		}
	}
	e, err := s.AddEvent(Event{Type: "GROUP_ADD_USER", CreatedByID: u, SourceUserID: tr.Users[2].ID, SourceGroupID: tr.Groups[0].ID, ID: "mine"})
	if err != nil || e.ID == "mine" || e.SourceGroupID != tr.Groups[0].ID {
		t.Fatalf("AddEvent: %+v %v", e, err)
	}
	if got := s.Truth().Events; got[len(got)-1].ID != e.ID {
		t.Fatal("added event missing from Truth")
	}
}
