package boxsim

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestSameSeedSameTruth(t *testing.T) {
	cfg := Config{Seed: 99, Users: 500, AppUsers: 12, ExternalUsers: 4, Groups: 60, AvgGroupsPerUser: 2.5, GiantGroupMembers: 100}
	a, b := New(cfg).Truth(), New(cfg).Truth()
	if !reflect.DeepEqual(a, b) {
		t.Fatal("same seed and config produced different Truth")
	}
	cfg.Seed = 100
	if c := New(cfg).Truth(); reflect.DeepEqual(a.Users, c.Users) {
		t.Fatal("different seeds produced identical users")
	}
}

var (
	appLogin     = regexp.MustCompile(`^AppUser_\d+_[A-Za-z0-9]{10}@boxdevedition\.com$`)
	serviceLogin = regexp.MustCompile(`^AutomationUser_\d+_[A-Za-z0-9]{10}@boxdevedition\.com$`)
	humanLogin   = regexp.MustCompile(`^[a-z0-9.-]+@[a-z0-9.-]+$`)
)

func TestSeedInvariants(t *testing.T) {
	cfg := Config{Seed: 5, Users: 3000, AppUsers: 30, ExternalUsers: 7, Groups: 400, AvgGroupsPerUser: 3}
	tr := New(cfg).Truth()
	if len(tr.Users) != 3000 || len(tr.ExternalUsers) != 7 || len(tr.Groups) != 400 {
		t.Fatalf("sizes: %d users, %d external, %d groups", len(tr.Users), len(tr.ExternalUsers), len(tr.Groups))
	}
	sa := tr.ServiceAccount
	if !serviceLogin.MatchString(sa.Login) || sa.Role != "coadmin" || sa.Status != "active" || sa.EnterpriseID != "700001" {
		t.Fatalf("service account %+v", sa)
	}
	now := time.Now()
	logins := map[string]bool{strings.ToLower(sa.Login): true}
	roles, statuses := map[string]int{}, map[string]int{}
	apps := 0
	var prevID string
	for _, u := range tr.Users {
		if prevID != "" && cmpNumeric(prevID, u.ID) >= 0 {
			t.Fatalf("user IDs not increasing: %s then %s", prevID, u.ID)
		}
		prevID = u.ID
		if logins[strings.ToLower(u.Login)] {
			t.Fatalf("duplicate login %s", u.Login)
		}
		logins[strings.ToLower(u.Login)] = true
		roles[u.Role]++
		statuses[u.Status]++
		if utf8.RuneCountInString(u.Name) > 50 || u.Name == "" {
			t.Fatalf("name %q", u.Name)
		}
		if u.EnterpriseID != "700001" || u.CreatedAt.After(u.ModifiedAt) || u.ModifiedAt.After(now) {
			t.Fatalf("user %+v", u)
		}
		if u.IsPlatformAccessOnly {
			apps++
			if !appLogin.MatchString(u.Login) || u.ExternalAppUserID == "" || u.Role != "user" {
				t.Fatalf("app user %+v", u)
			}
		} else if !humanLogin.MatchString(u.Login) {
			t.Fatalf("human login %q", u.Login)
		}
		if u.Role == "admin" && u.IsPlatformAccessOnly {
			t.Fatal("the admin is an app user")
		}
	}
	if apps != 30 || roles["admin"] != 1 {
		t.Fatalf("%d app users, %d admins", apps, roles["admin"])
	}
	if c := roles["coadmin"]; c < 30 || c > 150 {
		t.Fatalf("%d coadmins among 3000, want about 3%%", c)
	}
	for _, st := range []string{"active", "inactive", "cannot_delete_edit", "cannot_delete_edit_upload"} {
		if statuses[st] == 0 {
			t.Fatalf("no %s user: %v", st, statuses)
		}
	}
	if statuses["active"] < 2400 || statuses["inactive"] < 90 || statuses["inactive"] > 300 {
		t.Fatalf("statuses %v: want ~90%% active, ~6%% inactive", statuses)
	}
	listed := map[string]bool{}
	for _, u := range tr.Users {
		listed[u.ID] = true
	}
	for _, u := range tr.ExternalUsers {
		if listed[u.ID] || u.EnterpriseID == "700001" || logins[strings.ToLower(u.Login)] {
			t.Fatalf("external user %+v overlaps the enterprise", u)
		}
	}
	names := map[string]bool{}
	groups := map[string]bool{}
	for _, g := range tr.Groups {
		key := strings.ToLower(g.Name)
		if names[key] {
			t.Fatalf("duplicate group name %q", g.Name)
		}
		names[key] = true
		groups[g.ID] = true
		if g.GroupType != "managed_group" || g.InvitabilityLevel == "" || g.MemberViewabilityLevel == "" {
			t.Fatalf("group %+v", g)
		}
	}
	pairs := map[[2]string]bool{}
	for _, m := range tr.Memberships {
		if !listed[m.UserID] || !groups[m.GroupID] || (m.Role != "member" && m.Role != "admin") {
			t.Fatalf("membership %+v", m)
		}
		p := [2]string{m.UserID, m.GroupID}
		if pairs[p] {
			t.Fatalf("user %s twice in group %s", m.UserID, m.GroupID)
		}
		pairs[p] = true
	}
	if avg := float64(len(tr.Memberships)) / 3000; avg < 2.7 || avg > 3.3 {
		t.Fatalf("average %f groups per user, want about 3", avg)
	}
}

func TestGiantGroup(t *testing.T) {
	for _, c := range []struct{ users, giant, want int }{{300, 120, 120}, {50, 500, 50}} {
		tr := New(Config{Seed: 3, Users: c.users, Groups: 4, AvgGroupsPerUser: 1, GiantGroupMembers: c.giant}).Truth()
		if len(tr.Groups) != 5 {
			t.Fatalf("%d groups, want 4 + All Staff", len(tr.Groups))
		}
		var giant Group
		for _, g := range tr.Groups {
			if g.Name == "All Staff" {
				giant = g
			}
		}
		var members []string
		for _, m := range tr.Memberships {
			if m.GroupID == giant.ID {
				members = append(members, m.UserID)
			}
		}
		if len(members) != c.want {
			t.Fatalf("All Staff has %d members, want %d", len(members), c.want)
		}
		for i, id := range members {
			if id != tr.Users[i].ID {
				t.Fatalf("All Staff member %d is %s, want the first listed users in order", i, id)
			}
		}
	}
	if tr := New(Config{Seed: 3, Users: 10, Groups: 2}).Truth(); len(tr.Groups) != 2 {
		t.Fatal("All Staff created without GiantGroupMembers")
	}
}

func TestZeroConfig(t *testing.T) {
	s := New(Config{AppUsers: 5, GiantGroupMembers: 3, AvgGroupsPerUser: -1, Users: -2})
	cfg := s.Config()
	if cfg.EnterpriseID != "700001" || cfg.EnterpriseName != "Acme Corp" || cfg.ClientID != "sim-client-id" ||
		cfg.ClientSecret != "sim-client-secret" || cfg.Now == nil || cfg.AppUsers != 0 || cfg.GiantGroupMembers != 0 {
		t.Fatalf("defaults %+v", cfg)
	}
	tok := mintToken(t, s)
	if res := mustGet(t, s, tok, "/users"); res.num(t, "total_count") != 0 {
		t.Fatalf("empty enterprise lists %s", res.raw)
	}
	mustGet(t, s, tok, "/users/me")
	if res := mustGet(t, s, tok, "/users?usemarker=true"); res.body["next_marker"] != nil {
		t.Fatalf("empty marker page %s", res.raw)
	}
}

// New must stay fast enough for benchmarks to seed large enterprises.
func TestLargeSeedIsFast(t *testing.T) {
	if testing.Short() {
		t.Skip("large seed")
	}
	start := time.Now()
	s := New(Config{Seed: 1, Users: 100_000, AppUsers: 500, Groups: 10_000, AvgGroupsPerUser: 3})
	d := time.Since(start)
	n := len(s.st.memberships)
	if n < 270_000 || n > 330_000 {
		t.Fatalf("%d memberships, want about 300,000", n)
	}
	budget := 5 * time.Second
	if raceDetector {
		budget *= 4
	}
	if d > budget {
		t.Fatalf("New took %v for 100k users (budget %v)", d, budget)
	}
	t.Logf("New(100k users, 10k groups, %d memberships) took %v", n, d)
	tok := mintToken(t, s)
	start = time.Now()
	res := mustGet(t, s, tok, "/users?offset=9000&limit=1000")
	if len(res.entries(t)) != 1000 || time.Since(start) > time.Second {
		t.Fatalf("page of 1000 from 100k took %v", time.Since(start))
	}
}

func TestExtremeConfigDoesNotPanic(t *testing.T) {
	tr := New(Config{Seed: 1, Users: 20, Groups: 3, AvgGroupsPerUser: 1e300, GiantGroupMembers: 1 << 40, AppUsers: 1 << 40, EventsPerUser: 1e300}).Truth()
	if len(tr.Memberships) < 20*3 || len(tr.Users) != 20 {
		t.Fatalf("%d memberships for 20 users in 3 groups + All Staff; %d users", len(tr.Memberships), len(tr.Users))
	}
}
