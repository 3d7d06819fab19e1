package boxsim

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Fields POST /users and PUT /users/{id} accept without modelling them:
// only their JSON type is checked.
var userIgnored = map[string]jsonKind{
	"is_sync_enabled":                   kindBool,
	"tracking_codes":                    kindArray,
	"can_see_managed_users":             kindBool,
	"is_external_collab_restricted":     kindBool,
	"is_exempt_from_device_limits":      kindBool,
	"is_exempt_from_login_verification": kindBool,
	"is_password_reset_required":        kindBool,
	"notify":                            kindBool,
}

// userPatch is a parsed user body; has* tell which fields were sent.
type userPatch struct {
	spaceAmount                                         int64
	hasSpaceAmount                                      bool
	name, login, role, status, jobTitle, phone, address string
	language, timezone, notificationEmail, extAppUserID string
	appUser                                             bool

	hasName, hasLogin, hasRole, hasStatus, hasJobTitle, hasPhone, hasAddress bool
	hasLanguage, hasTimezone, hasNotificationEmail, hasExtAppUserID          bool
}

// parseUserBody reads the fields POST /users and PUT /users/{id} share,
// with the spec's enums and maxLengths. role "admin" is refused: the
// primary admin changes only in the Admin Console. is_platform_access_only
// is read when creating only (PUT's schema has no such field).
func parseUserBody(b jsonBody, creating bool) (userPatch, *apiError) {
	var p userPatch
	var errs [13]*apiError
	p.name, p.hasName, errs[0] = b.nonEmpty(keyName, 50)
	p.login, p.hasLogin, errs[1] = b.str("login", 0)
	p.role, p.hasRole, errs[2] = b.enum("role", roleCoadmin, roleUser)
	p.status, p.hasStatus, errs[3] = b.enum("status", userStatuses...)
	p.jobTitle, p.hasJobTitle, errs[4] = b.str("job_title", 100)
	p.phone, p.hasPhone, errs[5] = b.str("phone", 100)
	p.address, p.hasAddress, errs[6] = b.str("address", 255)
	p.language, p.hasLanguage, errs[7] = b.nonEmpty("language", 0)
	p.timezone, p.hasTimezone, errs[8] = b.str("timezone", 0)
	p.extAppUserID, p.hasExtAppUserID, errs[9] = b.str("external_app_user_id", 0)
	p.notificationEmail, p.hasNotificationEmail, errs[10] = b.notificationEmail()
	if creating {
		p.appUser, errs[11] = b.boolean("is_platform_access_only")
	}
	errs[12] = b.checkTypes(userIgnored)
	if e := firstError(errs[:]...); e != nil {
		return p, e
	}
	if v, ok := b["space_amount"]; ok {
		if strictUnmarshal(v, &p.spaceAmount) != nil {
			return p, badParam("space_amount", "'space_amount' must be an integer number of bytes, or -1 for unlimited")
		}
		p.hasSpaceAmount = true
	}
	switch {
	case p.hasLogin && !p.appUser && !validLogin(p.login):
		return p, badParam("login", fmt.Sprintf("Invalid value '%s'. 'login' must be an e-mail address", p.login))
	case p.hasTimezone && !validTimezone(p.timezone):
		return p, badParam("timezone", fmt.Sprintf("Invalid value '%s'. 'timezone' must be an IANA time zone", p.timezone))
	}
	return p, nil
}

// notificationEmail reads {"email": ...} (null removes the address).
func (b jsonBody) notificationEmail() (string, bool, *apiError) {
	const name = "notification_email"
	v, ok := b[name]
	if !ok || isNull(v) {
		return "", ok, nil
	}
	var obj jsonBody
	bad := badParam(name, "'notification_email' must be null or an object with a valid 'email'")
	if strictUnmarshal(v, &obj) != nil {
		return "", true, bad
	}
	email, has, e := obj.str("email", 0)
	if e != nil || !has || !validLogin(email) {
		return "", true, bad
	}
	return email, true, nil
}

// createUser serves POST /users. An app user (is_platform_access_only)
// needs no login: a given one is ignored, as the simulator always makes
// AppUser_... logins; app users cannot be co-admins.
func (s *Sim) createUser(w http.ResponseWriter, r *http.Request, _ pathParams) {
	fs := parseFields(r.URL.Query())
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	p, e := parseUserBody(b, true)
	switch {
	case e != nil:
	case !p.hasName:
		e = missingParam(keyName)
	case !p.appUser && !p.hasLogin:
		e = missingParam("login")
	case p.appUser && p.role == roleCoadmin:
		e = badParam("role", "App users cannot be co-admins")
	case p.role == roleCoadmin && !s.verifiedDomain(p.login):
		e = s.unverifiedCoadmin(p.login)
	}
	if e == nil {
		e = s.needUserScope(p.appUser)
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	u := User{
		Name: p.name, Login: p.login, Role: p.role, Status: p.status, JobTitle: p.jobTitle,
		Phone: p.phone, Address: p.address, Language: p.language, Timezone: p.timezone,
		NotificationEmail: p.notificationEmail, ExternalAppUserID: p.extAppUserID, IsPlatformAccessOnly: p.appUser,
	}
	if u.IsPlatformAccessOnly {
		u.Login = ""
	} else if u.Status == "" || u.Status == statusActive {
		u.Status = userStatusPending // until they set a password (state_coadmin.go)
	}
	if err := normalizeNewUser(&u); err != nil {
		s.fail(w, &apiError{status: http.StatusBadRequest, code: codeBadRequest, message: err.Error()})
		return
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		rec, err := st.insertUser(u, now)
		if errors.Is(err, ErrConflict) {
			return nil, loginTaken()
		}
		if err != nil {
			return nil, &apiError{status: http.StatusBadRequest, code: codeBadRequest, message: err.Error()}
		}
		return renderUser(rec, fs), nil
	})
	s.respond(w, http.StatusCreated, body, e)
}

func loginTaken() *apiError {
	return conflict(codeLoginTaken, "User with the specified login already exists")
}

// writableUser finds a user this app may change: 404 if unknown, 403
// insufficient_scope without the scope for its kind, 403 for external
// users (another enterprise's) and for the service account.
func (s *Sim) writableUser(st *store, id, verb string) (*userRec, *apiError) {
	u := st.user(id)
	switch {
	case u == nil:
		return nil, notFound()
	case s.needUserScope(u.appUser) != nil:
		return nil, insufficientScope()
	case u.kind == kindExternal:
		return nil, forbidden(codeAccessDenied, "The user belongs to another enterprise")
	case u.kind == kindService:
		return nil, forbidden(codeForbidden, "The application's service account cannot be "+verb+" through the API")
	}
	return u, nil
}

// updateUser serves PUT /users/{user_id}. Every successful PUT sets
// modified_at. The primary admin's role, and its status other than
// active, change only in the Admin Console (403 forbidden). App users
// keep their generated login and cannot be co-admins (400).
func (s *Sim) updateUser(w http.ResponseWriter, r *http.Request, pp pathParams) {
	fs := parseFields(r.URL.Query())
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	p, e := parseUserBody(b, false)
	if e == nil {
		e = s.checkEnterpriseField(b)
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		u, e := s.writableUser(st, pp["user_id"], "changed")
		switch {
		case e != nil:
			return nil, e
		case !mayManage(s.caller(st, r), u):
			return nil, cannotManageCoadmin()
		case u.status == userStatusPending:
			return nil, pendingUser()
		case p.hasRole && p.role == roleCoadmin && u.role != roleCoadmin && !s.verifiedDomain(u.login):
			return nil, s.unverifiedCoadmin(u.login)
		case u.role == roleAdmin && p.hasRole:
			return nil, forbidden(codeForbidden, "The primary admin's role can only be changed in the Admin Console")
		case u.role == roleAdmin && p.hasStatus && p.status != statusActive:
			return nil, forbidden(codeForbidden, "The primary admin cannot be deactivated or restricted")
		case u.appUser && p.hasRole && p.role == roleCoadmin:
			return nil, badParam("role", "App users cannot be co-admins")
		case u.appUser && p.hasLogin && !strings.EqualFold(p.login, u.login):
			return nil, badParam("login", "An app user's login cannot be changed")
		}
		if p.hasLogin {
			if other := st.logins[strings.ToLower(p.login)]; other != nil && other != u {
				return nil, loginTaken()
			}
		}
		if p.hasRole && p.role == roleCoadmin && u.role != roleCoadmin {
			dropGroupAdmin(u, now) // co-admin and group admin are exclusive (state_group_admin.go)
		}
		applyUserPatch(st, u, p)
		u.modified = now
		return renderUser(u, fs), nil
	})
	s.respond(w, http.StatusOK, body, e)
}

// checkEnterpriseField accepts PUT's "enterprise" only as this
// enterprise's ID (a no-op): rolling users out of the enterprise (null) is
// not simulated.
func (s *Sim) checkEnterpriseField(b jsonBody) *apiError {
	v, ok, e := b.str("enterprise", 0)
	switch {
	case !ok:
		return nil
	case e != nil || v != s.cfg.EnterpriseID:
		return badParam("enterprise", "Rolling a user out of the enterprise is not supported by the simulator")
	}
	return nil
}

func applyUserPatch(st *store, u *userRec, p userPatch) {
	name, login := u.name, u.login
	if p.hasName {
		name = p.name
	}
	if p.hasLogin {
		login = p.login
	}
	st.rename(u, name, login)
	setIf(p.hasRole, &u.role, p.role)
	setIf(p.hasStatus, &u.status, p.status)
	setIf(p.hasJobTitle, &u.jobTitle, p.jobTitle)
	setIf(p.hasPhone, &u.phone, p.phone)
	setIf(p.hasAddress, &u.address, p.address)
	setIf(p.hasLanguage, &u.language, p.language)
	setIf(p.hasTimezone, &u.timezone, p.timezone)
	setIf(p.hasNotificationEmail, &u.notificationEmail, p.notificationEmail)
	setIf(p.hasExtAppUserID, &u.extAppUserID, p.extAppUserID)
	if p.hasSpaceAmount {
		u.quota = max(p.spaceAmount, 0) // -1 (unlimited) and 0 store as no quota
	}
}

// deleteUser serves DELETE /users/{user_id}?notify=&force=. A user who
// owns content needs force=true (else 400 user_not_deletable), which
// destroys it. The primary admin and the service account cannot be
// deleted (403 forbidden). Memberships go with the user.
func (s *Sim) deleteUser(w http.ResponseWriter, r *http.Request, pp pathParams) {
	q := r.URL.Query()
	_, e := boolParam(q, "notify")
	var force bool
	if e == nil {
		force, e = boolParam(q, "force")
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	_, e = s.update(func(st *store, _ int64) (object, *apiError) {
		u, e := s.writableUser(st, pp["user_id"], "deleted")
		switch {
		case e != nil:
			return nil, e
		case !mayManage(s.caller(st, r), u):
			return nil, cannotManageCoadmin()
		case u.role == roleAdmin:
			return nil, forbidden(codeForbidden, "The primary admin cannot be deleted")
		case st.ownsContent(u) && !force:
			return nil, &apiError{status: http.StatusBadRequest, code: codeUserNotDeletable,
				message: fmt.Sprintf("The user still owns %d items: transfer them first, or delete with force=true", u.ownedItems)}
		}
		st.deleteUser(u)
		return nil, nil
	})
	s.respond(w, http.StatusNoContent, nil, e)
}
