package connector_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Folder access under the readings of Box the simulator offers where Box
// documents less than it does (boxsim content_readings.go): each sync is
// exact against the truth, or fails with one clear line.

// syncedCollabs counts the truth's accepted collaborations on folders a
// depth-3 sync reads that match keep.
func syncedCollabs(truth boxsim.Truth, keep func(boxsim.Collaboration) bool) int {
	synced := map[string]bool{}
	for _, f := range truth.Folders {
		synced[f.ID] = f.Reachable
	}
	n := 0
	for _, c := range truth.Collaborations {
		if synced[c.FolderID] && c.Status == "accepted" && keep(c) {
			n++
		}
	}
	return n
}

// contentReading is a reading of Box's content answers and what the sync
// must show under it.
type contentReading struct {
	content func(*boxsim.ContentConfig)
	spec    bool                    // the simulator's answers follow the spec
	shows   func(boxsim.Truth) bool // the reading shows in what is synced
	check   func(*testing.T, *synctest.Snapshot, boxsim.Truth)
	page    int // the client's page size; 0: Box's default
	workers int // the SDK's workers; 0: its default
}

// TestFolderSyncUnderContentReadings: Box's owner entries, collaborations
// the connector cannot name (a role outside the spec, no accessible_by,
// the all-users group), links that open nothing, and other apps' service
// accounts among collaborators: never a failed sync, and exactly what can
// be known.
func TestFolderSyncUnderContentReadings(t *testing.T) {
	t.Parallel()
	quirk := func(q string) func(*boxsim.ContentConfig) {
		return func(c *boxsim.ContentConfig) { c.CollaborationQuirk = q }
	}
	cases := map[string]contentReading{
		"owner entries listed": {
			content: func(c *boxsim.ContentConfig) { c.OwnerCollaborationListed = true }, spec: true,
			shows: func(boxsim.Truth) bool { return true },
		},
		"unknown roles": {content: quirk(boxsim.QuirkUnknownRole),
			shows: func(tr boxsim.Truth) bool {
				return syncedCollabs(tr, func(c boxsim.Collaboration) bool { return c.Quirk != "" }) > 0
			}},
		"no accessible_by": {content: quirk(boxsim.QuirkNoGrantee),
			shows: func(tr boxsim.Truth) bool {
				return syncedCollabs(tr, func(c boxsim.Collaboration) bool { return c.Quirk != "" }) > 0
			}},
		"all-users group": {content: quirk(boxsim.QuirkAllUsersGroup), spec: true,
			shows: func(tr boxsim.Truth) bool {
				return syncedCollabs(tr, func(c boxsim.Collaboration) bool { return c.Quirk != "" }) > 0
			}},
		"links that open nothing": {content: func(c *boxsim.ContentConfig) { c.NoAccessLinks = true; c.SharedLinkShare = 0.8; c.OpenLinkShare = 0.9 }, spec: true,
			shows: func(tr boxsim.Truth) bool {
				for _, f := range tr.Folders {
					if l := f.SharedLink; f.Reachable && l != nil && l.EffectiveAccess == "open" && l.EffectivePermission == "no_access" {
						return true
					}
				}
				return false
			},
			check: func(t *testing.T, snap *synctest.Snapshot, tr boxsim.Truth) {
				for _, f := range tr.Folders {
					g, ok := snap.Grants[fmt.Sprintf("folder:%s:open_link:shared_link:open", f.ID)]
					if !ok {
						continue
					}
					md := synctest.GrantMetadata(g)
					if md["effective_permission"] != f.SharedLink.EffectivePermission || md["password_required"] != f.SharedLink.IsPasswordEnabled {
						t.Errorf("folder %s: open_link metadata %v, want the link's %+v", f.ID, md, f.SharedLink)
					}
				}
			}},
		"other apps' service accounts": otherAppServiceAccounts(0, 0),
		// principals.classify needs the complete user listing; the SDK
		// lists every page of it before the folders its users announce,
		// with one worker or several. Were that to change, these fail.
		"other apps' service accounts, users over many pages":            otherAppServiceAccounts(5, 0),
		"other apps' service accounts, users over many pages, 4 workers": otherAppServiceAccounts(5, 4),
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			tc.content(&cfg.Content)
			env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3), SkipSpecValidation: !tc.spec, Tuning: box.Config{PageSize: tc.page}})
			truth := env.Sim.Truth()
			if !tc.shows(truth) {
				t.Fatal("the seed does not show the reading")
			}
			snap := env.SyncAndRead(context.Background(), t, sdksync.WithWorkerCount(tc.workers))
			env.RequireExact(t, snap, synctest.WithFolders(3))
			if tc.check != nil {
				tc.check(t, snap, truth)
			}
		})
	}
}

// otherAppServiceAccounts: another app's service account collaborating on
// folders is the enterprise's user (a resource its grants name), never an
// external collaborator, whatever page of the user listing is read first.
func otherAppServiceAccounts(pageSize, workers int) contentReading {
	return contentReading{content: func(c *boxsim.ContentConfig) { c.OtherAppServiceAccounts = 4 }, spec: true, page: pageSize, workers: workers,
		shows: func(tr boxsim.Truth) bool {
			unlisted := map[string]bool{}
			for _, u := range tr.UnlistedUsers {
				unlisted[u.ID] = true
			}
			return syncedCollabs(tr, func(c boxsim.Collaboration) bool { return unlisted[c.GranteeID] }) > 0
		},
		check: func(t *testing.T, snap *synctest.Snapshot, tr boxsim.Truth) {
			for _, u := range tr.UnlistedUsers {
				if _, ext := snap.Resources[synctest.Key("external_user", u.ID)]; ext {
					t.Errorf("another app's service account %s synced as an external collaborator", u.ID)
				}
			}
		}}
}

// TestSkippedCollaborationsAreCounted: a collaboration the connector cannot
// name is counted in its folder's profile, so a reviewer sees that the
// folder has access the review does not show.
func TestSkippedCollaborationsAreCounted(t *testing.T) {
	t.Parallel()
	cfg := folderTenant()
	cfg.Content.CollaborationQuirk = boxsim.QuirkUnknownRole
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3), SkipSpecValidation: true})
	truth := env.Sim.Truth()
	snap := env.SyncAndRead(context.Background(), t)
	want := map[string]int{}
	for _, c := range truth.Collaborations {
		if c.Quirk != "" {
			want[c.FolderID]++
		}
	}
	counted := 0
	for id, n := range want {
		r, ok := snap.Resources[synctest.Key("folder", id)]
		if !ok {
			continue // not synced (too deep or unreachable)
		}
		if got := rs.GetProfile(r).AsMap()["skipped_collaborations"]; got != float64(n) {
			t.Errorf("folder %s: skipped_collaborations %v, want %d", id, got, n)
		}
		counted++
	}
	if counted == 0 {
		t.Fatal("no synced folder has a skipped collaboration")
	}
}

// TestUnpagedCollaborationsBeyondWhatBoxSends: Box answering the
// collaborations unpaged (box-java-sdk#330) with fewer entries than its
// total_count fails the sync with DataLoss naming the folder; with every
// entry it is exact.
func TestUnpagedCollaborationsBeyondWhatBoxSends(t *testing.T) {
	t.Parallel()
	for _, capped := range []bool{false, true} {
		t.Run(fmt.Sprintf("capped=%v", capped), func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			cfg.Users = 1300
			cfg.Content.GiantFolderCollaborators = 1200
			cfg.Content.UnpagedFolderCollaborations = true
			if capped {
				cfg.Content.UnpagedCollaborationsCap = 1000
			}
			env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(1), SkipSpecValidation: true})
			if !capped {
				env.RequireExact(t, env.SyncAndRead(context.Background(), t), synctest.WithFolders(1))
				return
			}
			_, err := env.Sync(context.Background(), t)
			if status.Code(err) != codes.DataLoss || !strings.Contains(err.Error(), "total_count is 1200 but it listed 1000") {
				t.Fatalf("sync: %v, want DataLoss naming the shortfall", err)
			}
		})
	}
}

// TestDeletedCollaboratorsGrantNothing: Box keeps a deleted user on their
// collaborations (is_active false) while GET /users/{id} answers 404: they
// are not external collaborators and hold nothing.
func TestDeletedCollaboratorsGrantNothing(t *testing.T) {
	t.Parallel()
	cfg := folderTenant()
	cfg.Content.DeletedUsersKeepCollaborations = true
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3)})
	truth := env.Sim.Truth()
	owners := map[string]bool{}
	for _, f := range truth.Folders {
		owners[f.OwnerID] = true
	}
	deleted := 0
	for _, u := range truth.Users {
		if deleted < 3 && u.Role == "user" && !owners[u.ID] &&
			syncedCollabs(truth, func(c boxsim.Collaboration) bool { return c.GranteeID == u.ID }) > 0 {
			if err := env.Sim.DeleteUser(u.ID); err != nil {
				t.Fatal(err)
			}
			deleted++
		}
	}
	if deleted == 0 {
		t.Fatal("no collaborating user to delete")
	}
	after := env.Sim.Truth()
	if syncedCollabs(after, func(c boxsim.Collaboration) bool { return c.GranteeDeleted }) == 0 {
		t.Fatal("the deleted users' collaborations are gone: the reading is not on")
	}
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(3))
}

// TestLeaversContentStaysReviewable: a user deleted through the connector
// leaves their content to the service account (the default
// --content-owner-id), collaborations and links with it; with
// --sync-folders the service account is a user whose folders are synced,
// so the leaver's sharing is still in the review.
func TestLeaversContentStaysReviewable(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3)})
	ctx := context.Background()
	p := &provEnv{Env: env, cc: env.ConnectorClient(ctx, t), ctx: ctx}
	truth := env.Sim.Truth()
	shared := map[string]int{}
	for _, c := range truth.Collaborations {
		if c.Status == "accepted" {
			for _, f := range truth.Folders {
				if f.ID == c.FolderID && f.Reachable && f.Depth == 1 {
					shared[f.OwnerID]++
				}
			}
		}
	}
	leaver, ok := findUser(truth, func(u boxsim.User) bool { return u.Role == "user" && shared[u.ID] > 0 })
	if !ok {
		t.Fatal("no regular user owns a shared folder")
	}
	if _, err := deleteUser(p, leaver.ID); err != nil {
		t.Fatalf("delete the leaver: %v", err)
	}
	after := env.Sim.Truth()
	sa := after.ServiceAccount.ID
	moved := 0
	for _, f := range after.Folders {
		if f.OwnerID == sa && !f.TransferFolder {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("the leaver's folders did not move to the service account")
	}
	snap := env.SyncAndRead(ctx, t)
	env.RequireExact(t, snap, synctest.WithFolders(3))
	r, ok := snap.Resources[synctest.Key("user", sa)]
	if !ok {
		t.Fatal("the service account is not a synced user")
	}
	if trait, err := rs.GetUserTrait(r); err != nil || trait.GetAccountType() != v2.UserTrait_ACCOUNT_TYPE_SERVICE {
		t.Fatalf("service account resource: %v %v", trait, err)
	}
}

// TestSubFolderGrantsShowWhoCanOpenIt: a collaborator of a parent folder
// can open every folder below it; the sub-folder's grants show them, with
// the parent named in the grant's metadata.
func TestSubFolderGrantsShowWhoCanOpenIt(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3)})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(3))
	truth := env.Sim.Truth()
	found := 0
	for _, c := range truth.Collaborations {
		if c.Status != "accepted" || c.GranteeType != "user" || c.External || c.Quirk != "" {
			continue
		}
		for _, f := range truth.Folders {
			if !f.Reachable || f.ParentID != c.FolderID || collabOf(truth, f.ID, "user", c.GranteeID) != nil {
				continue
			}
			// The strongest of the parents' roles shows: this one or a
			// higher one from further up (beside any a group gives them).
			shown := slices.ContainsFunc(slices.Collect(maps.Keys(snap.Grants)), func(id string) bool {
				from, _ := synctest.GrantMetadata(snap.Grants[id])["inherited_from"].(string)
				return strings.HasPrefix(id, "folder:"+f.ID+":") && strings.HasSuffix(id, ":user:"+c.GranteeID) && slices.Contains(f.PathIDs, from)
			})
			if !shown {
				t.Errorf("sub-folder %s does not show %s, who can open it through folder %s", f.ID, c.GranteeID, c.FolderID)
			}
			found++
		}
	}
	if found == 0 {
		t.Fatal("the seed has no sub-folder of a shared folder")
	}
}

// TestTargetedSubFolderSync: a targeted sync of a sub-folder reads its
// parents' collaborations from Box (nothing is in the session store) and
// shows everyone who can open it, as a full sync does.
func TestTargetedSubFolderSync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3)})
	truth := env.Sim.Truth()
	want := synctest.ExpectedFrom(truth, synctest.WithFolders(3))
	var target boxsim.Folder
	for _, f := range truth.Folders {
		inherited := 0
		for id := range want.InheritedFrom {
			if strings.HasPrefix(id, "folder:"+f.ID+":") {
				inherited++
			}
		}
		if f.Reachable && f.Depth >= 2 && inherited > 0 {
			target = f
			break
		}
	}
	if target.ID == "" {
		t.Fatal("no sub-folder with inherited access")
	}
	snap := env.SyncAndRead(ctx, t, sdksync.WithTargetedSyncResources([]*v2.Resource{folderNamed(target)}))
	prefix := "folder:" + target.ID + ":"
	for id, from := range want.InheritedFrom {
		if !strings.HasPrefix(id, prefix) {
			continue
		}
		g, ok := snap.Grants[id]
		if !ok {
			t.Errorf("targeted sync lacks inherited grant %s", id)
			continue
		}
		if got := synctest.GrantMetadata(g)["inherited_from"]; got != from {
			t.Errorf("grant %s: inherited_from %v, want %s", id, got, from)
		}
	}
	for id := range snap.Grants {
		if strings.HasPrefix(id, prefix) && !want.Grants[id] {
			t.Errorf("unexpected grant %s", id)
		}
	}
}

const (
	routeItems   = "GET /folders/{folder_id}/items"
	routeCollabs = "GET /folders/{folder_id}/collaborations"
)

// TestFolderListingsThatCannotBeRight: Box answering a content listing
// wrongly (boxsim listing faults) fails the sync with one DataLoss line
// naming the user or folder: a 404 for a user or folder that is still
// there (a fresh GET says so), a page served twice, a marker pointing back.
func TestFolderListingsThatCannotBeRight(t *testing.T) {
	t.Parallel()
	const pageSize = 2
	cfg := folderTenant()
	cfg.Content.GiantRootFolders = 7         // one user's "All Files" spans pages
	cfg.Content.GiantFolderCollaborators = 7 // and one folder's collaborations
	truth := boxsim.New(cfg).Truth()
	rootItems, children, collabs := map[string]int{}, map[string]int{}, map[string]int{}
	for _, f := range truth.Folders {
		if f.Depth == 1 {
			rootItems[f.OwnerID]++
		} else {
			children[f.ParentID]++
		}
	}
	for _, c := range truth.Collaborations {
		collabs[c.FolderID]++
		if c.Status == "accepted" && !c.IsAccessOnly && c.GranteeType == "user" {
			rootItems[c.GranteeID]++ // shown in the grantee's "All Files" (at most)
		}
	}
	var owner, parent, shared boxsim.Folder
	for _, f := range truth.Folders {
		switch {
		case !f.Reachable || f.Depth != 1:
		case owner.ID == "" && rootItems[f.OwnerID] > 3*pageSize:
			owner = f
		case parent.ID == "" && children[f.ID] > 0:
			parent = f
		case shared.ID == "" && collabs[f.ID] > 2*pageSize:
			shared = f
		}
	}
	if owner.ID == "" || parent.ID == "" || shared.ID == "" {
		t.Fatalf("seed too thin: owner %q, parent %q, shared %q", owner.ID, parent.ID, shared.ID)
	}
	user := owner.OwnerID
	cases := []struct {
		name  string
		fault boxsim.ListingFault
		names []string
	}{
		{"root 404", boxsim.ListingFault{Mode: boxsim.ListingNotFound, Route: routeItems, Parent: "0", AsUser: user},
			[]string{"list folders of user " + user, "404", "a fresh GET shows the user"}},
		{"sub-folders 404", boxsim.ListingFault{Mode: boxsim.ListingNotFound, Route: routeItems, Parent: parent.ID},
			[]string{"list sub-folders (folder " + parent.ID, "404", "a fresh GET shows the folder"}},
		{"collaborations 404", boxsim.ListingFault{Mode: boxsim.ListingNotFound, Route: routeCollabs, Parent: shared.ID},
			[]string{"list collaborations (folder " + shared.ID, "404", "a fresh GET shows the folder"}},
		{"root repeated", boxsim.ListingFault{Mode: boxsim.ListingRepeatedPages, Route: routeItems, Parent: "0", AsUser: user},
			[]string{"list folders of user " + user + " (folder 0", "again on page"}},
		{"root marker cycle", boxsim.ListingFault{Mode: boxsim.ListingMarkerCycle, Route: routeItems, Parent: "0", AsUser: user},
			[]string{"list folders of user " + user + " (folder 0, page 2)", "points back"}},
		{"collaborations repeated", boxsim.ListingFault{Mode: boxsim.ListingRepeatedPages, Route: routeCollabs, Parent: shared.ID},
			[]string{"list collaborations (folder " + shared.ID, "repeated"}},
		{"collaborations marker cycle", boxsim.ListingFault{Mode: boxsim.ListingMarkerCycle, Route: routeCollabs, Parent: shared.ID},
			[]string{"list collaborations (folder " + shared.ID, "points back"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3), Tuning: box.Config{PageSize: pageSize}})
			env.Sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{tc.fault}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a cycle that is not caught never ends
			defer cancel()
			_, err := env.Sync(ctx, t)
			requireWrongListing(t, err, tc.names...)
		})
	}
}

// TestOwnerDeletedDuringTheSync: a user deleted after the user listing
// answers 404 for their "All Files"; a fresh GET /users/{id} confirms they
// are gone, and the sync goes on without their folders.
func TestOwnerDeletedDuringTheSync(t *testing.T) {
	t.Parallel()
	cfg := folderTenant()
	seed := boxsim.New(cfg).Truth()
	victim := ""
	for _, f := range seed.Folders {
		if u, _ := userByID(seed, f.OwnerID); f.Reachable && u.Role == "user" {
			victim = f.OwnerID
			break
		}
	}
	if victim == "" {
		t.Fatal("no regular user owns a folder")
	}
	var once sync.Once
	var env *synctest.Env
	deleted := false
	env = synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3), Intercept: func(r *http.Request) {
		if r.URL.Path == "/2.0/folders/0/items" && r.Header.Get("As-User") == victim {
			once.Do(func() {
				if err := env.Sim.DeleteUser(victim); err != nil {
					t.Errorf("delete user: %v", err)
				}
				deleted = true
			})
		}
	}})
	snap := env.SyncAndRead(context.Background(), t)
	if !deleted {
		t.Fatal("the user's folders were never read")
	}
	if env.Sim.Stats().ByRoute["GET /users/{user_id}"] == 0 {
		t.Fatal("the 404 was taken for gone without a fresh GET of the user")
	}
	for _, f := range seed.Folders {
		if _, ok := snap.Resources[synctest.Key("folder", f.ID)]; ok && f.OwnerID == victim {
			t.Fatalf("folder %s of the deleted user was synced", f.ID)
		}
	}
}

// folderGetter is the folder syncer's Get, called without the SDK.
type folderGetter interface {
	Get(context.Context, *v2.ResourceId, *v2.ResourceId) (*v2.Resource, annotations.Annotations, error)
}

// TestFolderCallsUnderListingFaults: Get and a revoke read a folder's
// collaborations outside a sync; a page served twice (the last page never
// comes) or a marker pointing back fails them with DataLoss naming the
// folder, never GrantAlreadyRevoked for a collaboration Box still has, a
// profile counted from the pages that came, or a loop until the give-up
// budget.
func TestFolderCallsUnderListingFaults(t *testing.T) {
	t.Parallel()
	const pageSize = 2
	seed := boxsim.New(folderTenant()).Truth()
	f := plainFolder(seed, 1)
	var users []boxsim.User
	for _, u := range pickUsers(t, seed, 20) {
		if u.ID != f.OwnerID && collabOf(seed, f.ID, "user", u.ID) == nil && len(users) < 3*pageSize {
			users = append(users, u)
		}
	}
	if f.ID == "" || len(users) < 3*pageSize {
		t.Fatalf("seed lacks a plain user's folder (%q) or %d users off it", f.ID, 3*pageSize)
	}
	for name, fault := range map[string]boxsim.ListingFaultMode{"repeated": boxsim.ListingRepeatedPages, "marker cycle": boxsim.ListingMarkerCycle} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3), Tuning: box.Config{PageSize: pageSize}})
			// At least three pages; the last one added (the highest ID)
			// is on the last page.
			for _, u := range users {
				if _, err := env.Sim.AddCollaboration(boxsim.Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: "editor"}); err != nil {
					t.Fatal(err)
				}
			}
			env.Sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{{Mode: fault, Route: routeCollabs, Parent: f.ID}}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a cycle that is not caught never ends
			defer cancel()
			p := &provEnv{Env: env, cc: env.ConnectorClient(ctx, t), ctx: ctx}
			last := users[len(users)-1]
			p.RequireRefused(t, codes.DataLoss, func() error {
				_, err := p.revoke(res("user", last.ID), folderEnt(folderNamed(f), "editor"))
				return err
			}, "folder "+f.ID)
			var get folderGetter
			for _, s := range env.Connector.ResourceSyncers(ctx) {
				if g, ok := s.(folderGetter); ok && s.ResourceType(ctx).GetId() == "folder" {
					get = g
				}
			}
			_, _, err := get.Get(ctx, &v2.ResourceId{ResourceType: "folder", Resource: f.ID}, &v2.ResourceId{ResourceType: "user", Resource: f.OwnerID})
			wantCode(t, "get", err, codes.DataLoss, "get folder", "folder "+f.ID)
		})
	}
}
