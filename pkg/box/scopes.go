package box

import (
	"net/http"
	"strings"
)

// Box Developer Console scope names (the scopes guide). Reading folders and
// collaborations needs only the read scope; changing collaborations needs
// read and write.
const (
	ScopeManageUsers          = "Manage users"
	ScopeManageGroups         = "Manage groups"
	ScopeEnterpriseProperties = "Manage enterprise properties"
	ScopeReadFiles            = "Read all files and folders stored in Box"
	ScopeReadWriteFiles       = "Read and write all files and folders stored in Box"
)

// scopeFor is ScopeFor, knowing that a content read needs only the read
// scope.
func scopeFor(method, path string) string {
	s := ScopeFor(path)
	if s == ScopeReadWriteFiles && method == http.MethodGet {
		return ScopeReadFiles
	}
	return s
}

// ScopeFor names the Box Developer Console scope an API path needs.
func ScopeFor(path string) string {
	p := strings.TrimPrefix(path, "/2.0")
	switch {
	case strings.HasPrefix(p, "/events"):
		return ScopeEnterpriseProperties
	case strings.Contains(p, "/folders/"), strings.HasPrefix(p, "/collaborations"):
		return ScopeReadWriteFiles
	case strings.HasPrefix(p, "/groups"), strings.HasPrefix(p, "/group_memberships"),
		strings.HasSuffix(p, "/memberships"):
		return ScopeManageGroups
	default:
		return ScopeManageUsers
	}
}
