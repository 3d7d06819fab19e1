package boxsim

import "time"

// Event is one enterprise event as the admin streams report it.
type Event struct {
	ID        string    `json:"event_id"`   // unique; assigned by the simulator
	Type      string    `json:"event_type"` // e.g. LOGIN, FAILED_LOGIN, ADMIN_LOGIN
	CreatedAt time.Time `json:"created_at"` // UTC, second resolution
	// RecordedAt is when Box logged the event; admin_logs serves it only
	// from then on (usually within 90 s, sometimes hours late).
	RecordedAt  time.Time `json:"recorded_at"`
	CreatedByID string    `json:"created_by_id"`
	// SourceUserID is the user the event is about: the user who logged in
	// (LOGIN, FAILED_LOGIN, ADD_LOGIN_ACTIVITY_DEVICE: same as CreatedByID),
	// the account an admin entered (ADMIN_LOGIN), the file owner (UPLOAD,
	// DOWNLOAD, PREVIEW), the user added or edited (GROUP_ADD_USER,
	// EDIT_USER). Empty when the event is about no user.
	SourceUserID  string `json:"source_user_id,omitempty"`
	SourceGroupID string `json:"source_group_id,omitempty"` // GROUP_ADD_USER's group
	IPAddress     string `json:"ip_address,omitempty"`
}

const eventLogin = "LOGIN"

// LastLoginsRecordedBy is each user's latest LOGIN at or after since, as
// admin_logs can show it at asOf: only events Box had recorded by then (a
// zero asOf counts every event). Only LOGIN counts: FAILED_LOGIN,
// ADMIN_LOGIN (an admin entering the account) and
// ADD_LOGIN_ACTIVITY_DEVICE do not.
func (t Truth) LastLoginsRecordedBy(since, asOf time.Time) map[string]time.Time {
	out := map[string]time.Time{}
	for i := range t.Events {
		e := &t.Events[i]
		if e.Type != eventLogin || e.CreatedAt.Before(since) || (!asOf.IsZero() && e.RecordedAt.After(asOf)) {
			continue
		}
		if e.CreatedAt.After(out[e.CreatedByID]) {
			out[e.CreatedByID] = e.CreatedAt
		}
	}
	return out
}
