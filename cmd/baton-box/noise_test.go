package main_test

import (
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// A failed run ends in one plain line: the connector's error without the
// SDK's "runner: error processing task: rpc error: code = ... desc = ..."
// wrapping, said once. At --log-level debug the SDK's records of it stay.
func TestAFailedRunSaysItsErrorOnce(t *testing.T) {
	t.Parallel()
	sim, c1z := startSyncedSim(t)
	var admin boxsim.User
	for _, u := range sim.truth(t).Users {
		if u.Role == "admin" {
			admin = u
		}
	}
	args := []string{"--grant-entitlement", "role:co-admin:member", "--grant-principal", admin.ID, "--grant-principal-type", "user"}
	const said = "refusing to change the primary admin"
	r := runBinaryOn(t, c1z, sim.env, args...)
	line := lastErrorLine(r.stderr)
	if r.exitCode != 9 || !strings.HasPrefix(line, "baton-box: grant role co-admin (user "+admin.ID+"): "+said) {
		t.Fatalf("exit %d, last line %q: want 9 (FailedPrecondition) and the connector's error", r.exitCode, line)
	}
	for _, wrapping := range []string{"runner:", "rpc error", "grant failed"} {
		if strings.Contains(line, wrapping) {
			t.Errorf("the last line keeps the SDK's %q: %s", wrapping, line)
		}
	}
	if n := strings.Count(r.stderr, said); n != 1 {
		t.Errorf("the error is said %d times on stderr, want once:\n%s", n, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("a failed grant printed %q on stdout", r.stdout)
	}

	r = runBinaryOn(t, c1z, sim.env, append(args, "--log-level", "debug")...)
	if n := strings.Count(r.stderr, said); r.exitCode != 9 || n < 3 {
		t.Errorf("at debug level: exit %d, the error said %d times; want 9 and the SDK's records of it kept", r.exitCode, n)
	}
}

// gRPC's [core] chatter and uhttp's "HTTP error status" warnings are left
// out below --log-level debug, in both log formats; the 403s Box answers
// for admins' folders are then explained by the connector's own warning,
// and not printed raw. At debug level they are all there.
func TestChatterIsHiddenBelowDebug(t *testing.T) {
	t.Parallel()
	cfg := smallEnterprise()
	cfg.Seed = 12 // admins own folders, which Box will not show through as-user
	cfg.Content = boxsim.ContentConfig{Folders: 40, FolderDepth: 1}
	env := simEnvWith(t, func(c *boxsim.Config) { *c = cfg })
	const (
		explained = "a user's folders are not synced: Box refuses the as-user header for admins and co-admins"
		raw403    = "base-http-client: HTTP error status"
	)
	for _, format := range []string{"json", "console"} {
		r := runBinary(t, env, "--sync-folders", "--log-format", format)
		succeeded(t, "sync with folders, "+format, r)
		for _, noise := range []string{"[core]", "grpc_log", raw403, "Found 0 WALs"} {
			if strings.Contains(r.stderr, noise) {
				t.Errorf("%s logs: %q printed at the default level", format, noise)
			}
		}
		if !strings.Contains(r.stderr, explained) {
			t.Errorf("%s logs: the admins' folders are not explained:\n%s", format, r.stderr)
		}
	}
	r := runBinary(t, env, "--sync-folders", "--log-level", "debug")
	succeeded(t, "sync with folders at debug level", r)
	for _, kept := range []string{"[core]", raw403, explained} {
		if !strings.Contains(r.stderr, kept) {
			t.Errorf("at debug level %q is missing", kept)
		}
	}
}
