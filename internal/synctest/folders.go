package synctest

import (
	"fmt"
	"strings"

	"github.com/conductorone/baton-box/pkg/boxsim"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// What a sync with --sync-folders adds, derived from the truth on its own
// terms: every folder a listed user owns that the app can read as that user
// (Truth.Folders[].Reachable), down to the depth; its owner; every accepted
// collaboration as a grant (a group's also expanded to its members, as the
// SDK's grant expansion does); each external collaborator once; the open
// links.

// ExpectOption tunes an expectation.
type ExpectOption func(*expectConfig)

type expectConfig struct {
	folderDepth  int  // 0: no --sync-folders
	userTokens   bool // admins' and co-admins' folders are read with their own token
	unknownPerms bool // Box shows group admins' privileges nowhere (compare.go)
}

// WithFolders expects a sync with --sync-folders and --folder-depth depth.
func WithFolders(depth int) ExpectOption {
	return func(c *expectConfig) { c.folderDepth = depth }
}

// WithUserTokens expects a sync with --primary-admin-id set (so the app
// mints user access tokens): the folders of the admin and co-admins, whom
// the as-user header cannot name, are read with their own token.
func WithUserTokens() ExpectOption {
	return func(c *expectConfig) { c.userTokens = true }
}

// readable says whether a sync reads a folder: one the app can name its
// owner in the as-user header for or, with user tokens, one the admin or a
// co-admin owns.
func readable(t boxsim.Truth, userTokens bool) func(boxsim.Folder) bool {
	privileged := map[string]bool{}
	if userTokens {
		for _, u := range t.Users {
			privileged[u.ID] = u.Role == "admin" || u.Role == "coadmin"
		}
	}
	return func(f boxsim.Folder) bool { return f.Reachable || privileged[f.OwnerID] }
}

// ExpectedFolder is a folder a sync must contain, with its profile facts.
type ExpectedFolder struct {
	boxsim.Folder
	Accepted, Pending, Rejected int
}

// folderRoleSlugs maps Box's collaboration roles to entitlement slugs.
var folderRoleSlugs = map[string]string{
	"editor": "editor", "viewer": "viewer", "previewer": "previewer", "uploader": "uploader",
	"previewer uploader": "previewer_uploader", "viewer uploader": "viewer_uploader", "co-owner": "co-owner",
}

// folderSlugs are the entitlement slugs of every folder.
var folderSlugs = []string{"co-owner", "editor", "viewer_uploader", "previewer_uploader", "viewer", "previewer", "uploader", "owner", "open_link"}

func (e *Expected) addFolders(t boxsim.Truth, depth int, read func(boxsim.Folder) bool) {
	e.Folders, e.Externals = map[string]ExpectedFolder{}, map[string]boxsim.User{}
	e.Resources[Key("shared_link", "open")] = true
	externals := map[string]boxsim.User{}
	for _, u := range t.ExternalUsers {
		externals[u.ID] = u
	}
	members := map[string][]string{}
	for _, m := range t.Memberships {
		members[m.GroupID] = append(members[m.GroupID], m.UserID)
	}
	for _, f := range t.Folders {
		if !read(f) || f.Depth > depth {
			continue
		}
		ef := ExpectedFolder{Folder: f}
		e.Resources[Key("folder", f.ID)] = true
		for _, slug := range folderSlugs {
			e.Entitlements["folder:"+f.ID+":"+slug] = true
		}
		e.Grants[fmt.Sprintf("folder:%s:owner:user:%s", f.ID, f.OwnerID)] = true
		if f.SharedLink != nil && f.SharedLink.EffectiveAccess == "open" {
			e.Grants[fmt.Sprintf("folder:%s:open_link:shared_link:open", f.ID)] = true
		}
		e.Folders[f.ID] = ef
	}
	for _, c := range t.Collaborations {
		ef, ok := e.Folders[c.FolderID]
		if !ok {
			continue
		}
		switch c.Status {
		case "pending":
			ef.Pending++
		case "rejected":
			ef.Rejected++
		case "accepted":
			ef.Accepted++
			slug := folderRoleSlugs[c.Role]
			switch {
			case c.GranteeType == "group":
				e.Grants[fmt.Sprintf("folder:%s:%s:group:%s", c.FolderID, slug, c.GranteeID)] = true
				for _, u := range members[c.GranteeID] {
					e.Grants[fmt.Sprintf("folder:%s:%s:user:%s", c.FolderID, slug, u)] = true
				}
			case c.External:
				e.Grants[fmt.Sprintf("folder:%s:%s:external_user:%s", c.FolderID, slug, c.GranteeID)] = true
				e.Resources[Key("external_user", c.GranteeID)] = true
				e.Externals[c.GranteeID] = externals[c.GranteeID]
			default:
				e.Grants[fmt.Sprintf("folder:%s:%s:user:%s", c.FolderID, slug, c.GranteeID)] = true
			}
		}
		e.Folders[c.FolderID] = ef
	}
}

func diffFolder(f ExpectedFolder, r *v2.Resource) []string {
	var out []string
	if r.GetDisplayName() != f.Name {
		out = append(out, fmt.Sprintf("display name %q, want %q", r.GetDisplayName(), f.Name))
	}
	if p := r.GetParentResourceId(); p.GetResourceType() != "user" || p.GetResource() != f.OwnerID {
		out = append(out, fmt.Sprintf("parent %s/%s, want user/%s", p.GetResourceType(), p.GetResource(), f.OwnerID))
	}
	profile := rs.GetProfile(r).AsMap()
	want := map[string]any{
		"path": f.Path, "depth": float64(f.Depth), "owner_id": f.OwnerID,
		"collaborations": float64(f.Accepted), "pending_invitations": float64(f.Pending), "rejected_invitations": float64(f.Rejected),
		"has_shared_link": f.SharedLink != nil, "open_shared_link": f.SharedLink != nil && f.SharedLink.EffectiveAccess == "open",
	}
	if l := f.SharedLink; l != nil {
		want["shared_link_url"], want["shared_link_access"], want["shared_link_effective_access"] = l.URL, l.Access, l.EffectiveAccess
		want["shared_link_effective_permission"], want["shared_link_password"] = l.EffectivePermission, l.IsPasswordEnabled
	}
	for k, v := range want {
		if profile[k] != v {
			out = append(out, fmt.Sprintf("profile %s = %v, want %v", k, profile[k], v))
		}
	}
	return out
}

func diffExternal(u boxsim.User, r *v2.Resource) []string {
	if u.ID == "" {
		return []string{"not an external user of the truth"}
	}
	trait, out := diffPerson(r, u)
	if trait == nil {
		return out
	}
	if emails := trait.GetEmails(); len(emails) != 1 || !strings.EqualFold(emails[0].GetAddress(), u.Login) {
		out = append(out, fmt.Sprintf("emails %v, want %q", emails, u.Login))
	}
	if r.GetParentResourceId() != nil {
		out = append(out, fmt.Sprintf("parent %v, want none", r.GetParentResourceId()))
	}
	wantStatus := v2.Status_RESOURCE_STATUS_ENABLED
	if u.Status == "inactive" {
		wantStatus = v2.Status_RESOURCE_STATUS_DISABLED
	}
	if got := r.GetStatus().GetStatus(); got != wantStatus {
		out = append(out, fmt.Sprintf("status %v, want %v", got, wantStatus))
	}
	if p := rs.GetProfile(r).AsMap(); p["external"] != true || p["login"] != u.Login {
		out = append(out, fmt.Sprintf("profile external=%v login=%v", p["external"], p["login"]))
	}
	return out
}
