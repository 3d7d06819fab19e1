package boxsim

import (
	"net/url"
	"strings"
	"time"
)

// fieldSet is a parsed fields= parameter; nil means "standard representation".
type fieldSet map[string]bool

// parseFields reads fields=a,b (repeated parameters are merged). An absent
// or blank parameter selects the standard representation.
func parseFields(q url.Values) fieldSet {
	var fs fieldSet
	for _, v := range q["fields"] {
		for f := range strings.SplitSeq(v, ",") {
			if f = strings.TrimSpace(f); f != "" {
				if fs == nil {
					fs = fieldSet{}
				}
				fs[f] = true
			}
		}
	}
	return fs
}

// field is one optional property of a representation.
type field[T any] struct {
	name     string
	standard bool // part of the default (no fields=) representation
	get      func(T) any
}

// project renders the mini fields, then either the standard fields (fs nil)
// or exactly the requested ones; unknown names are ignored, as Box does.
func project[T any](mini object, table []field[T], rec T, fs fieldSet) object {
	for _, f := range table {
		if (fs == nil && f.standard) || fs[f.name] {
			mini = append(mini, member{f.name, f.get(rec)})
		}
	}
	return mini
}

// boxTime formats like Box (RFC 3339, seconds, numeric offset), in UTC.
func boxTime(sec int64) string {
	return time.Unix(sec, 0).UTC().Format("2006-01-02T15:04:05-07:00")
}

const (
	spaceUnlimited = int64(999999999999999) // Box's "unlimited" space_amount
	maxUploadSize  = int64(5368709120)
)

func enterpriseObject(e *Enterprise) object {
	return object{{"id", e.ID}, {keyType, "enterprise"}, {keyName, e.Name}}
}

// userFields follows the spec: User (standard) then User--Full extras.
var userFields = []field[*userRec]{
	{keyCreatedAt, true, func(u *userRec) any { return boxTime(u.created) }},
	{keyModifiedAt, true, func(u *userRec) any { return boxTime(u.modified) }},
	{"language", true, func(u *userRec) any { return u.language }},
	{"timezone", true, func(u *userRec) any { return u.timezone }},
	{"space_amount", true, func(u *userRec) any { return u.spaceAmount() }},
	{"space_used", true, func(u *userRec) any { return u.spaceUsed() }},
	{"max_upload_size", true, func(*userRec) any { return maxUploadSize }},
	{"status", true, func(u *userRec) any { return u.status }},
	{"job_title", true, func(u *userRec) any { return u.jobTitle }},
	{"phone", true, func(u *userRec) any { return u.phone }},
	{"address", true, func(u *userRec) any { return u.address }},
	{"avatar_url", true, func(u *userRec) any { return "https://app.box.com/api/avatar/large/" + formatID(u.id) }},
	{"notification_email", true, func(u *userRec) any {
		if u.notificationEmail == "" {
			return nil
		}
		return object{{"email", u.notificationEmail}, {"is_confirmed", true}}
	}},
	{"role", false, func(u *userRec) any { return u.role }},
	{"tracking_codes", false, func(*userRec) any { return []object{} }},
	{"can_see_managed_users", false, func(u *userRec) any { return u.kind != kindExternal }},
	{"is_sync_enabled", false, func(u *userRec) any { return !u.appUser }},
	{"is_external_collab_restricted", false, func(*userRec) any { return false }},
	{"is_exempt_from_device_limits", false, func(u *userRec) any { return u.appUser }},
	{"is_exempt_from_login_verification", false, func(u *userRec) any { return u.appUser }},
	{"enterprise", false, func(u *userRec) any { return enterpriseObject(u.enterprise) }},
	{"my_tags", false, func(*userRec) any { return []string{} }},
	{"hostname", false, func(*userRec) any { return "https://app.box.com/" }},
	{"is_platform_access_only", false, func(u *userRec) any { return u.appUser }},
	{"external_app_user_id", false, func(u *userRec) any { return u.extAppUserID }},
}

func userMini(u *userRec) object {
	return object{{keyType, typeUser}, {"id", formatID(u.id)}, {keyName, u.name}, {"login", u.login}}
}

func renderUser(u *userRec, fs fieldSet) object {
	return project(userMini(u), userFields, u, fs)
}

// groupFields follows the spec: Group (standard) then Group--Full extras.
var groupFields = []field[*groupRec]{
	{keyCreatedAt, true, func(g *groupRec) any { return boxTime(g.created) }},
	{keyModifiedAt, true, func(g *groupRec) any { return boxTime(g.modified) }},
	{"description", false, func(g *groupRec) any { return g.description }},
	{"provenance", false, func(g *groupRec) any { return g.provenance }},
	{"external_sync_identifier", false, func(g *groupRec) any { return g.externalSyncIdentifier }},
	{"invitability_level", false, func(g *groupRec) any { return g.invitabilityLevel }},
	{"member_viewability_level", false, func(g *groupRec) any { return g.memberViewability }},
	{"permissions", false, func(*groupRec) any { return object{{"can_invite_as_collaborator", true}} }},
}

func groupMini(g *groupRec) object {
	return object{{keyType, typeGroup}, {"id", formatID(g.id)}, {keyName, g.name}, {"group_type", g.groupType}}
}

func renderGroup(g *groupRec, fs fieldSet) object {
	return project(groupMini(g), groupFields, g, fs)
}

// membershipFields: a membership has no mini variant, so fields= keeps
// only type and id plus what is named.
var membershipFields = []field[*memberRec]{
	{typeUser, true, func(m *memberRec) any { return userMini(m.user) }},
	{typeGroup, true, func(m *memberRec) any { return groupMini(m.group) }},
	{"role", true, func(m *memberRec) any { return m.role }},
	{keyCreatedAt, true, func(m *memberRec) any { return boxTime(m.created) }},
	{keyModifiedAt, true, func(m *memberRec) any { return boxTime(m.modified) }},
}

func renderMembership(m *memberRec, fs fieldSet) object {
	return project(object{{keyType, "group_membership"}, {"id", formatID(m.id)}}, membershipFields, m, fs)
}
