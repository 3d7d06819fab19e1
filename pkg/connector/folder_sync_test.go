package connector_test

import (
	"context"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
)

// folderTenant is smallTenant with content: folders three deep, every kind
// of collaboration, shared links.
func folderTenant() boxsim.Config {
	cfg := smallTenant()
	cfg.Seed = 12 // admins and co-admins own folders; rejected invitations
	cfg.Content = boxsim.ContentConfig{Folders: 90, FolderDepth: 3}
	return cfg
}

func syncFolders(depth int) func(*config.Box) {
	return func(c *config.Box) { c.SyncFolders, c.FolderDepth = true, depth }
}

func TestFolderSyncMatchesTruth(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{1, 3} {
		env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(depth)})
		snap := env.SyncAndRead(context.Background(), t)
		env.RequireExact(t, snap, synctest.WithFolders(depth))
		requireRichContent(t, env.Sim.Truth(), depth)
		st := env.Sim.Stats()
		t.Logf("depth %d: %d resources, %d grants, %d calls: %v", depth, len(snap.Resources), len(snap.Grants), st.Total, st.ByRoute)
	}
}

// requireRichContent fails when the seed lacks a case the sync must get
// right: folders too deep to sync, folders of admins Box will not let the
// app read, group, external, pending and rejected collaborations, open links.
func requireRichContent(t *testing.T, truth boxsim.Truth, depth int) {
	t.Helper()
	synced := map[string]bool{}
	var deep, unreachable, open int
	for _, f := range truth.Folders {
		switch {
		case !f.Reachable:
			unreachable++
		case f.Depth > depth:
			deep++
		default:
			synced[f.ID] = true
			if f.SharedLink != nil && f.SharedLink.EffectiveAccess == "open" {
				open++
			}
		}
	}
	kinds := map[string]int{}
	for _, c := range truth.Collaborations {
		if !synced[c.FolderID] {
			continue
		}
		switch {
		case c.Status != "accepted":
			kinds[c.Status]++
		case c.GranteeType == "group":
			kinds["group"]++
		case c.External:
			kinds["external"]++
		default:
			kinds["user"]++
		}
	}
	t.Logf("synced %d folders (%d too deep, %d unreachable, %d open links), collaborations %v", len(synced), deep, unreachable, open, kinds)
	if unreachable == 0 || open == 0 || (depth < 3 && deep == 0) ||
		kinds["group"] == 0 || kinds["external"] == 0 || kinds["user"] == 0 || kinds["pending"] == 0 || kinds["rejected"] == 0 {
		t.Fatal("seed too thin to prove anything")
	}
}

// TestFolderSyncSurvivesFaults: under a 429 storm, 5xx and short-lived
// tokens, with page size 3 (so items and collaborations are paged by marker
// too), the sync is still exact. (Each 429 and 503 waits Box's one-second
// Retry-After, so the tenant is small.)
func TestFolderSyncSurvivesFaults(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		faults boxsim.Faults
		ttl    time.Duration
		check  func(t *testing.T, st boxsim.Stats)
	}{
		"429 storm": {faults: boxsim.Faults{RateLimitEvery: 30}, check: func(t *testing.T, st boxsim.Stats) {
			if st.RateLimited < 4 {
				t.Errorf("only %d 429s sent", st.RateLimited)
			}
		}},
		"5% server errors": {faults: boxsim.Faults{ServerErrorRate: 0.05}, check: func(t *testing.T, st boxsim.Stats) {
			if st.ServerErrors < 3 {
				t.Errorf("only %d 5xx injected in %d requests", st.ServerErrors, st.Total)
			}
		}},
		"short-lived tokens": {faults: boxsim.Faults{Latency: 10 * time.Millisecond}, ttl: 2 * time.Second, check: func(t *testing.T, st boxsim.Stats) {
			if st.Tokens < 2 {
				t.Errorf("only %d tokens minted; the sync did not outlive a token", st.Tokens)
			}
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			cfg.Users, cfg.Content.Folders, cfg.TokenTTL = 30, 40, tc.ttl
			env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{PageSize: 3}, Configure: syncFolders(3)})
			env.Sim.SetFaults(tc.faults)
			snap := env.SyncAndRead(context.Background(), t)
			env.Sim.SetFaults(boxsim.Faults{})
			env.RequireExact(t, snap, synctest.WithFolders(3))
			tc.check(t, env.Sim.Stats())
		})
	}
}

// TestFolderSyncParallelWorkers: eight workers, faults, every folder depth.
func TestFolderSyncParallelWorkers(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{Tuning: box.Config{PageSize: 3}, Configure: syncFolders(3)})
	env.Sim.SetFaults(boxsim.Faults{ServerErrorRate: 0.03, Latency: 2 * time.Millisecond})
	snap := env.SyncAndRead(context.Background(), t, sdksync.WithWorkerCount(8))
	env.Sim.SetFaults(boxsim.Faults{})
	env.RequireExact(t, snap, synctest.WithFolders(3))
}

// TestFolderSyncBeyondPageBoundaries: a user with more than 1,000
// top-level items and a folder with more than 1,000 collaborators, some of
// them external, at Box's largest page.
func TestFolderSyncBeyondPageBoundaries(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	cfg := boxsim.Config{Seed: 31, Users: 1000, ExternalUsers: 150, Groups: 20, AvgGroupsPerUser: 1,
		Content: boxsim.ContentConfig{Folders: 300, FolderDepth: 2, GiantRootFolders: 1200, GiantFolderCollaborators: 1100}}
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(2), SkipSpecValidation: true})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(2))

	truth := env.Sim.Truth()
	perFolder, externals := map[string]int{}, 0
	for _, c := range truth.Collaborations {
		perFolder[c.FolderID]++
		if c.External && c.Status == "accepted" {
			externals++
		}
	}
	perOwner := map[string]int{}
	maxCollabs := 0
	for _, f := range truth.Folders {
		if f.Depth == 1 {
			perOwner[f.OwnerID]++
		}
		maxCollabs = max(maxCollabs, perFolder[f.ID])
	}
	maxRoot := 0
	for _, n := range perOwner {
		maxRoot = max(maxRoot, n)
	}
	if maxRoot <= 1000 || maxCollabs <= 1000 || externals == 0 {
		t.Fatalf("no page boundary crossed: %d top-level folders, %d collaborators, %d external", maxRoot, maxCollabs, externals)
	}
	st := env.Sim.Stats()
	calls, minimum := st.Total+st.TokenRequests, synctest.MinimumDirectoryCalls(truth, 1000)+synctest.MinimumFolderCalls(truth, 2, 1000)
	t.Logf("largest root %d items, largest folder %d collaborators: %d calls (minimum %d): %v", maxRoot, maxCollabs, calls, minimum, st.ByRoute)
	if calls != minimum {
		t.Fatalf("%d API calls, want exactly %d", calls, minimum)
	}
}
