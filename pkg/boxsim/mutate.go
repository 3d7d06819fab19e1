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
// "America/Los_Angeles".
func (s *Sim) AddUser(u User) (User, error) {
	if u.Name == "" {
		return User{}, fmt.Errorf("boxsim: add user: name is required: %w", ErrInvalid)
	}
	if u.Status == "" {
		u.Status = statusActive
	}
	if !slices.Contains(userStatuses, u.Status) {
		return User{}, fmt.Errorf("boxsim: add user: status %q: %w", u.Status, ErrInvalid)
	}
	switch u.Role {
	case "":
		u.Role = roleUser
	case roleUser, roleCoadmin:
	default:
		return User{}, fmt.Errorf("boxsim: add user: role %q: %w", u.Role, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if u.Login == "" {
		if !u.IsPlatformAccessOnly {
			return User{}, fmt.Errorf("boxsim: add user: login is required: %w", ErrInvalid)
		}
		u.Login = st.nextAppLogin()
	}
	if _, taken := st.logins[strings.ToLower(u.Login)]; taken {
		return User{}, fmt.Errorf("boxsim: add user %q: login already used: %w", u.Login, ErrConflict)
	}
	now := s.now().Unix()
	rec := &userRec{
		id:                st.nextUserID,
		kind:              kindListed,
		name:              u.Name,
		login:             u.Login,
		status:            u.Status,
		role:              u.Role,
		jobTitle:          u.JobTitle,
		language:          cmp.Or(u.Language, "en"),
		timezone:          cmp.Or(u.Timezone, "America/Los_Angeles"),
		notificationEmail: u.NotificationEmail,
		extAppUserID:      u.ExternalAppUserID,
		appUser:           u.IsPlatformAccessOnly,
		enterprise:        &st.enterprise,
		created:           now,
		modified:          now,
	}
	st.nextUserID++
	st.addUser(rec)
	return rec.toUser(), nil
}

// nextAppLogin makes a unique AppUser_ login without touching the seed RNG.
func (st *store) nextAppLogin() string {
	for n := st.nextUserID; ; n++ {
		login := fmt.Sprintf("AppUser_%d_%010x@%s", st.serviceID, splitmix(uint64(n))&0xFFFFFFFFFF, appUserDomain)
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
	g.InvitabilityLevel = cmp.Or(g.InvitabilityLevel, "admins_only")
	g.MemberViewabilityLevel = cmp.Or(g.MemberViewabilityLevel, "admins_only")
	levels := []string{"admins_only", "admins_and_members", "all_managed_users"}
	if !slices.Contains([]string{managedGroup, "all_users_group"}, g.GroupType) ||
		!slices.Contains(levels, g.InvitabilityLevel) || !slices.Contains(levels, g.MemberViewabilityLevel) {
		return Group{}, fmt.Errorf("boxsim: add group %q: invalid type or level: %w", g.Name, ErrInvalid)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.st
	if _, taken := st.groupNames[strings.ToLower(g.Name)]; taken {
		return Group{}, fmt.Errorf("boxsim: add group %q: name already used: %w", g.Name, ErrConflict)
	}
	now := s.now().Unix()
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
	return rec.toGroup(), nil
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
	if m := st.membershipOf(u, g); m != nil {
		return m.toMembership(), fmt.Errorf("boxsim: add membership: user %s already in group %s: %w", userID, groupID, ErrConflict)
	}
	now := s.now().Unix()
	m := &memberRec{id: st.nextMembershipID, user: u, group: g, role: role, created: now, modified: now}
	st.nextMembershipID++
	st.addMembership(m)
	return m.toMembership(), nil
}

// RemoveMembership deletes a membership by its ID.
func (s *Sim) RemoveMembership(membershipID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.st.membership(membershipID)
	if m == nil {
		return fmt.Errorf("boxsim: remove membership %s: %w", membershipID, ErrNotFound)
	}
	s.st.removeMembership(m)
	return nil
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

// DeleteUser removes a listed user and all their memberships. The primary
// admin cannot be deleted (ErrInvalid), as in Box.
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
	s.st.removeUser(u)
	return nil
}
