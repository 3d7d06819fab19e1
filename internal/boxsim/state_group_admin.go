package boxsim

import "encoding/json"

// Group admins' privileges. A membership with role admin carries
// configurable_permissions: can_create_accounts, can_edit_accounts,
// can_instant_login (logging in as the group's members) and
// can_run_reports. The spec's POST /group_memberships text: "Specifying a
// value of null for this object will disable all configurable permissions.
// Specifying permissions will set them accordingly, omitted permissions
// will be enabled by default."
//
// Where Box shows them is not documented, and the sources disagree: the
// spec's GroupMembership schema (components/schemas/GroupMembership: id,
// type, user, group, role, created_at, modified_at) has no such field at
// all, while box-java-sdk BoxGroupMembership.Info and box-ios-sdk
// GroupMembership.swift decode configurable_permissions from membership
// objects, listings included (box-java-sdk BoxGroup.getAllMemberships
// passes fields= to GET /groups/{id}/memberships). Each reading is a
// Config.GroupAdminPermissionsMode (GroupAdminPermissionsModes), and the
// connector must be exact under each.
const (
	// GroupAdminPermissionsListed: listings and GET show them in the
	// standard representation, and wherever fields= names them (the
	// SDKs' reading; the default).
	GroupAdminPermissionsListed = "listed"
	// GroupAdminPermissionsByField: only where fields= names them, in a
	// listing or on GET /group_memberships/{id}.
	GroupAdminPermissionsByField = "by-field"
	// GroupAdminPermissionsGetOnly: only GET /group_memberships/{id} shows
	// them (with or without fields=); listings never do.
	GroupAdminPermissionsGetOnly = "get-only"
	// GroupAdminPermissionsNowhere: never shown (the spec's schema, read
	// literally). Writes still set them.
	GroupAdminPermissionsNowhere = "nowhere"
)

// GroupAdminPermissionsModes lists the readings, the default first.
func GroupAdminPermissionsModes() []string {
	return []string{GroupAdminPermissionsListed, GroupAdminPermissionsByField, GroupAdminPermissionsGetOnly, GroupAdminPermissionsNowhere}
}

// "A user cannot be both a group admin and the main admin or co-admin of
// your Box account. If a group admin is elevated to the main
// admin/co-admin, they will lose the status of group admin"
// (support.box.com article 360043692374, "Designating Group Admins"):
// making the admin or a co-admin a group admin is refused, and promoting a
// group admin to co-admin demotes their admin memberships to member. Box's
// answer to the refused write is not documented; the 400 is an assumption
// (the role is an invalid value for that user).

// GroupAdminPermissions are the configurable_permissions names, in the
// order Box's SDKs list them.
var GroupAdminPermissions = []string{"can_create_accounts", "can_edit_accounts", "can_instant_login", "can_run_reports"}

// adminPerms is a bit set over GroupAdminPermissions.
type adminPerms uint8

const allAdminPerms = adminPerms(1<<4 - 1) // the four of GroupAdminPermissions

func (p adminPerms) has(i int) bool { return p&(1<<i) != 0 }

func (p adminPerms) object() object {
	o := make(object, len(GroupAdminPermissions))
	for i, name := range GroupAdminPermissions {
		o[i] = member{name, p.has(i)}
	}
	return o
}

func (p adminPerms) names() map[string]bool {
	out := make(map[string]bool, len(GroupAdminPermissions))
	for i, name := range GroupAdminPermissions {
		out[name] = p.has(i)
	}
	return out
}

// parseAdminPerms reads configurable_permissions: absent (ok false), null
// (none) or an object of booleans (omitted ones enabled). Unknown names
// are accepted (additionalProperties: boolean) and ignored.
func parseAdminPerms(b jsonBody) (adminPerms, bool, *apiError) {
	const name = "configurable_permissions"
	v, ok := b[name]
	if !ok {
		return 0, false, nil
	}
	if isNull(v) {
		return 0, true, nil
	}
	var m map[string]json.RawMessage
	if strictUnmarshal(v, &m) != nil {
		return 0, true, badParam(name, "'configurable_permissions' must be null or an object of booleans")
	}
	p := allAdminPerms
	for k, raw := range m {
		var on bool
		if strictUnmarshal(raw, &on) != nil {
			return 0, true, badParam(name, "'configurable_permissions."+k+"' must be a boolean")
		}
		for i, n := range GroupAdminPermissions {
			if n == k && !on {
				p &^= 1 << i
			}
		}
	}
	return p, true, nil
}

// setRole gives m a role: an admin gets perms when given, a new admin
// all of them when not (omitted ones are enabled), an admin staying admin
// keeps its own; a member has none.
func (m *memberRec) setRole(role string, perms adminPerms, given bool) {
	wasAdmin := m.role == roleAdmin
	m.role = role
	switch {
	case role != roleAdmin:
		m.perms = 0
	case given:
		m.perms = perms
	case !wasAdmin:
		m.perms = allAdminPerms
	}
}

// adminCannotBeGroupAdmin refuses making the admin or a co-admin a group
// admin.
func adminCannotBeGroupAdmin(u *userRec, role string) *apiError {
	if role == roleAdmin && isAdmin(u) {
		return badParam("role", "The admin and co-admins cannot also be group admins (Box: Designating Group Admins)")
	}
	return nil
}

// isAdmin: the primary admin or a co-admin.
func isAdmin(u *userRec) bool { return u.role == roleAdmin || u.role == roleCoadmin }

// dropGroupAdmin demotes every admin membership of a user promoted to
// co-admin.
func dropGroupAdmin(u *userRec, now int64) {
	for _, m := range u.memberships {
		if m.role == roleAdmin {
			m.setRole(roleMember, 0, false)
			m.modified = now
		}
	}
}

// renderMembershipFor renders a membership as GET /group_memberships/{id}
// (and the writes) answer it, renderListedMembership as listings do: an
// admin's configurable_permissions are shown as
// Config.GroupAdminPermissionsMode says, and never where fields= leaves
// them out.
func (s *Sim) renderMembershipFor(m *memberRec, fs fieldSet) object {
	return s.withAdminPerms(m, fs, false)
}

func (s *Sim) renderListedMembership(m *memberRec, fs fieldSet) object {
	return s.withAdminPerms(m, fs, true)
}

func (s *Sim) withAdminPerms(m *memberRec, fs fieldSet, listing bool) object {
	o := renderMembership(m, fs)
	named := fs["configurable_permissions"]
	var show bool
	switch s.cfg.GroupAdminPermissionsMode {
	case GroupAdminPermissionsByField:
		show = named
	case GroupAdminPermissionsGetOnly:
		show = !listing && (fs == nil || named)
	case GroupAdminPermissionsNowhere:
	default:
		show = fs == nil || named
	}
	if show && m.role == roleAdmin {
		o = append(o, member{"configurable_permissions", m.perms.object()})
	}
	return o
}
