package connector_test

import (
	"context"
	"testing"

	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/boxsim"
	"github.com/conductorone/baton-box/pkg/config"
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

func requireExactFolders(t *testing.T, env *synctest.Env, snap *synctest.Snapshot, depth int) {
	t.Helper()
	if diff := synctest.ExpectedFrom(env.Sim.Truth(), synctest.WithFolders(depth)).Diff(snap, 40); len(diff) > 0 {
		t.Fatalf("sync differs from the simulator's truth:\n%s", joinLines(diff))
	}
	if v := env.Violations(); len(v) > 0 {
		t.Fatalf("%d responses or requests violate the Box OpenAPI spec, first: %s %s (%d): %v", len(v), v[0].Method, v[0].Path, v[0].Status, v[0].Err)
	}
}

func TestFolderSyncMatchesTruth(t *testing.T) {
	for _, depth := range []int{1, 3} {
		env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(depth)})
		snap := env.SyncAndRead(context.Background(), t)
		requireExactFolders(t, env, snap, depth)
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
