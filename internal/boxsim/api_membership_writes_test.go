package boxsim

import (
	"slices"
	"testing"
	"time"
)

func TestCreateMembership(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 4, Users: 30, ExternalUsers: 1, Groups: 3, AvgGroupsPerUser: 1, Now: clock.Now})
	tok := mintToken(t, s)
	tr := s.Truth()
	g, err := s.AddGroup(Group{Name: "Fresh"})
	if err != nil {
		t.Fatal(err)
	}
	var plain []User // co-admins cannot be group admins
	for _, u := range tr.Users[3:] {
		if u.Role == roleUser {
			plain = append(plain, u)
		}
	}
	u1, u2 := plain[0], plain[1]

	res := mustSend(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": u1.ID}, "group": obj{"id": g.ID}}, 201)
	if res.body["type"] != "group_membership" || res.body["role"] != "member" ||
		res.body["user"].(map[string]any)["id"] != u1.ID || res.body["group"].(map[string]any)["id"] != g.ID {
		t.Fatalf("created membership: %s", res.raw)
	}
	m1 := res.body["id"].(string)
	if cmpNumeric(m1, tr.Memberships[len(tr.Memberships)-1].ID) <= 0 {
		t.Fatalf("new membership ID %s not above the seeded ones", m1)
	}
	res = mustSend(t, s, tok, "POST", "/group_memberships?fields=role", obj{"user": obj{"id": u2.ID}, "group": obj{"id": g.ID}, "role": "admin"}, 201)
	if res.body["role"] != "admin" || res.body["user"] != nil {
		t.Fatalf("fields=role: %s", res.raw)
	}
	m2 := res.body["id"].(string)

	// Visible to every read.
	if got := ids(mustGet(t, s, tok, "/groups/"+g.ID+"/memberships").entries(t)); !slices.Equal(got, []string{m1, m2}) {
		t.Fatalf("group memberships %v", got)
	}
	if got := ids(mustGet(t, s, tok, "/users/"+u1.ID+"/memberships?limit=1000").entries(t)); !slices.Contains(got, m1) {
		t.Fatalf("user memberships %v lack %s", got, m1)
	}
	after := s.Truth()
	if len(after.Memberships) != len(tr.Memberships)+2 || after.Memberships[len(after.Memberships)-1].ID != m2 {
		t.Fatalf("Truth has %d memberships", len(after.Memberships))
	}

	// The same pair again: 409 conflict, nothing added.
	wantError(t, send(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": u1.ID}, "group": obj{"id": g.ID}, "role": "admin"}), 409, "conflict")
	if n := len(s.Truth().Memberships); n != len(after.Memberships) {
		t.Fatalf("conflict changed the memberships: %d", n)
	}

	for name, c := range map[string]struct {
		body   any
		status int
		code   string
	}{
		"unknown user":     {obj{"user": obj{"id": "17000000001"}, "group": obj{"id": g.ID}}, 404, "not_found"},
		"unknown group":    {obj{"user": obj{"id": u1.ID}, "group": obj{"id": "4000000001"}}, 404, "not_found"},
		"group id of user": {obj{"user": obj{"id": u1.ID}, "group": obj{"id": u2.ID}}, 404, "not_found"},
		"external user":    {obj{"user": obj{"id": tr.ExternalUsers[0].ID}, "group": obj{"id": g.ID}}, 400, "bad_request"},
		"service account":  {obj{"user": obj{"id": tr.ServiceAccount.ID}, "group": obj{"id": g.ID}}, 400, "bad_request"},
		"bad role":         {obj{"user": obj{"id": u1.ID}, "group": obj{"id": g.ID}, "role": "owner"}, 400, "bad_request"},
		"no user":          {obj{"group": obj{"id": g.ID}}, 400, "bad_request"},
		"no group id":      {obj{"user": obj{"id": u1.ID}, "group": obj{}}, 400, "bad_request"},
		"numeric id":       {obj{"user": obj{"id": 17}, "group": obj{"id": g.ID}}, 400, "bad_request"},
		"not json":         {"{", 400, "bad_request"},
		"empty body":       {nil, 400, "bad_request"},
		"array body":       {"[]", 400, "bad_request"},
		"bad permissions":  {obj{"user": obj{"id": u1.ID}, "group": obj{"id": g.ID}, "configurable_permissions": 3}, 400, "bad_request"},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, send(t, s, tok, "POST", "/group_memberships", c.body), c.status, c.code)
		})
	}
	if n := len(s.Truth().Memberships); n != len(after.Memberships) {
		t.Fatalf("failed requests changed the memberships: %d", n)
	}
	res = send(t, s, tok, "POST", "/group_memberships", obj{"group": obj{"id": g.ID}})
	if ctx := res.body["context_info"].(map[string]any)["errors"].([]any)[0].(map[string]any); ctx["reason"] != "missing_parameter" || ctx["name"] != "user" {
		t.Fatalf("missing user: %s", res.raw)
	}

	// PUT changes the role and modified_at; DELETE removes it.
	clock.Advance(10 * time.Minute)
	res = mustSend(t, s, tok, "PUT", "/group_memberships/"+m1, obj{"role": "admin"}, 200)
	if res.body["role"] != "admin" || res.body["modified_at"] == res.body["created_at"] {
		t.Fatalf("PUT membership: %s", res.raw)
	}
	if got := mustGet(t, s, tok, "/group_memberships/"+m1).body["role"]; got != "admin" {
		t.Fatalf("GET after PUT: role %v", got)
	}
	mustSend(t, s, tok, "PUT", "/group_memberships/"+m1+"?fields=role", nil, 200) // no body: nothing to change
	wantError(t, send(t, s, tok, "PUT", "/group_memberships/"+m1, obj{"role": "boss"}), 400, "bad_request")
	wantError(t, send(t, s, tok, "PUT", "/group_memberships/6000000001", obj{"role": "admin"}), 404, "not_found")

	res = mustSend(t, s, tok, "DELETE", "/group_memberships/"+m1, nil, 204)
	if res.raw != "" {
		t.Fatalf("204 with a body: %q", res.raw)
	}
	wantError(t, get(t, s, tok, "/group_memberships/"+m1), 404, "not_found")
	wantError(t, send(t, s, tok, "DELETE", "/group_memberships/"+m1, nil), 404, "not_found")
	if got := ids(mustGet(t, s, tok, "/groups/"+g.ID+"/memberships").entries(t)); !slices.Equal(got, []string{m2}) {
		t.Fatalf("after delete: %v", got)
	}
	// Re-adding after removal works and gets a new ID.
	res = mustSend(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": u1.ID}, "group": obj{"id": g.ID}}, 201)
	if res.body["id"] == m1 {
		t.Fatal("membership ID reused")
	}
	if s.Stats().ByRoute["POST /group_memberships"] == 0 || s.Stats().ByRoute["DELETE /group_memberships/{group_membership_id}"] != 2 {
		t.Fatalf("stats by route: %v", s.Stats().ByRoute)
	}
}
