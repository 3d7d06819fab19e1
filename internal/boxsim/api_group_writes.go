package boxsim

import (
	"cmp"
	"errors"
	"net/http"
	"strings"
)

// groupPatch is a parsed group body; has* tell which fields were sent.
type groupPatch struct {
	name, description, provenance, syncID, invitability, viewability                   string
	hasName, hasDescription, hasProvenance, hasSyncID, hasInvitability, hasViewability bool
}

// parseGroupBody reads PostGroupsRequest / PutGroupsIdRequest fields with
// the spec's enums and maxLengths.
func parseGroupBody(b jsonBody) (groupPatch, *apiError) {
	var p groupPatch
	var errs [6]*apiError
	p.name, p.hasName, errs[0] = b.nonEmpty(keyName, 0)
	p.description, p.hasDescription, errs[1] = b.str("description", 255)
	p.provenance, p.hasProvenance, errs[2] = b.str("provenance", 255)
	p.syncID, p.hasSyncID, errs[3] = b.str("external_sync_identifier", 0)
	p.invitability, p.hasInvitability, errs[4] = b.enum("invitability_level", groupLevels...)
	p.viewability, p.hasViewability, errs[5] = b.enum("member_viewability_level", groupLevels...)
	return p, firstError(errs[:]...)
}

func groupNameTaken() *apiError {
	return conflict(codeConflict, "A group with this name already exists in the enterprise")
}

// createGroup serves POST /groups: a managed_group; levels default to
// admins_only; a name in use (case-insensitively) is a 409 conflict.
func (s *Sim) createGroup(w http.ResponseWriter, r *http.Request, _ pathParams) {
	fs := parseFields(r.URL.Query())
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	p, e := parseGroupBody(b)
	if e == nil && !p.hasName {
		e = missingParam(keyName)
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	g := Group{
		Name: p.name, Description: p.description, GroupType: managedGroup, Provenance: p.provenance,
		ExternalSyncIdentifier: p.syncID,
		InvitabilityLevel:      cmp.Or(p.invitability, levelAdminsOnly),
		MemberViewabilityLevel: cmp.Or(p.viewability, levelAdminsOnly),
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		rec, err := st.insertGroup(g, now)
		if errors.Is(err, ErrConflict) {
			return nil, groupNameTaken()
		}
		if err != nil {
			return nil, &apiError{status: http.StatusBadRequest, code: codeBadRequest, message: err.Error()}
		}
		return renderGroup(rec, fs), nil
	})
	s.respond(w, http.StatusCreated, body, e)
}

// updateGroup serves PUT /groups/{group_id}; every successful PUT sets
// modified_at.
func (s *Sim) updateGroup(w http.ResponseWriter, r *http.Request, pp pathParams) {
	fs := parseFields(r.URL.Query())
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	p, e := parseGroupBody(b)
	if e != nil {
		s.fail(w, e)
		return
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		g := st.group(pp["group_id"])
		if g == nil {
			return nil, notFound()
		}
		if p.hasName {
			if other := st.groupNames[strings.ToLower(p.name)]; other != nil && other != g {
				return nil, groupNameTaken()
			}
			st.renameGroup(g, p.name)
		}
		setIf(p.hasDescription, &g.description, p.description)
		setIf(p.hasProvenance, &g.provenance, p.provenance)
		setIf(p.hasSyncID, &g.externalSyncIdentifier, p.syncID)
		setIf(p.hasInvitability, &g.invitabilityLevel, p.invitability)
		setIf(p.hasViewability, &g.memberViewability, p.viewability)
		g.modified = now
		return renderGroup(g, fs), nil
	})
	s.respond(w, http.StatusOK, body, e)
}

// deleteGroup serves DELETE /groups/{group_id}; its memberships go too.
func (s *Sim) deleteGroup(w http.ResponseWriter, _ *http.Request, pp pathParams) {
	_, e := s.update(func(st *store, _ int64) (object, *apiError) {
		g := st.group(pp["group_id"])
		if g == nil {
			return nil, notFound()
		}
		st.removeGroup(g)
		return nil, nil
	})
	s.respond(w, http.StatusNoContent, nil, e)
}
