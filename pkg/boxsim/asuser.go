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
// not act for a user (the admin routes) refuse the header.
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
// ID of no user (404), the service account's own ID (403 forbidden: "If
// the specified user ID matches the current user, the request fails with
// a 403 Forbidden error", as-user guide, Limitations), an external user
// (403: "Content owned by external users cannot be accessed through the
// as-user header", same page) and, unless ContentConfig.AsUserPrivileged,
// the admin and co-admins (403: "you can only impersonate regular managed
// users. Not other admins or co-admins", Box staff on community.box.com,
// thread 35158; support.box.com article 360043693434 lists co-admin ->
// admin/co-admin as a cause of access_denied_insufficient_permissions).
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
	case u == st.service:
		return actorView{}, forbidden(codeForbidden, "The as-user header cannot name the authenticated user (the service account)")
	case u.kind == kindExternal:
		return actorView{}, forbidden(codeAccessDenied, "The as-user header cannot name a user of another enterprise")
	case !s.cfg.Content.AsUserPrivileged && (u.role == roleAdmin || u.role == roleCoadmin):
		return actorView{}, forbidden(codeAccessDenied, "The as-user header cannot name an admin or co-admin")
	}
	return newActorView(u), nil
}
