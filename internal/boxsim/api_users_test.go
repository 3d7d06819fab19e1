package boxsim

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestUserFilterTerm(t *testing.T) {
	s := New(Config{Seed: 21, Users: 600, AppUsers: 10, ExternalUsers: 5})
	tok := mintToken(t, s)
	tr := s.Truth()
	for _, term := range []string{"a", "Jo", "JOSÉ", "maria.", "appuser_", "zz-nobody", tr.Users[17].Login[:5]} {
		var want []string
		low := strings.ToLower(term)
		for _, u := range tr.Users {
			if strings.HasPrefix(strings.ToLower(u.Name), low) || strings.HasPrefix(strings.ToLower(u.Login), low) {
				want = append(want, u.ID)
			}
		}
		res := mustGet(t, s, tok, "/users?limit=1000&filter_term="+url.QueryEscape(term))
		if got := ids(res.entries(t)); !slices.Equal(got, want) || res.num(t, "total_count") != len(want) {
			t.Fatalf("filter_term=%q: got %d users, want %d", term, len(got), len(want))
		}
	}
}

func TestExternalUsersOnlyOnExactLogin(t *testing.T) {
	s := New(Config{Seed: 21, Users: 50, ExternalUsers: 3})
	tok := mintToken(t, s)
	ext := s.Truth().ExternalUsers[0]
	login := url.QueryEscape(ext.Login)
	partial := url.QueryEscape(ext.Login[:len(ext.Login)-2])

	if res := mustGet(t, s, tok, "/users?filter_term="+login); res.num(t, "total_count") != 0 {
		t.Fatalf("default user_type returned an external user: %s", res.raw)
	}
	for _, ut := range []string{"all", "external"} {
		res := mustGet(t, s, tok, "/users?user_type="+ut+"&filter_term="+login)
		if got := ids(res.entries(t)); !slices.Equal(got, []string{ext.ID}) {
			t.Fatalf("user_type=%s exact login: got %v, want only %s", ut, got, ext.ID)
		}
		if got := ids(mustGet(t, s, tok, "/users?user_type="+ut+"&filter_term="+strings.ToUpper(login)).entries(t)); !slices.Equal(got, []string{ext.ID}) {
			t.Fatalf("user_type=%s: login match should be case-insensitive, got %v", ut, got)
		}
		for _, e := range mustGet(t, s, tok, "/users?limit=1000&user_type="+ut+"&filter_term="+partial).entries(t) {
			if e["id"] == ext.ID {
				t.Fatalf("user_type=%s partial login returned the external user", ut)
			}
		}
	}
	if res := mustGet(t, s, tok, "/users?user_type=external"); res.num(t, "total_count") != 0 {
		t.Fatalf("user_type=external without a login listed users: %s", res.raw)
	}
	if res := mustGet(t, s, tok, "/users?user_type=all&limit=1000"); res.num(t, "total_count") != 50 {
		t.Fatalf("user_type=all without a term: %v users, want the 50 listed", res.body["total_count"])
	}
	wantError(t, get(t, s, tok, "/users?user_type=robots"), http.StatusBadRequest, "bad_request")
	// Direct lookup works for external users.
	res := mustGet(t, s, tok, "/users/"+ext.ID+"?fields=enterprise")
	if res.body["enterprise"].(map[string]any)["id"] == "700001" {
		t.Fatalf("external user reports this enterprise: %s", res.raw)
	}
}

func TestExternalAppUserIDFilter(t *testing.T) {
	s := New(Config{Seed: 8, Users: 40, AppUsers: 6})
	tok := mintToken(t, s)
	var app User
	for _, u := range s.Truth().Users {
		if u.IsPlatformAccessOnly {
			app = u
			break
		}
	}
	res := mustGet(t, s, tok, "/users?external_app_user_id="+url.QueryEscape(app.ExternalAppUserID))
	if got := ids(res.entries(t)); !slices.Equal(got, []string{app.ID}) {
		t.Fatalf("external_app_user_id: got %v, want [%s]", got, app.ID)
	}
}

// Prefix partitioning (what a client does to get past the offset cap)
// must cover every group exactly once, non-ASCII initials included.
func TestGroupFilterTermPartitions(t *testing.T) {
	s := New(Config{Seed: 13, Users: 10, Groups: 800})
	tok := mintToken(t, s)
	tr := s.Truth()
	initials := map[string]bool{}
	nonASCII := 0
	for _, g := range tr.Groups {
		r, _ := utf8.DecodeRuneInString(g.Name)
		initials[strings.ToLower(string(r))] = true
		if r >= utf8.RuneSelf {
			nonASCII++
		}
	}
	if nonASCII == 0 || !initials["#"] && !initials["["] && !initials["2"] {
		t.Fatalf("seed lacks non-ASCII (%d) or punctuation/digit initials: %v", nonASCII, initials)
	}
	seen := map[string]int{}
	for initial := range initials {
		for offset := 0; ; offset += 1000 {
			res := mustGet(t, s, tok, "/groups?limit=1000&offset="+strconv.Itoa(offset)+"&filter_term="+url.QueryEscape(strings.ToUpper(initial)))
			for _, e := range res.entries(t) {
				seen[e["id"].(string)]++
			}
			if offset+1000 >= res.num(t, "total_count") {
				break
			}
		}
	}
	if len(seen) != len(tr.Groups) {
		t.Fatalf("partitions cover %d groups, want %d", len(seen), len(tr.Groups))
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("group %s in %d partitions", id, n)
		}
	}
	res := mustGet(t, s, tok, "/groups?filter_term=project%20")
	for _, e := range res.entries(t) {
		if !strings.HasPrefix(e["name"].(string), "Project ") {
			t.Fatalf("filter_term=project matched %v", e["name"])
		}
	}
}

func TestNotFoundAndRouting(t *testing.T) {
	s := New(Config{Seed: 1, Users: 3, Groups: 1})
	tok := mintToken(t, s)
	tr := s.Truth()
	for _, path := range []string{
		"/users/999", "/users/abc", "/users/-17000000000", "/groups/" + tr.Users[0].ID, "/groups/1",
		"/groups/1/memberships", "/users/1/memberships", "/group_memberships/" + tr.Groups[0].ID,
		"/nope", "/users/1/2/3", "/users/",
	} {
		wantError(t, get(t, s, tok, path), http.StatusNotFound, "not_found")
	}
	req := newReq(http.MethodPatch, "/2.0/users", tok)
	res := serve(t, s, req)
	wantError(t, res, http.StatusMethodNotAllowed, "method_not_allowed")
	if res.header.Get("Allow") != "GET, POST" {
		t.Fatalf("405 Allow header %q", res.header.Get("Allow"))
	}
	wantError(t, serve(t, s, newReq(http.MethodGet, "/elsewhere", "")), http.StatusNotFound, "not_found")
}
