package boxsim

import (
	"fmt"
	"net/http"
	"strings"
)

// asUserHeader makes a request act as another user (Box guide "as-user
// Header", developer.box.com/guides/authentication/jwt/as-user/). The spec
// declares no such parameter; Box's SDKs send "As-User" (box-python-sdk-gen
// client.py with_as_user_header); header names are case-insensitive.
const asUserHeader = "As-User"

// asUserValue returns the header's value; a blank header counts as absent.
func asUserValue(r *http.Request) (string, bool) {
	v := strings.TrimSpace(r.Header.Get(asUserHeader))
	return v, v != ""
}

// asUserGate runs after the scope check, before the handler. Without the
// app setting "Make API calls using the as-user header", Box answers 403
// with error="insufficient_scope" (box-python-sdk#243,
// box-windows-sdk-v2#264), exactly as for a missing scope: a client tells
// the two apart by repeating the call without the header. Routes that do
// not act for a user (the admin routes) refuse the header with 403
// access_denied_insufficient_permissions: the simulator's choice. Box
// documents as-user for any call, but a managed user it names has no admin
// rights there, so a client sending it to those routes has a bug this
// surfaces; a connector sends it on content routes only.
func (s *Sim) asUserGate(r *http.Request, rt *route) *apiError {
	if _, ok := asUserValue(r); !ok {
		return nil
	}
	if s.cfg.Content.AsUserDisabled {
		return insufficientScope()
	}
	if !rt.asUser {
		return forbidden(codeAccessDenied, "This endpoint cannot be called with the as-user header (the simulator honours it on content routes and GET /users/me)")
	}
	return nil
}

// actor resolves who a request acts as: the service account, or the
// as-user. Refused, in order: a value that is not a numeric ID (400), an
// ID of no user (404), the service account's ID or the user the token
// acts as (403 forbidden: "If the specified user ID matches the current
// user, the request fails with a 403 Forbidden error" and "You cannot use
// the user_id of Service Accounts", as-user guide, Limitations), an external user
// (403: "Content owned by external users cannot be accessed through the
// as-user header", same page) and, unless ContentConfig.AsUserPrivileged,
// the admin and co-admins (403: "you can only impersonate regular managed
// users. Not other admins or co-admins", Box staff on community.box.com,
// thread 35158; support.box.com article 360043693434 lists co-admin ->
// admin/co-admin as a cause of access_denied_insufficient_permissions).
//
// Box's answers to a malformed value and to an ID of no user are not
// documented (box-java-sdk#430 shows only that Box's message names the
// header): the 400 and 404 are assumptions, the usual answers to a bad
// parameter and an unknown ID. App users may be named ("as-user" works
// for app users, developer.box.com/guides/sso-identities-and-app-users/3-find-app-user).
// Whether an inactive user may be is not documented either: inactive users
// "cannot log in via any endpoint" (community.box.com/t5/Managing-Box-Users/
// Editing-a-Managed-User-s-Settings/ta-p/208, docs/box-behaviour.md, "Acting as a user")
// suggests not, so ContentConfig.InactiveUsersRefused refuses them (403,
// the code of the other refusals here); by default they are accepted.
// Callers hold s.mu.
func (s *Sim) actor(st *store, r *http.Request) (actorView, *apiError) {
	v, ok := asUserValue(r)
	if !ok {
		return newActorView(s.caller(st, r)), nil
	}
	id, isID := parseID(v)
	if !isID {
		return actorView{}, badParam("as-user", fmt.Sprintf("Invalid value '%s'. The as-user header must be a user ID", v))
	}
	u := st.usersByID[id]
	switch {
	case u == nil:
		return actorView{}, &apiError{status: http.StatusNotFound, code: codeNotFound, message: "The as-user header names no user: " + v}
	case u == st.service || u == s.caller(st, r):
		return actorView{}, forbidden(codeForbidden, "The as-user header cannot name the service account or the user the token acts as")
	case u.kind == kindExternal:
		return actorView{}, forbidden(codeAccessDenied, "The as-user header cannot name a user of another enterprise")
	case !s.cfg.Content.AsUserPrivileged && isAdmin(u):
		return actorView{}, forbidden(codeAccessDenied, "The as-user header cannot name an admin or co-admin")
	case s.refusedInactive(u):
		return actorView{}, forbidden(codeAccessDenied, "The as-user header cannot name an inactive user")
	}
	return newActorView(u), nil
}

// refusedInactive: u is inactive and ContentConfig.InactiveUsersRefused
// says Box will not act as them (as-user, user access tokens).
func (s *Sim) refusedInactive(u *userRec) bool {
	return s.cfg.Content.InactiveUsersRefused && u.status == statusInactive
}
