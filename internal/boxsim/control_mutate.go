package boxsim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// The mutation methods change state safely while requests are served. Tests
// use them to stage changes between syncs; the provisioning endpoints build
// on them. Errors wrap ErrNotFound, ErrConflict or ErrInvalid. New objects
// get the next free ID of their type and the Sim clock's time (seconds).

// AddUser adds a user of this enterprise, listed by GET /users. Name is
// required; Login is required unless IsPlatformAccessOnly (an app user gets
// an AppUser_... login). Login must be unused (case-insensitively) across
// all users, else ErrConflict. ID, EnterpriseID and times are assigned;
// Status defaults to "active", Role to "user" (Role "admin" is refused: the
// enterprise has exactly one primary admin), Language to "en", Timezone to
// "America/Los_Angeles". OwnedItems (>= 0) seeds the user's content;
// SessionsTerminated is ignored.
func (s *Sim) AddUser(u User) (User, error) {
	if err := normalizeNewUser(&u); err != nil {
		return User{}, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.st.insertUser(u, s.now().Unix())
	if err != nil {
		return User{}, err
	}
	return rec.toUser(), nil
}

// normalizeNewUser checks a new user and fills AddUser's defaults.
func normalizeNewUser(u *User) error {
	if u.Name == "" {
		return fmt.Errorf("boxsim: add user: name is required: %w", ErrInvalid)
	}
	if u.Status == "" {
		u.Status = statusActive
	}
	if !slices.Contains(userStatuses, u.Status) && u.Status != userStatusPending {
		return fmt.Errorf("boxsim: add user: status %q: %w", u.Status, ErrInvalid)
	}
	switch u.Role {
	case "":
		u.Role = roleUser
	case roleUser, roleCoadmin:
	default:
		return fmt.Errorf("boxsim: add user: role %q: %w", u.Role, ErrInvalid)
	}
	if u.OwnedItems < 0 {
		return fmt.Errorf("boxsim: add user: owned items %d: %w", u.OwnedItems, ErrInvalid)
	}
	if u.Login == "" && !u.IsPlatformAccessOnly {
		return fmt.Errorf("boxsim: add user: login is required: %w", ErrInvalid)
	}
	return nil
}

// insertUser stores a normalised new user with the next user ID.
func (st *store) insertUser(u User, now int64) (*userRec, error) {
	if u.Login == "" {
		u.Login = st.nextAppLogin() // app users only: normalizeNewUser saw to that
	}
	if _, taken := st.logins[strings.ToLower(u.Login)]; taken {
		return nil, fmt.Errorf("boxsim: add user %q: login already used: %w", u.Login, ErrConflict)
	}
	rec := &userRec{
		id:                st.nextUserID,
		kind:              kindListed,
		name:              u.Name,
		login:             u.Login,
		status:            u.Status,
		role:              u.Role,
		jobTitle:          u.JobTitle,
		phone:             u.Phone,
		address:           u.Address,
		language:          cmp.Or(u.Language, "en"),
		timezone:          cmp.Or(u.Timezone, "America/Los_Angeles"),
		notificationEmail: u.NotificationEmail,
		extAppUserID:      u.ExternalAppUserID,
		appUser:           u.IsPlatformAccessOnly,
		enterprise:        &st.enterprise,
		created:           now,
		modified:          now,
		ownedItems:        u.OwnedItems,
	}
	st.nextUserID++
	st.addUser(rec)
	return rec, nil
}

// nextAppLogin makes a unique AppUser_ login without touching the seed RNG.
func (st *store) nextAppLogin() string {
	for n := st.nextUserID; ; n++ {
		login := fmt.Sprintf("AppUser_%d_%010x@%s", st.serviceID, splitmix(bits(n))&0xFFFFFFFFFF, appUserDomain)
		if _, taken := st.logins[strings.ToLower(login)]; !taken {
			return login
		}
	}
}

// AddGroup adds a group. Name is required and unique case-insensitively
// (ErrConflict). GroupType defaults to "managed_group", both levels to
// "admins_only".
func (s *Sim) AddGroup(g Group) (Group, error) {
	if g.Name == "" {
		return Group{}, fmt.Errorf("boxsim: add group: name is required: %w", ErrInvalid)
	}
	g.GroupType = cmp.Or(g.GroupType, managedGroup)
	g.InvitabilityLevel = cmp.Or(g.InvitabilityLevel, levelAdminsOnly)
	g.MemberViewabilityLevel = cmp.Or(g.MemberViewabilityLevel, levelAdminsOnly)
	if !slices.Contains([]string{managedGroup, "all_users_group"}, g.GroupType) ||
		!slices.Contains(groupLevels, g.InvitabilityLevel) || !slices.Contains(groupLevels, g.MemberViewabilityLevel) {
		return Group{}, fmt.Errorf("boxsim: add group %q: invalid type or level: %w", g.Name, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, err := s.st.insertGroup(g, s.now().Unix())
	if err != nil {
		return Group{}, err
	}
	return rec.toGroup(), nil
}

var groupLevels = []string{levelAdminsOnly, "admins_and_members", "all_managed_users"}

const levelAdminsOnly = "admins_only"

// insertGroup stores a checked new group with the next group ID.
func (st *store) insertGroup(g Group, now int64) (*groupRec, error) {
	if _, taken := st.groupNames[strings.ToLower(g.Name)]; taken {
		return nil, fmt.Errorf("boxsim: add group %q: name already used: %w", g.Name, ErrConflict)
	}
	rec := &groupRec{
		id:                     st.nextGroupID,
		name:                   g.Name,
		description:            g.Description,
		groupType:              g.GroupType,
		provenance:             g.Provenance,
		externalSyncIdentifier: g.ExternalSyncIdentifier,
		invitabilityLevel:      g.InvitabilityLevel,
		memberViewability:      g.MemberViewabilityLevel,
		created:                now,
		modified:               now,
	}
	st.nextGroupID++
	st.addGroup(rec)
	return rec, nil
}

// AddMembership puts a listed user into a group with role "member"
// (default) or "admin". If the user is already a member it returns the
// existing membership together with ErrConflict, so callers can be
// idempotent.
func (s *Sim) AddMembership(userID, groupID, role string) (Membership, error) {
	role = cmp.Or(role, roleMember)
	if role != roleMember && role != roleAdmin {
		return Membership{}, fmt.Errorf("boxsim: add membership: role %q: %w", role, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	u, g := st.user(userID), st.group(groupID)
	switch {
	case u == nil:
		return Membership{}, fmt.Errorf("boxsim: add membership: user %s: %w", userID, ErrNotFound)
	case g == nil:
		return Membership{}, fmt.Errorf("boxsim: add membership: group %s: %w", groupID, ErrNotFound)
	case u.kind != kindListed:
		return Membership{}, fmt.Errorf("boxsim: add membership: user %s is not a user of this enterprise: %w", userID, ErrInvalid)
	}
	m, added := st.joinGroup(u, g, role, s.now().Unix())
	if !added {
		return m.toMembership(), fmt.Errorf("boxsim: add membership: user %s already in group %s: %w", userID, groupID, ErrConflict)
	}
	return m.toMembership(), nil
}

// joinGroup adds u to g, or returns the membership u already has (added
// false).
func (st *store) joinGroup(u *userRec, g *groupRec, role string, now int64) (*memberRec, bool) {
	if m := st.membershipOf(u, g); m != nil {
		return m, false
	}
	m := &memberRec{id: st.nextMembershipID, user: u, group: g, created: now, modified: now}
	m.setRole(role, 0, false)
	st.nextMembershipID++
	st.addMembership(m)
	return m, true
}

// SetUserStatus changes a listed user's status and modified_at.
func (s *Sim) SetUserStatus(userID, status string) error {
	if !slices.Contains(userStatuses, status) {
		return fmt.Errorf("boxsim: set user %s status %q: %w", userID, status, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(userID)
	if u == nil || u.kind != kindListed {
		return fmt.Errorf("boxsim: set user %s status: %w", userID, ErrNotFound)
	}
	u.status = status
	u.modified = s.now().Unix()
	return nil
}

// DeleteUser removes a listed user and all their memberships, as
// DELETE /users/{id}?force=true does: content the user owned counts as
// destroyed (Truth.DestroyedItems). The primary admin cannot be deleted
// (ErrInvalid), as in Box.
func (s *Sim) DeleteUser(userID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(userID)
	switch {
	case u == nil || u.kind != kindListed:
		return fmt.Errorf("boxsim: delete user %s: %w", userID, ErrNotFound)
	case u.role == roleAdmin:
		return fmt.Errorf("boxsim: delete user %s: the primary admin cannot be deleted: %w", userID, ErrInvalid)
	}
	s.st.deleteUser(u)
	return nil
}

// deleteUser removes u, destroying whatever content u still owns.
func (st *store) deleteUser(u *userRec) {
	st.destroyedItems += u.ownedItems // the folders u owns are counted in it
	st.destroyOwnedFolders(u)
	u.ownedItems = 0
	st.removeUser(u)
}

// SetOwnedItems sets how many items a listed user or the service account
// owns, e.g. to stage the content rules of DELETE /users/{id}. The count
// includes the folders the user owns, so it cannot go below their number
// (ErrInvalid).
func (s *Sim) SetOwnedItems(userID string, n int) error {
	if n < 0 {
		return fmt.Errorf("boxsim: set owned items of %s to %d: %w", userID, n, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	u := s.st.user(userID)
	if u == nil || u.kind == kindExternal {
		return fmt.Errorf("boxsim: set owned items of %s: %w", userID, ErrNotFound)
	}
	if folders := s.st.countedFolders(u); n < folders {
		return fmt.Errorf("boxsim: set owned items of %s to %d: the user owns %d folders: %w", userID, n, folders, ErrInvalid)
	}
	u.ownedItems = n
	return nil
}
