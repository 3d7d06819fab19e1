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

// TestMalformedPagesNeverSyncAsMissingData: a listing page that lacks its
// entries fails the sync (Internal, naming the path) instead of reading as
// "no users / groups / members", which ConductorOne would take for
// removals; a page whose limit is missing or larger than what was served
// still syncs every item, because paging advances by the entries received.
func TestMalformedPagesNeverSyncAsMissingData(t *testing.T) {
	t.Parallel()
	const (
		users   = "GET /users"
		groups  = "GET /groups"
		members = "GET /groups/{group_id}/memberships"
	)
	failing := []struct {
		mode  boxsim.PageFault
		route string
		path  string
	}{
		{boxsim.PagesDropEntries, users, "GET /2.0/users"},
		{boxsim.PagesNullEntries, users, "GET /2.0/users"},
		{boxsim.PagesDropEntries, groups, "GET /2.0/groups"},
		{boxsim.PagesNullEntries, groups, "GET /2.0/groups"},
		{boxsim.PagesDropEntries, members, "/memberships"},
		{boxsim.PagesNullEntries, members, "/memberships"},
	}
	for _, tc := range failing {
		t.Run(fmt.Sprintf("mode %d on %s", tc.mode, tc.route), func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, smallTenant(), synctest.Options{SkipSpecValidation: true, Tuning: box.Config{PageSize: 7}})
			env.Sim.SetFaults(boxsim.Faults{MalformedPages: boxsim.MalformedPages{Mode: tc.mode, Route: tc.route}})
			_, err := env.Sync(context.Background(), t)
			if status.Code(err) != codes.Internal {
				t.Fatalf("sync ended with %v (code %v), want Internal", err, status.Code(err))
			}
			if msg := err.Error(); !strings.Contains(msg, tc.path) || !strings.Contains(msg, "malformed listing page: no entries") {
				t.Fatalf("error does not name the path %q and the fault: %v", tc.path, err)
			}
		})
	}

	complete := []struct {
		mode  boxsim.PageFault
		route string
	}{
		{boxsim.PagesDropLimit, members},
		{boxsim.PagesLargerLimit, members},
		{boxsim.PagesDropLimit, groups},
		{boxsim.PagesLargerLimit, groups},
	}
	for _, tc := range complete {
		t.Run(fmt.Sprintf("mode %d on %s", tc.mode, tc.route), func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, smallTenant(), synctest.Options{SkipSpecValidation: true, Tuning: box.Config{PageSize: 3}})
			env.Sim.SetFaults(boxsim.Faults{MalformedPages: boxsim.MalformedPages{Mode: tc.mode, Route: tc.route}})
			snap := env.SyncAndRead(context.Background(), t)
			if diff := synctest.ExpectedFrom(env.Sim.Truth()).Diff(snap, 20); len(diff) > 0 {
				t.Fatalf("sync differs from the truth:\n%s", joinLines(diff))
			}
		})
	}
}
