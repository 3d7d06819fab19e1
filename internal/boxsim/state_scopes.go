package boxsim

import "slices"

// Application scopes, as the Box Developer Console names them.
const (
	ScopeManageManagedUsers         = "manage_managed_users"
	ScopeManageAppUsers             = "manage_app_users"
	ScopeManageGroups               = "manage_groups"
	ScopeManageEnterpriseProperties = "manage_enterprise_properties"
	ScopeRootReadonly               = "root_readonly"  // "Read all files and folders stored in Box"
	ScopeRootReadwrite              = "root_readwrite" // "Read and write all files and folders stored in Box"
)

// AllScopes lists every scope the simulator checks: what a nil
// Config.Scopes grants.
func AllScopes() []string {
	return []string{ScopeManageManagedUsers, ScopeManageAppUsers, ScopeManageGroups,
		ScopeManageEnterpriseProperties, ScopeRootReadonly, ScopeRootReadwrite}
}

// Scope sets for the route table: a request needs at least one of them.
// User routes accept either user scope here; the handler then checks the
// one the target needs (userScope).
var (
	scopesManaged = []string{ScopeManageManagedUsers}
	scopesUsers   = []string{ScopeManageManagedUsers, ScopeManageAppUsers}
	scopesGroups  = []string{ScopeManageGroups}
	scopesContent = []string{ScopeRootReadwrite} // content writes, transfers
	// Content reads: either content scope (read-write includes read).
	scopesContentRead = []string{ScopeRootReadonly, ScopeRootReadwrite}
)

// hasScope reports whether the app was granted name (nil Scopes = all).
func (s *Sim) hasScope(name string) bool {
	return s.cfg.Scopes == nil || slices.Contains(s.cfg.Scopes, name)
}

// hasAnyScope is the route-level check; an empty list needs nothing.
func (s *Sim) hasAnyScope(names []string) bool {
	if len(names) == 0 {
		return true
	}
	return slices.ContainsFunc(names, s.hasScope)
}

func insufficientScope() *apiError {
	return forbidden(codeInsufficientScope, "The request requires higher privileges than provided by the access token.")
}

// userScope is the scope needed to manage u: app users are covered by
// manage_app_users, everyone else by manage_managed_users.
func userScope(appUser bool) string {
	if appUser {
		return ScopeManageAppUsers
	}
	return ScopeManageManagedUsers
}

// needUserScope is nil when the app may manage a user of that kind.
func (s *Sim) needUserScope(appUser bool) *apiError {
	if s.hasScope(userScope(appUser)) {
		return nil
	}
	return insufficientScope()
}
