package main_test

import (
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// TestWrongListingKeepsTheLastGoodFile: a Box listing that cannot be right
// (here: a 404 for the enterprise's groups, and a page of users served
// twice) ends the run non-zero with DataLoss's status (15) and one line
// naming the listing, and --file keeps the last good sync: never exit 0
// with entries missing.
func TestWrongListingKeepsTheLastGoodFile(t *testing.T) {
	t.Parallel()
	for name, fault := range map[string]boxsim.ListingFault{
		"groups 404":     {Mode: boxsim.ListingNotFound, Route: "GET /groups"},
		"users repeated": {Mode: boxsim.ListingRepeatedPages, Route: "GET /users"},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			// Two pages of users (Box's largest page is 1,000).
			sim, env := simEnvConfig(t, boxsim.Config{Seed: 1, Users: 1100, Groups: 4, AvgGroupsPerUser: 1})
			out := t.TempDir() + "/sync.c1z"
			if r := runBinaryOn(t, out, env); r.exitCode != 0 {
				t.Fatalf("first sync: exit %d\n%s", r.exitCode, r.stderr)
			}
			before := digest(t, out)
			sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{fault}})
			r := runBinaryOn(t, out, env)
			const dataLoss = 15
			if r.exitCode != dataLoss {
				t.Fatalf("exit %d, want %d (DataLoss)\n%s", r.exitCode, dataLoss, r.stderr)
			}
			if line := lastErrorLine(r.stderr); !strings.Contains(line, "baton-box:") || !strings.Contains(line, strings.Fields(fault.Route)[1][1:]) {
				t.Errorf("last line %q does not name the listing", line)
			}
			if digest(t, out) != before {
				t.Fatal("a failed sync changed --file")
			}
		})
	}
}
