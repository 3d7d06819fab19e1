package boxsim

import (
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCreateUser(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 6, Users: 40, AppUsers: 3, ExternalUsers: 2, Now: clock.Now})
	tok := mintToken(t, s)
	tr := s.Truth()

	res := mustSend(t, s, tok, "POST", "/users", obj{"name": "Ada Lovelace", "login": "ada@acme.example.com",
		"job_title": "Analyst", "phone": "555-0101", "address": "12 St James's Sq", "timezone": "Europe/London",
		"language": "en", "is_sync_enabled": true, "tracking_codes": []any{}}, 201)
	want := []string{"type", "id", "name", "login", "created_at", "modified_at", "language", "timezone", "space_amount",
		"space_used", "max_upload_size", "status", "job_title", "phone", "address", "avatar_url", "notification_email"}
	if got := keys(res.body); !sameSet(got, want) {
		t.Fatalf("POST /users representation %v, want the standard %v", got, want)
	}
	if res.body["status"] != "pending" || res.body["phone"] != "555-0101" || res.body["timezone"] != "Europe/London" ||
		res.body["created_at"] != clock.Now().Format("2006-01-02T15:04:05-07:00") {
		t.Fatalf("created user: %s", res.raw)
	}
	ada := res.body["id"].(string)
	if cmpNumeric(ada, tr.Users[len(tr.Users)-1].ID) <= 0 {
		t.Fatalf("new ID %s not after the seeded users", ada)
	}
	got, ok := userByID(s.Truth(), ada)
	if !ok || got.Role != "user" || got.OwnedItems != 0 || got.Address != "12 St James's Sq" || got.EnterpriseID != "700001" {
		t.Fatalf("Truth: %+v", got)
	}
	if found := ids(mustGet(t, s, tok, "/users?filter_term=ada%20l").entries(t)); !slices.Equal(found, []string{ada}) {
		t.Fatalf("filter_term finds %v", found)
	}

	res = mustSend(t, s, tok, "POST", "/users?fields=role,status,enterprise", obj{"name": "Co Admin", "login": "co@acme.example.com", "role": "coadmin", "status": "inactive"}, 201)
	if res.body["role"] != "coadmin" || res.body["status"] != "inactive" || res.body["created_at"] != nil ||
		res.body["enterprise"].(map[string]any)["id"] != "700001" {
		t.Fatalf("fields= on POST: %s", res.raw)
	}
	// App users need no login; a given one is replaced by an AppUser_ login.
	res = mustSend(t, s, tok, "POST", "/users?fields=is_platform_access_only,external_app_user_id,role",
		obj{"name": "Kiosk 9", "is_platform_access_only": true, "external_app_user_id": "kiosk-9", "login": "kiosk@acme.example.com"}, 201)
	if !appLogin.MatchString(res.body["login"].(string)) || res.body["is_platform_access_only"] != true ||
		res.body["external_app_user_id"] != "kiosk-9" || res.body["role"] != "user" {
		t.Fatalf("app user: %s", res.raw)
	}
	if found := ids(mustGet(t, s, tok, "/users?external_app_user_id=kiosk-9").entries(t)); len(found) != 1 {
		t.Fatalf("app user lookup: %v", found)
	}

	// Logins are unique case-insensitively across every user Box knows.
	for _, login := range []string{"ADA@acme.example.com", tr.ExternalUsers[0].Login, strings.ToUpper(tr.ServiceAccount.Login), tr.Users[5].Login} {
		wantError(t, send(t, s, tok, "POST", "/users", obj{"name": "Dup", "login": login}), 409, "user_login_already_used")
	}
	for name, body := range map[string]any{
		"no name":          obj{"login": "x1@acme.example.com"},
		"blank name":       obj{"name": "  ", "login": "x1@acme.example.com"},
		"long name":        obj{"name": strings.Repeat("é", 51), "login": "x1@acme.example.com"},
		"no login":         obj{"name": "X"},
		"bad login":        obj{"name": "X", "login": "x1.acme.example.com"},
		"display login":    obj{"name": "X", "login": "X <x1@acme.example.com>"},
		"admin role":       obj{"name": "X", "login": "x1@acme.example.com", "role": "admin"},
		"bad status":       obj{"name": "X", "login": "x1@acme.example.com", "status": "pending"},
		"bad timezone":     obj{"name": "X", "login": "x1@acme.example.com", "timezone": "Mars/Base"},
		"local timezone":   obj{"name": "X", "login": "x1@acme.example.com", "timezone": "Local"},
		"long job title":   obj{"name": "X", "login": "x1@acme.example.com", "job_title": strings.Repeat("j", 101)},
		"bool as string":   obj{"name": "X", "login": "x1@acme.example.com", "is_sync_enabled": "yes"},
		"name not string":  obj{"name": 5, "login": "x1@acme.example.com"},
		"app user coadmin": obj{"name": "X", "is_platform_access_only": true, "role": "coadmin"},
		"bad notify email": obj{"name": "X", "login": "x1@acme.example.com", "notification_email": obj{"email": "nope"}},
		"trailing data":    `{"name":"X","login":"x1@acme.example.com"} {}`,
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, send(t, s, tok, "POST", "/users", body), 400, "bad_request")
		})
	}
	if n := len(s.Truth().Users); n != len(tr.Users)+3 {
		t.Fatalf("%d users after 3 creations", n)
	}
}

func TestUpdateUser(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 7, Users: 40, AppUsers: 2, ExternalUsers: 1, Now: clock.Now})
	tok := mintToken(t, s)
	tr := s.Truth()
	admin := findUser(t, tr.Users, "admin", func(u User) bool { return u.Role == "admin" })
	u := findUser(t, tr.Users, "plain", func(u User) bool { return u.Role == "user" && !u.IsPlatformAccessOnly && u.Status == "active" })
	other := findUser(t, tr.Users, "other", func(x User) bool { return x.Role == "user" && !x.IsPlatformAccessOnly && x.ID != u.ID })
	app := findUser(t, tr.Users, "app", func(u User) bool { return u.IsPlatformAccessOnly })

	clock.Advance(5 * time.Minute)
	res := mustSend(t, s, tok, "PUT", "/users/"+u.ID, obj{"name": "Renamed Person", "login": "renamed@acme.example.com",
		"status": "cannot_delete_edit_upload", "job_title": "Boss", "notification_email": obj{"email": "n@acme.example.com"}}, 200)
	if res.body["name"] != "Renamed Person" || res.body["status"] != "cannot_delete_edit_upload" ||
		res.body["modified_at"] != clock.Now().Format("2006-01-02T15:04:05-07:00") ||
		res.body["notification_email"].(map[string]any)["email"] != "n@acme.example.com" {
		t.Fatalf("PUT /users: %s", res.raw)
	}
	after, _ := userByID(s.Truth(), u.ID)
	if after.Role != "user" || after.Login != "renamed@acme.example.com" || after.JobTitle != "Boss" || !after.CreatedAt.Equal(u.CreatedAt) {
		t.Fatalf("Truth after PUT: %+v", after)
	}
	// Reads follow: the new login and name match filter_term, the old do not.
	if got := ids(mustGet(t, s, tok, "/users?filter_term=renamed").entries(t)); !slices.Equal(got, []string{u.ID}) {
		t.Fatalf("filter on new name: %v", got)
	}
	if got := ids(mustGet(t, s, tok, "/users?limit=1000&filter_term="+url.QueryEscape(u.Login)).entries(t)); slices.Contains(got, u.ID) {
		t.Fatalf("old login still matches")
	}
	// The old login is free again; the new one is taken.
	mustSend(t, s, tok, "POST", "/users", obj{"name": "Reuse", "login": u.Login}, 201)
	wantError(t, send(t, s, tok, "PUT", "/users/"+other.ID, obj{"login": "RENAMED@acme.example.com"}), 409, "user_login_already_used")
	mustSend(t, s, tok, "PUT", "/users/"+u.ID, obj{"login": "Renamed@ACME.example.com"}, 200) // own login, new case
	res = mustSend(t, s, tok, "PUT", "/users/"+u.ID+"?fields=notification_email,role", obj{"notification_email": nil, "role": "user"}, 200)
	if res.body["notification_email"] != nil || res.body["role"] != "user" || res.body["status"] != nil {
		t.Fatalf("PUT with fields: %s", res.raw)
	}

	// The primary admin: role and deactivation are Admin Console only.
	wantError(t, send(t, s, tok, "PUT", "/users/"+admin.ID, obj{"role": "user"}), 403, "forbidden")
	wantError(t, send(t, s, tok, "PUT", "/users/"+admin.ID, obj{"role": "coadmin"}), 403, "forbidden")
	wantError(t, send(t, s, tok, "PUT", "/users/"+admin.ID, obj{"status": "inactive"}), 403, "forbidden")
	mustSend(t, s, tok, "PUT", "/users/"+admin.ID, obj{"job_title": "CEO", "status": "active"}, 200)
	if a, _ := userByID(s.Truth(), admin.ID); a.Role != "admin" || a.JobTitle != "CEO" {
		t.Fatalf("admin after PUTs: %+v", a)
	}

	wantError(t, send(t, s, tok, "PUT", "/users/"+app.ID, obj{"role": "coadmin"}), 400, "bad_request")
	wantError(t, send(t, s, tok, "PUT", "/users/"+app.ID, obj{"login": "robot@acme.example.com"}), 400, "bad_request")
	mustSend(t, s, tok, "PUT", "/users/"+app.ID, obj{"name": "Renamed Robot", "external_app_user_id": "r-2"}, 200)
	wantError(t, send(t, s, tok, "PUT", "/users/"+tr.ExternalUsers[0].ID, obj{"name": "x"}), 403, "access_denied_insufficient_permissions")
	wantError(t, send(t, s, tok, "PUT", "/users/"+tr.ServiceAccount.ID, obj{"name": "x"}), 403, "forbidden")
	wantError(t, send(t, s, tok, "PUT", "/users/17000000002", obj{"name": "x"}), 404, "not_found")
	wantError(t, send(t, s, tok, "PUT", "/users/"+u.ID, obj{"role": "admin"}), 400, "bad_request")
	wantError(t, send(t, s, tok, "PUT", "/users/"+u.ID, obj{"enterprise": nil}), 400, "bad_request")
	mustSend(t, s, tok, "PUT", "/users/"+u.ID, obj{"enterprise": "700001", "notify": false}, 200)
	// The body is checked before the ID: a bad body on an unknown user is a 400.
	wantError(t, send(t, s, tok, "PUT", "/users/17000000002", obj{"status": "asleep"}), 400, "bad_request")
}

func TestDeleteUserEndpoint(t *testing.T) {
	s := New(Config{Seed: 8, Users: 40, Groups: 6, AvgGroupsPerUser: 3})
	tok := mintToken(t, s)
	tr := s.Truth()
	admin := findUser(t, tr.Users, "admin", func(u User) bool { return u.Role == "admin" })
	owner := findUser(t, tr.Users, "owning", func(u User) bool { return u.Role == "user" && u.OwnedItems > 0 && len(membershipsOf(tr, u.ID)) > 0 })
	empty := findUser(t, tr.Users, "content-free", func(u User) bool { return u.Role == "user" && u.OwnedItems == 0 })

	res := send(t, s, tok, "DELETE", "/users/"+owner.ID, nil)
	wantError(t, res, 400, "user_not_deletable")
	wantError(t, send(t, s, tok, "DELETE", "/users/"+owner.ID+"?force=false", nil), 400, "user_not_deletable")
	mustGet(t, s, tok, "/users/"+owner.ID)

	mustSend(t, s, tok, "DELETE", "/users/"+owner.ID+"?force=true&notify=false", nil, 204)
	after := s.Truth()
	if after.DestroyedItems != owner.OwnedItems {
		t.Fatalf("DestroyedItems %d, want %d", after.DestroyedItems, owner.OwnedItems)
	}
	if _, ok := userByID(after, owner.ID); ok || len(membershipsOf(after, owner.ID)) != 0 {
		t.Fatal("deleted user or their memberships survive in Truth")
	}
	for _, m := range membershipsOf(tr, owner.ID) {
		wantError(t, get(t, s, tok, "/group_memberships/"+m.ID), 404, "not_found")
	}
	wantError(t, get(t, s, tok, "/users/"+owner.ID), 404, "not_found")
	wantError(t, send(t, s, tok, "DELETE", "/users/"+owner.ID+"?force=true", nil), 404, "not_found")

	mustSend(t, s, tok, "DELETE", "/users/"+empty.ID, nil, 204) // owns nothing: no force needed
	if d := s.Truth().DestroyedItems; d != owner.OwnedItems {
		t.Fatalf("deleting an empty account destroyed items: %d", d)
	}
	wantError(t, send(t, s, tok, "DELETE", "/users/"+admin.ID+"?force=true", nil), 403, "forbidden")
	wantError(t, send(t, s, tok, "DELETE", "/users/"+tr.ServiceAccount.ID+"?force=true", nil), 403, "forbidden")
	wantError(t, send(t, s, tok, "DELETE", "/users/"+admin.ID+"?force=perhaps", nil), 400, "bad_request")
	if len(s.Truth().Users) != len(tr.Users)-2 {
		t.Fatal("user count after two deletions")
	}
	// DeleteUser (the method) behaves like force=true.
	victim := findUser(t, s.Truth().Users, "owning", func(u User) bool { return u.Role == "user" && u.OwnedItems > 0 })
	if err := s.DeleteUser(victim.ID); err != nil {
		t.Fatal(err)
	}
	if d := s.Truth().DestroyedItems; d != owner.OwnedItems+victim.OwnedItems {
		t.Fatalf("DeleteUser: DestroyedItems %d", d)
	}
}

func membershipsOf(tr Truth, userID string) []Membership {
	var out []Membership
	for _, m := range tr.Memberships {
		if m.UserID == userID {
			out = append(out, m)
		}
	}
	return out
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}

// A marker walk stays exact across writes between pages: users created
// after the walk started appear, users deleted before being reached do
// not, and nobody is listed twice.
func TestMarkerWalkAcrossWrites(t *testing.T) {
	s := New(Config{Seed: 9, Users: 100})
	tok := mintToken(t, s)
	tr := s.Truth()
	res := mustGet(t, s, tok, "/users?usemarker=true&limit=30")
	seen := ids(res.entries(t))
	marker := res.body["next_marker"].(string)

	created := mustSend(t, s, tok, "POST", "/users", obj{"name": "Late Joiner", "login": "late@acme.example.com"}, 201).body["id"].(string)
	var gone string
	for _, u := range tr.Users[60:] {
		if u.Role != "admin" {
			gone = u.ID
			break
		}
	}
	mustSend(t, s, tok, "DELETE", "/users/"+gone+"?force=true", nil, 204)
	mustSend(t, s, tok, "DELETE", "/users/"+seen[5]+"?force=true", nil, 204) // already seen: must not shift the walk

	for marker != "" {
		res = mustGet(t, s, tok, "/users?usemarker=true&limit=30&marker="+marker)
		seen = append(seen, ids(res.entries(t))...)
		marker, _ = res.body["next_marker"].(string)
	}
	var want []string
	for _, u := range tr.Users {
		if u.ID != gone {
			want = append(want, u.ID)
		}
	}
	want = append(want, created)
	if !slices.Equal(seen, want) {
		t.Fatalf("walk saw %d users, want %d (created %s, deleted %s)", len(seen), len(want), created, gone)
	}
}
