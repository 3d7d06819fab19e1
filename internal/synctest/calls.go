package synctest

import (
	"slices"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// The fewest API calls a sync of a truth can make, with pages of pageSize:
// the budgets the call-count tests and the benchmarks hold a sync to.

// MinimumDirectoryCalls is a sync without folders: 1 token, 1 users/me,
// one call per page of users, of groups and of each group's members.
func MinimumDirectoryCalls(t boxsim.Truth, pageSize int) int {
	ceil := func(n int) int { return (n + pageSize - 1) / pageSize }
	perGroup := map[string]int{}
	for _, m := range t.Memberships {
		perGroup[m.GroupID]++
	}
	n := 2 + ceil(len(t.Users)) + ceil(len(t.Groups))
	for _, g := range t.Groups {
		n += max(1, ceil(perGroup[g.ID]))
	}
	return n
}

// MinimumFolderCalls is what --sync-folders adds to a sync at least, with
// pages of pageSize: per listed user and the service account, one call per
// page of their "All Files" (the folders they own at the top, those shared
// with them and, with ContentConfig.FileItems, their files there: the
// root is read to its end; one call for a user Box will not let the app
// act as); per synced folder with collaborations of its own (Box's
// has_collaborations, any status), one per page of them; above the depth
// limit, one per page of its items up to the first file (folders are
// listed first); one read (GET /users/{id}) of each user collaborating on
// a synced folder whom the user listing does not hold (external, another
// app's service account, deleted).
func MinimumFolderCalls(t boxsim.Truth, depth, pageSize int) int {
	pages := func(n int) int { return max(1, (n+pageSize-1)/pageSize) }
	root, children, collabs := rootFolders(t), map[string]int{}, map[string]int{}
	synced := map[string]bool{}
	for _, f := range t.Folders {
		if f.Depth > 1 {
			children[f.ParentID]++
		}
		synced[f.ID] = f.Reachable && f.Depth <= depth
	}
	listed := map[string]bool{t.ServiceAccount.ID: true}
	for _, u := range t.Users {
		listed[u.ID] = true
	}
	unlisted := map[string]bool{} // collaborators read once each
	for _, c := range t.Collaborations {
		collabs[c.FolderID]++
		if c.Status == statusAccepted && c.Quirk == "" && c.GranteeType == kindUser && synced[c.FolderID] && !listed[c.GranteeID] {
			unlisted[c.GranteeID] = true
		}
	}
	n := pages(root[t.ServiceAccount.ID]+t.ServiceAccount.RootFiles) + len(unlisted)
	refused := refusedOwners(t)
	for _, u := range t.Users {
		if refused[u.ID] {
			n++
		} else {
			n += pages(root[u.ID] + u.RootFiles)
		}
	}
	for _, f := range t.Folders {
		if !synced[f.ID] {
			continue
		}
		if collabs[f.ID] > 0 {
			n += pages(collabs[f.ID])
		}
		if f.Depth < depth {
			n += pages(children[f.ID] + min(f.Files, 1))
		}
	}
	return n
}

// refusedOwners are the users the app may not act as: owners of folders
// none of which a sync can reach (Folder.Reachable), and the admin and
// co-admins who own none (Box refuses the as-user header for them).
func refusedOwners(t boxsim.Truth) map[string]bool {
	reachable := map[string]bool{}
	owns := map[string]bool{}
	for _, f := range t.Folders {
		owns[f.OwnerID] = true
		reachable[f.OwnerID] = reachable[f.OwnerID] || f.Reachable
	}
	out := map[string]bool{}
	for _, u := range t.Users {
		out[u.ID] = owns[u.ID] && !reachable[u.ID] || !owns[u.ID] && (u.Role == "admin" || u.Role == "coadmin")
	}
	return out
}

// rootFolders counts the folders each user's "All Files" lists, as the
// simulator does: those they own at the top, and each folder they hold an
// accepted collaboration on (theirs or a group's they are in; not
// is_access_only) that has no parent they hold one on.
func rootFolders(t boxsim.Truth) map[string]int {
	out := map[string]int{}
	folders := map[string]boxsim.Folder{}
	for _, f := range t.Folders {
		folders[f.ID] = f
		if f.Depth == 1 {
			out[f.OwnerID]++
		}
	}
	members := map[string][]string{} // group ID -> user IDs
	for _, m := range t.Memberships {
		members[m.GroupID] = append(members[m.GroupID], m.UserID)
	}
	reach, shown := map[string]map[string]bool{}, map[string]map[string]bool{} // user ID -> folder IDs
	note := func(m map[string]map[string]bool, user, folder string) {
		if m[user] == nil {
			m[user] = map[string]bool{}
		}
		m[user][folder] = true
	}
	for _, c := range t.Collaborations {
		if c.Status != statusAccepted || c.GranteeID == "" {
			continue
		}
		users := []string{c.GranteeID}
		if c.GranteeType != kindUser {
			users = members[c.GranteeID]
		}
		for _, u := range users {
			if u == folders[c.FolderID].OwnerID {
				continue
			}
			note(reach, u, c.FolderID)
			if !c.IsAccessOnly {
				note(shown, u, c.FolderID)
			}
		}
	}
	for u, fs := range shown {
		for id := range fs {
			if !slices.ContainsFunc(folders[id].PathIDs, func(p string) bool { return reach[u][p] }) {
				out[u]++
			}
		}
	}
	return out
}
