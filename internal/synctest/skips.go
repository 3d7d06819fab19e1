package synctest

import (
	"slices"
	"strings"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// What a sync with the --skip-* exclusions leaves out, on the truth's own
// terms: a sync that skips is a perfect sync of the truth without what it
// skips. App users and service accounts (platform-access-only, AppUser_ or
// AutomationUser_ logins) go with their memberships and folders; groups
// whose name starts with a prefix (case-insensitively) go with their
// memberships; the folders of the named owners (IDs, "@domain") go. A
// collaboration to a skipped user or group stays counted on its folder
// but grants nothing.

// Skips are the exclusions an expectation applies.
type Skips struct {
	AppUsers      bool
	GroupPrefixes []string
	FolderOwners  []string
}

// WithSkips expects a sync with those exclusions.
func WithSkips(s Skips) ExpectOption {
	return func(c *expectConfig) { c.skips = s }
}

func (s Skips) user(u boxsim.User) bool {
	return s.AppUsers && (u.IsPlatformAccessOnly || nonHuman.MatchString(u.Login))
}

func (s Skips) group(name string) bool {
	return slices.ContainsFunc(s.GroupPrefixes, func(p string) bool {
		return strings.HasPrefix(strings.ToLower(name), strings.ToLower(p))
	})
}

func (s Skips) folderOwner(u boxsim.User) bool {
	_, domain, _ := strings.Cut(u.Login, "@")
	return slices.ContainsFunc(s.FolderOwners, func(o string) bool {
		return o == u.ID || strings.EqualFold(o, "@"+domain)
	})
}

// apply returns t without what s skips, and whether a collaboration
// grants nothing for it.
func (s Skips) apply(t boxsim.Truth) (boxsim.Truth, func(boxsim.Collaboration) bool) {
	people := map[string]boxsim.User{t.ServiceAccount.ID: t.ServiceAccount}
	for _, list := range [][]boxsim.User{t.Users, t.ExternalUsers, t.UnlistedUsers} {
		for _, u := range list {
			people[u.ID] = u
		}
	}
	skippedUser := func(id string) bool { u, ok := people[id]; return ok && s.user(u) }
	groupNames := map[string]string{}
	for _, g := range t.Groups {
		groupNames[g.ID] = g.Name
	}
	skippedGroup := func(id string) bool { return s.group(groupNames[id]) }

	out := t
	out.Users = slices.DeleteFunc(slices.Clone(t.Users), s.user)
	out.Groups = slices.DeleteFunc(slices.Clone(t.Groups), func(g boxsim.Group) bool { return s.group(g.Name) })
	out.Memberships = slices.DeleteFunc(slices.Clone(t.Memberships), func(m boxsim.Membership) bool {
		return skippedUser(m.UserID) || skippedGroup(m.GroupID)
	})
	out.Folders = slices.DeleteFunc(slices.Clone(t.Folders), func(f boxsim.Folder) bool {
		owner := people[f.OwnerID]
		return s.user(owner) || s.folderOwner(owner)
	})
	noGrant := func(c boxsim.Collaboration) bool {
		if c.GranteeType == "group" {
			return skippedGroup(c.GranteeID)
		}
		return skippedUser(c.GranteeID)
	}
	return out, noGrant
}
