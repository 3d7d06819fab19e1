package boxsim

import (
	"slices"
	"strings"
	"testing"
)

// A folder is visible to its owner, to accepted collaborators (directly,
// through a group, or on a parent: access cascades) and to nobody else;
// pending and rejected collaborators see nothing. The service account
// sees only its own content.
func TestFolderVisibility(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{})
	sub := findFolder(t, tr, "depth-2 reachable", func(f Folder) bool { return f.Depth == 2 && f.Reachable })
	top := folderByID(t, tr, sub.ParentID)
	owner := top.OwnerID
	viewer := findUser(t, tr.Users, "non-owner", func(u User) bool { return u.ID != owner && u.Role == "user" && !u.IsPlatformAccessOnly })
	member := findUser(t, tr.Users, "other", func(u User) bool {
		return u.ID != owner && u.ID != viewer.ID && u.Role == "user" && !u.IsPlatformAccessOnly
	})
	group, err := s.AddGroup(Group{Name: "Visibility Testers"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddMembership(member.ID, group.ID, ""); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{top.ID, sub.ID} {
		wantError(t, getAs(t, s, tok, viewer.ID, "/folders/"+id), 404, "not_found")
		wantError(t, getAs(t, s, tok, "", "/folders/"+id), 404, "not_found") // the service account
		mustAs(t, s, tok, owner, "GET", "/folders/"+id, nil, 200)
	}

	// Pending: still invisible. Accepted on the parent: both visible.
	c, err := s.AddCollaboration(Collaboration{FolderID: top.ID, GranteeType: "user", GranteeID: viewer.ID, Role: "viewer", Status: "pending"})
	if err != nil {
		t.Fatal(err)
	}
	wantError(t, getAs(t, s, tok, viewer.ID, "/folders/"+sub.ID), 404, "not_found")
	if err := s.SetCollaborationStatus(c.ID, "accepted"); err != nil {
		t.Fatal(err)
	}
	res := mustAs(t, s, tok, viewer.ID, "GET", "/folders/"+sub.ID+"?fields=permissions,owned_by", nil, 200)
	perms := res.body["permissions"].(map[string]any)
	if res.body["owned_by"].(map[string]any)["id"] != owner || perms["can_download"] != true || perms["can_rename"] != false ||
		perms["can_invite_collaborator"] != false {
		t.Fatalf("viewer's view of a sub-folder: %s", res.raw)
	}
	mustAs(t, s, tok, viewer.ID, "GET", "/folders/"+sub.ID+"/items", nil, 200)
	mustAs(t, s, tok, viewer.ID, "GET", "/folders/"+sub.ID+"/collaborations", nil, 200)

	// Through a group.
	wantError(t, getAs(t, s, tok, member.ID, "/folders/"+top.ID), 404, "not_found")
	if _, err := s.AddCollaboration(Collaboration{FolderID: sub.ID, GranteeType: "group", GranteeID: group.ID, Role: "editor"}); err != nil {
		t.Fatal(err)
	}
	res = mustAs(t, s, tok, member.ID, "GET", "/folders/"+sub.ID+"?fields=permissions", nil, 200)
	if res.body["permissions"].(map[string]any)["can_rename"] != true {
		t.Fatalf("editor through a group: %s", res.raw)
	}
	wantError(t, getAs(t, s, tok, member.ID, "/folders/"+top.ID), 404, "not_found") // access flows down, not up

	// Unknown, malformed and other types' IDs.
	for _, id := range []string{"12345", "abc", tr.Users[0].ID, c.ID} {
		wantError(t, getAs(t, s, tok, owner, "/folders/"+id), 404, "not_found")
	}
}

// "All Files" lists the top-level folders the user owns and the folders
// shared with it whose parent it cannot open, except is_access_only ones.
func TestRootListing(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	top := findFolder(t, tr, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
	owner := top.OwnerID
	var sub, subsub Folder
	for _, f := range tr.Folders {
		if f.ParentID == top.ID && sub.ID == "" {
			sub = f
		}
	}
	if sub.ID == "" {
		var err error
		if sub, err = s.AddFolder(Folder{Name: "Child", ParentID: top.ID}); err != nil {
			t.Fatal(err)
		}
	}
	subsub, err := s.AddFolder(Folder{Name: "Grandchild", ParentID: sub.ID})
	if err != nil {
		t.Fatal(err)
	}
	guest := findUser(t, tr.Users, "guest", func(u User) bool { return u.ID != owner && u.Role == "user" && !u.IsPlatformAccessOnly })
	before := walkMarker(t, s, tok, guest.ID, "/folders/0/items?usemarker=true&limit=2&fields=owned_by")
	ownedBefore := len(before)

	add := func(folder, role string, accessOnly bool) {
		t.Helper()
		if _, err := s.AddCollaboration(Collaboration{FolderID: folder, GranteeType: "user", GranteeID: guest.ID, Role: role, IsAccessOnly: accessOnly}); err != nil {
			t.Fatal(err)
		}
	}
	add(subsub.ID, "viewer", false) // shown: its parent is closed to the guest
	add(top.ID, "viewer", true)     // access-only: not shown, but opens everything below
	items := walkMarker(t, s, tok, guest.ID, "/folders/0/items?usemarker=true&limit=2&fields=owned_by")
	if len(items) != ownedBefore {
		t.Fatalf("root lists %d items, want the %d owned ones (subsub is below an opened folder, top is access-only)", len(items), ownedBefore)
	}
	if err := s.RemoveCollaboration(findCollab(t, s.Truth(), "access-only", func(c Collaboration) bool { return c.IsAccessOnly && c.GranteeID == guest.ID }).ID); err != nil {
		t.Fatal(err)
	}
	items = walkMarker(t, s, tok, guest.ID, "/folders/0/items?usemarker=true&limit=2&fields=owned_by")
	if len(items) != ownedBefore+1 || !slices.ContainsFunc(items, func(it map[string]any) bool {
		return it["id"] == subsub.ID && it["owned_by"].(map[string]any)["id"] == owner
	}) {
		t.Fatalf("root after the access-only collaboration went: %v", ids(items))
	}
	// Marker and offset walks list the same IDs, in ID order.
	res := mustAs(t, s, tok, guest.ID, "GET", "/folders/0/items?limit=1000", nil, 200)
	if !slices.Equal(ids(res.entries(t)), ids(items)) || res.num(t, "total_count") != len(items) {
		t.Fatalf("offset %v vs marker %v", ids(res.entries(t)), ids(items))
	}
	// The collaborated folder's path starts where the guest's access does.
	res = mustAs(t, s, tok, guest.ID, "GET", "/folders/"+subsub.ID+"?fields=path_collection,parent", nil, 200)
	pc := res.body["path_collection"].(map[string]any)
	if pc["total_count"].(float64) != 1 || res.body["parent"].(map[string]any)["id"] != "0" {
		t.Fatalf("guest's path to a shared grandchild: %s", res.raw)
	}
	res = mustAs(t, s, tok, owner, "GET", "/folders/"+subsub.ID+"?fields=path_collection,parent", nil, 200)
	pc = res.body["path_collection"].(map[string]any)
	entries := pc["entries"].([]any)
	if pc["total_count"].(float64) != 3 || entries[0].(map[string]any)["id"] != "0" || entries[1].(map[string]any)["id"] != top.ID ||
		entries[2].(map[string]any)["id"] != sub.ID || res.body["parent"].(map[string]any)["id"] != sub.ID {
		t.Fatalf("owner's path: %s", res.raw)
	}
}

func TestFolderItemsPagination(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	top := findFolder(t, tr, "reachable", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
	owner := top.OwnerID
	for i := range 7 {
		if _, err := s.AddFolder(Folder{Name: string(rune('G'-i)) + " sub", ParentID: top.ID}); err != nil {
			t.Fatal(err)
		}
	}
	all := walkMarker(t, s, tok, owner, "/folders/"+top.ID+"/items?usemarker=true&limit=3")
	if len(all) < 7 {
		t.Fatalf("%d children", len(all))
	}
	res := mustAs(t, s, tok, owner, "GET", "/folders/"+top.ID+"/items?offset=2&limit=3", nil, 200)
	order := res.body["order"].([]any)
	if res.num(t, "total_count") != len(all) || res.num(t, "offset") != 2 || res.num(t, "limit") != 3 ||
		!slices.Equal(ids(res.entries(t)), ids(all[2:5])) || order[1].(map[string]any)["by"] != "id" {
		t.Fatalf("offset page: %s", res.raw)
	}
	if e := res.entries(t)[0]; len(e) != 5 || e["type"] != "folder" || e["etag"] != "0" {
		t.Fatalf("items are Folder--Mini without fields=: %v", e)
	}
	res = mustAs(t, s, tok, owner, "GET", "/folders/"+top.ID+"/items?sort=name&direction=DESC&limit=1000&fields=name", nil, 200)
	var names []string
	for _, e := range res.entries(t) {
		names = append(names, strings.ToLower(e["name"].(string)))
	}
	if !slices.IsSortedFunc(names, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Fatalf("sort=name DESC: %v", names)
	}
	// limit is clamped to 1000; bad parameters are 400s.
	if res := mustAs(t, s, tok, owner, "GET", "/folders/0/items?limit=5000", nil, 200); res.num(t, "limit") != 1000 {
		t.Fatalf("limit: %s", res.raw)
	}
	for _, q := range []string{"limit=0", "offset=-1", "offset=10001", "usemarker=true&offset=1", "marker=abc", "usemarker=true&marker=bogus",
		"sort=owner", "direction=up", "usemarker=true&sort=name"} {
		wantError(t, getAs(t, s, tok, owner, "/folders/0/items?"+q), 400, "bad_request")
	}
	// GET /folders/{id} carries the first page as item_collection.
	res = mustAs(t, s, tok, owner, "GET", "/folders/"+top.ID+"?limit=2", nil, 200)
	ic := res.body["item_collection"].(map[string]any)
	if ic["total_count"].(float64) != float64(len(all)) || len(ic["entries"].([]any)) != 2 {
		t.Fatalf("item_collection: %v", ic)
	}
	res = mustAs(t, s, tok, owner, "GET", "/folders/"+top.ID+"?fields=name", nil, 200)
	if _, has := res.body["item_collection"]; has || res.body["name"] != top.Name {
		t.Fatalf("fields=name: %s", res.raw)
	}
}

// The root folder is "All Files" of the acting user.
func TestRootFolder(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{})
	owner := findFolder(t, tr, "reachable", func(f Folder) bool { return f.Reachable }).OwnerID
	res := mustAs(t, s, tok, owner, "GET", "/folders/0?fields=owned_by,path_collection,parent,created_at,permissions,allowed_shared_link_access_levels", nil, 200)
	if res.body["name"] != "All Files" || res.body["owned_by"].(map[string]any)["id"] != owner || res.body["parent"] != nil ||
		res.body["created_at"] != nil || res.body["path_collection"].(map[string]any)["total_count"].(float64) != 0 ||
		len(res.body["allowed_shared_link_access_levels"].([]any)) != 0 {
		t.Fatalf("root: %s", res.raw)
	}
	res = mustAs(t, s, tok, "", "GET", "/folders/0", nil, 200)
	if res.body["owned_by"].(map[string]any)["id"] != tr.ServiceAccount.ID || len(res.body["item_collection"].(map[string]any)["entries"].([]any)) != 0 {
		t.Fatalf("the service account's root: %s", res.raw)
	}
}

func TestSharedLinks(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{SharedLinkShare: -1})
	f := findFolder(t, tr, "reachable", func(f Folder) bool { return f.Reachable })
	path := "/folders/" + f.ID + "?fields=shared_link"
	if res := mustAs(t, s, tok, f.OwnerID, "GET", path, nil, 200); res.body["shared_link"] != nil {
		t.Fatalf("no link: %s", res.raw)
	}
	if err := s.SetSharedLink(f.ID, &SharedLink{Access: "company", IsPasswordEnabled: true}); err == nil {
		t.Fatal("a password on a company link was accepted")
	}
	if err := s.SetSharedLink(f.ID, &SharedLink{Access: "open", IsPasswordEnabled: true, CanDownload: true}); err != nil {
		t.Fatal(err)
	}
	res := mustAs(t, s, tok, f.OwnerID, "GET", path, nil, 200)
	l := res.body["shared_link"].(map[string]any)
	url := l["url"].(string)
	if l["access"] != "open" || l["effective_access"] != "open" || l["is_password_enabled"] != true ||
		l["effective_permission"] != "can_download" || !strings.HasPrefix(url, "https://app.box.com/s/") {
		t.Fatalf("open link: %v", l)
	}
	// The enterprise caps links: access stays, effective_access follows.
	if err := s.SetSharedLinkAccessCap("company"); err != nil {
		t.Fatal(err)
	}
	l = mustAs(t, s, tok, f.OwnerID, "GET", path, nil, 200).body["shared_link"].(map[string]any)
	if l["access"] != "open" || l["effective_access"] != "company" {
		t.Fatalf("capped link: %v", l)
	}
	if got := folderByID(t, s.Truth(), f.ID).SharedLink; got.EffectiveAccess != "company" || got.URL != url {
		t.Fatalf("Truth link: %+v", got)
	}
	if err := s.SetSharedLink(f.ID, &SharedLink{Access: "collaborators"}); err != nil {
		t.Fatal(err)
	}
	l = mustAs(t, s, tok, f.OwnerID, "GET", path, nil, 200).body["shared_link"].(map[string]any)
	if l["url"] != url || l["effective_access"] != "collaborators" || l["effective_permission"] != "can_preview" {
		t.Fatalf("changed link keeps its URL: %v", l)
	}
	items := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/0/items?fields=shared_link&limit=1000", nil, 200).entries(t)
	if !slices.ContainsFunc(items, func(it map[string]any) bool { return it["id"] == f.ID && it["shared_link"] != nil }) {
		t.Fatal("fields=shared_link in the listing")
	}
	if err := s.SetSharedLink(f.ID, nil); err != nil {
		t.Fatal(err)
	}
	if folderByID(t, s.Truth(), f.ID).SharedLink != nil {
		t.Fatal("link not removed")
	}
	if err := s.SetSharedLinkAccessCap("everyone"); err == nil {
		t.Fatal("bad cap accepted")
	}
}

// A folder deleted during a sync answers 404 from then on; its
// collaborations go.
func TestDeleteFolder(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{})
	sub := findFolder(t, tr, "depth-2 reachable", func(f Folder) bool { return f.Depth == 2 && f.Reachable })
	top := folderByID(t, tr, sub.ParentID)
	guest := findUser(t, tr.Users, "guest", func(u User) bool { return u.ID != top.OwnerID && u.Role == "user" })
	c, err := s.AddCollaboration(Collaboration{FolderID: top.ID, GranteeType: "user", GranteeID: guest.ID, Role: "editor"})
	if err != nil {
		t.Fatal(err)
	}
	owner, _ := userByID(tr, top.OwnerID)
	if err := s.DeleteFolder(top.ID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{top.ID, sub.ID} {
		wantError(t, getAs(t, s, tok, top.OwnerID, "/folders/"+id), 404, "trashed")
		wantError(t, getAs(t, s, tok, top.OwnerID, "/folders/"+id+"/collaborations"), 404, "trashed")
		wantError(t, getAs(t, s, tok, guest.ID, "/folders/"+id+"/items"), 404, "not_found")
	}
	wantError(t, getAs(t, s, tok, top.OwnerID, "/collaborations/"+c.ID), 404, "not_found")
	after := s.Truth()
	n := 0
	for _, f := range tr.Folders {
		if f.ID == top.ID || slices.Contains(f.PathIDs, top.ID) {
			n++
		}
	}
	if len(after.Folders) != len(tr.Folders)-n {
		t.Fatalf("%d folders after deleting a tree of %d (was %d)", len(after.Folders), n, len(tr.Folders))
	}
	for _, x := range after.Collaborations {
		if x.FolderID == top.ID || x.FolderID == sub.ID {
			t.Fatalf("collaboration %+v survived its folder", x)
		}
	}
	if o, _ := userByID(after, owner.ID); o.OwnedItems != owner.OwnedItems-n {
		t.Fatalf("owner owns %d items, want %d - %d", o.OwnedItems, owner.OwnedItems, n)
	}
	if err := s.DeleteFolder(top.ID); err == nil {
		t.Fatal("second delete succeeded")
	}
}

// Faults, latency and Stats apply to the content routes like the others.
func TestContentRoutesFaultsAndStats(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{})
	f := findFolder(t, tr, "reachable", func(f Folder) bool { return f.Reachable })
	s.ResetStats()
	s.SetFaults(Faults{RateLimitEvery: 2})
	mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+f.ID+"/items", nil, 200)
	res := getAs(t, s, tok, f.OwnerID, "/folders/"+f.ID+"/collaborations")
	wantError(t, res, 429, "rate_limit_exceeded")
	if res.header.Get("Retry-After") != "1" {
		t.Fatalf("429 without Retry-After: %v", res.header)
	}
	s.SetFaults(Faults{ServerErrorRate: 1})
	if res := getAs(t, s, tok, f.OwnerID, "/folders/"+f.ID); res.status < 500 {
		t.Fatalf("5xx fault not injected: %d", res.status)
	}
	s.SetFaults(Faults{})
	mustAs(t, s, tok, f.OwnerID, "DELETE", "/collaborations/1", nil, 404)
	st := s.Stats()
	for _, key := range []string{"GET /folders/{folder_id}/items", "GET /folders/{folder_id}/collaborations", "GET /folders/{folder_id}",
		"DELETE /collaborations/{collaboration_id}"} {
		if st.ByRoute[key] != 1 {
			t.Fatalf("ByRoute[%q] = %d: %v", key, st.ByRoute[key], st.ByRoute)
		}
	}
	if st.RateLimited != 1 || st.ServerErrors != 1 || st.Total != 4 {
		t.Fatalf("stats %+v", st)
	}
	wantError(t, sendAs(t, s, tok, f.OwnerID, "PATCH", "/folders/"+f.ID, nil), 405, "method_not_allowed")
}
