package connector_test

import (
	"context"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
)

// Box rejects offsets beyond 10,000. These syncs cross that boundary for
// each listing and must still be exact.

func TestSyncMoreThan10000Users(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	env := synctest.New(t, boxsim.Config{Seed: 21, Users: 10_050, AppUsers: 10, Groups: 5, AvgGroupsPerUser: 0.3},
		synctest.Options{SkipSpecValidation: true})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap)
}

func TestSyncAcrossGroupOffsetCap(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	for _, groups := range []int{box.MaxOffset, box.MaxOffset + 1, 12_500} {
		env := synctest.New(t, boxsim.Config{Seed: int64(groups), Users: 40, Groups: groups, AvgGroupsPerUser: 1},
			synctest.Options{SkipSpecValidation: true})
		snap := env.SyncAndRead(context.Background(), t)
		env.RequireExact(t, snap)
		st := env.Sim.Stats()
		t.Logf("%d groups: %d GET /groups calls", groups, st.ByRoute["GET /groups"])
		if groups <= box.MaxOffset && st.ByRoute["GET /groups"] != ceilDiv(groups, 1000) {
			t.Errorf("%d groups fit one offset listing but took %d calls", groups, st.ByRoute["GET /groups"])
		}
	}
}

func TestSyncGroupWithMoreThan10000Members(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	env := synctest.New(t, boxsim.Config{Seed: 5, Users: 10_020, Groups: 3, AvgGroupsPerUser: 0.2, GiantGroupMembers: 10_010},
		synctest.Options{SkipSpecValidation: true})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap)
	if env.Sim.Stats().ByRoute["GET /users/{user_id}/memberships"] == 0 {
		t.Fatal("the giant group was not read through per-user memberships")
	}
}
