package boxsim

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Numeric ID ranges, one per object type, so an ID of one type is never a
// valid ID of another (a client mixing them up gets a 404).
const (
	userIDBase         int64 = 17_000_000_000 // service account, listed users, later additions
	externalUserIDBase int64 = 18_000_000_000 // users of other enterprises
	groupIDBase        int64 = 4_000_000_000
	membershipIDBase   int64 = 6_000_000_000
	folderIDBase       int64 = 300_000_000_000 // seeded folders, then later ones (transfers, AddFolder)
)

type userKind uint8

const (
	kindListed   userKind = iota // managed or app user: what GET /users lists
	kindExternal                 // another enterprise's user
	kindService                  // the app's service account
	kindUnlisted                 // another app's service account: of the enterprise, not listed (control_content_readings.go)
)

// userRec is the stored user. Times are Unix seconds (Box's resolution).
type userRec struct {
	id                int64
	kind              userKind
	name, login       string
	nameKey, loginKey string // lower-cased for filter_term and uniqueness
	status, role      string
	jobTitle          string
	phone, address    string
	language          string
	timezone          string
	notificationEmail string
	extAppUserID      string
	appUser           bool
	enterprise        *Enterprise
	created, modified int64
	memberships       []*memberRec // sorted by id
	ownedItems        int          // files and folders the user owns (counted, not modelled)
	quota             int64        // space_amount in bytes; 0 = unlimited (state_storage.go)
	transferring      bool         // a PUT /users/{id}/folders/0 of this user is running
	sessionsEnded     int          // times POST /users/terminate_sessions named the user
	eventRef          int32        // 1 + index in eventLog.users once an event names the user
	deleted           bool         // deleted, kept on its collaborations (ContentConfig.DeletedUsersKeepCollaborations)
}

type groupRec struct {
	id                     int64
	name, nameKey          string
	description            string
	groupType              string
	provenance             string
	externalSyncIdentifier string
	invitabilityLevel      string
	memberViewability      string
	created, modified      int64
	members                []*memberRec // sorted by id
	eventRef               int32        // 1 + index in eventLog.groups once an event names the group
}

type memberRec struct {
	id                int64
	user              *userRec
	group             *groupRec
	role              string
	perms             adminPerms // an admin's configurable_permissions (state_group_admin.go)
	created, modified int64
}

// store holds the state and the indexes that keep every listing O(page).
// Callers hold Sim.mu.
type store struct {
	enterprise Enterprise
	serviceID  int64 // the app's service id, used in AutomationUser_/AppUser_ logins
	service    *userRec
	users      []*userRec // listed users, sorted by id
	externals  []*userRec // sorted by id
	usersByID  map[int64]*userRec
	logins     map[string]*userRec // loginKey → user, across all users

	groups     []*groupRec // sorted by id
	groupsByID map[int64]*groupRec
	groupNames map[string]*groupRec // nameKey → group

	memberships map[int64]*memberRec

	events         eventLog
	content        contentStore // folders and collaborations
	destroyedItems int          // content lost to DELETE /users/{id}?force=true and DeleteUser

	nextUserID, nextGroupID, nextMembershipID, nextFolderID int64
}

func newStore(ent Enterprise, users, externals, groups, memberships int) *store {
	return &store{
		enterprise:  ent,
		users:       make([]*userRec, 0, users),
		externals:   make([]*userRec, 0, externals),
		usersByID:   make(map[int64]*userRec, users+externals+1),
		logins:      make(map[string]*userRec, users+externals+1),
		groups:      make([]*groupRec, 0, groups),
		groupsByID:  make(map[int64]*groupRec, groups),
		groupNames:  make(map[string]*groupRec, groups),
		memberships: make(map[int64]*memberRec, memberships),
		content:     newContentStore(),
	}
}

// parseID turns a path ID into a number; anything else is simply unknown.
func parseID(s string) (int64, bool) {
	if s == "" || s[0] == '+' || s[0] == '-' {
		return 0, false
	}
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil
}

func formatID(id int64) string { return strconv.FormatInt(id, 10) }

func (st *store) user(id string) *userRec {
	n, ok := parseID(id)
	if !ok {
		return nil
	}
	return st.usersByID[n]
}

func (st *store) group(id string) *groupRec {
	n, ok := parseID(id)
	if !ok {
		return nil
	}
	return st.groupsByID[n]
}

func (st *store) membership(id string) *memberRec {
	n, ok := parseID(id)
	if !ok {
		return nil
	}
	return st.memberships[n]
}

func (st *store) addUser(u *userRec) {
	u.nameKey, u.loginKey = strings.ToLower(u.name), strings.ToLower(u.login)
	st.usersByID[u.id] = u
	st.logins[u.loginKey] = u
	switch u.kind {
	case kindListed:
		st.users = insertSorted(st.users, u, func(u *userRec) int64 { return u.id })
	case kindExternal:
		st.externals = insertSorted(st.externals, u, func(u *userRec) int64 { return u.id })
	case kindService:
		st.service = u
	case kindUnlisted:
	}
}

func (st *store) addGroup(g *groupRec) {
	g.nameKey = strings.ToLower(g.name)
	st.groupsByID[g.id] = g
	st.groupNames[g.nameKey] = g
	st.groups = insertSorted(st.groups, g, func(g *groupRec) int64 { return g.id })
}

func (st *store) addMembership(m *memberRec) {
	st.memberships[m.id] = m
	key := func(m *memberRec) int64 { return m.id }
	m.user.memberships = insertSorted(m.user.memberships, m, key)
	m.group.members = insertSorted(m.group.members, m, key)
}

func (st *store) removeMembership(m *memberRec) {
	delete(st.memberships, m.id)
	key := func(m *memberRec) int64 { return m.id }
	m.user.memberships = removeSorted(m.user.memberships, m.id, key)
	m.group.members = removeSorted(m.group.members, m.id, key)
}

func (st *store) removeUser(u *userRec) {
	for _, m := range slices.Clone(u.memberships) {
		st.removeMembership(m)
	}
	if st.keepsDeletedGrantee(u) {
		u.deleted = true
	} else {
		st.dropGrantee(u)
	}
	delete(st.usersByID, u.id)
	delete(st.logins, u.loginKey)
	key := func(u *userRec) int64 { return u.id }
	switch u.kind {
	case kindListed:
		st.users = removeSorted(st.users, u.id, key)
	case kindExternal:
		st.externals = removeSorted(st.externals, u.id, key)
	case kindService, kindUnlisted: // never removed: callers refuse the service account; the others are not listed
	}
}

func (st *store) removeGroup(g *groupRec) {
	for _, m := range slices.Clone(g.members) {
		st.removeMembership(m)
	}
	st.dropGroupCollabs(g)
	delete(st.groupsByID, g.id)
	delete(st.groupNames, g.nameKey)
	st.groups = removeSorted(st.groups, g.id, func(g *groupRec) int64 { return g.id })
}

// rename changes a user's name and login, keeping the indexes in step.
func (st *store) rename(u *userRec, name, login string) {
	u.name, u.nameKey = name, strings.ToLower(name)
	if key := strings.ToLower(login); key != u.loginKey {
		delete(st.logins, u.loginKey)
		st.logins[key] = u
		u.loginKey = key
	}
	u.login = login
}

func (st *store) renameGroup(g *groupRec, name string) {
	if key := strings.ToLower(name); key != g.nameKey {
		delete(st.groupNames, g.nameKey)
		st.groupNames[key] = g
		g.nameKey = key
	}
	g.name = name
}

// membershipOf finds the (user, group) membership by scanning the shorter list.
func (st *store) membershipOf(u *userRec, g *groupRec) *memberRec {
	if len(u.memberships) <= len(g.members) {
		for _, m := range u.memberships {
			if m.group == g {
				return m
			}
		}
		return nil
	}
	for _, m := range g.members {
		if m.user == u {
			return m
		}
	}
	return nil
}

// insertSorted keeps s sorted by key; appending (the common case, since IDs
// only grow) costs O(1).
func insertSorted[T any](s []T, v T, key func(T) int64) []T {
	k := key(v)
	if n := len(s); n == 0 || key(s[n-1]) < k {
		return append(s, v)
	}
	i, _ := slices.BinarySearchFunc(s, k, func(e T, k int64) int { return cmp.Compare(key(e), k) })
	return slices.Insert(s, i, v)
}

func removeSorted[T any](s []T, id int64, key func(T) int64) []T {
	i, found := slices.BinarySearchFunc(s, id, func(e T, k int64) int { return cmp.Compare(key(e), k) })
	if !found {
		return s
	}
	return slices.Delete(s, i, i+1)
}
