package boxsim

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func TestAddFolder(t *testing.T) {
	s, _, tr := contentSim(t, ContentConfig{})
	owner := findUser(t, tr.Users, "plain", func(u User) bool { return u.Role == "user" && !u.IsPlatformAccessOnly })
	top, err := s.AddFolder(Folder{Name: "Ünïcode Top", OwnerID: owner.ID, SharedLink: &SharedLink{Access: "open", CanDownload: true}})
	if err != nil {
		t.Fatal(err)
	}
	if top.Depth != 1 || top.ParentID != "0" || top.Path != "/Ünïcode Top" || !top.Reachable || top.SharedLink == nil ||
		top.SharedLink.EffectivePermission != "can_download" || !top.CanNonOwnersInvite || cmpNumeric(top.ID, tr.Folders[len(tr.Folders)-1].ID) <= 0 {
		t.Fatalf("top: %+v", top)
	}
	sub, err := s.AddFolder(Folder{Name: "Sub", ParentID: top.ID})
	if err != nil {
		t.Fatal(err)
	}
	if sub.OwnerID != owner.ID || sub.Depth != 2 || sub.Path != "/Ünïcode Top/Sub" || !slices.Equal(sub.PathIDs, []string{top.ID}) {
		t.Fatalf("sub: %+v", sub)
	}
	if u, _ := userByID(s.Truth(), owner.ID); u.OwnedItems != owner.OwnedItems+2 {
		t.Fatalf("owned items %d, want %d", u.OwnedItems, owner.OwnedItems+2)
	}
	other := findUser(t, tr.Users, "other", func(u User) bool { return u.ID != owner.ID && u.Role == "user" })
	for name, c := range map[string]struct {
		f    Folder
		want error
	}{
		"clash":          {Folder{Name: "ünïcode top", OwnerID: owner.ID}, ErrConflict},
		"no name":        {Folder{OwnerID: owner.ID}, ErrInvalid},
		"slash":          {Folder{Name: "a/b", OwnerID: owner.ID}, ErrInvalid},
		"dots":           {Folder{Name: "..", OwnerID: owner.ID}, ErrInvalid},
		"trailing space": {Folder{Name: "x ", OwnerID: owner.ID}, ErrInvalid},
		"control":        {Folder{Name: "x\ty", OwnerID: owner.ID}, ErrInvalid},
		"too long":       {Folder{Name: strings.Repeat("n", 256), OwnerID: owner.ID}, ErrInvalid},
		"no owner":       {Folder{Name: "x"}, ErrNotFound},
		"external owner": {Folder{Name: "x", OwnerID: tr.ExternalUsers[0].ID}, ErrInvalid},
		"no parent":      {Folder{Name: "x", ParentID: "12345"}, ErrNotFound},
		"other's parent": {Folder{Name: "x", ParentID: top.ID, OwnerID: other.ID}, ErrInvalid},
		"bad link":       {Folder{Name: "x", OwnerID: owner.ID, SharedLink: &SharedLink{Access: "world"}}, ErrInvalid},
	} {
		if _, err := s.AddFolder(c.f); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	// Siblings in different places may share a name.
	if _, err := s.AddFolder(Folder{Name: "Sub", OwnerID: owner.ID}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddFolder(Folder{Name: "Sub", OwnerID: other.ID}); err != nil {
		t.Fatal(err)
	}
}

func TestAddCollaborationMutation(t *testing.T) {
	s, _, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	f := findFolder(t, tr, "reachable", func(f Folder) bool { return f.Reachable })
	u := findUser(t, tr.Users, "plain", func(u User) bool { return u.ID != f.OwnerID && u.Role == "user" })
	c, err := s.AddCollaboration(Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: "editor"})
	if err != nil || c.Status != "accepted" || c.CreatedByID != f.OwnerID || c.External {
		t.Fatalf("%+v %v", c, err)
	}
	again, err := s.AddCollaboration(Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: "viewer"})
	if !errors.Is(err, ErrConflict) || again.ID != c.ID || again.Role != "editor" {
		t.Fatalf("duplicate: %+v %v", again, err)
	}
	ext, err := s.AddCollaboration(Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: tr.ExternalUsers[0].ID, Role: "viewer"})
	if err != nil || !ext.External {
		t.Fatalf("external: %+v %v", ext, err)
	}
	for name, c := range map[string]struct {
		c    Collaboration
		want error
	}{
		"bad role":           {Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: "owner"}, ErrInvalid},
		"bad status":         {Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: "viewer", Status: "maybe"}, ErrInvalid},
		"no folder":          {Collaboration{FolderID: "1", GranteeType: "user", GranteeID: u.ID, Role: "viewer"}, ErrNotFound},
		"no user":            {Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: "1", Role: "viewer"}, ErrNotFound},
		"no group":           {Collaboration{FolderID: f.ID, GranteeType: "group", GranteeID: "1", Role: "viewer"}, ErrNotFound},
		"owner":              {Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: f.OwnerID, Role: "viewer"}, ErrInvalid},
		"bad type":           {Collaboration{FolderID: f.ID, GranteeType: "enterprise", GranteeID: u.ID, Role: "viewer"}, ErrInvalid},
		"accepted invite":    {Collaboration{FolderID: f.ID, GranteeType: "user", InviteEmail: "x@guest.example.org", Role: "viewer"}, ErrInvalid},
		"invite of a user":   {Collaboration{FolderID: f.ID, GranteeType: "user", InviteEmail: u.Login, Role: "viewer", Status: "pending"}, ErrInvalid},
		"bad creator":        {Collaboration{FolderID: f.ID, GranteeType: "group", GranteeID: tr.Groups[0].ID, Role: "viewer", CreatedByID: "1"}, ErrNotFound},
		"invite and grantee": {Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, InviteEmail: "x@guest.example.org", Role: "viewer", Status: "pending"}, ErrInvalid},
	} {
		if _, err := s.AddCollaboration(c.c); !errors.Is(err, c.want) {
			t.Errorf("%s: %v, want %v", name, err, c.want)
		}
	}
	inv, err := s.AddCollaboration(Collaboration{FolderID: f.ID, GranteeType: "user", InviteEmail: "x@guest.example.org", Role: "viewer", Status: "pending"})
	if err != nil || !inv.External || inv.GranteeID != "" {
		t.Fatalf("invite: %+v %v", inv, err)
	}
	if err := s.SetCollaborationStatus(inv.ID, "accepted"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("accepting an invitation without an account: %v", err)
	}
	if err := s.SetCollaborationRole(c.ID, "co-owner"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetCollaborationRole(c.ID, "owner"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("owner role: %v", err)
	}
	if got, _ := collabByID(s.Truth(), c.ID); got.Role != "co-owner" {
		t.Fatalf("role: %+v", got)
	}
	if err := s.RemoveCollaboration(c.ID); err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{s.RemoveCollaboration(c.ID), s.SetCollaborationRole(c.ID, "viewer"), s.SetCollaborationStatus(c.ID, "pending"),
		s.DeleteFolder("1"), s.SetSharedLink("1", nil)} {
		if !errors.Is(err, ErrNotFound) {
			t.Fatalf("on a missing object: %v", err)
		}
	}
}

// Transfers, user deletion and group deletion keep folders and
// collaborations coherent.
func TestContentFollowsUsersAndGroups(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{})
	src := findFolder(t, tr, "reachable top with a child", func(f Folder) bool {
		if f.Depth != 1 || !f.Reachable {
			return false
		}
		return slices.ContainsFunc(tr.Folders, func(x Folder) bool { return x.ParentID == f.ID })
	}).OwnerID
	dst := findUser(t, tr.Users, "target", func(u User) bool { return u.ID != src && u.Role == "user" && !u.IsPlatformAccessOnly })
	srcUser, _ := userByID(tr, src)
	var moved []Folder
	for _, f := range tr.Folders {
		if f.OwnerID == src {
			moved = append(moved, f)
		}
	}
	// A collaboration of the target inside the moved tree goes with the transfer.
	mine, err := s.AddCollaboration(Collaboration{FolderID: moved[0].ID, GranteeType: "user", GranteeID: dst.ID, Role: "viewer"})
	if err != nil {
		t.Fatal(err)
	}
	res := mustSend(t, s, tok, "PUT", "/users/"+src+"/folders/0", obj{"owned_by": obj{"id": dst.ID}}, 200)
	destID := res.body["id"].(string)
	after := s.Truth()
	dest := folderByID(t, after, destID)
	if dest.OwnerID != dst.ID || !dest.TransferFolder || dest.Depth != 1 || dest.Name != srcUser.Name+"'s Files and Folders" {
		t.Fatalf("destination: %+v", dest)
	}
	for _, f := range moved {
		got := folderByID(t, after, f.ID)
		if got.OwnerID != dst.ID || got.Depth != f.Depth+1 || got.PathIDs[0] != destID || got.Path != "/"+dest.Name+f.Path {
			t.Fatalf("moved folder %+v (was %+v)", got, f)
		}
	}
	if _, ok := collabByID(after, mine.ID); ok {
		t.Fatal("the new owner's own collaboration survived the transfer")
	}
	kept := 0
	for _, c := range tr.Collaborations {
		if slices.ContainsFunc(moved, func(f Folder) bool { return f.ID == c.FolderID }) {
			if _, ok := collabByID(after, c.ID); !ok && c.GranteeID != dst.ID {
				t.Fatalf("collaboration %+v lost in the transfer", c)
			}
			kept++
		}
	}
	mustAs(t, s, tok, dst.ID, "GET", "/folders/"+moved[0].ID, nil, 200)
	wantError(t, getAs(t, s, tok, src, "/folders/"+moved[0].ID), 404, "not_found")
	if items := mustAs(t, s, tok, dst.ID, "GET", "/folders/"+destID+"/items?limit=1000", nil, 200); items.num(t, "total_count") == 0 {
		t.Fatal("destination folder lists nothing")
	}

	// A user who owns only an (uncounted) transfer folder still owns content.
	empty, err := s.AddUser(User{Name: "Empty Handed", Login: "empty.handed@acme.example.com"})
	if err != nil {
		t.Fatal(err)
	}
	mustSend(t, s, tok, "PUT", "/users/"+empty.ID+"/folders/0", obj{"owned_by": obj{"id": src}}, 200)
	wantError(t, send(t, s, tok, "DELETE", "/users/"+src, nil), 400, "user_not_deletable")
	if err := s.SetOwnedItems(dst.ID, 0); !errors.Is(err, ErrInvalid) {
		t.Fatalf("owned items below the folders owned: %v", err)
	}

	// Force-deleting the new owner destroys the folders and their
	// collaborations; deleting a grantee or a group drops theirs.
	before := s.Truth()
	owner, _ := userByID(before, dst.ID)
	mustSend(t, s, tok, "DELETE", "/users/"+dst.ID+"?force=true", nil, 204)
	after = s.Truth()
	for _, f := range after.Folders {
		if f.OwnerID == dst.ID {
			t.Fatalf("folder %+v survived its owner", f)
		}
	}
	for _, c := range after.Collaborations {
		if c.GranteeID == dst.ID || slices.ContainsFunc(moved, func(f Folder) bool { return f.ID == c.FolderID }) {
			t.Fatalf("collaboration %+v survived", c)
		}
	}
	if after.DestroyedItems != before.DestroyedItems+owner.OwnedItems {
		t.Fatalf("destroyed %d, want %d + %d", after.DestroyedItems, before.DestroyedItems, owner.OwnedItems)
	}
	g := findCollab(t, after, "group", func(c Collaboration) bool { return c.GranteeType == "group" })
	mustSend(t, s, tok, "DELETE", "/groups/"+g.GranteeID, nil, 204)
	for _, c := range s.Truth().Collaborations {
		if c.GranteeType == "group" && c.GranteeID == g.GranteeID {
			t.Fatalf("collaboration %+v survived its group", c)
		}
	}
	if kept == 0 {
		t.Fatal("the moved tree had no collaborations to keep")
	}
}
