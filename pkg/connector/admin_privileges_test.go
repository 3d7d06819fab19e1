package connector_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
)

// TestGroupAdminPrivilegesUnderEveryReading: reviewers see each group
// admin's privileges on the admin grant wherever Box shows them, within
// the call budget: shown with the listings (unasked or through fields=),
// no extra call; shown only on GET /group_memberships/{id}, one call per
// admin; shown nowhere (the spec's schema), the grants say the privileges
// are unknown, one call learns it (however many workers) and the sync
// succeeds.
func TestGroupAdminPrivilegesUnderEveryReading(t *testing.T) {
	t.Parallel()
	for _, mode := range boxsim.GroupAdminPermissionsModes() {
		for _, workers := range []int{1, 8} {
			t.Run(fmt.Sprintf("%s/%d workers", mode, workers), func(t *testing.T) {
				t.Parallel()
				syncExactUnderAdminReading(t, mode, workers)
			})
		}
	}
}

func syncExactUnderAdminReading(t *testing.T, mode string, workers int) {
	const pageSize = 5 // several pages of members per group
	cfg := boxsim.Config{Seed: 12, Users: 80, Groups: 8, AvgGroupsPerUser: 2, GroupAdminPermissionsMode: mode}
	env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{PageSize: pageSize}})
	snap := env.SyncAndRead(context.Background(), t, sdksync.WithWorkerCount(workers))
	var expect []synctest.ExpectOption
	if mode == boxsim.GroupAdminPermissionsNowhere {
		expect = append(expect, synctest.WithAdminPermissionsUnknown())
	}
	env.RequireExact(t, snap, expect...)

	truth := env.Sim.Truth()
	admins := 0
	for _, m := range truth.Memberships {
		if m.Role == "admin" {
			admins++
		}
	}
	if admins < 5 {
		t.Fatalf("the seed has %d group admins; the test needs several", admins)
	}
	minimum := synctest.MinimumDirectoryCalls(truth, pageSize)
	budget, reads := minimum, 0
	switch mode {
	case boxsim.GroupAdminPermissionsGetOnly:
		budget, reads = minimum+admins, admins
	case boxsim.GroupAdminPermissionsNowhere:
		budget, reads = minimum+3, 1 // one read learns Box shows them nowhere
	}
	st := env.Sim.Stats()
	if calls := st.Total + st.TokenRequests; calls > budget {
		t.Fatalf("%d API calls, budget %d (minimum %d, %d admins): %v", calls, budget, minimum, admins, st.ByRoute)
	}
	if got := st.ByRoute["GET /group_memberships/{group_membership_id}"]; got != reads {
		t.Fatalf("%d membership reads for %d admins, want %d", got, admins, reads)
	}
}
