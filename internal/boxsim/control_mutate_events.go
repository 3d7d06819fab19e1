package boxsim

import (
	"fmt"
	"time"
)

// AddEvent records an enterprise event after the seed, e.g. a login a
// feed-resumption test expects to see next. Type must be one of the
// event_type values GET /events accepts; CreatedByID must be a current
// user (listed, external or the service account). CreatedAt defaults to
// the Sim clock and is cut to whole seconds. SourceUserID defaults to
// CreatedByID for LOGIN, FAILED_LOGIN and ADD_LOGIN_ACTIVITY_DEVICE;
// SourceGroupID, if set, must be a current group. ID is assigned (a given
// one is ignored); IPAddress is derived when empty.
//
// admin_logs serves the event in created_at order, so a consumer whose
// position is already past CreatedAt never sees it (Box warns of the same
// for late events); admin_logs_streaming delivers it at the end of the
// stream, once the clock reaches CreatedAt, sometimes twice.
func (s *Sim) AddEvent(e Event) (Event, error) {
	typ, ok := eventTypeIndex[e.Type]
	if !ok {
		return Event{}, fmt.Errorf("boxsim: add event: type %q: %w", e.Type, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	now := s.now().Unix()
	created := now
	if !e.CreatedAt.IsZero() {
		created = e.CreatedAt.Unix()
	}
	if created < 1 {
		return Event{}, fmt.Errorf("boxsim: add event: created_at %v is before 1970: %w", e.CreatedAt, ErrInvalid)
	}
	by, user, group := st.user(e.CreatedByID), (*userRec)(nil), (*groupRec)(nil)
	if by == nil {
		return Event{}, fmt.Errorf("boxsim: add event: created by %q: %w", e.CreatedByID, ErrNotFound)
	}
	switch {
	case e.SourceUserID != "":
		if user = st.user(e.SourceUserID); user == nil {
			return Event{}, fmt.Errorf("boxsim: add event: source user %q: %w", e.SourceUserID, ErrNotFound)
		}
	case typ == evLogin || typ == evFailedLogin || typ == evAddLoginDevice:
		user = by
	}
	if e.SourceGroupID != "" {
		if group = st.group(e.SourceGroupID); group == nil {
			return Event{}, fmt.Errorf("boxsim: add event: source group %q: %w", e.SourceGroupID, ErrNotFound)
		}
	}
	l := &st.events
	if l.nextSeq() > maxEventSeq {
		return Event{}, fmt.Errorf("boxsim: add event: the event log is full: %w", ErrInvalid)
	}
	rec := eventRec{typ: typ, created: created, by: l.userRef(by), user: -1, group: -1, ip: -1}
	if user != nil {
		rec.user = l.userRef(user)
	}
	if group != nil {
		rec.group = l.groupRef(group)
	}
	if e.IPAddress != "" {
		l.ips = append(l.ips, e.IPAddress)
		rec.ip = int32(len(l.ips) - 1) //nolint:gosec // G115: one per added event, below maxEventSeq
	}
	return l.toEvent(l.record(rec, now)), nil
}

// AddLogin records a LOGIN by userID at the given time (zero = now).
func (s *Sim) AddLogin(userID string, at time.Time) (Event, error) {
	return s.AddEvent(Event{Type: eventLogin, CreatedByID: userID, CreatedAt: at})
}
