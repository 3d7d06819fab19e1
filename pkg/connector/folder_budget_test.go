package connector_test

import (
	"context"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/synctest"
)

// TestSyncWithoutFoldersIsUnchanged: content in Box, no --sync-folders: not
// one content call, the minimum number of calls, and nothing of content in
// the c1z.
func TestSyncWithoutFoldersIsUnchanged(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap)
	st := env.Sim.Stats()
	for route := range st.ByRoute {
		if strings.Contains(route, "folders") || strings.Contains(route, "collaborations") {
			t.Errorf("content call without --sync-folders: %s", route)
		}
	}
	if calls, minimum := st.Total+st.TokenRequests, synctest.MinimumDirectoryCalls(env.Sim.Truth(), 1000); calls != minimum {
		t.Fatalf("%d calls, want exactly %d: %v", calls, minimum, st.ByRoute)
	}
	for k, r := range snap.Resources {
		if !strings.HasPrefix(k, "enterprise/") && !strings.HasPrefix(k, "user/") && !strings.HasPrefix(k, "group/") && !strings.HasPrefix(k, "role/") {
			t.Errorf("resource %s without --sync-folders", k)
		}
		for _, a := range r.GetAnnotations() {
			if strings.Contains(a.GetTypeUrl(), "ChildResourceType") && strings.HasPrefix(k, "user/") {
				t.Errorf("user %s announces children without --sync-folders", k)
			}
		}
	}
}

// TestFolderSyncCallBudget: with --sync-folders a sync costs exactly the
// minimum: the directory's calls plus one per page of each user's "All
// Files", of each synced folder's collaborations and, above the depth
// limit, of its items.
func TestFolderSyncCallBudget(t *testing.T) {
	t.Parallel()
	for _, depth := range []int{1, 2, 3} {
		env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(depth), SkipSpecValidation: true})
		snap := env.SyncAndRead(context.Background(), t)
		env.RequireExact(t, snap, synctest.WithFolders(depth))
		st, truth := env.Sim.Stats(), env.Sim.Truth()
		calls := st.Total + st.TokenRequests
		minimum := synctest.MinimumDirectoryCalls(truth, 1000) + synctest.MinimumFolderCalls(truth, depth, 1000)
		t.Logf("depth %d: %d calls (minimum %d): %v", depth, calls, minimum, st.ByRoute)
		if calls != minimum {
			t.Fatalf("depth %d: %d API calls, want exactly %d", depth, calls, minimum)
		}
	}
}
