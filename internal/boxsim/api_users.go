package boxsim

import (
	"net/http"
	"strings"
)

// listUsers serves GET /users. Bodies are built under the read lock (they
// hold copies only) and written after it is released.
func (s *Sim) listUsers(w http.ResponseWriter, r *http.Request, _ pathParams) {
	q := r.URL.Query()
	userType := q.Get("user_type")
	switch userType {
	case "":
		userType = "managed"
	case "all", "managed", "external":
	default:
		s.fail(w, badParam("user_type", "Invalid value '"+userType+"'. Must be one of all, managed, external"))
		return
	}
	pg, e := parseOffsetOrMarkerPage(q)
	if e != nil {
		s.fail(w, e)
		return
	}
	fs := parseFields(q)
	render := func(u *userRec) object { return renderUser(u, fs) }

	s.mu.RLock()
	items := s.st.matchUsers(userType, strings.ToLower(q.Get("filter_term")), q.Get("external_app_user_id"))
	var body object
	if pg.useMarker {
		body = markerEnvelope(items, pg, func(u *userRec) int64 { return u.id }, render)
	} else {
		body = offsetEnvelope(items, pg, render)
	}
	s.mu.RUnlock()
	s.writeJSON(w, http.StatusOK, body)
}

// matchUsers applies GET /users' filters. termKey is lower-cased: matching
// is a case-insensitive prefix of name or login. External users appear only
// for user_type all|external on an exact login match, and then alone.
func (st *store) matchUsers(userType, termKey, extAppUserID string) []*userRec {
	if userType != "managed" && termKey != "" {
		if u := st.logins[termKey]; u != nil && u.kind == kindExternal && extAppUserID == "" {
			return []*userRec{u}
		}
	}
	if userType == "external" {
		return nil
	}
	if termKey == "" && extAppUserID == "" {
		return st.users
	}
	var out []*userRec
	for _, u := range st.users {
		if extAppUserID != "" && (!u.appUser || u.extAppUserID != extAppUserID) {
			continue
		}
		if termKey != "" && !strings.HasPrefix(u.nameKey, termKey) && !strings.HasPrefix(u.loginKey, termKey) {
			continue
		}
		out = append(out, u)
	}
	return out
}

// getMe serves GET /users/me: the service account the token acts as, or
// the as-user (api_as_user.go), so one call checks that as-user works.
func (s *Sim) getMe(w http.ResponseWriter, r *http.Request, _ pathParams) {
	fs := parseFields(r.URL.Query())
	body, e := s.view(func(st *store) (object, *apiError) {
		a, e := s.actor(st, r)
		if e != nil {
			return nil, e
		}
		return renderUser(a.u, fs), nil
	})
	s.respond(w, http.StatusOK, body, e)
}

// getUser serves GET /users/{user_id} for any user, external and the
// service account included. An app user needs manage_app_users, anyone
// else manage_managed_users.
func (s *Sim) getUser(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs := parseFields(r.URL.Query())
	s.mu.RLock()
	u := s.st.user(p["user_id"])
	var body object
	e := notFound()
	if u != nil {
		if e = s.needUserScope(u.appUser); e == nil {
			body = renderUser(u, fs)
		}
	}
	s.mu.RUnlock()
	s.respond(w, http.StatusOK, body, e)
}
