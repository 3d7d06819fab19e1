package boxsim

import (
	"net/http"
	"strings"
)

// route is one /2.0 operation. template uses the spec's parameter names so
// Stats keys read like the spec ("GET /groups/{group_id}/memberships").
type route struct {
	method   string
	template string
	segs     []string
	scopes   []string // the app needs one of these (nil: none); see state_scopes.go
	asUser   bool     // honours the as-user header (api_as_user.go); other routes refuse it
	handle   func(s *Sim, w http.ResponseWriter, r *http.Request, p pathParams)
}

type pathParams map[string]string

// routes is ordered: a literal segment must come before a parameter at the
// same position (/users/me before /users/{user_id}).
var routes = buildRoutes([]route{
	{method: http.MethodGet, template: "/users", scopes: scopesManaged, handle: (*Sim).listUsers},
	{method: http.MethodPost, template: "/users", scopes: scopesUsers, handle: (*Sim).createUser},
	{method: http.MethodGet, template: "/users/me", asUser: true, handle: (*Sim).getMe},
	{method: http.MethodPost, template: "/users/terminate_sessions", scopes: scopesUsers, handle: (*Sim).terminateSessions},
	{method: http.MethodGet, template: "/users/{user_id}", scopes: scopesUsers, handle: (*Sim).getUser},
	{method: http.MethodPut, template: "/users/{user_id}", scopes: scopesUsers, handle: (*Sim).updateUser},
	{method: http.MethodDelete, template: "/users/{user_id}", scopes: scopesUsers, handle: (*Sim).deleteUser},
	{method: http.MethodGet, template: "/users/{user_id}/memberships", scopes: scopesGroups, handle: (*Sim).listUserMemberships},
	{method: http.MethodPut, template: "/users/{user_id}/folders/0", scopes: scopesContent, handle: (*Sim).transferContent},
	{method: http.MethodGet, template: "/groups", scopes: scopesGroups, handle: (*Sim).listGroups},
	{method: http.MethodPost, template: "/groups", scopes: scopesGroups, handle: (*Sim).createGroup},
	{method: http.MethodGet, template: "/groups/{group_id}", scopes: scopesGroups, handle: (*Sim).getGroup},
	{method: http.MethodPut, template: "/groups/{group_id}", scopes: scopesGroups, handle: (*Sim).updateGroup},
	{method: http.MethodDelete, template: "/groups/{group_id}", scopes: scopesGroups, handle: (*Sim).deleteGroup},
	{method: http.MethodGet, template: "/groups/{group_id}/memberships", scopes: scopesGroups, handle: (*Sim).listGroupMemberships},
	{method: http.MethodPost, template: "/group_memberships", scopes: scopesGroups, handle: (*Sim).createMembership},
	{method: http.MethodGet, template: "/group_memberships/{group_membership_id}", scopes: scopesGroups, handle: (*Sim).getMembership},
	{method: http.MethodPut, template: "/group_memberships/{group_membership_id}", scopes: scopesGroups, handle: (*Sim).updateMembership},
	{method: http.MethodDelete, template: "/group_memberships/{group_membership_id}", scopes: scopesGroups, handle: (*Sim).deleteMembership},
	{method: http.MethodGet, template: "/folders/{folder_id}", scopes: scopesContentRead, asUser: true, handle: (*Sim).getFolder},
	{method: http.MethodGet, template: "/folders/{folder_id}/items", scopes: scopesContentRead, asUser: true, handle: (*Sim).listFolderItems},
	{method: http.MethodGet, template: "/folders/{folder_id}/collaborations", scopes: scopesContentRead, asUser: true, handle: (*Sim).listFolderCollaborations},
	{method: http.MethodPost, template: "/collaborations", scopes: scopesContent, asUser: true, handle: (*Sim).createCollaboration},
	{method: http.MethodGet, template: "/collaborations/{collaboration_id}", scopes: scopesContentRead, asUser: true, handle: (*Sim).getCollaboration},
	{method: http.MethodPut, template: "/collaborations/{collaboration_id}", scopes: scopesContent, asUser: true, handle: (*Sim).updateCollaboration},
	{method: http.MethodDelete, template: "/collaborations/{collaboration_id}", scopes: scopesContent, asUser: true, handle: (*Sim).deleteCollaboration},
	// The admin streams need manage_enterprise_properties; the handler
	// checks it because user streams (stream_type=all...) do not.
	{method: http.MethodGet, template: "/events", handle: (*Sim).getEvents},
})

func buildRoutes(rs []route) []route {
	for i := range rs {
		rs[i].segs = strings.Split(strings.TrimPrefix(rs[i].template, "/"), "/")
	}
	return rs
}

// matchRoute finds the first template matching path. If the template
// exists but not for this method, it returns the allowed methods instead.
func matchRoute(method, path string) (*route, pathParams, []string) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	var template string
	var allowed []string
	for i := range routes {
		rt := &routes[i]
		if template != "" && rt.template != template {
			continue
		}
		params, ok := matchSegs(rt.segs, segs)
		if !ok {
			continue
		}
		template = rt.template
		if rt.method == method {
			return rt, params, nil
		}
		allowed = append(allowed, rt.method)
	}
	return nil, nil, allowed
}

func matchSegs(tmpl, segs []string) (pathParams, bool) {
	if len(tmpl) != len(segs) {
		return nil, false
	}
	var params pathParams
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") {
			if segs[i] == "" {
				return nil, false
			}
			if params == nil {
				params = pathParams{}
			}
			params[t[1:len(t)-1]] = segs[i]
			continue
		}
		if t != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// routeKey is the Stats.ByRoute key for a request.
func routeKey(method string, rt *route, allowed []string) string {
	switch {
	case rt != nil:
		return method + " " + rt.template
	case len(allowed) > 0:
		return method + " (method not allowed)"
	default:
		return method + " (unknown route)"
	}
}
