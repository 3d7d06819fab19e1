package synctest

import (
	"fmt"
	"strings"

	"github.com/conductorone/baton-box/internal/boxsim"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// What a sync with --sync-folders adds, derived from the truth on its own
// terms: every folder a listed user (or the app's service account) owns
// that the app can read (Truth.Folders[].Reachable), down to the depth;
// its owner; for everyone who can open it through a collaboration (its
// own accepted ones and its parents', access waterfalling down) the
// strongest role, marked with the parent it comes from (a group's grant
// also expanded to its members, as the SDK's grant expansion does); each
// external collaborator once, and the enterprise's unlisted users (other
// apps' service accounts) and the service account as users; the open
// links. Collaborations the listing renders oddly (Collaboration.Quirk)
// and those of deleted users grant nothing.

// ExpectOption tunes an expectation.
type ExpectOption func(*expectConfig)

type expectConfig struct {
	folderDepth  int  // 0: no --sync-folders
	userTokens   bool // admins' and co-admins' folders are read with their own token
	unknownPerms bool // Box shows group admins' privileges nowhere (compare.go)
	skips        Skips
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
	Accepted, Pending, Rejected, Skipped int
}

// folderRoleSlugs maps Box's collaboration roles to entitlement slugs.
var folderRoleSlugs = map[string]string{
	"editor": "editor", "viewer": "viewer", "previewer": "previewer", "uploader": "uploader",
	"previewer uploader": "previewer_uploader", "viewer uploader": "viewer_uploader", "co-owner": "co-owner",
}

// folderSlugs are the entitlement slugs of every folder.
var folderSlugs = []string{"co-owner", "editor", "viewer_uploader", "previewer_uploader", "viewer", "previewer", "uploader", "owner", "open_link"}

// addFolders adds what the folder walk syncs: withService, the service
// account as a user (unless skipped); noGrant, the collaborations that
// grant nothing (to skipped users and groups, WithSkips).
func (e *Expected) addFolders(t boxsim.Truth, depth int, read func(boxsim.Folder) bool, withService bool, noGrant func(boxsim.Collaboration) bool) {
	e.Folders, e.Externals, e.InheritedFrom = map[string]ExpectedFolder{}, map[string]boxsim.User{}, map[string]string{}
	e.Resources[Key("shared_link", "open")] = true
	if withService {
		sa := t.ServiceAccount
		sa.Status = "active"
		e.Users[sa.ID] = sa
		e.Resources[Key(kindUser, sa.ID)] = true
	}
	people := map[string]boxsim.User{}
	for _, list := range [][]boxsim.User{t.ExternalUsers, t.UnlistedUsers} {
		for _, u := range list {
			people[u.ID] = u
		}
	}
	members := map[string][]string{}
	for _, m := range t.Memberships {
		members[m.GroupID] = append(members[m.GroupID], m.UserID)
	}
	own := map[string][]boxsim.Collaboration{} // accepted, granting, by folder
	for _, c := range t.Collaborations {
		ef, ok := e.Folders[c.FolderID]
		if !ok {
			ef = ExpectedFolder{}
		}
		switch c.Status {
		case "pending":
			ef.Pending++
		case "rejected":
			ef.Rejected++
		default:
			ef.Accepted++
			if c.Quirk != "" {
				ef.Skipped++
			} else if !c.GranteeDeleted && !noGrant(c) {
				own[c.FolderID] = append(own[c.FolderID], c)
			}
		}
		e.Folders[c.FolderID] = ef
	}
	counts := e.Folders
	e.Folders = map[string]ExpectedFolder{}
	for _, f := range t.Folders {
		if !read(f) || f.Depth > depth {
			continue
		}
		ef := counts[f.ID]
		ef.Folder = f
		e.Folders[f.ID] = ef
		e.Resources[Key("folder", f.ID)] = true
		for _, slug := range folderSlugs {
			e.Entitlements["folder:"+f.ID+":"+slug] = true
		}
		e.Grants[fmt.Sprintf("folder:%s:owner:user:%s", f.ID, f.OwnerID)] = true
		if opensToAnyone(f.SharedLink) {
			e.Grants[fmt.Sprintf("folder:%s:open_link:shared_link:open", f.ID)] = true
		}
		for _, h := range strongest(f, own) {
			c, key := h.c, ""
			slug := folderRoleSlugs[c.Role]
			switch p, isPerson := people[c.GranteeID]; {
			case c.GranteeType == "group":
				key = fmt.Sprintf("folder:%s:%s:group:%s", f.ID, slug, c.GranteeID)
				for _, u := range members[c.GranteeID] {
					e.Grants[fmt.Sprintf("folder:%s:%s:user:%s", f.ID, slug, u)] = true
				}
			case c.External:
				key = fmt.Sprintf("folder:%s:%s:external_user:%s", f.ID, slug, c.GranteeID)
				e.Resources[Key("external_user", c.GranteeID)] = true
				e.Externals[c.GranteeID] = p
			default:
				key = fmt.Sprintf("folder:%s:%s:user:%s", f.ID, slug, c.GranteeID)
				if isPerson { // another app's service account
					e.Resources[Key(kindUser, c.GranteeID)] = true
					e.Users[c.GranteeID] = p
				}
			}
			e.Grants[key] = true
			if h.from != f.ID {
				e.InheritedFrom[key] = h.from
			}
		}
	}
}

// held is a collaboration as a folder sees it, and the folder it is on.
type held struct {
	c    boxsim.Collaboration
	from string
}

// strongest is, per grantee, the strongest accepted collaboration on f or
// a parent (the nearest folder's between equals): what f's grants show.
func strongest(f boxsim.Folder, own map[string][]boxsim.Collaboration) map[string]held {
	best := map[string]held{}
	chain := append([]string{f.ID}, reversed(f.PathIDs)...)
	for _, id := range chain {
		for _, c := range own[id] {
			k := c.GranteeType + ":" + c.GranteeID
			if h, ok := best[k]; ok && roleRank[h.c.Role] >= roleRank[c.Role] {
				continue
			}
			best[k] = held{c: c, from: id}
		}
	}
	return best
}

func reversed(ids []string) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[len(ids)-1-i] = id
	}
	return out
}

// roleRank orders Box's roles as Box lists its permission levels, most
// rights first (support.box.com article 360044196413, "Understanding
// Collaborator Permission Levels"): co-owner, editor, viewer uploader,
// previewer uploader, viewer, previewer, uploader.
var roleRank = map[string]int{"uploader": 1, "previewer": 2, "viewer": 3, "previewer uploader": 4, "viewer uploader": 5, "editor": 6, "co-owner": 7}

func diffFolder(f ExpectedFolder, r *v2.Resource) []string {
	var out []string
	if r.GetDisplayName() != f.Name {
		out = append(out, fmt.Sprintf("display name %q, want %q", r.GetDisplayName(), f.Name))
	}
	if p := r.GetParentResourceId(); p.GetResourceType() != kindUser || p.GetResource() != f.OwnerID {
		out = append(out, fmt.Sprintf("parent %s/%s, want user/%s", p.GetResourceType(), p.GetResource(), f.OwnerID))
	}
	profile := rs.GetProfile(r).AsMap()
	want := map[string]any{
		"path": f.Path, "depth": float64(f.Depth), "owner_id": f.OwnerID,
		"collaborations": float64(f.Accepted), "pending_invitations": float64(f.Pending), "rejected_invitations": float64(f.Rejected),
		"skipped_collaborations": float64(f.Skipped),
		"has_shared_link":        f.SharedLink != nil, "open_shared_link": opensToAnyone(f.SharedLink),
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

// diffInherited checks the inherited_from metadata of the snapshot's
// folder grants: exactly the expected ones carry it, naming the parent.
func (e *Expected) diffInherited(s *Snapshot, add func(string, ...any)) {
	for id, g := range s.Grants {
		if !strings.HasPrefix(id, "folder:") {
			continue
		}
		got, _ := GrantMetadata(g)["inherited_from"].(string)
		want, expected := e.InheritedFrom[id]
		switch {
		case expected && got != want:
			add("grant %s: inherited_from %q, want %q", id, got, want)
		case !expected && got != "":
			add("grant %s: inherited_from %q, want none", id, got)
		}
	}
}

// GrantMetadata is a grant's metadata annotation as a map (nil without one).
func GrantMetadata(g *v2.Grant) map[string]any {
	md := &v2.GrantMetadata{}
	for _, a := range g.GetAnnotations() {
		if a.MessageIs(md) && a.UnmarshalTo(md) == nil {
			return md.GetMetadata().AsMap()
		}
	}
	return nil
}

// opensToAnyone: anyone with the link's URL can open the folder (its
// effective access is open and its effective permission not no_access).
func opensToAnyone(l *boxsim.SharedLink) bool {
	return l != nil && l.EffectiveAccess == "open" && l.EffectivePermission != "no_access"
}
