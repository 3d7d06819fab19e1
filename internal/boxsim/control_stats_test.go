package boxsim

import (
	"net/http"
	"testing"
)

func TestStatsByRouteAndStatus(t *testing.T) {
	s := New(Config{Seed: 1, Users: 5, Groups: 2, AvgGroupsPerUser: 1})
	tok := mintToken(t, s)
	tr := s.Truth()
	mustGet(t, s, tok, "/users")
	mustGet(t, s, tok, "/users/me")
	mustGet(t, s, tok, "/users/"+tr.Users[0].ID)
	mustGet(t, s, tok, "/groups/"+tr.Groups[0].ID+"/memberships")
	mustGet(t, s, tok, "/groups/"+tr.Groups[1].ID+"/memberships")
	get(t, s, tok, "/groups/404")
	get(t, s, "", "/groups")
	get(t, s, tok, "/no/such/thing")
	serve(t, s, newReq(http.MethodDelete, "/2.0/groups", tok))

	st := s.Stats()
	want := map[string]int{
		"POST /oauth2/token":                 1,
		"GET /users":                         1,
		"GET /users/me":                      1,
		"GET /users/{user_id}":               1,
		"GET /groups/{group_id}/memberships": 2,
		"GET /groups/{group_id}":             1,
		"GET /groups":                        1,
		"GET (unknown route)":                1,
		"DELETE (method not allowed)":        1,
	}
	for k, v := range want {
		if st.ByRoute[k] != v {
			t.Fatalf("ByRoute[%q] = %d, want %d (all: %v)", k, st.ByRoute[k], v, st.ByRoute)
		}
	}
	if len(st.ByRoute) != len(want) {
		t.Fatalf("ByRoute has extra keys: %v", st.ByRoute)
	}
	if st.Total != 9 || st.TokenRequests != 1 || st.Tokens != 1 {
		t.Fatalf("totals %+v", st)
	}
	if st.ByStatus[200] != 6 || st.ByStatus[404] != 2 || st.ByStatus[401] != 1 || st.ByStatus[405] != 1 {
		t.Fatalf("ByStatus %v", st.ByStatus)
	}
	st.ByRoute["GET /users"] = 100 // a snapshot must not alias live counters
	if s.Stats().ByRoute["GET /users"] != 1 {
		t.Fatal("Stats snapshot aliases the live map")
	}
	s.ResetStats()
	if st := s.Stats(); st.Total != 0 || len(st.ByRoute) != 0 || len(st.ByStatus) != 0 || st.Tokens != 0 {
		t.Fatalf("after reset %+v", st)
	}
}
