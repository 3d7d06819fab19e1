package boxsim

import (
	"reflect"
	"strings"
	"testing"
)

// Content comes from its own stream: the directory and the events of a
// seed are the same with or without it; only the owners' item counts grow,
// by the folders they own.
func TestContentSeedKeepsDirectoryAndEvents(t *testing.T) {
	base := Config{Seed: 9, Users: 80, AppUsers: 3, ExternalUsers: 3, Groups: 7, AvgGroupsPerUser: 2, Now: newFakeClock().Now}
	plain := New(base).Truth()
	withContent := base
	withContent.Content = ContentConfig{Folders: 200, GiantRootFolders: 5, GiantFolderCollaborators: 10}
	rich := New(withContent).Truth()
	if len(plain.Folders) != 0 || len(plain.Collaborations) != 0 {
		t.Fatalf("default config seeded %d folders, %d collaborations", len(plain.Folders), len(plain.Collaborations))
	}
	owned := map[string]int{}
	for _, f := range rich.Folders {
		owned[f.OwnerID]++
	}
	for i, u := range rich.Users {
		p := plain.Users[i]
		if u.OwnedItems != p.OwnedItems+owned[u.ID] {
			t.Fatalf("user %s owns %d items, want %d + %d folders", u.ID, u.OwnedItems, p.OwnedItems, owned[u.ID])
		}
		u.OwnedItems = p.OwnedItems
		if u != p {
			t.Fatalf("user changed by content seeding:\n%+v\n%+v", p, u)
		}
	}
	if !reflect.DeepEqual(plain.Groups, rich.Groups) || !reflect.DeepEqual(plain.Memberships, rich.Memberships) ||
		!reflect.DeepEqual(plain.Events, rich.Events) || !reflect.DeepEqual(plain.ExternalUsers, rich.ExternalUsers) {
		t.Fatal("groups, memberships, external users or events changed by content seeding")
	}
	if again := New(withContent).Truth(); !reflect.DeepEqual(again.Folders, rich.Folders) ||
		!reflect.DeepEqual(again.Collaborations, rich.Collaborations) {
		t.Fatal("same config, different content")
	}
	other := withContent
	other.Seed = 10
	if o := New(other).Truth(); len(o.Folders) > 0 && o.Folders[0].Name == rich.Folders[0].Name && o.Folders[1].Name == rich.Folders[1].Name &&
		o.Folders[2].Name == rich.Folders[2].Name {
		t.Fatal("another seed gave the same folders")
	}
}

func TestContentSeedShape(t *testing.T) {
	cc := ContentConfig{Folders: 600, FolderDepth: 3, CollaborationsPerFolder: 3, PendingShare: 0.2, SharedLinkShare: 0.4}
	s := New(Config{Seed: 12, Users: 150, ExternalUsers: 5, Groups: 10, AvgGroupsPerUser: 1, Content: cc})
	tr := s.Truth()
	if len(tr.Folders) != cc.Folders {
		t.Fatalf("%d folders, want %d", len(tr.Folders), cc.Folders)
	}
	users := map[string]User{}
	for _, u := range tr.Users {
		users[u.ID] = u
	}
	byID := map[string]Folder{}
	depths := map[int]int{}
	names := map[string]bool{}
	links := map[string]int{}
	for _, f := range tr.Folders {
		byID[f.ID] = f
		depths[f.Depth]++
		owner, ok := users[f.OwnerID]
		switch {
		case !ok:
			t.Fatalf("folder %s owned by %s, not a listed user", f.ID, f.OwnerID)
		case !strings.HasPrefix(f.ID, "3000000"):
			t.Fatalf("folder ID %s outside the folder range", f.ID)
		case f.CreatedAt.After(f.ModifiedAt) || f.CreatedAt.Before(owner.CreatedAt):
			t.Fatalf("folder %s dates %v..%v (owner created %v)", f.ID, f.CreatedAt, f.ModifiedAt, owner.CreatedAt)
		case len(f.PathIDs) != f.Depth-1 || strings.Count(f.Path, "/") != f.Depth || !strings.HasSuffix(f.Path, "/"+f.Name):
			t.Fatalf("folder %+v: path does not match depth", f)
		}
		key := f.ParentID + "/" + strings.ToLower(f.Name)
		if f.ParentID == "0" {
			key = f.OwnerID + key
		}
		if names[key] {
			t.Fatalf("two folders named %q side by side", f.Name)
		}
		names[key] = true
		if l := f.SharedLink; l != nil {
			links[l.Access]++
			if l.IsPasswordEnabled && l.Access != "open" || l.EffectiveAccess != l.Access || !strings.HasPrefix(l.URL, "https://app.box.com/s/") {
				t.Fatalf("shared link %+v", l)
			}
		}
	}
	for _, f := range tr.Folders {
		if f.Depth > 1 {
			p := byID[f.ParentID]
			if p.OwnerID != f.OwnerID || p.Depth != f.Depth-1 || f.PathIDs[len(f.PathIDs)-1] != p.ID {
				t.Fatalf("folder %+v under %+v", f, p)
			}
		}
	}
	if depths[1] == 0 || depths[2] == 0 || depths[3] == 0 || depths[4] != 0 {
		t.Fatalf("depths %v, want 1..3 only", depths)
	}
	if links["open"] == 0 || links["company"] == 0 || links["collaborators"] == 0 {
		t.Fatalf("shared links by access %v", links)
	}

	kinds := map[string]int{}
	seen := map[string]bool{}
	for _, c := range tr.Collaborations {
		f := byID[c.FolderID]
		switch {
		case c.GranteeType == "group":
			kinds["group"]++
		case c.InviteEmail != "":
			kinds["invite"]++
			if c.Status != "pending" || !c.External || c.GranteeID != "" {
				t.Fatalf("invitation %+v", c)
			}
		case c.External:
			kinds["external"]++
		default:
			kinds["managed"]++
		}
		kinds[c.Status]++
		key := c.FolderID + "/" + c.GranteeType + c.GranteeID + c.InviteEmail
		switch {
		case seen[key]:
			t.Fatalf("grantee twice on folder %s: %+v", c.FolderID, c)
		case c.GranteeID == f.OwnerID:
			t.Fatalf("owner collaborates on own folder: %+v", c)
		case c.CreatedByID != f.OwnerID || c.CreatedAt.Before(f.CreatedAt):
			t.Fatalf("collaboration %+v on folder %+v", c, f)
		case !strings.HasPrefix(c.ID, "500000"):
			t.Fatalf("collaboration ID %s outside its range", c.ID)
		}
		seen[key] = true
	}
	for _, k := range []string{"group", "invite", "external", "managed", "accepted", "pending", "rejected"} {
		if kinds[k] == 0 {
			t.Fatalf("no %s collaboration: %v", k, kinds)
		}
	}
	if avg := float64(len(tr.Collaborations)) / float64(len(tr.Folders)); avg < 2.5 || avg > 3.2 {
		t.Fatalf("%.2f collaborations per folder, want about 3", avg)
	}
}

// The Giant* knobs put a root listing and a collaboration listing beyond
// one page of 1,000, and both marker walks see every entry exactly once.
func TestGiantContentPagesBeyondOneThousand(t *testing.T) {
	s := New(Config{Seed: 4, Users: 1100, ExternalUsers: 20, Content: ContentConfig{
		GiantRootFolders: 1500, GiantFolderCollaborators: 1050, CollaborationsPerFolder: -1}})
	tok := mintToken(t, s)
	tr := s.Truth()
	hall := findFolder(t, tr, "All Hands", func(f Folder) bool { return f.Name == "All Hands" })
	owner := hall.OwnerID
	if !hall.Reachable {
		t.Fatal("the giant owner must be reachable with as-user by default")
	}
	items := walkMarker(t, s, tok, owner, "/folders/0/items?usemarker=true&limit=1000&fields=owned_by")
	if len(items) != 1501 {
		t.Fatalf("root lists %d items, want 1,500 archives + All Hands", len(items))
	}
	for i, it := range items {
		if it["owned_by"].(map[string]any)["id"] != owner || (i > 0 && cmpNumeric(items[i-1]["id"].(string), it["id"].(string)) >= 0) {
			t.Fatalf("root item %d: %v", i, it)
		}
	}
	collabs := walkMarker(t, s, tok, owner, "/folders/"+hall.ID+"/collaborations?limit=1000")
	if len(collabs) != 1050 {
		t.Fatalf("All Hands lists %d collaborations, want 1,050", len(collabs))
	}
	ids := map[string]bool{}
	roles := map[string]bool{}
	for _, c := range collabs {
		ids[c["id"].(string)] = true
		roles[c["role"].(string)] = true
		if c["status"] != "accepted" {
			t.Fatalf("All Hands collaboration %v", c)
		}
	}
	if len(ids) != 1050 || len(roles) != len(collaborationRoles()) {
		t.Fatalf("%d distinct collaborations, roles %v", len(ids), roles)
	}
	// Offset pages of the root agree with the marker walk.
	res := mustAs(t, s, tok, owner, "GET", "/folders/0/items?offset=1000&limit=1000", nil, 200)
	if res.num(t, "total_count") != 1501 || len(res.entries(t)) != 501 || res.entries(t)[0]["id"] != items[1000]["id"] {
		t.Fatalf("offset page: %d of %d", len(res.entries(t)), res.num(t, "total_count"))
	}
}

// The bench shape (10,000 users, 30,000 folders, 100,000 collaborations)
// seeds in well under a few seconds; see docs/boxsim.md for the measured figures.
func BenchmarkSeedBenchShape(b *testing.B) {
	cfg := Config{Seed: 1, Users: 10_000, ExternalUsers: 300, Groups: 1_000, AvgGroupsPerUser: 3,
		Content: ContentConfig{Folders: 30_000, FolderDepth: 1, CollaborationsPerFolder: 10.0 / 3}}
	b.ReportAllocs()
	for b.Loop() {
		s := New(cfg)
		if n := len(s.st.content.collabs); n < 95_000 || n > 105_000 {
			b.Fatalf("%d collaborations, want about 100,000", n)
		}
	}
}
