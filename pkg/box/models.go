package box

import "time"

// UserFields is the field set the connector asks for on every user read.
// Box's `fields=` replaces the default set, and `role`, `enterprise` and
// `is_platform_access_only` are not in the default set at all, so the list is
// explicit (see box-api-notes.md, "Users").
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

// User statuses and roles as Box spells them.
const (
	StatusActive                 = "active"
	StatusInactive               = "inactive"
	StatusCannotDeleteEdit       = "cannot_delete_edit"
	StatusCannotDeleteEditUpload = "cannot_delete_edit_upload"
	// StatusPending: a new managed user who has not set a password yet
	// (guides/users/create-managed-user.md); Box refuses changes until then.
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
}

// UsersPage is one marker-paginated page of users. NextMarker is empty when
// Box says there is nothing more.
type UsersPage struct {
	Users      []User
	NextMarker string
}

// OffsetPage carries Box's offset-pagination envelope.
type OffsetPage struct {
	TotalCount int
	Offset     int
	Limit      int
}

// NextOffset is where the following page starts, or -1 when the collection
// is exhausted. It advances by the limit Box echoed, never by the number of
// entries: Box may return short pages mid-collection.
func (p OffsetPage) NextOffset() int {
	limit := p.Limit
	if limit <= 0 {
		return -1
	}
	next := p.Offset + limit
	if next >= p.TotalCount {
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

// wire envelopes, as in the spec's Users / Groups / GroupMemberships schemas.
type markerEnvelope[T any] struct {
	Entries    []T     `json:"entries"`
	Limit      int     `json:"limit"`
	NextMarker *string `json:"next_marker"`
}

type offsetEnvelope[T any] struct {
	Entries    []T `json:"entries"`
	TotalCount int `json:"total_count"`
	Offset     int `json:"offset"`
	Limit      int `json:"limit"`
}

func (e *offsetEnvelope[T]) page() OffsetPage {
	return OffsetPage{TotalCount: e.TotalCount, Offset: e.Offset, Limit: e.Limit}
}
