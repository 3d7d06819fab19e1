package boxsim

import (
	"net/http"
	"strings"
	"testing"
)

func TestAsUser(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{})
	plain := findUser(t, tr.Users, "plain", func(u User) bool { return u.Role == "user" && !u.IsPlatformAccessOnly })
	app := findUser(t, tr.Users, "app", func(u User) bool { return u.IsPlatformAccessOnly })
	admin := findUser(t, tr.Users, "admin", func(u User) bool { return u.Role == "admin" })
	co, err := s.AddUser(User{Name: "Co Admin", Login: "co.admin@acme.example.com", Role: "coadmin"})
	if err != nil {
		t.Fatal(err)
	}

	// GET /users/me answers as the as-user: one call proves the setting.
	if res := mustAs(t, s, tok, plain.ID, "GET", "/users/me", nil, 200); res.body["id"] != plain.ID {
		t.Fatalf("as-user /users/me: %s", res.raw)
	}
	if res := mustAs(t, s, tok, app.ID, "GET", "/users/me", nil, 200); res.body["id"] != app.ID {
		t.Fatalf("as-user app user: %s", res.raw)
	}
	if res := mustAs(t, s, tok, "", "GET", "/users/me", nil, 200); res.body["id"] != tr.ServiceAccount.ID {
		t.Fatalf("no as-user: %s", res.raw)
	}
	req := newReq(http.MethodGet, "/2.0/users/me", tok)
	req.Header.Set("as-user", "  ") // blank counts as absent
	if res := serve(t, s, req); res.body["id"] != tr.ServiceAccount.ID {
		t.Fatalf("blank as-user: %s", res.raw)
	}

	for name, c := range map[string]struct {
		asUser string
		status int
		code   string
	}{
		"not an ID":           {"alice@acme.example.com", 400, "bad_request"},
		"negative":            {"-17", 400, "bad_request"},
		"no such user":        {"17000000003", 404, "not_found"},
		"the service account": {tr.ServiceAccount.ID, 403, "forbidden"},
		"an external user":    {tr.ExternalUsers[0].ID, 403, "access_denied_insufficient_permissions"},
		"the admin":           {admin.ID, 403, "access_denied_insufficient_permissions"},
		"a co-admin":          {co.ID, 403, "access_denied_insufficient_permissions"},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, getAs(t, s, tok, c.asUser, "/folders/0/items"), c.status, c.code)
			wantError(t, getAs(t, s, tok, c.asUser, "/users/me"), c.status, c.code)
		})
	}

	// Admin routes do not act for users.
	for _, path := range []string{"/users", "/groups", "/users/" + plain.ID, "/events"} {
		wantError(t, getAs(t, s, tok, plain.ID, path), 403, "access_denied_insufficient_permissions")
	}
	wantError(t, sendAs(t, s, tok, plain.ID, "PUT", "/users/"+plain.ID+"/folders/0", obj{"owned_by": obj{"id": app.ID}}),
		403, "access_denied_insufficient_permissions")

	// AsUserPrivileged lets the admin and co-admins be named.
	s2, tok2, tr2 := contentSim(t, ContentConfig{AsUserPrivileged: true})
	admin2 := findUser(t, tr2.Users, "admin", func(u User) bool { return u.Role == "admin" })
	mustAs(t, s2, tok2, admin2.ID, "GET", "/folders/0/items", nil, 200)
	wantError(t, getAs(t, s2, tok2, tr2.ExternalUsers[0].ID, "/folders/0"), 403, "access_denied_insufficient_permissions")
}

// Without the app setting "Make API calls using the as-user header" every
// as-user request is a 403 insufficient_scope, like a missing scope; the
// same call without the header works.
func TestAsUserDisabled(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{AsUserDisabled: true})
	plain := findUser(t, tr.Users, "plain", func(u User) bool { return u.Role == "user" })
	for _, path := range []string{"/folders/0/items", "/folders/0", "/users/me", "/users"} {
		res := getAs(t, s, tok, plain.ID, path)
		wantError(t, res, 403, "insufficient_scope")
		if !strings.Contains(res.header.Get("WWW-Authenticate"), `error="insufficient_scope"`) {
			t.Fatalf("%s: no scope challenge: %v", path, res.header)
		}
	}
	mustAs(t, s, tok, "", "GET", "/folders/0/items", nil, 200)
	for _, f := range tr.Folders {
		if f.Reachable {
			t.Fatalf("folder %s reachable although as-user is off", f.ID)
		}
	}
}

// TestInactiveUsersRefused: by default as-user and user access tokens may
// name an inactive user (Box documents no refusal); with
// ContentConfig.InactiveUsersRefused the header gets 403
// access_denied_insufficient_permissions, the token endpoint invalid_grant,
// and Truth marks their folders unreachable.
func TestInactiveUsersRefused(t *testing.T) {
	for _, refused := range []bool{false, true} {
		s := New(Config{Seed: 41, Users: 60, AppUsers: 2, ExternalUsers: 4, Groups: 6, AvgGroupsPerUser: 1, Now: newFakeClock().Now,
			UserAccessTokens: true, Content: ContentConfig{Folders: 120, InactiveUsersRefused: refused}})
		tok, tr := mintToken(t, s), s.Truth()
		inactive := findUser(t, tr.Users, "inactive", func(u User) bool {
			return u.Status == statusInactive && u.Role == roleUser && !u.IsPlatformAccessOnly
		})
		if _, err := s.AddFolder(Folder{Name: "Kept", OwnerID: inactive.ID}); err != nil {
			t.Fatal(err)
		}
		form := tokenForm(s.Config())
		form.Set("box_subject_type", "user")
		form.Set("box_subject_id", inactive.ID)
		tokenRes := postToken(t, s, form)
		f := findFolder(t, s.Truth(), "the inactive user's", func(f Folder) bool { return f.OwnerID == inactive.ID })
		if refused {
			wantError(t, getAs(t, s, tok, inactive.ID, "/folders/0/items"), 403, "access_denied_insufficient_permissions")
			if tokenRes.body["error"] != "invalid_grant" {
				t.Fatalf("user token for an inactive user: %s", tokenRes.raw)
			}
		} else {
			mustAs(t, s, tok, inactive.ID, "GET", "/folders/0/items", nil, 200)
			if tokenRes.status != http.StatusOK {
				t.Fatalf("user token for an inactive user: %s", tokenRes.raw)
			}
		}
		if f.Reachable == refused {
			t.Fatalf("refused %v: folder %s of an inactive user has Reachable %v", refused, f.ID, f.Reachable)
		}
	}
}

// TestAsUserNamesTokenUser: as-user naming the user the token already acts
// as is a 403 forbidden (as-user guide, Limitations), even where that user
// could otherwise be named.
func TestAsUserNamesTokenUser(t *testing.T) {
	s := New(Config{Seed: 1, Users: 5, UserAccessTokens: true, Content: ContentConfig{AsUserPrivileged: true}})
	admin := findUser(t, s.Truth().Users, "admin", func(u User) bool { return u.Role == roleAdmin })
	at := adminToken(t, s, admin.ID)
	wantError(t, getAs(t, s, at, admin.ID, "/users/me"), 403, "forbidden")
	mustAs(t, s, mintToken(t, s), admin.ID, "GET", "/users/me", nil, 200) // the service account may name them here
}
