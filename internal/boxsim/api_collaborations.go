package boxsim

import "net/http"

// omitted marks a field left out of one object although its table lists
// it (accessible_by of an invite to an address with no Box account).
type omitted struct{}

func dropOmitted(o object) object {
	out := o[:0]
	for _, m := range o {
		if _, skip := m.val.(omitted); !skip {
			out = append(out, m)
		}
	}
	return out
}

// collabView renders a collaboration; legacy is
// ContentConfig.LegacyPendingCollaborations, quirk the collaboration's
// ContentConfig.CollaborationQuirk ("" for none).
type collabView struct {
	c      *collabRec
	legacy bool
	quirk  string
}

// userCollab is User--Collaborations: name is "" while pending (the spec's
// User--Collaborations and POST /collaborations: the name is redacted);
// is_active is false for an inactive user ("deactivated or deleted").
func userCollab(u *userRec, pending bool) object {
	name := u.name
	if pending {
		name = ""
	}
	active := u.status != statusInactive && !u.deleted
	return object{{keyType, typeUser}, {"id", formatID(u.id)}, {keyName, name}, {"login", u.login}, {"is_active", active}}
}

func (v collabView) accessibleBy() any {
	c := v.c
	pending := c.status == statusPending
	switch {
	case pending && v.legacy, v.quirk == QuirkNoGrantee:
		return nil
	case v.quirk == QuirkAllUsersGroup:
		return allUsersGroup()
	case c.user != nil:
		return userCollab(c.user, pending)
	case c.group != nil:
		return groupMini(c.group)
	}
	return omitted{} // an invitee with no Box account: only invite_email names it
}

// collabFields follows the spec's Collaboration, in its order. item is
// null while pending (the spec: "null when the collaboration status is
// pending"); app_item is null ("null when the collaboration is created on
// an item"); invite_email is set only for an address with no Box account
// (the spec: "used to invite an unregistered collaborator"); acknowledged_at is absent until accepted or rejected (not
// nullable in the spec); expires_at is always null (expiry needs an
// enterprise setting the simulator does not model). created_by is
// rendered as User--Collaborations, the spec's type for it.
var collabFields = []field[collabView]{
	{"item", true, func(v collabView) any {
		if v.c.status == statusPending {
			return nil
		}
		return folderMini(v.c.folder)
	}},
	{"app_item", true, func(collabView) any { return nil }},
	{"accessible_by", true, func(v collabView) any { return v.accessibleBy() }},
	{"invite_email", true, func(v collabView) any {
		if v.c.inviteEmail == "" {
			return nil
		}
		return v.c.inviteEmail
	}},
	{"role", true, func(v collabView) any {
		if v.quirk == QuirkUnknownRole {
			return quirkRole
		}
		return v.c.role
	}},
	{"expires_at", true, func(collabView) any { return nil }},
	{"is_access_only", true, func(v collabView) any { return v.c.accessOnly }},
	{"status", true, func(v collabView) any { return v.c.status }},
	{"acknowledged_at", true, func(v collabView) any {
		if v.c.acknowledged == 0 {
			return omitted{}
		}
		return boxTime(v.c.acknowledged)
	}},
	{"created_by", true, func(v collabView) any { return userCollab(v.c.creator, false) }},
	{keyCreatedAt, true, func(v collabView) any { return boxTime(v.c.created) }},
	{keyModifiedAt, true, func(v collabView) any { return boxTime(v.c.modified) }},
}

func (s *Sim) renderCollab(c *collabRec, fs fieldSet) object {
	v := collabView{c: c, legacy: s.cfg.Content.LegacyPendingCollaborations, quirk: s.quirkOf(c)}
	return dropOmitted(project(object{{keyType, "collaboration"}, {"id", formatID(c.id)}}, collabFields, v, fs))
}

// listFolderCollaborations serves GET /folders/{folder_id}/collaborations:
// pending and active collaborations (rejected ones too) of a folder the
// actor can open, by ID, in marker pages (limit up to 1000; the spec's
// Collaborations), or unpaged with
// ContentConfig.UnpagedFolderCollaborations (at most
// UnpagedCollaborationsCap entries, total_count still counting all). Only
// those created on that folder, unless
// ContentConfig.InheritedCollaborations; first an owner entry under
// ContentConfig.OwnerCollaborationListed. The root has none.
func (s *Sim) listFolderCollaborations(w http.ResponseWriter, r *http.Request, p pathParams) {
	q := r.URL.Query()
	fs := parseFields(q)
	pg, e := parseMarkerPage(q)
	if e != nil {
		s.fail(w, e)
		return
	}
	s.readFolder(w, r, p, func(_ *store, _ actorView, f *folderRec) object {
		var items []*collabRec
		if f != nil {
			items = s.withOwnerEntry(f, listedCollabs(f, s.cfg.Content.InheritedCollaborations))
		}
		render := func(c *collabRec) object { return s.renderCollab(c, fs) }
		if cc := s.cfg.Content; cc.UnpagedFolderCollaborations {
			served := items
			if cc.UnpagedCollaborationsCap > 0 && len(served) > cc.UnpagedCollaborationsCap {
				served = served[:cc.UnpagedCollaborationsCap]
			}
			return object{{"total_count", len(items)}, {keyEntries, renderAll(served, render)}}
		}
		return markerEnvelope(items, pg, collabListKey, render)
	})
}

// visibleCollab finds a collaboration the actor may see: one on a folder
// it can open, or one naming it (a pending invitee sees its invitation:
// developer.box.com/guides/collaborations/pending lists a user's own pending ones). Who
// else may read one is not documented; everyone else gets 404, as for a
// folder they cannot open (an assumption).
func (st *store) visibleCollab(a actorView, id string) (*collabRec, *apiError) {
	c := st.collaboration(id)
	if c == nil || (a.access(c.folder) == accessNone && !a.named(c)) {
		return nil, notFound()
	}
	return c, nil
}

// actorCollab resolves the acting user and the collaboration the path
// names, as that user may see it. Callers hold s.mu.
func (s *Sim) actorCollab(st *store, r *http.Request, p pathParams) (actorView, *collabRec, *apiError) {
	a, e := s.actor(st, r)
	if e != nil {
		return a, nil, e
	}
	c, e := st.visibleCollab(a, p["collaboration_id"])
	return a, c, e
}

// getCollaboration serves GET /collaborations/{collaboration_id}.
func (s *Sim) getCollaboration(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs := parseFields(r.URL.Query())
	body, e := s.view(func(st *store) (object, *apiError) {
		_, c, e := s.actorCollab(st, r, p)
		if e != nil {
			return nil, e
		}
		return s.renderCollab(c, fs), nil
	})
	s.respond(w, http.StatusOK, body, e)
}
