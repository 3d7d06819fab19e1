package boxsim

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
)

const (
	routeUsers         = "GET /users"
	routeGroups        = "GET /groups"
	routeGroupMembers  = "GET /groups/{group_id}/memberships"
	routeFolderItems   = "GET /folders/{folder_id}/items"
	routeFolderCollabs = "GET /folders/{folder_id}/collaborations"
)

// listingSim is a content enterprise with a folder of 10 collaborations
// and a user whose root holds more than a page.
func listingSim(t *testing.T) (*Sim, string, Truth, Folder) {
	t.Helper()
	s, tok, tr := contentSim(t, ContentConfig{GiantFolderCollaborators: 10, GiantRootFolders: 7})
	return s, tok, tr, findFolder(t, tr, "All Hands", func(f Folder) bool { return f.Name == "All Hands" })
}

// pageThrough follows a listing page by page (offset or marker, as the
// answers say) for at most maxPages pages and returns each page's IDs and
// the markers sent.
func pageThrough(t *testing.T, s *Sim, tok, asUser, path string, maxPages int) ([][]string, []string) {
	t.Helper()
	var pages [][]string
	var markers []string
	offset, marker := 0, ""
	for range maxPages {
		u, _ := url.Parse(path)
		q := u.Query()
		if marker != "" {
			q.Set("marker", marker)
			markers = append(markers, marker)
		}
		if offset > 0 {
			q.Set("offset", strconv.Itoa(offset))
		}
		u.RawQuery = q.Encode()
		res := mustAs(t, s, tok, asUser, http.MethodGet, u.String(), nil, http.StatusOK)
		pages = append(pages, ids(res.entries(t)))
		if _, isMarker := res.body["next_marker"]; isMarker {
			next, _ := res.body["next_marker"].(string)
			if next == "" {
				return pages, markers
			}
			marker = next
			continue
		}
		offset += len(res.entries(t))
		if offset >= res.num(t, "total_count") {
			return pages, markers
		}
	}
	return pages, markers
}

// TestListingNotFound: the listing answers 404 although its parent exists,
// on every parent or only one (one group, one user's root).
func TestListingNotFound(t *testing.T) {
	s, tok, tr, _ := listingSim(t)
	g1, g2 := tr.Groups[0].ID, tr.Groups[1].ID
	s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingNotFound, Route: routeGroupMembers, Parent: g1}}})
	wantError(t, get(t, s, tok, "/groups/"+g1+"/memberships"), http.StatusNotFound, codeNotFound)
	mustGet(t, s, tok, "/groups/"+g2+"/memberships")
	mustGet(t, s, tok, "/groups/"+g1) // the group is there

	s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingNotFound, Route: routeUsers}}})
	wantError(t, get(t, s, tok, "/users?usemarker=true"), http.StatusNotFound, codeNotFound)
	mustGet(t, s, tok, "/groups")

	owners := map[string]bool{}
	for _, f := range tr.Folders {
		if f.Depth == 1 && f.Reachable {
			owners[f.OwnerID] = true
		}
	}
	var two []string
	for id := range owners {
		two = append(two, id)
	}
	slices.Sort(two)
	s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingNotFound, Route: routeFolderItems, Parent: "0", AsUser: two[0]}}})
	wantError(t, getAs(t, s, tok, two[0], "/folders/0/items"), http.StatusNotFound, codeNotFound)
	mustAs(t, s, tok, two[1], http.MethodGet, "/folders/0/items", nil, http.StatusOK)

	s.SetFaults(Faults{}) // replaces the configuration
	mustGet(t, s, tok, "/users?usemarker=true")
}

// TestListingRepeatedPages: each page after the first carries the previous
// page's entries with its own paging fields, so the walk ends on time with
// one page twice and the last page never served; offset and marker
// listings alike.
func TestListingRepeatedPages(t *testing.T) {
	s, tok, tr, hall := listingSim(t)
	g := tr.Groups[0]
	owner := hall.OwnerID
	cases := []struct {
		route, asUser, path string
	}{
		{routeUsers, "", "/users?usemarker=true&limit=7"},
		{routeUsers, "", "/users?limit=7"},
		{routeGroups, "", "/groups?limit=2"},
		{routeGroupMembers, "", "/groups/" + g.ID + "/memberships?limit=2"},
		{routeFolderItems, owner, "/folders/0/items?usemarker=true&limit=3"},
		{routeFolderCollabs, owner, "/folders/" + hall.ID + "/collaborations?limit=3"},
	}
	for _, c := range cases {
		s.SetFaults(Faults{})
		truePages, _ := pageThrough(t, s, tok, c.asUser, c.path, 1000)
		if len(truePages) < 3 {
			t.Fatalf("%s: %d pages, the test needs 3", c.path, len(truePages))
		}
		s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingRepeatedPages, Route: c.route}}})
		got, _ := pageThrough(t, s, tok, c.asUser, c.path, 1000)
		if len(got) != len(truePages) {
			t.Fatalf("%s: %d pages, want %d (paging fields unchanged)", c.path, len(got), len(truePages))
		}
		for i := range got {
			want := truePages[max(0, i-1)]
			if !slices.Equal(got[i], want) {
				t.Fatalf("%s: page %d is %v, want page %d's %v", c.path, i, got[i], max(0, i-1), want)
			}
		}
	}
}

// TestListingMarkerCycle: the page fetched with the second marker points
// back to the first marker (A→B→A), on users and on collaborations.
func TestListingMarkerCycle(t *testing.T) {
	s, tok, _, hall := listingSim(t)
	for _, c := range []struct{ route, asUser, path string }{
		{routeUsers, "", "/users?usemarker=true&limit=5"},
		{routeFolderCollabs, hall.OwnerID, "/folders/" + hall.ID + "/collaborations?limit=3"},
	} {
		s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingMarkerCycle, Route: c.route}}})
		_, markers := pageThrough(t, s, tok, c.asUser, c.path, 4)
		if len(markers) != 3 || markers[0] != markers[2] || markers[0] == markers[1] {
			t.Fatalf("%s: markers sent %v, want A, B, A", c.path, markers)
		}
	}
	s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingMarkerCycle, Route: routeUsers}}})
	if _, markers := pageThrough(t, s, tok, "", "/users?limit=5", 4); len(markers) != 0 {
		t.Fatal("an offset listing got markers")
	}
}

// TestListingEmptyFirstPage: a marker listing's first page comes empty
// with next_marker null; the offset form of the same route is untouched.
func TestListingEmptyFirstPage(t *testing.T) {
	s, tok, tr, _ := listingSim(t)
	s.SetFaults(Faults{Listings: []ListingFault{{Mode: ListingEmptyFirstPage, Route: routeUsers}}})
	res := mustGet(t, s, tok, "/users?usemarker=true&limit=5")
	if len(res.entries(t)) != 0 || res.body["next_marker"] != nil {
		t.Fatalf("first page %s, want entries [] and next_marker null", res.raw)
	}
	if got := len(mustGet(t, s, tok, "/users?limit=5").entries(t)); got != 5 {
		t.Fatalf("offset page: %d entries", got)
	}
	s.SetFaults(Faults{})
	res = mustGet(t, s, tok, "/users?usemarker=true&limit=5")
	if len(res.entries(t)) != 5 || len(tr.Users) <= 5 || res.body["next_marker"] == nil {
		t.Fatalf("after SetFaults(Faults{}): %s", res.raw)
	}
}
