package boxsim

import (
	"cmp"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
)

func TestOffsetPaginationWalksUsersInIDOrder(t *testing.T) {
	s := New(Config{Seed: 7, Users: 250, AppUsers: 5})
	tok := mintToken(t, s)
	var got []string
	for offset := 0; ; {
		res := mustGet(t, s, tok, fmt.Sprintf("/users?offset=%d&limit=100", offset))
		if res.num(t, "total_count") != 250 || res.num(t, "limit") != 100 || res.num(t, "offset") != offset {
			t.Fatalf("envelope at offset %d: %s", offset, res.raw[:200])
		}
		got = append(got, ids(res.entries(t))...)
		offset += res.num(t, "limit")
		if offset >= res.num(t, "total_count") {
			break
		}
	}
	want := make([]string, 0, 250)
	for _, u := range s.Truth().Users {
		want = append(want, u.ID)
	}
	if !slices.Equal(got, want) {
		t.Fatalf("offset walk returned %d users, want the %d Truth users in ID order", len(got), len(want))
	}
}

func TestDefaultLimitAndClamp(t *testing.T) {
	s := New(Config{Seed: 1, Users: 1200})
	tok := mintToken(t, s)
	if res := mustGet(t, s, tok, "/users"); res.num(t, "limit") != 100 || len(res.entries(t)) != 100 {
		t.Fatalf("default limit: %v entries, limit %v", len(res.entries(t)), res.body["limit"])
	}
	res := mustGet(t, s, tok, "/users?limit=5000")
	if res.num(t, "limit") != 1000 || len(res.entries(t)) != 1000 {
		t.Fatalf("limit=5000: echoed %v with %d entries, want clamp to 1000", res.body["limit"], len(res.entries(t)))
	}
	res = mustGet(t, s, tok, "/groups?limit=1001")
	if res.num(t, "limit") != 1000 {
		t.Fatalf("groups limit=1001 echoed %v", res.body["limit"])
	}
	for _, bad := range []string{"0", "-3", "ten"} {
		wantError(t, get(t, s, tok, "/users?limit="+bad), http.StatusBadRequest, "bad_request")
	}
}

// The spec rejects offsets "exceeding 10000": 10000 itself is served.
func TestOffsetCap(t *testing.T) {
	s := New(Config{Seed: 3, Users: 10_050, Groups: 3, AvgGroupsPerUser: 1})
	tok := mintToken(t, s)
	res := mustGet(t, s, tok, "/users?offset=10000&limit=1000")
	if n := len(res.entries(t)); n != 50 {
		t.Fatalf("offset=10000 returned %d entries, want the last 50", n)
	}
	if res.entries(t)[0]["id"] != s.Truth().Users[10000].ID {
		t.Fatalf("offset=10000 starts at %v", res.entries(t)[0]["id"])
	}
	groupID := s.Truth().Groups[0].ID
	userID := s.Truth().Users[0].ID
	for _, path := range []string{
		"/users?offset=10001",
		"/groups?offset=10001",
		"/groups/" + groupID + "/memberships?offset=10001",
		"/users/" + userID + "/memberships?offset=10001",
		"/users?offset=-1",
		"/groups?offset=abc",
	} {
		res := get(t, s, tok, path)
		wantError(t, res, http.StatusBadRequest, "bad_request")
		if _, ok := res.body["context_info"].(map[string]any); !ok {
			t.Fatalf("%s: 400 without context_info: %s", path, res.raw)
		}
	}
	// Past the end but under the cap: an empty page, not an error.
	if res := mustGet(t, s, tok, "/groups?offset=9000"); len(res.entries(t)) != 0 || res.num(t, "total_count") != 3 {
		t.Fatalf("offset past end: %s", res.raw)
	}
}

// Marker pagination is how a client gets past the 10,000 offset cap.
func TestMarkerWalkReachesEveryUserOnce(t *testing.T) {
	s := New(Config{Seed: 11, Users: 12_345, AppUsers: 40})
	tok := mintToken(t, s)
	seen := map[string]bool{}
	var order []string
	path := "/users?usemarker=true&limit=1000"
	pages := 0
	for {
		res := mustGet(t, s, tok, path)
		pages++
		if _, ok := res.body["total_count"]; ok {
			t.Fatalf("marker page carries total_count")
		}
		if res.num(t, "limit") != 1000 {
			t.Fatalf("marker page limit %v", res.body["limit"])
		}
		for _, id := range ids(res.entries(t)) {
			if seen[id] {
				t.Fatalf("user %s returned twice", id)
			}
			seen[id] = true
			order = append(order, id)
		}
		next, present := res.body["next_marker"]
		if !present {
			t.Fatalf("next_marker absent; this simulator always sends it (null at the end)")
		}
		if next == nil {
			break
		}
		path = "/users?usemarker=true&limit=1000&marker=" + next.(string)
		if pages > 20 {
			t.Fatal("marker walk does not end")
		}
	}
	if len(order) != 12_345 || pages != 13 {
		t.Fatalf("walk saw %d users in %d pages, want 12345 in 13", len(order), pages)
	}
	if !slices.IsSortedFunc(order, cmpNumeric) {
		t.Fatalf("marker walk not in ID order")
	}
}

// cmpNumeric orders decimal ID strings by value.
func cmpNumeric(a, b string) int {
	x, _ := strconv.ParseInt(a, 10, 64)
	y, _ := strconv.ParseInt(b, 10, 64)
	return cmp.Compare(x, y)
}

func TestMarkerPrevAndStability(t *testing.T) {
	s := New(Config{Seed: 5, Users: 30})
	tok := mintToken(t, s)
	first := mustGet(t, s, tok, "/users?usemarker=true&limit=10")
	if first.body["prev_marker"] != nil {
		t.Fatalf("first page prev_marker = %v, want null", first.body["prev_marker"])
	}
	second := mustGet(t, s, tok, "/users?usemarker=true&limit=10&marker="+first.body["next_marker"].(string))
	back := mustGet(t, s, tok, "/users?usemarker=true&limit=10&marker="+second.body["prev_marker"].(string))
	if !slices.Equal(ids(back.entries(t)), ids(first.entries(t))) {
		t.Fatalf("prev_marker of page 2 does not lead back to page 1")
	}
	// Deleting a user already seen must not shift the next page.
	wantNext := ids(second.entries(t))
	if err := s.DeleteUser(ids(first.entries(t))[3]); err != nil {
		t.Fatal(err)
	}
	again := mustGet(t, s, tok, "/users?usemarker=true&limit=10&marker="+first.body["next_marker"].(string))
	if !slices.Equal(ids(again.entries(t)), wantNext) {
		t.Fatalf("marker page moved after an earlier user was deleted")
	}
}

func TestMarkerErrors(t *testing.T) {
	s := New(Config{Seed: 5, Users: 30})
	tok := mintToken(t, s)
	for _, path := range []string{
		"/users?usemarker=true&marker=not-a-marker!",
		"/users?usemarker=true&marker=" + "Zm9vYmFy", // base64 of "foobar"
		"/users?usemarker=true&offset=10",
		"/users?marker=" + encodeMarker(5),
		"/users?usemarker=maybe",
	} {
		wantError(t, get(t, s, tok, path), http.StatusBadRequest, "bad_request")
	}
	// usemarker=false is plain offset mode.
	if res := mustGet(t, s, tok, "/users?usemarker=false&offset=5"); res.num(t, "total_count") != 30 {
		t.Fatalf("usemarker=false: %s", res.raw)
	}
}

func TestMembershipListingsPaginate(t *testing.T) {
	s := New(Config{Seed: 9, Users: 2600, Groups: 5, AvgGroupsPerUser: 2, GiantGroupMembers: 2500})
	tok := mintToken(t, s)
	tr := s.Truth()
	var giant Group
	for _, g := range tr.Groups {
		if g.Name == "All Staff" {
			giant = g
		}
	}
	want := map[string]string{} // membership id -> user id
	perUser := map[string]int{}
	for _, m := range tr.Memberships {
		if m.GroupID == giant.ID {
			want[m.ID] = m.UserID
		}
		perUser[m.UserID]++
	}
	got := map[string]string{}
	for offset := 0; offset < 2500; offset += 1000 {
		res := mustGet(t, s, tok, fmt.Sprintf("/groups/%s/memberships?limit=1000&offset=%d", giant.ID, offset))
		if res.num(t, "total_count") != 2500 {
			t.Fatalf("total_count %v", res.body["total_count"])
		}
		for _, e := range res.entries(t) {
			user := e["user"].(map[string]any)
			group := e["group"].(map[string]any)
			if e["type"] != "group_membership" || group["id"] != giant.ID || group["group_type"] != "managed_group" || user["login"] == nil {
				t.Fatalf("bad membership entry %v", e)
			}
			got[e["id"].(string)] = user["id"].(string)
		}
	}
	if len(got) != len(want) {
		t.Fatalf("giant group listing: %d memberships, want %d", len(got), len(want))
	}
	for id, uid := range want {
		if got[id] != uid {
			t.Fatalf("membership %s: user %s, want %s", id, got[id], uid)
		}
	}
	u := tr.Users[0]
	res := mustGet(t, s, tok, "/users/"+u.ID+"/memberships?limit=1000")
	if res.num(t, "total_count") != perUser[u.ID] || len(res.entries(t)) != perUser[u.ID] {
		t.Fatalf("user memberships: %s, want %d", res.raw, perUser[u.ID])
	}
}
