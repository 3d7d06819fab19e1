package connector_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const (
	routeUsers   = "GET /users"
	routeGroups  = "GET /groups"
	routeMembers = "GET /groups/{group_id}/memberships"
)

// requireWrongListing: the sync failed with DataLoss (never NotFound,
// which the SDK only warns about) and one "baton-box:" line naming each of
// names.
func requireWrongListing(t *testing.T, err error, names ...string) {
	t.Helper()
	if status.Code(err) != codes.DataLoss {
		t.Fatalf("sync ended with code %v, want DataLoss: %v", status.Code(err), err)
	}
	msg := err.Error()
	if !strings.Contains(msg, "baton-box: ") || strings.Contains(msg, "\n") {
		t.Fatalf("not one baton-box: line: %q", msg)
	}
	for _, n := range names {
		if !strings.Contains(msg, n) {
			t.Fatalf("error does not name %q: %v", n, err)
		}
	}
}

// groupWithMembers is a group of the truth with at least n memberships.
func groupWithMembers(t *testing.T, truth boxsim.Truth, n int) string {
	t.Helper()
	count := map[string]int{}
	for _, m := range truth.Memberships {
		count[m.GroupID]++
	}
	for _, g := range truth.Groups {
		if count[g.ID] >= n {
			return g.ID
		}
	}
	t.Fatalf("no group with %d members", n)
	return ""
}

// TestListingAnswersThatCannotBeRight: a listing Box answers wrongly fails
// the sync (DataLoss, one line naming the listing) instead of ending with
// exit 0 and entries missing: a 404 for the enterprise's users or groups or
// for a group that exists, a page served twice (an ID twice, the last page
// never), a marker pointing back (failing within one page), and a user
// listing without a single user.
func TestListingAnswersThatCannotBeRight(t *testing.T) {
	t.Parallel()
	const pageSize = 3
	truth := boxsim.New(smallTenant()).Truth()
	g := groupWithMembers(t, truth, 3*pageSize)
	cases := []struct {
		name  string
		fault boxsim.ListingFault
		names []string
	}{
		{"users 404", boxsim.ListingFault{Mode: boxsim.ListingNotFound, Route: routeUsers}, []string{"list users", "404"}},
		{"groups 404", boxsim.ListingFault{Mode: boxsim.ListingNotFound, Route: routeGroups}, []string{"list groups", "404"}},
		{"members 404", boxsim.ListingFault{Mode: boxsim.ListingNotFound, Route: routeMembers, Parent: g}, []string{"list members (group " + g + ")", "404"}},
		{"users repeated", boxsim.ListingFault{Mode: boxsim.ListingRepeatedPages, Route: routeUsers}, []string{"list users", "again on page"}},
		{"groups repeated", boxsim.ListingFault{Mode: boxsim.ListingRepeatedPages, Route: routeGroups}, []string{"list groups", "again on page"}},
		{"members repeated", boxsim.ListingFault{Mode: boxsim.ListingRepeatedPages, Route: routeMembers, Parent: g}, []string{"list members (group " + g + ")", "again on page"}},
		{"users marker cycle", boxsim.ListingFault{Mode: boxsim.ListingMarkerCycle, Route: routeUsers}, []string{"list users (page 2)", "points back"}},
		{"users empty", boxsim.ListingFault{Mode: boxsim.ListingEmptyFirstPage, Route: routeUsers}, []string{"list users (page 0)", "no users"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, smallTenant(), synctest.Options{Tuning: box.Config{PageSize: pageSize}})
			env.Sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{tc.fault}})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a cycle that is not caught never ends
			defer cancel()
			_, err := env.Sync(ctx, t)
			requireWrongListing(t, err, tc.names...)
			if tc.fault.Mode == boxsim.ListingMarkerCycle {
				if n := env.Sim.Stats().ByRoute[routeUsers]; n != 3 {
					t.Fatalf("%d user pages fetched; the cycle must fail on the page that points back (3)", n)
				}
			}
		})
	}
}

// TestListingOfADeletedGroupIsSkipped: a group deleted after it was listed
// answers 404 for its members; a fresh GET /groups/{id} confirms it is
// gone, and the sync carries on with everything else exact.
func TestListingOfADeletedGroupIsSkipped(t *testing.T) {
	t.Parallel()
	truth := boxsim.New(smallTenant()).Truth()
	g := groupWithMembers(t, truth, 1)
	var env *synctest.Env
	var once sync.Once
	env = synctest.New(t, smallTenant(), synctest.Options{Intercept: func(r *http.Request) {
		if r.Method == http.MethodGet && r.URL.Path == "/2.0/groups/"+g+"/memberships" {
			once.Do(func() {
				del := httptest.NewRequestWithContext(r.Context(), http.MethodDelete, "/2.0/groups/"+g, nil)
				del.Header.Set("Authorization", r.Header.Get("Authorization"))
				rec := httptest.NewRecorder()
				env.Sim.ServeHTTP(rec, del)
				if rec.Code != http.StatusNoContent {
					t.Errorf("delete group %s: %d", g, rec.Code)
				}
			})
		}
	}})
	snap := env.SyncAndRead(context.Background(), t)
	// The group was listed before it went: its resource and entitlements
	// are the only difference from the truth.
	for _, d := range synctest.ExpectedFrom(env.Sim.Truth()).Diff(snap, 0) {
		if !strings.Contains(d, "group/"+g) && !strings.Contains(d, "group:"+g+":") {
			t.Errorf("unexpected difference: %s", d)
		}
	}
	for id := range snap.Grants {
		if strings.HasPrefix(id, "group:"+g+":") {
			t.Fatalf("a grant of the deleted group: %s", id)
		}
	}
	if n := env.Sim.Stats().ByRoute["GET /groups/{group_id}"]; n != 1 {
		t.Fatalf("%d group reads, want the one that confirms the deletion", n)
	}
}

// TestMemberScanConfirmsAUserBeforeSkippingThem: in the per-user scan of a
// group beyond 10,000 members, a 404 for the memberships of a user who
// exists fails the sync (DataLoss, naming the user) instead of dropping
// their memberships.
func TestMemberScanConfirmsAUserBeforeSkippingThem(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("large tenant")
	}
	cfg := boxsim.Config{Seed: 5, Users: 10_020, Groups: 3, AvgGroupsPerUser: 0.2, GiantGroupMembers: 10_010}
	env := synctest.New(t, cfg, synctest.Options{SkipSpecValidation: true})
	first := env.Sim.Truth().Users[0].ID
	env.Sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{{Mode: boxsim.ListingNotFound, Route: "GET /users/{user_id}/memberships", Parent: first}}})
	_, err := env.Sync(context.Background(), t)
	requireWrongListing(t, err, "list members (group ", "user "+first, "404")
}

// TestGroupRevokeConfirmsAUserBeforeCallingItDone: a revoke looks the
// membership up in the user's memberships; Box answering 404 there is
// GrantAlreadyRevoked only when GET /users/{id} answers 404 too. For a user
// still there it fails with DataLoss naming the listing, and changes nothing.
func TestGroupRevokeConfirmsAUserBeforeCallingItDone(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	plain := map[string]bool{}
	for _, u := range pickUsers(t, truth, 10) {
		plain[u.ID] = true
	}
	var held, gone boxsim.Membership
	for _, m := range truth.Memberships {
		switch {
		case !plain[m.UserID]:
		case held.ID == "":
			held = m
		case gone.ID == "" && m.UserID != held.UserID:
			gone = m
		}
	}
	if gone.ID == "" {
		t.Fatal("seed lacks memberships of two plain users")
	}
	p.Sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{{Mode: boxsim.ListingNotFound, Route: "GET /users/{user_id}/memberships", Parent: held.UserID}}})
	p.RequireRefused(t, codes.DataLoss, func() error {
		_, err := p.revoke(res("user", held.UserID), ent("group", held.GroupID, "member"))
		return err
	}, "user "+held.UserID, "memberships", "404")

	if err := p.Sim.DeleteUser(gone.UserID); err != nil {
		t.Fatal(err)
	}
	annos, err := p.revoke(res("user", gone.UserID), ent("group", gone.GroupID, "member"))
	if err != nil || !annos.Contains(&v2.GrantAlreadyRevoked{}) {
		t.Fatalf("revoke for a deleted user: %v %v, want GrantAlreadyRevoked", annos, err)
	}
}
