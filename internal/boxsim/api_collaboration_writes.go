package boxsim

import (
	"fmt"
	"net/http"
	"strings"
)

// Box error codes and messages of the collaboration writes (common-errors
// guide, developer.box.com/guides/api-calls/permissions-and-errors/common-errors/).
const (
	codeAlreadyCollaborator  = "user_already_collaborator"                   // 400 "User is already a collaborator"
	codeRootNotCollaborable  = "collaborations_not_available_on_root_folder" // 400 "Root folder cannot be collaborated"
	codeInvalidCollabItem    = "invalid_collaboration_item"                  // 400 "Item type must be specified and set to 'folder'"
	codeInvalidCollabStatus  = "invalid_status"                              // 400 "You can change the status only if the collaboration is pending"
	msgAlreadyCollaborator   = "User is already a collaborator"
	msgExpiryNotSimulated    = "Collaboration expiry needs the enterprise setting \"Automatically remove invited collaborators\" (not simulated)"
	msgCollabNeedsOwnerRole  = "Only the owner or a co-owner can change or remove this collaboration"
	msgInviteNeedsRights     = "The acting user cannot invite collaborators to this folder with this role"
	msgOnlyInviteeSetsStatus = "Only the invited user can accept or reject a collaboration"
)

// Fields POST and PUT /collaborations accept without modelling them. The
// spec's can_view_path rules (owners and co-owners may invite with it,
// only owners may change it) are not enforced.
var collabIgnored = map[string]jsonKind{"can_view_path": kindBool}

// collabRequest is a parsed POST /collaborations body.
type collabRequest struct {
	itemType, itemID       string
	granteeType, granteeID string
	login                  string
	role                   string
	accessOnly             bool
}

// nestedStr reads parent.name as a string, naming errors "parent.name".
func nestedStr(obj jsonBody, parent, name string) (string, bool, *apiError) {
	s, ok, e := obj.str(name, 0)
	if e != nil {
		e = badParam(parent+"."+name, fmt.Sprintf("'%s.%s' must be a string", parent, name))
	}
	return s, ok, e
}

// parseCollabRequest checks the body of POST /collaborations against the
// spec: item, accessible_by (type required; id or login) and role are
// required; role excludes "owner". A missing or non-folder item.type is
// common-errors' invalid_collaboration_item ("file" passes here: it is a
// valid type, refused later as not modelled). expires_at "will be result in
// an error" without the enterprise setting (the spec, which names no
// status): a 400, an assumption. Groups by login: the spec's accessible_by
// takes a login for users only, so a 400 (assumption).
func parseCollabRequest(b jsonBody) (collabRequest, *apiError) {
	var req collabRequest
	item, hasItem, e := b.object("item")
	if e != nil {
		return req, e
	}
	if !hasItem {
		return req, missingParam("item")
	}
	grantee, hasGrantee, e := b.object("accessible_by")
	if e != nil {
		return req, e
	}
	if !hasGrantee {
		return req, missingParam("accessible_by")
	}
	var hasType, hasID, hasLogin, hasRole bool
	var errs [9]*apiError
	req.itemType, hasType, errs[0] = nestedStr(item, "item", keyType)
	req.itemID, _, errs[1] = nestedStr(item, "item", "id")
	req.granteeType, _, errs[2] = nestedStr(grantee, "accessible_by", keyType)
	req.granteeID, hasID, errs[3] = nestedStr(grantee, "accessible_by", "id")
	req.login, hasLogin, errs[4] = nestedStr(grantee, "accessible_by", "login")
	req.role, hasRole, errs[5] = b.enum("role", collaborationRoles()...)
	req.accessOnly, errs[6] = b.boolean("is_access_only")
	errs[7] = b.checkTypes(collabIgnored)
	if _, has := b["expires_at"]; has {
		errs[8] = badParam("expires_at", msgExpiryNotSimulated)
	}
	if e := firstError(errs[:]...); e != nil {
		return req, e
	}
	switch {
	case !hasType || (req.itemType != "folder" && req.itemType != "file"):
		return req, &apiError{status: http.StatusBadRequest, code: codeInvalidCollabItem, message: "Item type must be specified and set to 'folder'"}
	case req.itemID == "":
		return req, missingParam("item.id")
	case req.granteeType == "":
		return req, missingParam("accessible_by.type")
	case req.granteeType != typeUser && req.granteeType != typeGroup:
		return req, badParam("accessible_by.type", fmt.Sprintf("Invalid value '%s'. 'accessible_by.type' must be user or group", req.granteeType))
	case (!hasID || req.granteeID == "") && (!hasLogin || req.login == ""):
		return req, missingParam("accessible_by.id")
	case req.granteeType == typeGroup && (!hasID || req.granteeID == ""):
		return req, badParam("accessible_by.login", "Groups are invited by 'id', not 'login'")
	case !hasRole:
		return req, missingParam("role")
	}
	return req, nil
}

// canInviteGroup follows Group--Full.invitability_level: admins_only lets
// the enterprise admin, co-admins and the group's admins invite the group;
// admins_and_members adds its members; all_managed_users anyone of the
// enterprise. POST /collaborations: "access to this endpoint is dependent
// on the group's ability to be invited" (the spec), answered with its 403.
func (st *store) canInviteGroup(u *userRec, g *groupRec) bool {
	if isAdmin(u) {
		return true
	}
	m := st.membershipOf(u, g)
	switch g.invitabilityLevel {
	case "all_managed_users":
		return u.kind == kindListed
	case "admins_and_members":
		return m != nil
	}
	return m != nil && m.role == roleAdmin
}

// grantee resolves who a new collaboration is for: a group, a user by ID
// or login, or (a login no Box user has) an invitation to that address.
func (st *store) grantee(a actorView, req collabRequest) (*userRec, *groupRec, string, *apiError) {
	if req.granteeType == typeGroup {
		g := st.group(req.granteeID)
		switch {
		case g == nil:
			return nil, nil, "", notFound()
		case !st.canInviteGroup(a.u, g):
			return nil, nil, "", forbidden(codeAccessDenied, "The group's invitability_level does not let the acting user invite it")
		}
		return nil, g, "", nil
	}
	if req.granteeID != "" {
		u := st.user(req.granteeID)
		if u == nil {
			return nil, nil, "", notFound()
		}
		return u, nil, "", nil
	}
	if u := st.logins[strings.ToLower(req.login)]; u != nil {
		return u, nil, "", nil
	}
	if !validLogin(req.login) {
		return nil, nil, "", badParam("accessible_by.login", fmt.Sprintf("Invalid value '%s'. 'accessible_by.login' must be an e-mail address", req.login))
	}
	return nil, nil, req.login, nil
}

// newCollab stores a collaboration with the next collaboration ID.
func (st *store) newCollab(f *folderRec, u *userRec, g *groupRec, email, role, status string, accessOnly bool, by *userRec, now int64) *collabRec {
	c := st.draftCollab(f, u, g, email, role, status, accessOnly, by, now)
	st.addCollab(c)
	return c
}

// draftCollab is a collaboration with the next collaboration ID, not
// stored (newCollab stores it).
func (st *store) draftCollab(f *folderRec, u *userRec, g *groupRec, email, role, status string, accessOnly bool, by *userRec, now int64) *collabRec {
	c := &collabRec{
		id: st.content.nextID, folder: f, user: u, group: g, inviteEmail: email,
		role: role, accessOnly: accessOnly, creator: by, created: now, modified: now,
	}
	c.setStatus(status, now)
	st.content.nextID++
	return c
}

// createCollaboration serves POST /collaborations. The actor (the
// as-user; the service account only on content it owns or shares) must
// be able to open the folder (else 404, the spec's answer for a folder
// the user cannot access) and invite with that role (else the spec's 403,
// as access_denied_insufficient_permissions): the owner and co-owners
// (support.box.com article 360044196413, "Invite People"), or editors
// unless can_non_owners_invite is false (the spec's Folder--Full; "Restrict
// invites", support.box.com article 360044194913). An editor cannot invite
// a co-owner: an assumption (an editor cannot hand out more than it
// holds). Groups obey their invitability_level (403). The root is a 400
// collaborations_not_available_on_root_folder (common-errors); files are
// not modelled (404). A grantee already on the folder (any status) is a
// 400 user_already_collaborator (common-errors; no 409 variant is
// documented); the owner cannot be invited: a 400, Box's answer being
// undocumented. A grantee that collaborates on a parent folder is refused,
// ignored or invited as ContentConfig.InviteBelowCollaborator says
// (inviteBelow). Registered users and groups are accepted at once unless
// the invitee accepts by hand or the enterprise asks it to (inviteStatus);
// a login no Box user holds becomes a pending invitation to that address
// (the spec's invite_email).
func (s *Sim) createCollaboration(w http.ResponseWriter, r *http.Request, _ pathParams) {
	q := r.URL.Query()
	fs := parseFields(q)
	_, e := boolParam(q, "notify")
	var b jsonBody
	if e == nil {
		b, e = readBody(w, r)
	}
	var req collabRequest
	if e == nil {
		req, e = parseCollabRequest(b)
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		a, e := s.actor(st, r)
		if e != nil {
			return nil, e
		}
		if req.itemType == "file" {
			return nil, notFound() // files are counted, not modelled
		}
		if req.itemID == "0" {
			return nil, &apiError{status: http.StatusBadRequest, code: codeRootNotCollaborable, message: "Root folder cannot be collaborated"}
		}
		f, e := st.visibleFolder(a, req.itemID)
		if e != nil {
			return nil, e
		}
		if !a.access(f).canInvite(f, req.role) {
			return nil, forbidden(codeAccessDenied, msgInviteNeedsRights)
		}
		u, g, email, e := st.grantee(a, req)
		switch {
		case e != nil:
			return nil, e
		case u != nil && u == f.owner:
			return nil, badParam("accessible_by.id", "The owner of a folder cannot be invited to it")
		case f.collabFor(u, g, email) != nil:
			return nil, &apiError{status: http.StatusBadRequest, code: codeAlreadyCollaborator, message: msgAlreadyCollaborator}
		}
		ignore, e := s.inviteBelow(f, u, g)
		if e != nil {
			return nil, e
		}
		// Ignored, the answer looks made; its ID is spent, nothing stored.
		c := st.draftCollab(f, u, g, email, req.role, s.inviteStatus(u, email), req.accessOnly, a.u, now)
		if !ignore {
			st.addCollab(c)
		}
		return s.renderCollab(c, fs), nil
	})
	s.respond(w, http.StatusCreated, body, e)
}

// updateCollaboration serves PUT /collaborations/{collaboration_id}.
//   - Unknown, or not visible to the actor: 404 (visibleCollab).
//   - expires_at: 403, the spec's answer without the enterprise setting
//     "Automatically remove invited collaborators" (not simulated).
//   - status: only on a pending collaboration (400 invalid_status "You can
//     change the status only if the collaboration is pending") and only by
//     "the user specified in the accessible_by field" (both common-errors);
//     anyone else gets 403 access_denied_insufficient_permissions, Box's
//     code for that case being undocumented (the spec's 403: "does not
//     have the right permissions to update the collaboration").
//   - role: owners and co-owners ("Set a Collaborator's Level of Access",
//     support.box.com article 360044196413), else that 403. role "owner":
//     the owner only (co-owners "cannot change a folder's owner", same
//     article); it hands the folder to the collaborator and answers 204:
//     the collaboration is deleted and the previous owner becomes a
//     co-owner (the spec's 204).
//
// Every successful PUT sets modified_at; the spec offers no fields= here.
func (s *Sim) updateCollaboration(w http.ResponseWriter, r *http.Request, p pathParams) {
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	role, hasRole, e1 := b.enum("role", append(collaborationRoles(), roleOwner)...)
	status, hasStatus, e2 := b.enum("status", collabStatuses...)
	_, hasExpiry := b["expires_at"]
	if e = firstError(e1, e2, b.checkTypes(collabIgnored)); e != nil {
		s.fail(w, e)
		return
	}
	var owner bool
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		a, c, e := s.actorCollab(st, r, p)
		if e != nil {
			return nil, e
		}
		level := a.access(c.folder)
		switch {
		case hasExpiry:
			// The spec's 403: "this error may occur when attempting to
			// update the expires_at field ... without the Automatically
			// remove invited collaborators ... setting enabled".
			return nil, forbidden(codeAccessDenied, msgExpiryNotSimulated)
		case hasStatus && c.status != statusPending:
			return nil, &apiError{status: http.StatusBadRequest, code: codeInvalidCollabStatus,
				message: "You can change the status only if the collaboration is pending"}
		case hasStatus && c.user != a.u:
			return nil, forbidden(codeAccessDenied, msgOnlyInviteeSetsStatus)
		case hasRole && !level.canManage():
			return nil, forbidden(codeAccessDenied, msgCollabNeedsOwnerRole)
		case hasRole && role == roleOwner:
			if level != accessOwner {
				return nil, forbidden(codeAccessDenied, "Only the owner can hand over ownership")
			}
			owner = true
			return nil, st.makeOwner(c, now)
		}
		if hasStatus {
			c.setStatus(status, now) // pending so far (checked above)
		}
		if hasRole {
			c.role = role
		}
		c.modified = now
		return s.renderCollab(c, nil), nil
	})
	if owner && e == nil {
		s.respond(w, http.StatusNoContent, nil, nil)
		return
	}
	s.respond(w, http.StatusOK, body, e)
}

// makeOwner gives c's folder to c's user (PUT role "owner"): only an
// accepted collaboration of a listed user, on a top-level folder (the
// simulator moves whole trees only; Box's answer to the other cases is
// undocumented, so the 400s are assumptions). The folder moves to the new owner's
// root with everything below it; the new owner's own collaborations
// inside it go (an owner needs none); the previous owner becomes a
// co-owner.
func (st *store) makeOwner(c *collabRec, now int64) *apiError {
	f, nu := c.folder, c.user
	switch {
	case nu == nil || nu.kind != kindListed || c.status != statusAccepted:
		return badParam("role", "Only an accepted collaborator who is a user of this enterprise can become the owner")
	case f.parent != nil:
		return badParam("role", "The simulator hands over top-level folders only")
	}
	old := f.owner
	n := st.moveTree(f, nil, nu)
	old.ownedItems = max(0, old.ownedItems-n)
	nu.ownedItems += n
	st.newCollab(f, old, nil, "", roleCoOwner, statusAccepted, false, nu, now)
	return nil
}

// deleteCollaboration serves DELETE /collaborations/{collaboration_id}:
// by an owner or co-owner of the folder ("remove collaborators",
// support.box.com article 360044196413), or by the collaborator leaving
// (or declining) it; anyone else who can see it gets 403
// access_denied_insufficient_permissions. That article's older text also
// lets editors "invite/remove collaborators"; the simulator does not (the
// connector removes collaborations as the owner, so either reading serves
// it).
func (s *Sim) deleteCollaboration(w http.ResponseWriter, r *http.Request, p pathParams) {
	_, e := s.update(func(st *store, _ int64) (object, *apiError) {
		a, c, e := s.actorCollab(st, r, p)
		switch {
		case e != nil:
			return nil, e
		case !a.access(c.folder).canManage() && c.user != a.u:
			return nil, forbidden(codeAccessDenied, msgCollabNeedsOwnerRole)
		}
		st.removeCollab(c)
		return nil, nil
	})
	s.respond(w, http.StatusNoContent, nil, e)
}
