package main_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// The one-shot provisioning flags, as an operator runs them, against the
// simulator running as its own process (cmd/boxsim).

type simProcess struct {
	url string
	env map[string]string
}

// startSimProcess runs cmd/boxsim; extra flags override the defaults.
func startSimProcess(t *testing.T, extra ...string) *simProcess {
	t.Helper()
	args := append([]string{"-addr", "127.0.0.1:0", "-seed", "4", "-users", "25", "-groups", "5", "-app-users", "1"}, extra...)
	cmd := exec.CommandContext(t.Context(), simBinary, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	banner, err := bufio.NewReader(stdout).ReadString('\n')
	fields := strings.Fields(banner)
	if err != nil || len(fields) < 4 {
		t.Fatalf("simulator did not start: %q %v", banner, err)
	}
	url := fields[3]
	return &simProcess{url: url, env: boxEnv(boxsim.Config{
		ClientID: boxsim.DefaultClientID, ClientSecret: boxsim.DefaultClientSecret, EnterpriseID: boxsim.DefaultEnterpriseID,
	}, url)}
}

// startSyncedSim starts cmd/boxsim and syncs it into a new c1z, which the
// one-shot provisioning flags work on.
func startSyncedSim(t *testing.T, extra ...string) (*simProcess, string) {
	t.Helper()
	sim := startSimProcess(t, extra...)
	c1z := filepath.Join(t.TempDir(), "sync.c1z")
	succeeded(t, "initial sync", runBinaryOn(t, c1z, sim.env))
	return sim, c1z
}

// plainActiveUser: an active managed user with the role user, whom any
// operation may change.
func plainActiveUser(u boxsim.User) bool {
	return u.Role == "user" && u.Status == "active" && !u.IsPlatformAccessOnly
}

func (s *simProcess) truth(t *testing.T) boxsim.Truth {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, s.url+"/_boxsim/truth", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var tr boxsim.Truth
	if err := json.NewDecoder(resp.Body).Decode(&tr); err != nil {
		t.Fatal(err)
	}
	return tr
}

func mustRun(t *testing.T, c1z string, env map[string]string, args ...string) {
	t.Helper()
	for i := range 2 { // every operation twice: the repeat must succeed too
		succeeded(t, fmt.Sprintf("%v (run %d)", args, i+1), runBinaryOn(t, c1z, env, args...))
	}
}

func TestOneShotProvisioningFlags(t *testing.T) {
	t.Parallel()
	sim, c1z := startSyncedSim(t)
	truth := sim.truth(t)
	var user, other boxsim.User
	for _, u := range truth.Users {
		if plainActiveUser(u) {
			if user.ID == "" {
				user = u
			} else if other.ID == "" {
				other = u
			}
		}
	}
	var group boxsim.Group
	for _, g := range truth.Groups {
		inGroup := false
		for _, m := range truth.Memberships {
			inGroup = inGroup || (m.GroupID == g.ID && m.UserID == user.ID)
		}
		if !inGroup {
			group = g
			break
		}
	}
	if user.ID == "" || other.ID == "" || group.ID == "" {
		t.Fatal("seed too small")
	}

	// Grant group admin, then revoke it.
	mustRun(t, c1z, sim.env, "--grant-entitlement", "group:"+group.ID+":admin", "--grant-principal", user.ID, "--grant-principal-type", "user")
	if m := findMembership(sim.truth(t), user.ID, group.ID); m == nil || m.Role != "admin" {
		t.Fatalf("after --grant-entitlement: %+v", m)
	}
	// --revoke-grant works on grants in the c1z, so sync first, as an operator would.
	mustRun(t, c1z, sim.env)
	mustRun(t, c1z, sim.env, "--revoke-grant", fmt.Sprintf("group:%s:admin:user:%s", group.ID, user.ID))
	if m := findMembership(sim.truth(t), user.ID, group.ID); m == nil || m.Role != "member" {
		t.Fatalf("after --revoke-grant: %+v", m)
	}

	// Co-admin role.
	mustRun(t, c1z, sim.env, "--grant-entitlement", "role:co-admin:member", "--grant-principal", user.ID, "--grant-principal-type", "user")
	if u := findUser(sim.truth(t), user.ID); u == nil || u.Role != "coadmin" {
		t.Fatalf("after granting co-admin: %+v", u)
	}

	// Create an account with the deployed connector's field names (name,
	// login in the profile), and with this connector's earlier alias (email).
	mustRun(t, c1z, sim.env, "--create-account-email", "ops.newhire@example.com",
		"--create-account-profile", `{"name":"Ops Newhire","login":"ops.newhire@example.com","job_title":"SRE"}`, "--create-account-resource-type", "user")
	mustRun(t, c1z, sim.env, "--create-account-login", "ops.second@example.com",
		"--create-account-profile", `{"name":"Ops Second","email":"ops.second@example.com"}`, "--create-account-resource-type", "user")
	byLogin := map[string]boxsim.User{}
	for _, u := range sim.truth(t).Users {
		byLogin[u.Login] = u
	}
	if c := byLogin["ops.newhire@example.com"]; c.Name != "Ops Newhire" || c.JobTitle != "SRE" {
		t.Fatalf("created account: %+v", c)
	}
	if c := byLogin["ops.second@example.com"]; c.Name != "Ops Second" {
		t.Fatalf("created account (email alias): %+v", c)
	}
	// Conflicting logins are refused, and nothing is created.
	if r := runBinaryOn(t, c1z, sim.env, "--create-account-email", "a.one@example.com",
		"--create-account-profile", `{"name":"A One","login":"a.two@example.com"}`); r.exitCode == 0 {
		t.Fatal("conflicting login and e-mail accepted")
	}

	// User actions with the deployed connector's arguments: a string user_id,
	// globally (as ConductorOne's lifecycle automations call them) and on the
	// user resource type; and the resource_id alias of earlier releases.
	mustRun(t, c1z, sim.env, "--invoke-action", "disable_user", "--invoke-action-args", fmt.Sprintf(`{"user_id":%q}`, other.ID))
	if u := findUser(sim.truth(t), other.ID); u == nil || u.Status != "inactive" {
		t.Fatalf("after global disable_user: %+v", u)
	}
	mustRun(t, c1z, sim.env, "--invoke-action", "enable_user", "--invoke-action-resource-type", "user",
		"--invoke-action-args", fmt.Sprintf(`{"resource_id":{"resource_type_id":"user","resource_id":%q}}`, other.ID))
	if u := findUser(sim.truth(t), other.ID); u == nil || u.Status != "active" {
		t.Fatalf("after enable_user (resource_id alias): %+v", u)
	}
	mustRun(t, c1z, sim.env, "--invoke-action", "update_profile", "--invoke-action-resource-type", "user",
		"--invoke-action-args", fmt.Sprintf(`{"user_id":%q,"name":"Renamed Other","login":"renamed.other@example.com"}`, other.ID))
	if u := findUser(sim.truth(t), other.ID); u == nil || u.Name != "Renamed Other" || u.Login != "renamed.other@example.com" {
		t.Fatalf("after update_profile: %+v", u)
	}
	// A bad user ID fails without changing anything.
	before := sim.truth(t)
	for _, args := range []string{`{}`, `{"user_id":"../users/1"}`, `{"user_id":"17999999999"}`} {
		if r := runBinaryOn(t, c1z, sim.env, "--invoke-action", "disable_user", "--invoke-action-args", args); r.exitCode == 0 {
			t.Fatalf("disable_user %s: exit 0", args)
		}
	}
	if !reflect.DeepEqual(before, sim.truth(t)) {
		t.Fatal("a refused action changed Box")
	}

	// Delete a user; their content goes to the service account first.
	before = sim.truth(t)
	mustRun(t, c1z, sim.env, "--delete-resource", other.ID, "--delete-resource-type", "user")
	after := sim.truth(t)
	if findUser(after, other.ID) != nil {
		t.Fatal("user not deleted")
	}
	if after.DestroyedItems != before.DestroyedItems {
		t.Fatal("content was destroyed instead of transferred")
	}
}

func findMembership(t boxsim.Truth, userID, groupID string) *boxsim.Membership {
	for _, m := range t.Memberships {
		if m.UserID == userID && m.GroupID == groupID {
			return &m
		}
	}
	return nil
}

func findUser(t boxsim.Truth, id string) *boxsim.User {
	for _, u := range t.Users {
		if u.ID == id {
			return &u
		}
	}
	return nil
}

// TestHostileIDsAndProtectedAccountsThroughTheBinary: an ID that is not a
// Box ID never reaches Box (`--delete-resource '../users/<id>'
// --delete-resource-type group` once deleted the user through the group
// path), and the primary admin cannot be disabled.
func TestHostileIDsAndProtectedAccountsThroughTheBinary(t *testing.T) {
	t.Parallel()
	sim, c1z := startSyncedSim(t)
	truth := sim.truth(t)
	var admin, user boxsim.User
	for _, u := range truth.Users {
		switch {
		case u.Role == "admin":
			admin = u
		case plainActiveUser(u) && user.ID == "":
			user = u
		}
	}
	for _, args := range [][]string{
		{"--delete-resource", "../users/" + user.ID, "--delete-resource-type", "group"},
		{"--delete-resource", "x/../" + truth.ServiceAccount.ID, "--delete-resource-type", "user"},
		{"--invoke-action", "disable_user", "--invoke-action-args", `{"user_id":"x/../` + truth.ServiceAccount.ID + `"}`},
		{"--invoke-action", "terminate_sessions", "--invoke-action-resource-type", "user", "--invoke-action-args", `{"user_id":"` + user.ID + `?x=1"}`},
	} {
		r := runBinaryOn(t, c1z, sim.env, args...)
		if r.exitCode != 3 { // InvalidArgument
			t.Errorf("%v: exit %d, want 3 (InvalidArgument): %s", args, r.exitCode, lastErrorLine(r.stderr))
		}
	}
	r := runBinaryOn(t, c1z, sim.env, "--invoke-action", "disable_user", "--invoke-action-args", `{"user_id":"`+admin.ID+`"}`)
	if r.exitCode != 9 || !strings.Contains(lastErrorLine(r.stderr), "primary admin") { // FailedPrecondition
		t.Errorf("disable the primary admin: exit %d: %s", r.exitCode, lastErrorLine(r.stderr))
	}
	after := sim.truth(t)
	if findUser(after, user.ID) == nil || findUser(after, admin.ID).Status != "active" || len(after.Users) != len(truth.Users) {
		t.Fatal("a refused operation changed Box")
	}
}
