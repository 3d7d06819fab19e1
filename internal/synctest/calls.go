package synctest

import "github.com/conductorone/baton-box/pkg/boxsim"

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
// page of their "All Files" (the folders they own at the top plus those
// shared with them; one call for a user Box will not let the app act as);
// per synced folder, one per page of its collaborations, and above the
// depth limit one per page of its items; one read (GET /users/{id}) of each
// user collaborating on a synced folder whom the user listing does not
// hold (external, another app's service account, deleted).
func MinimumFolderCalls(t boxsim.Truth, depth, pageSize int) int {
	pages := func(n int) int { return max(1, (n+pageSize-1)/pageSize) }
	root, children, collabs := map[string]int{}, map[string]int{}, map[string]int{}
	synced := map[string]bool{}
	for _, f := range t.Folders {
		if f.Depth == 1 {
			root[f.OwnerID]++
		} else {
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
		if c.Status == statusAccepted && !c.IsAccessOnly && c.GranteeType == kindUser {
			root[c.GranteeID]++ // shown in the grantee's "All Files" (at most)
		}
		if c.Status == statusAccepted && c.Quirk == "" && c.GranteeType == kindUser && synced[c.FolderID] && !listed[c.GranteeID] {
			unlisted[c.GranteeID] = true
		}
	}
	n := pages(root[t.ServiceAccount.ID]) + len(unlisted)
	for _, u := range t.Users {
		n += pages(root[u.ID])
	}
	for _, f := range t.Folders {
		if !synced[f.ID] {
			continue
		}
		n += pages(collabs[f.ID])
		if f.Depth < depth {
			n += pages(children[f.ID])
		}
	}
	return n
}
