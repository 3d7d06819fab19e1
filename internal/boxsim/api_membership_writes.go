package boxsim

import (
	"cmp"
	"net/http"
)

// createMembership serves POST /group_memberships. The body is checked
// whole before any ID is looked up; then an unknown user or group is a
// 404, a user outside the enterprise's listed users (external users, the
// service account) a 400, and a user already in the group a 409 conflict.
func (s *Sim) createMembership(w http.ResponseWriter, r *http.Request, _ pathParams) {
	fs := parseFields(r.URL.Query())
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	userID, hasUser, e1 := b.ref(typeUser)
	groupID, hasGroup, e2 := b.ref(typeGroup)
	role, _, e3 := b.enum("role", roleMember, roleAdmin)
	perms, hasPerms, e4 := parseAdminPerms(b)
	e = firstError(e1, e2, e3, e4)
	switch {
	case e != nil:
	case !hasUser:
		e = missingParam(typeUser)
	case !hasGroup:
		e = missingParam(typeGroup)
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	role = cmp.Or(role, roleMember)

	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		u, g := st.user(userID), st.group(groupID)
		switch {
		case u == nil || g == nil:
			return nil, notFound()
		case u.kind != kindListed:
			return nil, badParam("user.id", "Only managed users and app users of this enterprise can join its groups")
		}
		if e := adminCannotBeGroupAdmin(u, role); e != nil {
			return nil, e
		}
		if m := st.membershipOf(u, g); m != nil {
			return nil, conflict(codeConflict, "User "+userID+" is already a member of group "+groupID+" (membership "+formatID(m.id)+")")
		}
		m, _ := st.joinGroup(u, g, role, now)
		m.setRole(role, perms, hasPerms)
		return s.renderMembershipFor(m, fs), nil
	})
	s.respond(w, http.StatusCreated, body, e)
}

// updateMembership serves PUT /group_memberships/{group_membership_id}.
func (s *Sim) updateMembership(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs := parseFields(r.URL.Query())
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	role, hasRole, e1 := b.enum("role", roleMember, roleAdmin)
	perms, hasPerms, e2 := parseAdminPerms(b)
	if e = firstError(e1, e2); e != nil {
		s.fail(w, e)
		return
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		m := st.membership(p["group_membership_id"])
		if m == nil {
			return nil, notFound()
		}
		if !hasRole {
			role = m.role
		}
		if e := adminCannotBeGroupAdmin(m.user, role); e != nil {
			return nil, e
		}
		m.setRole(role, perms, hasPerms)
		m.modified = now
		return s.renderMembershipFor(m, fs), nil
	})
	s.respond(w, http.StatusOK, body, e)
}

// deleteMembership serves DELETE /group_memberships/{group_membership_id}.
func (s *Sim) deleteMembership(w http.ResponseWriter, _ *http.Request, p pathParams) {
	_, e := s.update(func(st *store, _ int64) (object, *apiError) {
		m := st.membership(p["group_membership_id"])
		if m == nil {
			return nil, notFound()
		}
		st.removeMembership(m)
		return nil, nil
	})
	s.respond(w, http.StatusNoContent, nil, e)
}
