package main_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// What a sync covers, through the binary: the SDK's --sync-resource-types
// and the --skip-* exclusions (pkg/connector scope.go).

// TestSyncResourceTypesThroughTheBinary: a selection without the enterprise
// lists its children at the top (today's users, not an empty file), and a
// selection that cannot work ends with one line saying what to add.
func TestSyncResourceTypesThroughTheBinary(t *testing.T) {
	t.Parallel()
	sim, env := simEnvConfig(t, smallEnterprise())
	truth := sim.Truth()
	r := runBinary(t, env, "--sync-resource-types", "user")
	if r.exitCode != 0 {
		t.Fatalf("--sync-resource-types user: exit %d\n%s", r.exitCode, r.stderr)
	}
	want := regexp.MustCompile(`(?m)^synced ([\d,]+) users`)
	if m := want.FindStringSubmatch(r.stdout); m == nil || strings.ReplaceAll(m[1], ",", "") != strconv.Itoa(len(truth.Users)) {
		t.Fatalf("stdout %q: want the %d users synced", r.stdout, len(truth.Users))
	}

	r = runBinary(t, env, "--sync-resource-types", "folder")
	if line := lastErrorLine(r.stderr); r.exitCode != 3 || !strings.Contains(line, "baton-box:") || !strings.Contains(line, "add user") {
		t.Fatalf("--sync-resource-types folder: exit %d, last line %q; want 3 and a line saying to add user", r.exitCode, line)
	}
}

// TestSkipAppUsersThroughTheBinary: --skip-app-users leaves the app users
// out of the sync's count.
func TestSkipAppUsersThroughTheBinary(t *testing.T) {
	t.Parallel()
	cfg := smallEnterprise()
	sim, env := simEnvConfig(t, cfg)
	truth := sim.Truth()
	apps := 0
	for _, u := range truth.Users {
		if u.IsPlatformAccessOnly {
			apps++
		}
	}
	if apps == 0 {
		t.Fatal("the enterprise has no app users")
	}
	r := runBinary(t, withEnv(env, "BATON_SKIP_APP_USERS", "true"))
	m := regexp.MustCompile(`(?m)^synced ([\d,]+) users`).FindStringSubmatch(r.stdout)
	if r.exitCode != 0 || m == nil || strings.ReplaceAll(m[1], ",", "") != strconv.Itoa(len(truth.Users)-apps) {
		t.Fatalf("exit %d, stdout %q: want %d users (%d app users left out)\n%s", r.exitCode, r.stdout, len(truth.Users)-apps, apps, r.stderr)
	}
}
