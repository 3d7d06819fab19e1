package boxsim

import "net/http"

func renderListedMembership(m *memberRec) object { return renderMembership(m, nil) }

// listGroupMemberships serves GET /groups/{group_id}/memberships, ordered
// by membership ID (offset pagination only; the spec has no fields= here).
func (s *Sim) listGroupMemberships(w http.ResponseWriter, r *http.Request, p pathParams) {
	pg, e := parseOffsetPage(r.URL.Query())
	if e != nil {
		s.fail(w, e)
		return
	}
	s.mu.RLock()
	g := s.st.group(p["group_id"])
	var body object
	if g != nil {
		body = offsetEnvelope(g.members, pg, renderListedMembership)
	}
	s.mu.RUnlock()
	if g == nil {
		s.fail(w, notFound())
		return
	}
	s.writeJSON(w, http.StatusOK, body)
}

// listUserMemberships serves GET /users/{user_id}/memberships.
func (s *Sim) listUserMemberships(w http.ResponseWriter, r *http.Request, p pathParams) {
	pg, e := parseOffsetPage(r.URL.Query())
	if e != nil {
		s.fail(w, e)
		return
	}
	s.mu.RLock()
	u := s.st.user(p["user_id"])
	var body object
	if u != nil {
		body = offsetEnvelope(u.memberships, pg, renderListedMembership)
	}
	s.mu.RUnlock()
	if u == nil {
		s.fail(w, notFound())
		return
	}
	s.writeJSON(w, http.StatusOK, body)
}

// getMembership serves GET /group_memberships/{group_membership_id}.
func (s *Sim) getMembership(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs := parseFields(r.URL.Query())
	s.mu.RLock()
	m := s.st.membership(p["group_membership_id"])
	var body object
	if m != nil {
		body = renderMembership(m, fs)
	}
	s.mu.RUnlock()
	if m == nil {
		s.fail(w, notFound())
		return
	}
	s.writeJSON(w, http.StatusOK, body)
}
