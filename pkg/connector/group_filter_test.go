package connector_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestSyncBeyondGroupCapUnderEveryFilterReading: beyond 10,000 groups the
// listing partitions GET /groups by filter_term, whose matching Box does
// not pin down. Under every reading the simulator offers (literal prefix,
// word prefix, trimmed, case-sensitive) the sync is exact or fails with
// DataLoss; it never succeeds with a group missing or doubled.
func TestSyncBeyondGroupCapUnderEveryFilterReading(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	syncExactUnderEveryFilterReading(t, boxsim.Config{Seed: 10_001, Users: 40, Groups: box.MaxOffset + 1, AvgGroupsPerUser: 1}, nil)
}

// syncExactUnderEveryFilterReading syncs the tenant (after seed, if any)
// under each filter_term reading and requires the sync to be exact.
func syncExactUnderEveryFilterReading(t *testing.T, cfg boxsim.Config, seed func(*testing.T, *synctest.Env)) {
	t.Helper()
	for _, mode := range boxsim.GroupFilterModes() {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			cfg := cfg
			cfg.GroupFilterMode = mode
			env := synctest.New(t, cfg, synctest.Options{SkipSpecValidation: true})
			if seed != nil {
				seed(t, env)
			}
			snap := env.SyncAndRead(context.Background(), t)
			env.RequireExact(t, snap)
			t.Logf("%s: %d GET /groups calls", mode, env.Sim.Stats().ByRoute["GET /groups"])
		})
	}
}

// TestGroupNamesThatDefeatPartitioning: names the partition cannot tell
// apart by prefix (leading spaces under the trimmed reading, many names
// sharing a long prefix, mixed case) still sync exactly.
func TestGroupNamesThatDefeatPartitioning(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	cfg := boxsim.Config{Seed: 3, Users: 20, Groups: box.MaxOffset - 50, AvgGroupsPerUser: 0.5}
	syncExactUnderEveryFilterReading(t, cfg, func(t *testing.T, env *synctest.Env) {
		for i := range 120 {
			names := []string{fmt.Sprintf("Project Alpha %03d", i), fmt.Sprintf("project alpha team %03d", i), fmt.Sprintf("PROJECT ALPHA x%03d", i)}
			for _, n := range names {
				if _, err := env.Sim.AddGroup(boxsim.Group{Name: n}); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

// TestGroupListingFailsRatherThanMiss: when Box trims filter_term, groups
// whose names start with a space cannot be reached by prefix once more
// than 10,000 groups exist; the sync then fails with DataLoss naming the
// count instead of succeeding without them.
func TestGroupListingFailsRatherThanMiss(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	cfg := boxsim.Config{Seed: 10_001, Users: 20, Groups: box.MaxOffset + 1, GroupFilterMode: boxsim.GroupFilterTrimmed}
	env := synctest.New(t, cfg, synctest.Options{SkipSpecValidation: true})
	for i := range 3 {
		if _, err := env.Sim.AddGroup(boxsim.Group{Name: fmt.Sprintf(" Leading space %d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := env.Sync(context.Background(), t)
	if status.Code(err) != codes.DataLoss || !strings.Contains(err.Error(), fmt.Sprintf("of the enterprise's %d", box.MaxOffset+4)) {
		t.Fatalf("want DataLoss naming the count, got %v", err)
	}
}
