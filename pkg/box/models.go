package box

import "time"

// UserFields is the field set the connector asks for on every user read.
// Box's `fields=` replaces the default set, and `role`, `enterprise` and
// `is_platform_access_only` are not in the default set at all, so the list is
// explicit (see docs/box-behaviour.md, "Users").
var UserFields = []string{
	"id", "type", "name", "login", "status", "role", "enterprise",
	"created_at", "modified_at", "job_title", "is_platform_access_only",
	"notification_email", "external_app_user_id", "timezone", "language",
}

// GroupFields is the field set asked for on every group read.
var GroupFields = []string{
	"id", "type", "name", "group_type", "description", "provenance",
	"external_sync_identifier", "invitability_level", "member_viewability_level",
	"created_at", "modified_at",
}

// MembershipFields is the field set asked for on every membership read,
// listings included (Box's SDKs send fields= there too, box-java-sdk
// BoxGroup.getAllMemberships). fields= replaces the default set, so it
// names everything the connector reads; configurable_permissions is in no
// set of the spec's schema, and where Box shows it is undocumented
// (group_members.go in pkg/connector reads it under every reading).
var MembershipFields = []string{"type", "id", "user", "group", "role", "configurable_permissions"}

// User statuses and roles as Box spells them.
const (
	StatusActive                 = "active"
	StatusInactive               = "inactive"
	StatusCannotDeleteEdit       = "cannot_delete_edit"
	StatusCannotDeleteEditUpload = "cannot_delete_edit_upload"
	// StatusPending: a new managed user who has not set a password yet
	// (developer.box.com/guides/users/create-managed-user); Box refuses changes until then.
	StatusPending = "pending"

	RoleAdmin   = "admin"
	RoleCoadmin = "coadmin"
	RoleUser    = "user"

	MembershipRoleMember = "member"
	MembershipRoleAdmin  = "admin"
)

// Enterprise is the enterprise a user belongs to.
type Enterprise struct {
	ID   string `json:"id"`
	Type string `json:"type,omitempty"`
	Name string `json:"name,omitempty"`
}

// User is a Box user with the fields in UserFields.
type User struct {
	ID                   string      `json:"id"`
	Type                 string      `json:"type,omitempty"`
	Name                 string      `json:"name,omitempty"`
	Login                string      `json:"login,omitempty"`
	Status               string      `json:"status,omitempty"`
	Role                 string      `json:"role,omitempty"`
	Enterprise           *Enterprise `json:"enterprise,omitempty"`
	CreatedAt            *time.Time  `json:"created_at,omitempty"`
	ModifiedAt           *time.Time  `json:"modified_at,omitempty"`
	JobTitle             string      `json:"job_title,omitempty"`
	IsPlatformAccessOnly bool        `json:"is_platform_access_only,omitempty"`
	NotificationEmail    *struct {
		Email       string `json:"email,omitempty"`
		IsConfirmed bool   `json:"is_confirmed,omitempty"`
	} `json:"notification_email,omitempty"`
	ExternalAppUserID string `json:"external_app_user_id,omitempty"`
	Timezone          string `json:"timezone,omitempty"`
	Language          string `json:"language,omitempty"`
}

// Group is a Box group with the fields in GroupFields.
type Group struct {
	ID                     string     `json:"id"`
	Type                   string     `json:"type,omitempty"`
	Name                   string     `json:"name,omitempty"`
	GroupType              string     `json:"group_type,omitempty"`
	Description            string     `json:"description,omitempty"`
	Provenance             string     `json:"provenance,omitempty"`
	ExternalSyncIdentifier string     `json:"external_sync_identifier,omitempty"`
	InvitabilityLevel      string     `json:"invitability_level,omitempty"`
	MemberViewabilityLevel string     `json:"member_viewability_level,omitempty"`
	CreatedAt              *time.Time `json:"created_at,omitempty"`
	ModifiedAt             *time.Time `json:"modified_at,omitempty"`
}

// MiniUser and MiniGroup are the short forms embedded in memberships.
type MiniUser struct {
	ID    string `json:"id"`
	Name  string `json:"name,omitempty"`
	Login string `json:"login,omitempty"`
}

type MiniGroup struct {
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	GroupType string `json:"group_type,omitempty"`
}

// Membership is one user's membership of one group.
type Membership struct {
	ID    string     `json:"id"`
	User  *MiniUser  `json:"user,omitempty"`
	Group *MiniGroup `json:"group,omitempty"`
	Role  string     `json:"role,omitempty"`
	// ConfigurablePermissions are a group admin's privileges
	// (GroupAdminPermissions). Box returns them with admin memberships
	// although the spec's GroupMembership does not list them; nil when the
	// answer did not carry them.
	ConfigurablePermissions map[string]bool `json:"configurable_permissions,omitempty"`
}

// GroupAdminPermissions are a group admin's configurable privileges. Box
// enables every one a request leaves out (the spec of POST
// /group_memberships), and can_instant_login lets the admin log in as the
// group's members.
var GroupAdminPermissions = []string{"can_create_accounts", "can_edit_accounts", "can_instant_login", "can_run_reports"}

// UsersPage is one marker-paginated page of users. NextMarker is empty when
// Box says there is nothing more.
type UsersPage struct {
	Users      []User
	NextMarker string
}

// OffsetPage is where one offset page sits in its listing.
type OffsetPage struct {
	TotalCount int // Box's total_count
	Offset     int // the offset asked for
	Received   int // entries on the page
}

// NextOffset is where the following page starts, or -1 when the listing is
// complete. It advances by the entries received, never by the limit Box
// echoes (a missing or larger echoed limit would skip entries), so a short
// page mid-collection is followed by the rest, and a listing ends only once
// total_count entries have been received: a page with no entries before
// that is refused as a shortfall when it is read (DataLoss).
func (p OffsetPage) NextOffset() int {
	next := p.Offset + p.Received
	if p.Received <= 0 || next >= p.TotalCount {
		return -1
	}
	return next
}

// GroupsPage is one offset page of groups.
type GroupsPage struct {
	OffsetPage
	Groups []Group
}

// MembershipsPage is one offset page of group memberships.
type MembershipsPage struct {
	OffsetPage
	Memberships []Membership
}

// objectID: the id every single object Box returns carries (Client.result
// refuses one without).
func (u User) objectID() string          { return u.ID }
func (g Group) objectID() string         { return g.ID }
func (m Membership) objectID() string    { return m.ID }
func (c Collaboration) objectID() string { return c.ID }
func (i Item) objectID() string          { return i.ID }
