package boxsim

import (
	"slices"
	"testing"
)

// The listing shows every collaboration created on the folder, whatever
// its status, in spec shapes: users (name redacted while pending), groups,
// invitations to addresses with no Box account.
func TestCollaborationListing(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	f := findFolder(t, tr, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
	sub, err := s.AddFolder(Folder{Name: "Below", ParentID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	users := slices.DeleteFunc(slices.Clone(tr.Users), func(u User) bool { return u.ID == f.OwnerID || u.Role != "user" })
	add := func(c Collaboration) Collaboration {
		t.Helper()
		c.FolderID = f.ID
		out, err := s.AddCollaboration(c)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	accepted := add(Collaboration{GranteeType: "user", GranteeID: users[0].ID, Role: "editor"})
	pending := add(Collaboration{GranteeType: "user", GranteeID: users[1].ID, Role: "viewer", Status: "pending"})
	rejected := add(Collaboration{GranteeType: "user", GranteeID: tr.ExternalUsers[0].ID, Role: "previewer", Status: "rejected"})
	grp, err := s.AddGroup(Group{Name: "Listing Group"}) // no members: the invitee below gains nothing through it
	if err != nil {
		t.Fatal(err)
	}
	group := add(Collaboration{GranteeType: "group", GranteeID: grp.ID, Role: "co-owner"})
	invite := add(Collaboration{GranteeType: "user", InviteEmail: "someone@guest.example.org", Role: "uploader", Status: "pending"})
	for i := 2; i < 7; i++ {
		add(Collaboration{GranteeType: "user", GranteeID: users[i].ID, Role: "viewer uploader"})
	}
	if err := s.SetUserStatus(users[0].ID, "inactive"); err != nil {
		t.Fatal(err)
	}
	entries := walkMarker(t, s, tok, f.OwnerID, "/folders/"+f.ID+"/collaborations?limit=3")
	if len(entries) != 10 {
		t.Fatalf("%d collaborations listed, want 10", len(entries))
	}
	byID := map[string]map[string]any{}
	for _, e := range entries {
		byID[e["id"].(string)] = e
	}
	a := byID[accepted.ID]
	ab := a["accessible_by"].(map[string]any)
	if a["status"] != "accepted" || a["role"] != "editor" || a["item"].(map[string]any)["id"] != f.ID ||
		ab["name"] != users[0].Name || ab["login"] != users[0].Login || ab["is_active"] != false || a["acknowledged_at"] == nil ||
		a["created_by"].(map[string]any)["id"] != f.OwnerID || a["expires_at"] != nil {
		t.Fatalf("accepted collaboration of an inactive user: %v", a)
	}
	p := byID[pending.ID]
	pb := p["accessible_by"].(map[string]any)
	if p["item"] != nil || pb["name"] != "" || pb["login"] != users[1].Login || pb["id"] != users[1].ID {
		t.Fatalf("pending collaboration: %v", p)
	}
	if _, has := p["acknowledged_at"]; has {
		t.Fatalf("pending collaboration acknowledged: %v", p)
	}
	if r := byID[rejected.ID]; r["status"] != "rejected" || r["accessible_by"].(map[string]any)["id"] != tr.ExternalUsers[0].ID {
		t.Fatalf("rejected collaboration: %v", r)
	}
	if g := byID[group.ID]["accessible_by"].(map[string]any); g["type"] != "group" || g["group_type"] != "managed_group" || g["name"] != grp.Name {
		t.Fatalf("group grantee: %v", g)
	}
	i := byID[invite.ID]
	if _, has := i["accessible_by"]; has || i["invite_email"] != "someone@guest.example.org" || i["status"] != "pending" {
		t.Fatalf("invitation: %v", i)
	}
	if res := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+f.ID+"/collaborations?fields=role", nil, 200); len(res.entries(t)[0]) != 3 {
		t.Fatalf("fields=role: %v", res.entries(t)[0])
	}
	// A sub-folder lists only its own collaborations (the default).
	if res := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+sub.ID+"/collaborations", nil, 200); len(res.entries(t)) != 0 ||
		res.body["next_marker"] != nil || res.num(t, "limit") != 100 {
		t.Fatalf("sub-folder listing: %s", res.raw)
	}
	// GET /collaborations/{id}: the folder's users and the invitee see it.
	mustAs(t, s, tok, users[0].ID, "GET", "/collaborations/"+group.ID, nil, 200)
	mustAs(t, s, tok, users[1].ID, "GET", "/collaborations/"+pending.ID, nil, 200)
	wantError(t, getAs(t, s, tok, users[1].ID, "/collaborations/"+group.ID), 404, "not_found")
	wantError(t, getAs(t, s, tok, "", "/collaborations/"+group.ID), 404, "not_found")
	if res := mustAs(t, s, tok, f.OwnerID, "GET", "/collaborations/"+invite.ID+"?fields=invite_email", nil, 200); res.body["invite_email"] == nil || len(res.body) != 3 {
		t.Fatalf("fields=invite_email: %s", res.raw)
	}
}

// The switches where sources disagree.
func TestCollaborationSwitches(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{InheritedCollaborations: true, LegacyPendingCollaborations: true,
		UnpagedFolderCollaborations: true, CollaborationsPerFolder: -1})
	f := findFolder(t, tr, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
	sub, err := s.AddFolder(Folder{Name: "Inherits", ParentID: f.ID})
	if err != nil {
		t.Fatal(err)
	}
	other := findUser(t, tr.Users, "other", func(u User) bool { return u.ID != f.OwnerID })
	up, err := s.AddCollaboration(Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: other.ID, Role: "viewer", Status: "pending"})
	if err != nil {
		t.Fatal(err)
	}
	here, err := s.AddCollaboration(Collaboration{FolderID: sub.ID, GranteeType: "group", GranteeID: tr.Groups[1].ID, Role: "editor"})
	if err != nil {
		t.Fatal(err)
	}
	entries := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+sub.ID+"/collaborations", nil, 200).entries(t)
	if !slices.Equal(ids(entries), []string{up.ID, here.ID}) {
		t.Fatalf("inherited listing %v, want [%s %s]", ids(entries), up.ID, here.ID)
	}
	if entries[0]["accessible_by"] != nil {
		t.Fatalf("legacy pending collaboration: %v", entries[0])
	}
	// Unpaged: limit is ignored; total_count and every entry, no markers.
	res := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+sub.ID+"/collaborations?limit=1", nil, 200)
	_, hasNext := res.body["next_marker"]
	_, hasLimit := res.body["limit"]
	if res.num(t, "total_count") != 2 || len(res.entries(t)) != 2 || hasNext || hasLimit {
		t.Fatalf("unpaged listing: %s", res.raw)
	}
}

func collabBody(folderID string, grantee obj, role string) obj {
	return obj{"item": obj{"type": "folder", "id": folderID}, "accessible_by": grantee, "role": role}
}

// with returns body with one more field.
func with(body obj, key string, v any) obj {
	body[key] = v
	return body
}

func TestCreateCollaboration(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	f := findFolder(t, tr, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
	owner := f.OwnerID
	var plain []User
	for _, u := range tr.Users {
		if u.ID != owner && u.Role == "user" && !u.IsPlatformAccessOnly {
			plain = append(plain, u)
		}
	}
	ext := tr.ExternalUsers[0]

	res := mustAs(t, s, tok, owner, "POST", "/collaborations?notify=true", collabBody(f.ID, obj{"type": "user", "id": plain[0].ID}, "viewer"), 201)
	if res.body["status"] != "accepted" || res.body["role"] != "viewer" || res.body["created_by"].(map[string]any)["id"] != owner {
		t.Fatalf("created: %s", res.raw)
	}
	first := res.body["id"].(string)
	res = mustAs(t, s, tok, owner, "POST", "/collaborations?fields=accessible_by", collabBody(f.ID, obj{"type": "user", "login": ext.Login}, "editor"), 201)
	if res.body["accessible_by"].(map[string]any)["id"] != ext.ID || len(res.body) != 3 {
		t.Fatalf("by login: %s", res.raw)
	}
	res = mustAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "login": "Nobody@Guest.example.org"}, "editor"), 201)
	if res.body["status"] != "pending" || res.body["invite_email"] != "Nobody@Guest.example.org" || res.body["item"] != nil {
		t.Fatalf("invitation: %s", res.raw)
	}
	if cmpNumeric(res.body["id"].(string), first) <= 0 {
		t.Fatal("collaboration IDs must grow")
	}

	// Groups obey invitability_level.
	closed, _ := s.AddGroup(Group{Name: "Closed Group"})
	open, _ := s.AddGroup(Group{Name: "Open Group", InvitabilityLevel: "all_managed_users"})
	members, _ := s.AddGroup(Group{Name: "Members Group", InvitabilityLevel: "admins_and_members"})
	wantError(t, sendAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": closed.ID}, "viewer")),
		403, "access_denied_insufficient_permissions")
	mustAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": open.ID}, "viewer"), 201)
	wantError(t, sendAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": members.ID}, "viewer")),
		403, "access_denied_insufficient_permissions")
	if _, err := s.AddMembership(owner, members.ID, ""); err != nil {
		t.Fatal(err)
	}
	mustAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": members.ID}, "viewer"), 201)
	if _, err := s.AddMembership(owner, closed.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	mustAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": closed.ID}, "viewer"), 201)

	// Editors invite (not co-owners); viewers cannot invite.
	editor, viewer := plain[1], plain[0]
	mustAs(t, s, tok, owner, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": editor.ID}, "editor"), 201)
	mustAs(t, s, tok, editor.ID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": plain[2].ID}, "viewer"), 201)
	wantError(t, sendAs(t, s, tok, editor.ID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": plain[3].ID}, "co-owner")),
		403, "access_denied_insufficient_permissions")
	wantError(t, sendAs(t, s, tok, viewer.ID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": plain[3].ID}, "viewer")),
		403, "access_denied_insufficient_permissions")

	before := len(s.Truth().Collaborations)
	for name, c := range map[string]struct {
		asUser string
		body   any
		status int
		code   string
	}{
		"duplicate user":       {owner, collabBody(f.ID, obj{"type": "user", "id": plain[0].ID}, "editor"), 400, "user_already_collaborator"},
		"duplicate by login":   {owner, collabBody(f.ID, obj{"type": "user", "login": plain[0].Login}, "editor"), 400, "user_already_collaborator"},
		"duplicate invite":     {owner, collabBody(f.ID, obj{"type": "user", "login": "nobody@guest.example.org"}, "editor"), 400, "user_already_collaborator"},
		"duplicate group":      {owner, collabBody(f.ID, obj{"type": "group", "id": open.ID}, "editor"), 400, "user_already_collaborator"},
		"the owner":            {owner, collabBody(f.ID, obj{"type": "user", "id": owner}, "editor"), 400, "bad_request"},
		"the root":             {owner, collabBody("0", obj{"type": "user", "id": plain[4].ID}, "editor"), 400, "collaborations_not_available_on_root_folder"},
		"a file":               {owner, obj{"item": obj{"type": "file", "id": f.ID}, "accessible_by": obj{"type": "user", "id": plain[4].ID}, "role": "editor"}, 404, "not_found"},
		"no item type":         {owner, obj{"item": obj{"id": f.ID}, "accessible_by": obj{"type": "user", "id": plain[4].ID}, "role": "editor"}, 400, "invalid_collaboration_item"},
		"unknown folder":       {owner, collabBody("12345", obj{"type": "user", "id": plain[4].ID}, "editor"), 404, "not_found"},
		"someone's folder":     {plain[4].ID, collabBody(f.ID, obj{"type": "user", "id": plain[5].ID}, "editor"), 404, "not_found"},
		"service account":      {"", collabBody(f.ID, obj{"type": "user", "id": plain[5].ID}, "editor"), 404, "not_found"},
		"unknown user":         {owner, collabBody(f.ID, obj{"type": "user", "id": "17000000003"}, "editor"), 404, "not_found"},
		"unknown group":        {owner, collabBody(f.ID, obj{"type": "group", "id": "12345"}, "editor"), 404, "not_found"},
		"group by login":       {owner, collabBody(f.ID, obj{"type": "group", "login": "g@acme.example.com"}, "editor"), 400, "bad_request"},
		"bad login":            {owner, collabBody(f.ID, obj{"type": "user", "login": "not-an-email"}, "editor"), 400, "bad_request"},
		"owner role":           {owner, collabBody(f.ID, obj{"type": "user", "id": plain[4].ID}, "owner"), 400, "bad_request"},
		"no role":              {owner, obj{"item": obj{"type": "folder", "id": f.ID}, "accessible_by": obj{"type": "user", "id": plain[4].ID}}, 400, "bad_request"},
		"no grantee":           {owner, obj{"item": obj{"type": "folder", "id": f.ID}, "role": "editor"}, 400, "bad_request"},
		"no grantee type":      {owner, collabBody(f.ID, obj{"id": plain[4].ID}, "editor"), 400, "bad_request"},
		"no grantee id":        {owner, collabBody(f.ID, obj{"type": "user"}, "editor"), 400, "bad_request"},
		"bad grantee type":     {owner, collabBody(f.ID, obj{"type": "enterprise", "id": "1"}, "editor"), 400, "bad_request"},
		"expiry":               {owner, with(collabBody(f.ID, obj{"type": "user", "id": plain[4].ID}, "editor"), "expires_at", "2030-01-01T00:00:00Z"), 400, "bad_request"},
		"access only not bool": {owner, with(collabBody(f.ID, obj{"type": "user", "id": plain[4].ID}, "editor"), "is_access_only", "yes"), 400, "bad_request"},
		"external as-user":     {ext.ID, collabBody(f.ID, obj{"type": "user", "id": plain[4].ID}, "editor"), 403, "access_denied_insufficient_permissions"},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, sendAs(t, s, tok, c.asUser, "POST", "/collaborations", c.body), c.status, c.code)
		})
	}
	wantError(t, sendAs(t, s, tok, owner, "POST", "/collaborations?notify=loud", collabBody(f.ID, obj{"type": "user", "id": plain[4].ID}, "editor")), 400, "bad_request")
	if after := len(s.Truth().Collaborations); after != before {
		t.Fatalf("refused requests changed the collaborations: %d -> %d", before, after)
	}
}

func TestUpdateAndDeleteCollaboration(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	f := findFolder(t, tr, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable && f.Name != "" })
	owner := f.OwnerID
	var plain []User
	for _, u := range tr.Users {
		if u.ID != owner && u.Role == "user" && !u.IsPlatformAccessOnly {
			plain = append(plain, u)
		}
	}
	add := func(u User, role, status string) Collaboration {
		t.Helper()
		c, err := s.AddCollaboration(Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: role, Status: status})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	coOwner := add(plain[0], "co-owner", "")
	viewer := add(plain[1], "viewer", "")
	invited := add(plain[2], "editor", "pending")

	res := mustAs(t, s, tok, owner, "PUT", "/collaborations/"+viewer.ID, obj{"role": "previewer"}, 200)
	if res.body["role"] != "previewer" {
		t.Fatalf("role change: %s", res.raw)
	}
	mustAs(t, s, tok, plain[0].ID, "PUT", "/collaborations/"+viewer.ID, obj{"role": "editor"}, 200) // a co-owner manages too
	wantError(t, sendAs(t, s, tok, plain[1].ID, "PUT", "/collaborations/"+coOwner.ID, obj{"role": "viewer"}), 403, "access_denied_insufficient_permissions")
	wantError(t, sendAs(t, s, tok, owner, "PUT", "/collaborations/"+viewer.ID, obj{"status": "rejected"}), 400, "invalid_status")
	wantError(t, sendAs(t, s, tok, owner, "PUT", "/collaborations/"+invited.ID, obj{"status": "accepted"}), 403, "access_denied_insufficient_permissions")
	wantError(t, sendAs(t, s, tok, owner, "PUT", "/collaborations/"+viewer.ID, obj{"role": "boss"}), 400, "bad_request")
	wantError(t, sendAs(t, s, tok, owner, "PUT", "/collaborations/"+viewer.ID, obj{"expires_at": "2030-01-01T00:00:00Z"}), 403, "access_denied_insufficient_permissions")
	wantError(t, sendAs(t, s, tok, owner, "PUT", "/collaborations/12345", obj{"role": "viewer"}), 404, "not_found")
	wantError(t, sendAs(t, s, tok, plain[5].ID, "PUT", "/collaborations/"+viewer.ID, obj{"role": "viewer"}), 404, "not_found")

	// The invitee accepts.
	res = mustAs(t, s, tok, plain[2].ID, "PUT", "/collaborations/"+invited.ID, obj{"status": "accepted"}, 200)
	if res.body["status"] != "accepted" || res.body["acknowledged_at"] == nil || res.body["item"].(map[string]any)["id"] != f.ID {
		t.Fatalf("accepted: %s", res.raw)
	}
	mustAs(t, s, tok, plain[2].ID, "GET", "/folders/"+f.ID, nil, 200)

	// Delete: by a manager, or by the collaborator leaving; not by others.
	wantError(t, sendAs(t, s, tok, plain[1].ID, "DELETE", "/collaborations/"+invited.ID, nil), 403, "access_denied_insufficient_permissions")
	mustAs(t, s, tok, plain[2].ID, "DELETE", "/collaborations/"+invited.ID, nil, 204)
	mustAs(t, s, tok, owner, "DELETE", "/collaborations/"+viewer.ID, nil, 204)
	wantError(t, sendAs(t, s, tok, owner, "DELETE", "/collaborations/"+viewer.ID, nil), 404, "not_found")
	if _, ok := collabByID(s.Truth(), viewer.ID); ok {
		t.Fatal("deleted collaboration still in Truth")
	}

	// Ownership hand-over: 204; the folder moves with its tree; the old
	// owner becomes a co-owner.
	wantError(t, sendAs(t, s, tok, plain[0].ID, "PUT", "/collaborations/"+coOwner.ID, obj{"role": "owner"}), 403, "access_denied_insufficient_permissions")
	before := s.Truth()
	oldOwner, _ := userByID(before, owner)
	newOwner, _ := userByID(before, plain[0].ID)
	n := 0
	for _, x := range before.Folders {
		if x.ID == f.ID || slices.Contains(x.PathIDs, f.ID) {
			n++
		}
	}
	if res := mustAs(t, s, tok, owner, "PUT", "/collaborations/"+coOwner.ID, obj{"role": "owner"}, 204); res.raw != "" {
		t.Fatalf("204 with a body: %q", res.raw)
	}
	after := s.Truth()
	if got := folderByID(t, after, f.ID); got.OwnerID != plain[0].ID || got.ParentID != "0" {
		t.Fatalf("handed-over folder: %+v", got)
	}
	if _, ok := collabByID(after, coOwner.ID); ok {
		t.Fatal("the collaboration of the new owner survived")
	}
	findCollab(t, after, "old owner as co-owner", func(c Collaboration) bool {
		return c.FolderID == f.ID && c.GranteeID == owner && c.Role == "co-owner" && c.Status == "accepted"
	})
	o, _ := userByID(after, owner)
	nu, _ := userByID(after, plain[0].ID)
	if o.OwnedItems != oldOwner.OwnedItems-n || nu.OwnedItems != newOwner.OwnedItems+n {
		t.Fatalf("owned items %d->%d and %d->%d for %d folders", oldOwner.OwnedItems, o.OwnedItems, newOwner.OwnedItems, nu.OwnedItems, n)
	}
}
