package boxsim

import "net/http"

// listGroupMemberships serves GET /groups/{group_id}/memberships, ordered
// by membership ID (offset pagination only). The spec lists no fields=
// here, but Box's SDKs send it (box-java-sdk BoxGroup.getAllMemberships),
// so it is honoured as on GET /group_memberships/{id}.
func (s *Sim) listGroupMemberships(w http.ResponseWriter, r *http.Request, p pathParams) {
	s.listMemberships(w, r, func(st *store) ([]*memberRec, bool) {
		if g := st.group(p["group_id"]); g != nil {
			return g.members, true
		}
		return nil, false
	})
}

// listUserMemberships serves GET /users/{user_id}/memberships.
func (s *Sim) listUserMemberships(w http.ResponseWriter, r *http.Request, p pathParams) {
	s.listMemberships(w, r, func(st *store) ([]*memberRec, bool) {
		if u := st.user(p["user_id"]); u != nil {
			return u.memberships, true
		}
		return nil, false
	})
}

// listMemberships serves one offset page of the memberships owner returns;
// an unknown owner is a 404.
func (s *Sim) listMemberships(w http.ResponseWriter, r *http.Request, owner func(*store) ([]*memberRec, bool)) {
	q := r.URL.Query()
	pg, e := parseOffsetPage(q)
	if e != nil {
		s.fail(w, e)
		return
	}
	fs := parseFields(q)
	s.mu.RLock()
	members, ok := owner(s.st)
	var body object
	if ok {
		body = offsetEnvelope(members, pg, func(m *memberRec) object { return s.renderListedMembership(m, fs) })
	}
	s.mu.RUnlock()
	if !ok {
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
		body = s.renderMembershipFor(m, fs)
	}
	s.mu.RUnlock()
	if m == nil {
		s.fail(w, notFound())
		return
	}
	s.writeJSON(w, http.StatusOK, body)
}
