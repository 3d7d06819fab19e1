package main_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// documentedStatus is the status the exit code table of docs/operations.md
// gives in the row whose text contains what.
func documentedStatus(t *testing.T, what string) string {
	t.Helper()
	b, err := os.ReadFile("../../docs/operations.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		if cells := strings.Split(line, "|"); len(cells) == 5 && strings.Contains(cells[3], what) {
			return strings.TrimSpace(cells[1])
		}
	}
	t.Fatalf("no row of the exit code table in docs/operations.md mentions %q", what)
	return ""
}

// Real runs exit with the status docs/operations.md documents for them.
func TestExitCodesOfRealRunsAreTheDocumentedOnes(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")

	check := func(what string, r run, want string) {
		t.Helper()
		if strconv.Itoa(r.exitCode) != want {
			t.Errorf("%s: exit %d, docs/operations.md says %s: %s", what, r.exitCode, want, lastErrorLine(r.stderr))
		}
	}
	check("an unknown flag", op.run(nil, "--no-such-flag"), documentedStatus(t, "an unknown flag"))
	check("a bad value", op.run(nil, "--workers", "many"), documentedStatus(t, "a bad value"))
	check("a required flag missing", op.run(map[string]string{"BATON_ENTERPRISE_ID": ""}, "--file", path), documentedStatus(t, "a required flag missing"))
	check("a revoke without --file", op.run(nil, "--file", path, "--revoke-grant", "group:1:member:user:2"), documentedStatus(t, "`--file` missing"))

	signals := documentedStatus(t, "143 SIGTERM")
	base, err := strconv.Atoi(strings.TrimSuffix(signals, "+n"))
	if err != nil || !strings.HasSuffix(signals, "+n") {
		t.Fatalf("the signal row's status is %q, want <base>+n", signals)
	}
	sim.mode.Store("hang")
	cmd, stderr := op.command(nil, "--file", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-sim.reached
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	r := op.wait(cmd, cmd.Wait(), stderr)
	check("SIGTERM", r, strconv.Itoa(base+int(syscall.SIGTERM)))
	if st := sim.sim.Stats(); st.TokenRequests != 1 {
		t.Errorf("%d token requests: only the interrupted sync was to reach Box", st.TokenRequests)
	}
}

// A one-shot flag given empty (an unset shell variable) is refused, naming
// the flag, instead of running a full sync that exits 0.
func TestEmptyIDsAreRefused(t *testing.T) {
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	cases := map[string]struct {
		args []string
		env  map[string]string
		want string
	}{
		"--delete-resource": {[]string{"--delete-resource", "", "--delete-resource-type", "user"}, nil, "--delete-resource is empty"},
		"--revoke-grant":    {[]string{"--revoke-grant", ""}, nil, "--revoke-grant is empty"},
		"--revoke-grant=":   {[]string{"--revoke-grant="}, nil, "--revoke-grant is empty"},
		"--invoke-action":   {[]string{"--invoke-action", ""}, nil, "--invoke-action is empty"},
		"--grant-entitlement": {[]string{"--grant-entitlement", "", "--grant-principal", "1", "--grant-principal-type", "user"}, nil,
			"--grant-entitlement is empty"},
		"--grant-principal": {[]string{"--grant-entitlement", "group:1:member", "--grant-principal", "", "--grant-principal-type", "user"}, nil,
			"--grant-principal is empty"},
		"--rotate-credentials":   {[]string{"--rotate-credentials", ""}, nil, "--rotate-credentials is empty"},
		"--create-account-login": {[]string{"--create-account-login", ""}, nil, "--create-account-login is empty"},
		"BATON_DELETE_RESOURCE":  {nil, map[string]string{"BATON_DELETE_RESOURCE": ""}, "BATON_DELETE_RESOURCE (--delete-resource) is set but empty"},
		"BATON_REVOKE_GRANT":     {nil, map[string]string{"BATON_REVOKE_GRANT": ""}, "BATON_REVOKE_GRANT (--revoke-grant) is set but empty"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := op.run(tc.env, tc.args...)
			line := lastErrorLine(r.stderr)
			if r.exitCode != 3 || !strings.Contains(line, tc.want) {
				t.Errorf("exit %d, %q: want 3 and a line saying %q", r.exitCode, line, tc.want)
			}
			if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n > 0 {
				t.Errorf("%d lines, want one:\n%s", n+1, r.stderr)
			}
		})
	}
	if st := sim.sim.Stats(); st.TokenRequests != 0 {
		t.Fatalf("a refused run reached Box: %+v", st)
	}
	if left := entries(t, op.dir); len(left) > 0 {
		t.Fatalf("refused runs left %v", left)
	}
}
