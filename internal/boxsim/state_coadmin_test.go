package boxsim

import (
	"slices"
	"testing"
)

// adminToken mints a user access token for the primary admin.
func adminToken(t *testing.T, s *Sim, adminID string) string {
	t.Helper()
	form := tokenForm(s.Config())
	form.Set("box_subject_type", "user")
	form.Set("box_subject_id", adminID)
	res := postToken(t, s, form)
	tok, _ := res.body["access_token"].(string)
	if tok == "" {
		t.Fatalf("admin token: %s", res.raw)
	}
	return tok
}

// TestCoadminsCannotManageCoadmins: the service account (co-admin-like)
// gets 403 for any change to a co-admin; the primary admin's user token
// may make them.
func TestCoadminsCannotManageCoadmins(t *testing.T) {
	s := New(Config{Seed: 8, Users: 300, Groups: 4, AvgGroupsPerUser: 2, UserAccessTokens: true})
	tok := mintToken(t, s)
	tr := s.Truth()
	admin := findUser(t, tr.Users, "admin", func(u User) bool { return u.Role == roleAdmin })
	co := findUser(t, tr.Users, "co-admin", func(u User) bool { return u.Role == roleCoadmin && u.OwnedItems > 0 })
	plain := findUser(t, tr.Users, "plain", func(u User) bool { return u.Role == roleUser && u.Status == statusActive && !u.IsPlatformAccessOnly })

	for _, req := range []struct {
		method, path string
		body         any
	}{
		{"PUT", "/users/" + co.ID, obj{"status": "inactive"}},
		{"PUT", "/users/" + co.ID, obj{"role": "user"}},
		{"PUT", "/users/" + co.ID, obj{"job_title": "x"}},
		{"DELETE", "/users/" + co.ID + "?force=true", nil},
		{"PUT", "/users/" + co.ID + "/folders/0", obj{"owned_by": obj{"id": plain.ID}}},
	} {
		wantError(t, send(t, s, tok, req.method, req.path, req.body), 403, "access_denied_insufficient_permissions")
	}
	if after, _ := userByID(s.Truth(), co.ID); after.Role != roleCoadmin || after.Status != co.Status || after.OwnedItems != co.OwnedItems {
		t.Fatalf("a refused change changed the co-admin: %+v", after)
	}
	// The primary admin may.
	at := adminToken(t, s, admin.ID)
	mustSend(t, s, at, "PUT", "/users/"+co.ID+"/folders/0", obj{"owned_by": obj{"id": plain.ID}}, 200)
	mustSend(t, s, at, "PUT", "/users/"+co.ID, obj{"role": "user"}, 200)
	if after, _ := userByID(s.Truth(), co.ID); after.Role != roleUser {
		t.Fatalf("the admin's demotion did not apply: %+v", after)
	}
	// Once demoted, the service account may change them again.
	mustSend(t, s, tok, "PUT", "/users/"+co.ID, obj{"job_title": "Former co-admin"}, 200)
}

// TestCoadminTransfersOwnContent: a co-admin's own user token may move its
// own content (the spec's 403: "to or from managed users or your own
// account"), not another co-admin's.
func TestCoadminTransfersOwnContent(t *testing.T) {
	s := New(Config{Seed: 8, Users: 300, Groups: 4, AvgGroupsPerUser: 2, UserAccessTokens: true})
	tr := s.Truth()
	var cos []User
	for _, u := range tr.Users {
		if u.Role == roleCoadmin && u.Status == statusActive && u.OwnedItems > 0 {
			cos = append(cos, u)
		}
	}
	if len(cos) < 2 {
		t.Fatalf("seed has %d active co-admins with content, want 2", len(cos))
	}
	plain := findUser(t, tr.Users, "plain", func(u User) bool { return u.Role == roleUser && u.Status == statusActive && !u.IsPlatformAccessOnly })
	tok := adminToken(t, s, cos[0].ID) // the co-admin's own user token
	wantError(t, send(t, s, tok, "PUT", "/users/"+cos[1].ID+"/folders/0", obj{"owned_by": obj{"id": plain.ID}}), 403, "access_denied_insufficient_permissions")
	mustSend(t, s, tok, "PUT", "/users/"+cos[0].ID+"/folders/0", obj{"owned_by": obj{"id": plain.ID}}, 200)
	if after, _ := userByID(s.Truth(), cos[0].ID); after.OwnedItems != 0 {
		t.Fatalf("the co-admin still owns %d items", after.OwnedItems)
	}
}

// TestUnverifiedCoadminReadings: a co-admin off a verified domain is a 400
// by default and a 403 access_denied_insufficient_permissions with
// UnverifiedCoadminForbidden; either way nothing changes.
func TestUnverifiedCoadminReadings(t *testing.T) {
	for _, forbid := range []bool{false, true} {
		s := New(Config{Seed: 8, Users: 30, Groups: 2, VerifiedDomains: []string{"acme.example.com"}, UnverifiedCoadminForbidden: forbid})
		tok := mintToken(t, s)
		tr := s.Truth()
		offDomain := findUser(t, tr.Users, "off-domain", func(x User) bool {
			return x.Role == roleUser && !x.IsPlatformAccessOnly && x.Status == statusActive && !s.verifiedDomain(x.Login)
		})
		status, code := 400, "bad_request"
		if forbid {
			status, code = 403, codeAccessDenied
		}
		wantError(t, send(t, s, tok, "PUT", "/users/"+offDomain.ID, obj{"role": "coadmin"}), status, code)
		if u, _ := userByID(s.Truth(), offDomain.ID); u.Role != roleUser {
			t.Fatalf("forbid=%v: the refused promotion changed the role to %s", forbid, u.Role)
		}
	}
}

// TestCoadminRules: co-admins need a verified login domain; promotion ends
// group-admin status and a co-admin cannot become a group admin; new
// managed users are pending and refuse changes.
func TestCoadminRules(t *testing.T) {
	s := New(Config{Seed: 8, Users: 60, Groups: 4, AvgGroupsPerUser: 2, VerifiedDomains: []string{"acme.example.com"}})
	tok := mintToken(t, s)
	tr := s.Truth()
	var groupAdmin *Membership
	for i, m := range tr.Memberships {
		if u, _ := userByID(tr, m.UserID); m.Role == roleAdmin && u.Role == roleUser && u.Status == statusActive {
			groupAdmin = &tr.Memberships[i]
			break
		}
	}
	if groupAdmin == nil {
		t.Fatal("seed has no plain group admin")
	}
	u, _ := userByID(tr, groupAdmin.UserID)
	offDomain := findUser(t, tr.Users, "off-domain", func(x User) bool {
		return x.Role == roleUser && !x.IsPlatformAccessOnly && x.Status == statusActive && !s.verifiedDomain(x.Login)
	})
	wantError(t, send(t, s, tok, "PUT", "/users/"+offDomain.ID, obj{"role": "coadmin"}), 400, "bad_request")
	wantError(t, send(t, s, tok, "POST", "/users", obj{"name": "Ext Co", "login": "co@elsewhere.example.org", "role": "coadmin"}), 400, "bad_request")

	if !s.verifiedDomain(u.Login) {
		t.Skipf("group admin %s is not on a verified domain", u.Login)
	}
	mustSend(t, s, tok, "PUT", "/users/"+u.ID, obj{"role": "coadmin"}, 200)
	for _, m := range s.Truth().Memberships {
		if m.UserID == u.ID && m.Role == roleAdmin {
			t.Fatalf("the new co-admin is still admin of group %s", m.GroupID)
		}
	}
	wantError(t, send(t, s, tok, "PUT", "/group_memberships/"+groupAdmin.ID, obj{"role": "admin"}), 400, "bad_request")
	// Nor can the primary admin be a group admin (seeded or written).
	admin := findUser(t, tr.Users, "admin", func(x User) bool { return x.Role == roleAdmin })
	for _, m := range tr.Memberships {
		if m.UserID == admin.ID && m.Role == roleAdmin {
			t.Fatalf("the seed made the primary admin admin of group %s", m.GroupID)
		}
	}
	joined := false
	for _, g := range tr.Groups {
		if slices.ContainsFunc(tr.Memberships, func(m Membership) bool { return m.UserID == admin.ID && m.GroupID == g.ID }) {
			continue
		}
		wantError(t, send(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": admin.ID}, "group": obj{"id": g.ID}, "role": "admin"}), 400, "bad_request")
		joined = true
		break
	}
	if !joined {
		t.Fatal("the primary admin is in every group")
	}

	created := mustSend(t, s, tok, "POST", "/users", obj{"name": "New Hire", "login": "new.hire@acme.example.com"}, 201)
	id := created.body["id"].(string)
	if created.body["status"] != "pending" {
		t.Fatalf("new user status %v", created.body["status"])
	}
	wantError(t, send(t, s, tok, "PUT", "/users/"+id, obj{"status": "inactive"}), 400, "bad_request")
	mustSend(t, s, tok, "DELETE", "/users/"+id, nil, 204)
}

// TestGroupAdminPermissions: admins carry configurable_permissions (all
// enabled unless set; null disables all), shown where
// Config.GroupAdminPermissionsMode says: listings and GET, only where
// fields= names them, only on GET, or nowhere.
func TestGroupAdminPermissions(t *testing.T) {
	// Where each reading shows them: a listing without and with
	// fields=...,configurable_permissions, GET without fields, GET naming
	// them, GET with fields that leave them out.
	type shown struct{ list, listNamed, get, getNamed, getOther bool }
	readings := map[string]shown{
		"":                           {true, true, true, true, false},
		GroupAdminPermissionsListed:  {true, true, true, true, false},
		GroupAdminPermissionsByField: {false, true, false, true, false},
		GroupAdminPermissionsGetOnly: {false, false, true, true, false},
		GroupAdminPermissionsNowhere: {false, false, false, false, false},
	}
	for mode, want := range readings {
		s := New(Config{Seed: 8, Users: 40, Groups: 3, GroupAdminPermissionsMode: mode})
		tok := mintToken(t, s)
		tr := s.Truth()
		g := tr.Groups[0]
		var plain []User
		for _, u := range tr.Users {
			if u.Role == roleUser && u.Status == statusActive && !u.IsPlatformAccessOnly && len(plain) < 3 {
				plain = append(plain, u)
			}
		}
		for _, u := range plain {
			for _, m := range tr.Memberships {
				if m.UserID == u.ID && m.GroupID == g.ID {
					mustSend(t, s, tok, "DELETE", "/group_memberships/"+m.ID, nil, 204)
				}
			}
		}
		all := mustSend(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": plain[0].ID}, "group": obj{"id": g.ID}, "role": "admin"}, 201)
		some := mustSend(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": plain[1].ID}, "group": obj{"id": g.ID}, "role": "admin",
			"configurable_permissions": obj{"can_run_reports": true, "can_instant_login": false}}, 201)
		none := mustSend(t, s, tok, "POST", "/group_memberships", obj{"user": obj{"id": plain[2].ID}, "group": obj{"id": g.ID}, "role": "admin",
			"configurable_permissions": nil}, 201)
		wantPerms := map[string]map[string]bool{
			all.body["id"].(string):  {"can_create_accounts": true, "can_edit_accounts": true, "can_instant_login": true, "can_run_reports": true},
			some.body["id"].(string): {"can_create_accounts": true, "can_edit_accounts": true, "can_instant_login": false, "can_run_reports": true},
			none.body["id"].(string): {"can_create_accounts": false, "can_edit_accounts": false, "can_instant_login": false, "can_run_reports": false},
		}
		truth := map[string]Membership{}
		for _, m := range s.Truth().Memberships {
			truth[m.ID] = m
		}
		listed := func(query string) map[string]map[string]any {
			out := map[string]map[string]any{}
			for _, e := range mustGet(t, s, tok, "/groups/"+g.ID+"/memberships?limit=1000"+query).entries(t) {
				out[e["id"].(string)] = e
			}
			return out
		}
		plainList, namedList := listed(""), listed("&fields=user,role,configurable_permissions")
		for id, perms := range wantPerms {
			for k, v := range perms {
				if truth[id].Permissions[k] != v {
					t.Fatalf("mode %q: Truth membership %s %s=%v, want %v", mode, id, k, truth[id].Permissions[k], v)
				}
			}
			if namedList[id]["role"] != "admin" || namedList[id]["user"] == nil || namedList[id]["created_at"] != nil {
				t.Fatalf("mode %q: a listing with fields= is not projected: %v", mode, namedList[id])
			}
			for _, c := range []struct {
				what string
				obj  map[string]any
				show bool
			}{
				{"listing", plainList[id], want.list},
				{"listing with fields", namedList[id], want.listNamed},
				{"GET", mustGet(t, s, tok, "/group_memberships/"+id).body, want.get},
				{"GET with fields", mustGet(t, s, tok, "/group_memberships/"+id+"?fields=role,configurable_permissions").body, want.getNamed},
				{"GET with other fields", mustGet(t, s, tok, "/group_memberships/"+id+"?fields=role").body, want.getOther},
			} {
				got, ok := c.obj["configurable_permissions"].(map[string]any)
				if ok != c.show {
					t.Fatalf("mode %q: %s shows configurable_permissions: %v, want %v", mode, c.what, ok, c.show)
				}
				for k, v := range perms {
					if ok && got[k] != v {
						t.Fatalf("mode %q: %s of membership %s: %s=%v, want %v", mode, c.what, id, k, got[k], v)
					}
				}
			}
		}
	}
}
