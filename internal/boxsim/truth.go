package boxsim

import "time"

// Truth is what a perfect sync must contain, as of the moment it is taken.
type Truth struct {
	Enterprise     Enterprise `json:"enterprise"`
	ServiceAccount User       `json:"service_account"` // what the token acts as; not listed by GET /users
	Users          []User     `json:"users"`           // exactly what GET /users can list
	ExternalUsers  []User     `json:"external_users"`
	// UnlistedUsers are users of the enterprise GET /users does not list:
	// other apps' service accounts (ContentConfig.OtherAppServiceAccounts).
	UnlistedUsers  []User       `json:"unlisted_users,omitempty"`
	Groups         []Group      `json:"groups"`
	Memberships    []Membership `json:"memberships"`
	DestroyedItems int          `json:"destroyed_items"` // content lost to force deletes and DeleteUser
	// Events are every enterprise event recorded, including those too old
	// for GET /events, sorted by CreatedAt (ties in recording order).
	Events []Event `json:"events"`
	// Folders and Collaborations are the stored content (truth_content.go).
	Folders        []Folder        `json:"folders"`
	Collaborations []Collaboration `json:"collaborations"`
}

// Enterprise identifies a Box enterprise.
type Enterprise struct {
	ID   string `json:"id"`
	Name string `json:"name"`
}

// User is a stored user; times are UTC with second resolution.
type User struct {
	ID                   string    `json:"id"`
	Name                 string    `json:"name"`
	Login                string    `json:"login"`
	Status               string    `json:"status"`
	Role                 string    `json:"role"`
	JobTitle             string    `json:"job_title,omitempty"`
	Phone                string    `json:"phone,omitempty"`
	Address              string    `json:"address,omitempty"`
	Language             string    `json:"language"`
	Timezone             string    `json:"timezone"`
	NotificationEmail    string    `json:"notification_email,omitempty"`
	ExternalAppUserID    string    `json:"external_app_user_id,omitempty"`
	IsPlatformAccessOnly bool      `json:"is_platform_access_only"`
	EnterpriseID         string    `json:"enterprise_id"`
	CreatedAt            time.Time `json:"created_at"`
	ModifiedAt           time.Time `json:"modified_at"`
	OwnedItems           int       `json:"owned_items"`         // files and folders the user owns
	SessionsTerminated   int       `json:"sessions_terminated"` // times POST /users/terminate_sessions named the user
	// RootFiles is how many files their "All Files" lists
	// (ContentConfig.FileItems; 0 without it).
	RootFiles int `json:"root_files,omitempty"`
}

// Group is a stored group.
type Group struct {
	ID                     string    `json:"id"`
	Name                   string    `json:"name"`
	Description            string    `json:"description,omitempty"`
	GroupType              string    `json:"group_type"`
	Provenance             string    `json:"provenance,omitempty"`
	ExternalSyncIdentifier string    `json:"external_sync_identifier,omitempty"`
	InvitabilityLevel      string    `json:"invitability_level"`
	MemberViewabilityLevel string    `json:"member_viewability_level"`
	CreatedAt              time.Time `json:"created_at"`
	ModifiedAt             time.Time `json:"modified_at"`
}

// Membership is a stored group membership; Role is "member" or "admin".
type Membership struct {
	ID         string    `json:"id"`
	UserID     string    `json:"user_id"`
	GroupID    string    `json:"group_id"`
	Role       string    `json:"role"`
	CreatedAt  time.Time `json:"created_at"`
	ModifiedAt time.Time `json:"modified_at"`
	// Permissions are a group admin's configurable_permissions (nil for
	// members): can_create_accounts, can_edit_accounts, can_instant_login,
	// can_run_reports.
	Permissions map[string]bool `json:"configurable_permissions,omitempty"`
}

// Truth returns a deep copy of the current state, every slice sorted by
// numeric ID.
func (s *Sim) Truth() Truth {
	s.mu.RLock()
	defer s.mu.RUnlock()
	st := s.st
	t := Truth{
		Enterprise:     st.enterprise,
		ServiceAccount: st.service.toUser(),
		Users:          make([]User, len(st.users)),
		ExternalUsers:  make([]User, len(st.externals)),
		Groups:         make([]Group, len(st.groups)),
		Memberships:    make([]Membership, 0, len(st.memberships)),
		DestroyedItems: st.destroyedItems,
		Events:         st.events.truth(),
	}
	for i, u := range st.users {
		t.Users[i] = u.toUser()
	}
	for i, u := range st.externals {
		t.ExternalUsers[i] = u.toUser()
	}
	for i, g := range st.groups {
		t.Groups[i] = g.toGroup()
	}
	for _, u := range st.unlistedUsers() {
		t.UnlistedUsers = append(t.UnlistedUsers, u.toUser())
	}
	// Walking groups in ID order and merging would avoid the sort, but
	// sorting 300k int64 keys takes tens of milliseconds: not worth it.
	for _, m := range sortedByID(st.memberships, func(m *memberRec) int64 { return m.id }) {
		t.Memberships = append(t.Memberships, m.toMembership())
	}
	t.Folders, t.Collaborations = s.contentTruth()
	st.fileTruth(&t) // api_folder_files.go
	return t
}

func unixTime(sec int64) time.Time { return time.Unix(sec, 0).UTC() }

func (u *userRec) toUser() User {
	return User{
		ID:                   formatID(u.id),
		Name:                 u.name,
		Login:                u.login,
		Status:               u.status,
		Role:                 u.role,
		JobTitle:             u.jobTitle,
		Phone:                u.phone,
		Address:              u.address,
		Language:             u.language,
		Timezone:             u.timezone,
		NotificationEmail:    u.notificationEmail,
		ExternalAppUserID:    u.extAppUserID,
		IsPlatformAccessOnly: u.appUser,
		EnterpriseID:         u.enterprise.ID,
		CreatedAt:            unixTime(u.created),
		ModifiedAt:           unixTime(u.modified),
		OwnedItems:           u.ownedItems,
		SessionsTerminated:   u.sessionsEnded,
	}
}

func (g *groupRec) toGroup() Group {
	return Group{
		ID:                     formatID(g.id),
		Name:                   g.name,
		Description:            g.description,
		GroupType:              g.groupType,
		Provenance:             g.provenance,
		ExternalSyncIdentifier: g.externalSyncIdentifier,
		InvitabilityLevel:      g.invitabilityLevel,
		MemberViewabilityLevel: g.memberViewability,
		CreatedAt:              unixTime(g.created),
		ModifiedAt:             unixTime(g.modified),
	}
}

func (m *memberRec) toMembership() Membership {
	out := Membership{
		ID:         formatID(m.id),
		UserID:     formatID(m.user.id),
		GroupID:    formatID(m.group.id),
		Role:       m.role,
		CreatedAt:  unixTime(m.created),
		ModifiedAt: unixTime(m.modified),
	}
	if m.role == roleAdmin {
		out.Permissions = m.perms.names()
	}
	return out
}
