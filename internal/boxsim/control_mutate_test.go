package boxsim

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAddUserGroupMembership(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 1, Users: 20, ExternalUsers: 1, Groups: 2, Now: clock.Now})
	tok := mintToken(t, s)
	tr := s.Truth()

	u, err := s.AddUser(User{Name: "New Hire", Login: "new.hire@acme.example.com", JobTitle: "Intern"})
	if err != nil {
		t.Fatal(err)
	}
	if u.Status != "active" || u.Role != "user" || u.EnterpriseID != "700001" || !u.CreatedAt.Equal(clock.Now()) {
		t.Fatalf("added user %+v", u)
	}
	if cmpNumeric(u.ID, tr.Users[len(tr.Users)-1].ID) <= 0 {
		t.Fatalf("new user ID %s not above existing ones", u.ID)
	}
	res := mustGet(t, s, tok, "/users?filter_term=new%20hire")
	if got := ids(res.entries(t)); !slices.Equal(got, []string{u.ID}) {
		t.Fatalf("new user not listed: %v", got)
	}
	if _, err := s.AddUser(User{Name: "Dup", Login: strings.ToUpper(u.Login)}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate login: %v", err)
	}
	if _, err := s.AddUser(User{Name: "Ext", Login: tr.ExternalUsers[0].Login}); !errors.Is(err, ErrConflict) {
		t.Fatalf("login of an external user: %v", err)
	}
	for _, bad := range []User{{Login: "x@y.z"}, {Name: "x"}, {Name: "x", Login: "a@b.c", Role: "admin"}, {Name: "x", Login: "a@b.c", Status: "gone"}} {
		if _, err := s.AddUser(bad); !errors.Is(err, ErrInvalid) {
			t.Fatalf("AddUser(%+v): %v", bad, err)
		}
	}
	app, err := s.AddUser(User{Name: "Robot", IsPlatformAccessOnly: true, ExternalAppUserID: "robot-1"})
	if err != nil || !appLogin.MatchString(app.Login) {
		t.Fatalf("app user %+v %v", app, err)
	}

	g, err := s.AddGroup(Group{Name: "Launch Team", Description: "temp"})
	if err != nil || g.GroupType != "managed_group" || g.InvitabilityLevel != "admins_only" {
		t.Fatalf("AddGroup %+v %v", g, err)
	}
	if _, err := s.AddGroup(Group{Name: "LAUNCH team"}); !errors.Is(err, ErrConflict) {
		t.Fatalf("duplicate group name: %v", err)
	}
	m, err := s.AddMembership(u.ID, g.ID, "")
	if err != nil || m.Role != "member" {
		t.Fatalf("AddMembership %+v %v", m, err)
	}
	again, err := s.AddMembership(u.ID, g.ID, "admin")
	if !errors.Is(err, ErrConflict) || again.ID != m.ID {
		t.Fatalf("second AddMembership: %+v %v", again, err)
	}
	if _, err := s.AddMembership(tr.ExternalUsers[0].ID, g.ID, ""); !errors.Is(err, ErrInvalid) {
		t.Fatalf("external user into group: %v", err)
	}
	if _, err := s.AddMembership("1", g.ID, ""); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown user: %v", err)
	}
	res = mustGet(t, s, tok, "/groups/"+g.ID+"/memberships")
	if got := ids(res.entries(t)); !slices.Equal(got, []string{m.ID}) {
		t.Fatalf("group memberships %v", got)
	}
	mustGet(t, s, tok, "/group_memberships/"+m.ID)

	clock.Advance(time.Minute)
	if err := s.SetUserStatus(u.ID, "inactive"); err != nil {
		t.Fatal(err)
	}
	res = mustGet(t, s, tok, "/users/"+u.ID)
	if res.body["status"] != "inactive" || res.body["modified_at"] == res.body["created_at"] {
		t.Fatalf("after SetUserStatus: %s", res.raw)
	}
	if err := s.SetUserStatus(u.ID, "sleeping"); !errors.Is(err, ErrInvalid) {
		t.Fatalf("bad status: %v", err)
	}
}

func TestDeleteUser(t *testing.T) {
	s := New(Config{Seed: 2, Users: 30, Groups: 5, AvgGroupsPerUser: 3})
	tok := mintToken(t, s)
	tr := s.Truth()
	var victim, admin User
	for _, u := range tr.Users {
		switch {
		case u.Role == "admin":
			admin = u
		case victim.ID == "":
			victim = u
		}
	}
	if err := s.DeleteUser(admin.ID); !errors.Is(err, ErrInvalid) {
		t.Fatalf("deleting the admin: %v", err)
	}
	if err := s.DeleteUser(victim.ID); err != nil {
		t.Fatal(err)
	}
	wantError(t, get(t, s, tok, "/users/"+victim.ID), http.StatusNotFound, "not_found")
	after := s.Truth()
	if len(after.Users) != len(tr.Users)-1 {
		t.Fatalf("%d users after delete", len(after.Users))
	}
	for _, m := range after.Memberships {
		if m.UserID == victim.ID {
			t.Fatalf("membership %s of the deleted user survives", m.ID)
		}
	}
	for _, g := range after.Groups {
		res := mustGet(t, s, tok, "/groups/"+g.ID+"/memberships?limit=1000")
		for _, e := range res.entries(t) {
			if e["user"].(map[string]any)["id"] == victim.ID {
				t.Fatal("deleted user still listed in a group")
			}
		}
	}
}

// Run with -race: readers page while a writer mutates.
func TestConcurrentReadsAndWrites(t *testing.T) {
	s := New(Config{Seed: 3, Users: 300, Groups: 20, AvgGroupsPerUser: 2})
	tok := mintToken(t, s)
	groupID := s.Truth().Groups[0].ID
	var wg sync.WaitGroup
	for r := range 4 {
		wg.Go(func() {
			for i := range 30 {
				for _, p := range []string{"/users?limit=50&offset=" + strconv.Itoa(i*5), "/groups/" + groupID + "/memberships", "/users?usemarker=true&limit=20"} {
					if res := get(t, s, tok, p); res.status != 200 {
						t.Errorf("reader %d: %s: %d", r, p, res.status)
					}
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 60 {
			u, err := s.AddUser(User{Name: fmt.Sprintf("Temp %d", i), Login: fmt.Sprintf("temp%d@acme.example.com", i)})
			if err != nil {
				t.Error(err)
				return
			}
			if _, err := s.AddMembership(u.ID, groupID, ""); err != nil {
				t.Error(err)
			}
			if i%2 == 0 {
				if err := s.DeleteUser(u.ID); err != nil {
					t.Error(err)
				}
			}
			s.SetFaults(Faults{})
			_ = s.Stats()
		}
	})
	wg.Wait()
	if got := len(s.Truth().Users); got != 330 {
		t.Fatalf("%d users after 60 adds and 30 deletes, want 330", got)
	}
}
