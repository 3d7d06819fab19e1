package connector

import (
	"slices"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// What a sync covers: the resource types selected (--sync-resource-types,
// or ConductorOne's selection, which the SDK hands the constructor), and
// what the operator left out (--skip-*).
//
// The SDK lists a type's children only under a parent it syncs, and users,
// groups and roles are the enterprise's children. So when a selection
// leaves out the enterprise, those types are listed at the top instead
// (the SDK's top-level List call, which otherwise lists nothing). Folders
// are their owners' children and external collaborators and the open-link
// audience come from the folder walk: a selection of them without what they
// come from cannot work, and is refused with the type to add; so is one of
// a type whose grants name users without user, or folder without group,
// external_user and shared_link (the SDK drops a grant whose principal's
// type it did not sync).
type syncScope struct {
	selected map[string]bool // nil: every type
	skip     exclusions
}

func newSyncScope(selection []string, skip exclusions) (syncScope, error) {
	s := syncScope{skip: skip}
	if len(selection) == 0 {
		return s, nil
	}
	s.selected = map[string]bool{}
	for _, rt := range selection {
		s.selected[strings.TrimSpace(rt)] = true
	}
	needs := []struct{ rt, from, why string }{
		{groupResourceType.Id, userResourceType.Id, "a group's members and admins are users, and the SDK keeps no grant whose user it did not sync"},
		{roleResourceType.Id, userResourceType.Id, "a role's members are users"},
		{enterpriseResourceType.Id, userResourceType.Id, "the enterprise's members are users"},
		{folderResourceType.Id, userResourceType.Id, "folders are read as their owners, under each user"},
		// The SDK lists no type that is not selected, children of folder
		// included, and drops a grant whose principal's type it did not sync
		// (baton-sdk pkg/sync ingest_filter.go): folder grants to groups,
		// external collaborators and the open link would vanish.
		{folderResourceType.Id, groupResourceType.Id, "folders are granted to groups, and the SDK keeps no grant whose principal's type it did not sync"},
		{folderResourceType.Id, externalUserResourceType.Id, "folders are granted to external collaborators, and the SDK keeps no grant whose principal's type it did not sync"},
		{folderResourceType.Id, sharedLinkResourceType.Id, "a folder's open_link grant is to the open-link audience, and the SDK keeps no grant whose principal's type it did not sync"},
		{externalUserResourceType.Id, folderResourceType.Id, "external collaborators are found on the folders they collaborate on"},
		{sharedLinkResourceType.Id, folderResourceType.Id, "open links are found on the folders they open"},
	}
	for _, n := range needs {
		if s.selected[n.rt] && !s.selected[n.from] {
			return s, status.Errorf(codes.InvalidArgument,
				"baton-box: --sync-resource-types selects %s but not %s (%s): add %s", n.rt, n.from, n.why, n.from)
		}
	}
	return s, nil
}

// syncsFolders: --sync-folders, or a selection that names folder.
func (s syncScope) syncsFolders(syncFolders bool) bool {
	if s.selected != nil {
		return s.selected[folderResourceType.Id]
	}
	return syncFolders
}

// listsDirectory reports whether a List call of a directory type (user,
// group, role) is the one that lists it: under the enterprise or, when a
// selection leaves the enterprise out, at the top.
func (s syncScope) listsDirectory(parent *v2.ResourceId) bool {
	if isEnterprise(parent) {
		return true
	}
	return parent == nil && s.selected != nil && !s.selected[enterpriseResourceType.Id]
}

// exclusions are the --skip-* settings (config.Exclusions), matched
// against what Box shows.
type exclusions config.Exclusions

// skipsUser: --skip-app-users leaves out app users and service accounts.
func (x exclusions) skipsUser(u *box.User) bool {
	return x.AppUsers && userAccountType(u) == v2.UserTrait_ACCOUNT_TYPE_SERVICE
}

// skipsLogin is skipsUser for what a membership or collaboration shows of
// a user: the login, by which Box names app users and service accounts.
func (x exclusions) skipsLogin(login string) bool {
	return x.AppUsers && nonHumanLogin.MatchString(login)
}

// skipsGroup: the group's name starts with a --skip-group-name-prefixes
// prefix, case-insensitively.
func (x exclusions) skipsGroup(name string) bool {
	name = strings.ToLower(name)
	return slices.ContainsFunc(x.GroupPrefixes, func(p string) bool { return strings.HasPrefix(name, p) })
}

// skipsFolderOwner: --skip-folder-owners names the user or their login
// domain.
func (x exclusions) skipsFolderOwner(u *box.User) bool {
	if x.OwnerIDs[u.ID] {
		return true
	}
	_, domain, ok := strings.Cut(u.Login, "@")
	return ok && slices.Contains(x.OwnerDomains, strings.ToLower(domain))
}
