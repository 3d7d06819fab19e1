package boxsim

import (
	"slices"
	"strings"
	"testing"
)

func TestScopes(t *testing.T) {
	base := Config{Seed: 13, Users: 20, AppUsers: 2, Groups: 2, AvgGroupsPerUser: 1}
	withScopes := func(scopes ...string) (*Sim, string, Truth) {
		c := base
		c.Scopes = scopes
		s := New(c)
		return s, mintToken(t, s), s.Truth()
	}

	// Only manage_groups: groups work, users and events do not.
	s, tok, tr := withScopes(ScopeManageGroups)
	managed := findUser(t, tr.Users, "managed", func(u User) bool { return !u.IsPlatformAccessOnly && u.Role == "user" })
	app := findUser(t, tr.Users, "app", func(u User) bool { return u.IsPlatformAccessOnly })
	res := get(t, s, tok, "/users")
	wantError(t, res, 403, "insufficient_scope")
	if !strings.Contains(res.header.Get("WWW-Authenticate"), `error="insufficient_scope"`) {
		t.Fatalf("403 without the scope challenge: %v", res.header)
	}
	for _, c := range []struct{ method, path string }{
		{"GET", "/users/" + managed.ID}, {"PUT", "/users/" + managed.ID}, {"DELETE", "/users/" + managed.ID},
		{"POST", "/users"}, {"POST", "/users/terminate_sessions"}, {"PUT", "/users/" + managed.ID + "/folders/0"},
		{"GET", "/events?stream_type=admin_logs"}, {"GET", "/events?stream_type=admin_logs_streaming"},
	} {
		wantError(t, send(t, s, tok, c.method, c.path, obj{}), 403, "insufficient_scope")
	}
	mustGet(t, s, tok, "/groups")
	mustGet(t, s, tok, "/users/"+managed.ID+"/memberships")
	mustGet(t, s, tok, "/users/me") // no scope needed to know who you are
	mustGet(t, s, tok, "/events")   // the service account's own (empty) stream
	mustSend(t, s, tok, "POST", "/groups", obj{"name": "Scoped"}, 201)

	// Only manage_app_users: app users are manageable, managed users not.
	s, tok, _ = withScopes(ScopeManageAppUsers)
	mustGet(t, s, tok, "/users/"+app.ID)
	wantError(t, get(t, s, tok, "/users/"+managed.ID), 403, "insufficient_scope")
	wantError(t, get(t, s, tok, "/users"), 403, "insufficient_scope") // the listing is of managed users
	mustSend(t, s, tok, "POST", "/users", obj{"name": "Bot", "is_platform_access_only": true}, 201)
	wantError(t, send(t, s, tok, "POST", "/users", obj{"name": "Human", "login": "h@acme.example.com"}), 403, "insufficient_scope")
	mustSend(t, s, tok, "PUT", "/users/"+app.ID, obj{"name": "Renamed Bot"}, 200)
	wantError(t, send(t, s, tok, "PUT", "/users/"+managed.ID, obj{"name": "x"}), 403, "insufficient_scope")
	mustSend(t, s, tok, "POST", "/users/terminate_sessions", obj{"user_ids": []string{app.ID}, "user_logins": []string{}}, 202)
	wantError(t, send(t, s, tok, "POST", "/users/terminate_sessions", obj{"user_ids": []string{app.ID, managed.ID}, "user_logins": []string{}}), 403, "insufficient_scope")
	mustSend(t, s, tok, "DELETE", "/users/"+app.ID+"?force=true", nil, 204)
	wantError(t, get(t, s, tok, "/groups"), 403, "insufficient_scope")

	// No scopes at all, and the events and content scopes alone.
	s, tok, _ = withScopes([]string{}...) // empty, not nil: no scopes
	wantError(t, get(t, s, tok, "/groups"), 403, "insufficient_scope")
	mustGet(t, s, tok, "/users/me")
	s, tok, _ = withScopes(ScopeManageEnterpriseProperties, ScopeRootReadwrite)
	mustGet(t, s, tok, "/events?stream_type=admin_logs")
	other := findUser(t, tr.Users, "other", func(u User) bool { return u.Role == "user" && u.ID != managed.ID && !u.IsPlatformAccessOnly })
	mustSend(t, s, tok, "PUT", "/users/"+managed.ID+"/folders/0", obj{"owned_by": obj{"id": other.ID}}, 200)
	wantError(t, get(t, s, tok, "/users"), 403, "insufficient_scope")

	// The scope check comes before the route's own checks: no 404 or 400
	// leaks past it.
	s, tok, _ = withScopes(ScopeManageAppUsers)
	wantError(t, get(t, s, tok, "/groups/1?offset=bad"), 403, "insufficient_scope")

	// nil means every scope; Config keeps its own copy of the list.
	scopes := []string{ScopeManageGroups}
	c := base
	c.Scopes = scopes
	s = New(c)
	scopes[0] = ScopeManageManagedUsers
	got := s.Config().Scopes
	got[0] = ScopeRootReadwrite
	if !slices.Equal(s.Config().Scopes, []string{ScopeManageGroups}) {
		t.Fatalf("Config().Scopes = %v", s.Config().Scopes)
	}
	if New(base).Config().Scopes != nil || len(AllScopes()) != 6 {
		t.Fatal("nil Scopes must stay nil (all scopes)")
	}
}
