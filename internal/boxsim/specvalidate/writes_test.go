package specvalidate

import (
	"net/http"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

type m = map[string]any

// Every provisioning endpoint, success and error, must match the spec.
// Requests that break the spec on purpose go through sendInvalid.
func TestProvisioningTrafficMatchesSpec(t *testing.T) {
	sim := boxsim.New(boxsim.Config{Seed: 23, Users: 80, AppUsers: 4, ExternalUsers: 2, Groups: 10, AvgGroupsPerUser: 2})
	h := newHarness(t, sim)
	tok := h.token(goodForm(sim.Config())).body["access_token"].(string)
	tr := sim.Truth()
	var admin, plain, owner, empty, app boxsim.User
	for _, u := range tr.Users {
		switch {
		case u.Role == "admin":
			admin = u
		case u.IsPlatformAccessOnly:
			app = u
		case u.Role == "user" && u.OwnedItems > 0 && owner.ID == "":
			owner = u
		case u.Role == "user" && u.OwnedItems == 0 && empty.ID == "":
			empty = u
		case u.Role == "user" && plain.ID == "":
			plain = u
		}
	}
	if admin.ID == "" || plain.ID == "" || owner.ID == "" || empty.ID == "" || app.ID == "" {
		t.Fatal("seed lacks a user of some kind")
	}
	ext, group := tr.ExternalUsers[0], tr.Groups[0]

	// Groups.
	g := h.send(tok, "POST", "/groups", m{"name": "Spec Group", "description": "d", "provenance": "Okta",
		"external_sync_identifier": "00gX", "invitability_level": "all_managed_users", "member_viewability_level": "admins_and_members"}, 201)
	gid := g.body["id"].(string)
	h.send(tok, "POST", "/groups?fields="+allGroupFields, m{"name": "Spec Group 2"}, 201)
	h.send(tok, "POST", "/groups", m{"name": "SPEC group"}, 409)
	h.sendInvalid(tok, "POST", "/groups", m{"description": "no name"}, 400)
	h.sendInvalid(tok, "POST", "/groups", m{"name": "x", "invitability_level": "everyone"}, 400)
	h.sendInvalid(tok, "POST", "/groups", "{not json", 400)
	h.send(tok, "PUT", "/groups/"+gid, m{"name": "Spec Group Renamed", "description": "new"}, 200)
	h.send(tok, "PUT", "/groups/"+gid+"?fields=description,provenance", m{}, 200)
	h.send(tok, "PUT", "/groups/"+gid, m{"name": group.Name}, 409)
	h.send(tok, "PUT", "/groups/12345", m{"name": "x"}, 404)
	h.sendInvalid(tok, "PUT", "/groups/"+gid, m{"member_viewability_level": "everyone"}, 400)

	// Memberships.
	ms := h.send(tok, "POST", "/group_memberships", m{"user": m{"id": plain.ID}, "group": m{"id": gid}}, 201)
	mid := ms.body["id"].(string)
	h.send(tok, "POST", "/group_memberships?fields=role,user", m{"user": m{"id": empty.ID}, "group": m{"id": gid}, "role": "admin"}, 201)
	h.send(tok, "POST", "/group_memberships", m{"user": m{"id": plain.ID}, "group": m{"id": gid}}, 409)
	h.send(tok, "POST", "/group_memberships", m{"user": m{"id": "12345"}, "group": m{"id": gid}}, 404)
	h.send(tok, "POST", "/group_memberships", m{"user": m{"id": plain.ID}, "group": m{"id": "12345"}}, 404)
	h.send(tok, "POST", "/group_memberships", m{"user": m{"id": ext.ID}, "group": m{"id": gid}}, 400)
	h.sendInvalid(tok, "POST", "/group_memberships", m{"user": m{"id": plain.ID}, "group": m{"id": gid}, "role": "owner"}, 400)
	h.sendInvalid(tok, "POST", "/group_memberships", m{"group": m{"id": gid}}, 400)
	h.send(tok, "PUT", "/group_memberships/"+mid, m{"role": "admin"}, 200)
	h.send(tok, "PUT", "/group_memberships/"+mid+"?fields=role", m{"configurable_permissions": nil}, 200)
	h.send(tok, "PUT", "/group_memberships/12345", m{"role": "admin"}, 404)
	h.sendInvalid(tok, "PUT", "/group_memberships/"+mid, m{"role": "owner"}, 400)
	h.send(tok, "DELETE", "/group_memberships/"+mid, nil, 204)
	h.send(tok, "DELETE", "/group_memberships/"+mid, nil, 404)

	// Users.
	h.send(tok, "POST", "/users", m{"name": "Spec User", "login": "spec.user@acme.example.com", "role": "coadmin",
		"status": "inactive", "job_title": "QA", "phone": "555-0100", "address": "1 Main St", "language": "fr",
		"timezone": "Europe/Paris", "is_sync_enabled": true, "space_amount": -1}, 201)
	nu := h.send(tok, "POST", "/users?fields="+allUserFields, m{"name": "Spec Robot", "is_platform_access_only": true, "external_app_user_id": "spec-1"}, 201)
	h.send(tok, "POST", "/users", m{"name": "Dup", "login": "SPEC.user@acme.example.com"}, 409)
	h.send(tok, "POST", "/users", m{"name": "Ext", "login": ext.Login}, 409)
	h.send(tok, "POST", "/users", m{"name": "No Login"}, 400)
	h.send(tok, "POST", "/users", m{"name": "Bad", "login": "not-an-email"}, 400)
	h.send(tok, "POST", "/users", m{"name": "Bad", "login": "tz@acme.example.com", "timezone": "Mars/Olympus"}, 400)
	h.sendInvalid(tok, "POST", "/users", m{"name": "Boss", "login": "boss@acme.example.com", "role": "admin"}, 400)
	h.sendInvalid(tok, "POST", "/users", m{"login": "nameless@acme.example.com"}, 400)
	h.sendInvalid(tok, "POST", "/users", m{"name": strings.Repeat("n", 51), "login": "long@acme.example.com"}, 400)
	h.send(tok, "PUT", "/users/"+plain.ID, m{"name": "Renamed", "job_title": "Lead", "status": "cannot_delete_edit",
		"notification_email": m{"email": "alerts@acme.example.com"}}, 200)
	h.send(tok, "PUT", "/users/"+plain.ID, m{"login": owner.Login}, 409)
	h.send(tok, "PUT", "/users/"+plain.ID+"?fields=role,status,notification_email", m{"role": "coadmin", "notification_email": nil}, 200)
	h.send(tok, "PUT", "/users/"+plain.ID, m{"name": "x"}, 403) // co-admins cannot manage co-admins
	h.send(tok, "PUT", "/users/"+admin.ID, m{"role": "user"}, 403)
	h.send(tok, "PUT", "/users/"+ext.ID, m{"name": "x"}, 403)
	h.send(tok, "PUT", "/users/"+tr.ServiceAccount.ID, m{"name": "x"}, 403)
	h.send(tok, "PUT", "/users/"+nu.body["id"].(string), m{"login": "robot@acme.example.com"}, 400)
	h.send(tok, "PUT", "/users/12345", m{"name": "x"}, 404)
	h.sendInvalid(tok, "PUT", "/users/"+plain.ID, m{"role": "admin"}, 400)

	// Content transfer, then deletion with and without force.
	h.send(tok, "PUT", "/users/"+owner.ID+"/folders/0", m{"owned_by": m{"id": empty.ID}}, 200)
	h.send(tok, "PUT", "/users/"+empty.ID+"/folders/0?notify=false&fields=owned_by,permissions,allowed_invitee_roles,watermark_info,sync_state",
		m{"owned_by": m{"id": tr.ServiceAccount.ID}}, 200)
	h.send(tok, "PUT", "/users/"+owner.ID+"/folders/0", m{"owned_by": m{"id": owner.ID}}, 400)
	h.send(tok, "PUT", "/users/"+owner.ID+"/folders/0", m{"owned_by": m{"id": admin.ID}}, 403)
	h.send(tok, "PUT", "/users/12345/folders/0", m{"owned_by": m{"id": owner.ID}}, 404)
	h.send(tok, "PUT", "/users/"+owner.ID+"/folders/0", m{"owned_by": m{"id": ext.ID}}, 403)
	h.sendInvalid(tok, "PUT", "/users/"+owner.ID+"/folders/0", m{}, 400)
	if err := sim.SetOwnedItems(owner.ID, 3); err != nil {
		t.Fatal(err)
	}
	h.send(tok, "DELETE", "/users/"+owner.ID, nil, 400)
	h.send(tok, "DELETE", "/users/"+owner.ID+"?force=true&notify=false", nil, 204)
	h.send(tok, "DELETE", "/users/"+owner.ID, nil, 404)
	h.send(tok, "DELETE", "/users/"+admin.ID, nil, 403)
	h.send(tok, "DELETE", "/users/"+tr.ServiceAccount.ID, nil, 403)
	h.sendInvalid(tok, "DELETE", "/users/"+plain.ID+"?force=maybe", nil, 400)

	// Sessions.
	h.send(tok, "POST", "/users/terminate_sessions", m{"user_ids": []string{plain.ID}, "user_logins": []string{app.Login}}, 202)
	h.send(tok, "POST", "/users/terminate_sessions", m{"user_ids": []string{}, "user_logins": []string{}}, 400)
	h.send(tok, "POST", "/users/terminate_sessions", m{"user_ids": []string{"12345"}, "user_logins": []string{}}, 404)
	h.sendInvalid(tok, "POST", "/users/terminate_sessions", m{"user_ids": []string{plain.ID}}, 400)
	h.sendInvalid(tok, "POST", "/users/terminate_sessions", m{"user_ids": []int{1}, "user_logins": []string{}}, 400)

	// Group deletion last: it takes the memberships created above.
	h.send(tok, "DELETE", "/groups/"+gid, nil, 204)
	h.send(tok, "DELETE", "/groups/"+gid, nil, 404)

	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}
}

// Without a scope, every route it guards answers a spec-shaped 403.
func TestScopeErrorsMatchSpec(t *testing.T) {
	sim := boxsim.New(boxsim.Config{Seed: 5, Users: 10, Groups: 2, Scopes: []string{}})
	h := newHarness(t, sim)
	tok := h.token(goodForm(sim.Config())).body["access_token"].(string)
	u := sim.Truth().Users[1]
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/users", nil},
		{"POST", "/users", m{"name": "x", "login": "x@acme.example.com"}},
		{"PUT", "/users/" + u.ID, m{"name": "x"}},
		{"DELETE", "/users/" + u.ID, nil},
		{"PUT", "/users/" + u.ID + "/folders/0", m{"owned_by": m{"id": u.ID}}},
		{"POST", "/users/terminate_sessions", m{"user_ids": []string{u.ID}, "user_logins": []string{}}},
		{"GET", "/groups", nil},
		{"POST", "/groups", m{"name": "x"}},
		{"POST", "/group_memberships", m{"user": m{"id": u.ID}, "group": m{"id": "1"}}},
		{"GET", "/events?stream_type=admin_logs", nil},
	} {
		r := h.send(tok, c.method, c.path, c.body, http.StatusForbidden)
		if r.body["code"] != "insufficient_scope" {
			t.Fatalf("%s %s: %v", c.method, c.path, r.body)
		}
	}
	h.send(tok, "GET", "/users/me", nil, 200)
	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}

	// An app-users-only app may read an app user but not a managed one.
	sim = boxsim.New(boxsim.Config{Seed: 5, Users: 10, AppUsers: 2, Scopes: []string{boxsim.ScopeManageAppUsers}})
	h = newHarness(t, sim)
	tok = h.token(goodForm(sim.Config())).body["access_token"].(string)
	for _, x := range sim.Truth().Users {
		want := http.StatusForbidden
		if x.IsPlatformAccessOnly {
			want = http.StatusOK
		}
		h.send(tok, "GET", "/users/"+x.ID, nil, want)
	}
	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}
}
