package boxsim

import (
	"slices"
	"testing"
)

func sortedKeys(m map[string]any) []string {
	k := keys(m)
	slices.Sort(k)
	return k
}

func TestUserStandardRepresentation(t *testing.T) {
	s := New(Config{Seed: 2, Users: 20, AppUsers: 2})
	tok := mintToken(t, s)
	u := s.Truth().Users[0]
	res := mustGet(t, s, tok, "/users/"+u.ID)
	want := []string{"address", "avatar_url", "created_at", "id", "job_title", "language", "login", "max_upload_size",
		"modified_at", "name", "notification_email", "phone", "space_amount", "space_used", "status", "timezone", "type"}
	if got := sortedKeys(res.body); !slices.Equal(got, want) {
		t.Fatalf("standard user keys\n got %v\nwant %v", got, want)
	}
	if res.body["type"] != "user" || res.body["login"] != u.Login || res.body["status"] != u.Status {
		t.Fatalf("user body %s does not match truth %+v", res.raw, u)
	}
	if res.body["created_at"] != u.CreatedAt.Format("2006-01-02T15:04:05-07:00") {
		t.Fatalf("created_at %v, truth %v", res.body["created_at"], u.CreatedAt)
	}
	// The list uses the same representation.
	list := mustGet(t, s, tok, "/users?limit=1")
	if got := sortedKeys(list.entries(t)[0]); !slices.Equal(got, want) {
		t.Fatalf("list entry keys %v", got)
	}
}

func TestUserFieldsProjection(t *testing.T) {
	s := New(Config{Seed: 2, Users: 20, AppUsers: 20})
	tok := mintToken(t, s)
	u := s.Truth().Users[0]
	res := mustGet(t, s, tok, "/users/"+u.ID+"?fields=role,enterprise,is_platform_access_only,external_app_user_id,no_such_field")
	want := []string{"enterprise", "external_app_user_id", "id", "is_platform_access_only", "login", "name", "role", "type"}
	if got := sortedKeys(res.body); !slices.Equal(got, want) {
		t.Fatalf("projected keys\n got %v\nwant %v", got, want)
	}
	if res.body["is_platform_access_only"] != true || res.body["external_app_user_id"] != u.ExternalAppUserID || res.body["role"] != "user" {
		t.Fatalf("app user fields: %s", res.raw)
	}
	ent := res.body["enterprise"].(map[string]any)
	if ent["id"] != "700001" || ent["type"] != "enterprise" || ent["name"] != "Acme Corp" {
		t.Fatalf("enterprise: %v", ent)
	}
	// fields= on a list projects every entry; only mini fields when nothing known is asked.
	list := mustGet(t, s, tok, "/users?fields=bogus&limit=3")
	for _, e := range list.entries(t) {
		if got := sortedKeys(e); !slices.Equal(got, []string{"id", "login", "name", "type"}) {
			t.Fatalf("fields=bogus entry keys %v", got)
		}
	}
}

func TestMeIsServiceAccount(t *testing.T) {
	s := New(Config{Seed: 4, Users: 5, EnterpriseID: "123456", EnterpriseName: "Initrode"})
	tok := mintToken(t, s)
	sa := s.Truth().ServiceAccount
	res := mustGet(t, s, tok, "/users/me?fields=enterprise,role,status")
	if res.body["id"] != sa.ID || res.body["login"] != sa.Login || res.body["role"] != "coadmin" || res.body["status"] != "active" {
		t.Fatalf("/users/me: %s", res.raw)
	}
	ent := res.body["enterprise"].(map[string]any)
	if ent["id"] != "123456" || ent["name"] != "Initrode" || ent["type"] != "enterprise" {
		t.Fatalf("/users/me enterprise: %v", ent)
	}
	for _, u := range s.Truth().Users {
		if u.ID == sa.ID {
			t.Fatal("service account is listed among Users")
		}
	}
	if get(t, s, tok, "/users/"+sa.ID).status != 200 {
		t.Fatal("GET /users/{service account id} failed")
	}
}

func TestGroupRepresentations(t *testing.T) {
	s := New(Config{Seed: 6, Users: 10, Groups: 30, AvgGroupsPerUser: 2})
	tok := mintToken(t, s)
	g := s.Truth().Groups[0]
	res := mustGet(t, s, tok, "/groups/"+g.ID)
	if got := sortedKeys(res.body); !slices.Equal(got, []string{"created_at", "group_type", "id", "modified_at", "name", "type"}) {
		t.Fatalf("standard group keys %v", got)
	}
	res = mustGet(t, s, tok, "/groups/"+g.ID+"?fields=description,provenance,external_sync_identifier,invitability_level,member_viewability_level,nope")
	want := []string{"description", "external_sync_identifier", "group_type", "id", "invitability_level", "member_viewability_level", "name", "provenance", "type"}
	if got := sortedKeys(res.body); !slices.Equal(got, want) {
		t.Fatalf("projected group keys %v", got)
	}
	if res.body["description"] != g.Description || res.body["invitability_level"] != g.InvitabilityLevel {
		t.Fatalf("group body %s vs truth %+v", res.raw, g)
	}
	list := mustGet(t, s, tok, "/groups?fields=provenance&limit=1000")
	if list.num(t, "total_count") != 30 {
		t.Fatalf("groups total_count %v", list.body["total_count"])
	}
	for _, e := range list.entries(t) {
		if got := sortedKeys(e); !slices.Equal(got, []string{"group_type", "id", "name", "provenance", "type"}) {
			t.Fatalf("list fields=provenance keys %v", got)
		}
	}
}

func TestMembershipRepresentation(t *testing.T) {
	s := New(Config{Seed: 6, Users: 10, Groups: 3, AvgGroupsPerUser: 1.5})
	tok := mintToken(t, s)
	m := s.Truth().Memberships[0]
	res := mustGet(t, s, tok, "/group_memberships/"+m.ID)
	if got := sortedKeys(res.body); !slices.Equal(got, []string{"created_at", "group", "id", "modified_at", "role", "type", "user"}) {
		t.Fatalf("membership keys %v", got)
	}
	if res.body["role"] != m.Role || res.body["user"].(map[string]any)["id"] != m.UserID || res.body["group"].(map[string]any)["id"] != m.GroupID {
		t.Fatalf("membership %s vs truth %+v", res.raw, m)
	}
	res = mustGet(t, s, tok, "/group_memberships/"+m.ID+"?fields=role")
	if got := sortedKeys(res.body); !slices.Equal(got, []string{"id", "role", "type"}) {
		t.Fatalf("membership fields=role keys %v", got)
	}
}
