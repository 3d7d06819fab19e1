package main_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// Every successful operation says what it did in one line on stdout, and a
// repeat says that nothing was left to do and why; a sync says what it
// wrote. A failed run prints nothing on stdout.
func TestEachOperationSaysWhatHappenedOnStdout(t *testing.T) {
	t.Parallel()
	sim, c1z := startSyncedSim(t)
	truth := sim.truth(t)
	var user, other boxsim.User
	for _, u := range truth.Users {
		switch {
		case !plainActiveUser(u):
		case user.ID == "":
			user = u
		case other.ID == "":
			other = u
		}
	}
	var group boxsim.Group
	for _, g := range truth.Groups {
		if findMembership(truth, user.ID, g.ID) == nil {
			group = g
			break
		}
	}
	if other.ID == "" || group.ID == "" {
		t.Fatal("seed too small")
	}
	says := func(args ...string) string {
		t.Helper()
		r := runBinaryOn(t, c1z, sim.env, args...)
		succeeded(t, strings.Join(args, " "), r)
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if len(lines) != 1 || lines[0] == "" {
			t.Fatalf("%v printed %d lines on stdout, want 1:\n%s", args, len(lines), r.stdout)
		}
		return lines[0]
	}
	expect := func(got, want string) {
		t.Helper()
		if got != want {
			t.Errorf("stdout %q, want %q", got, want)
		}
	}
	expectMatch := func(got, pattern string) []string {
		t.Helper()
		m := regexp.MustCompile(pattern).FindStringSubmatch(got)
		if m == nil {
			t.Errorf("stdout %q does not match %s", got, pattern)
		}
		return m
	}

	grant := []string{"--grant-entitlement", "group:" + group.ID + ":member", "--grant-principal", user.ID, "--grant-principal-type", "user"}
	expect(says(grant...), fmt.Sprintf("granted group:%s:member to user %s", group.ID, user.ID))
	expectMatch(says(grant...), fmt.Sprintf(`^user %s is already a group member of group %s \(membership \d+, role member\)$`, user.ID, group.ID))

	expectMatch(says(), fmt.Sprintf(`^synced %d users, %d groups, 3 roles, 1 enterprise and [\d,]+ grants into %s in [\d.]+m?s; `+
		`\d+ API calls \(0 answered 429\), about [\d,]+ a month at one sync a day$`,
		len(truth.Users), len(truth.Groups), regexp.QuoteMeta(c1z)))

	revoke := []string{"--revoke-grant", fmt.Sprintf("group:%s:member:user:%s", group.ID, user.ID)}
	expect(says(revoke...), fmt.Sprintf("revoked group:%s:member from user %s", group.ID, user.ID))
	expect(says(revoke...), fmt.Sprintf("user %s is not a member of group %s", user.ID, group.ID))

	create := []string{"--create-account-email", "ops.newhire@example.com", "--create-account-profile", `{"name":"Ops Newhire"}`}
	m := expectMatch(says(create...), `^created Box user (\d+) \(login ops\.newhire@example\.com\)$`)
	created := ""
	for _, u := range sim.truth(t).Users {
		if u.Login == "ops.newhire@example.com" {
			created = u.ID
		}
	}
	if len(m) < 2 || m[1] != created {
		t.Errorf("the line names user %v; Box created %s", m, created)
	}
	expect(says(create...), fmt.Sprintf("Box user %s (login ops.newhire@example.com) already exists; nothing was created", created))

	disable := []string{"--invoke-action", "disable_user", "--invoke-action-args", fmt.Sprintf(`{"user_id":%q}`, other.ID)}
	expectMatch(says(disable...), fmt.Sprintf(`^disable_user for user %s: done \(.*previous_status: active.*success: true\)$`, other.ID))
	expect(says(disable...), fmt.Sprintf("disable_user: nothing to change for user %s (status inactive)", other.ID))

	del := []string{"--delete-resource", other.ID, "--delete-resource-type", "user"}
	expect(says(del...), "deleted user "+other.ID)
	expect(says(del...), fmt.Sprintf("user %s is already deleted: Box has no such user", other.ID))

	// A refused operation: its error on stderr, nothing on stdout.
	r := runBinaryOn(t, c1z, sim.env, "--invoke-action", "disable_user", "--invoke-action-args", `{"user_id":"17999999999"}`)
	if r.exitCode == 0 || r.stdout != "" {
		t.Errorf("a failed action: exit %d, stdout %q; want a failure and nothing on stdout", r.exitCode, r.stdout)
	}
}
