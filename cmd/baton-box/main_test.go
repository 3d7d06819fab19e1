package main_test

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
)

// These tests drive the built binary the way an operator does: one-shot
// sync, and every kind of bad configuration.

var binary, simBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "baton-box-bin")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "baton-box")
	simBinary = filepath.Join(dir, "boxsim")
	for out, pkg := range map[string]string{binary: ".", simBinary: "../boxsim"} {
		if log, err := exec.CommandContext(context.Background(), "go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			panic("build " + pkg + ": " + err.Error() + "\n" + string(log))
		}
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

type run struct {
	exitCode int
	stdout   string
	stderr   string
	c1z      string
}

func runBinary(t *testing.T, env map[string]string, args ...string) run {
	t.Helper()
	return runBinaryOn(t, filepath.Join(t.TempDir(), "sync.c1z"), env, args...)
}

// runBinaryOn runs baton-box with --file c1z (kept across runs: the one-shot
// provisioning flags work on a previous sync's file).
func runBinaryOn(t *testing.T, out string, env map[string]string, args ...string) run {
	t.Helper()
	r, ended := runUntil(t.Context(), t, out, env, args...)
	if !ended {
		t.Fatalf("the test ended during the run:\n%s", r.stderr)
	}
	return r
}

// runUntil runs baton-box with --file out until it exits or ctx ends; the
// bool is false when ctx ended first.
func runUntil(ctx context.Context, t *testing.T, out string, env map[string]string, args ...string) (run, bool) {
	t.Helper()
	cmd := exec.CommandContext(ctx, binary, append([]string{"--file", out}, args...)...) //nolint:gosec // G204: the binary this test built, with arguments the test computes
	cmd.Env = cleanEnv(t.TempDir(), env)
	cmd.WaitDelay = 5 * time.Second
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := run{stdout: stdout.String(), stderr: stderr.String(), c1z: out}
	if ctx.Err() != nil {
		return r, false
	}
	r.exitCode = exitCode(t, cmd, err)
	return r, true
}

// cleanEnv is the whole environment of a run: PATH, HOME and the variables
// of envs, later ones winning.
func cleanEnv(home string, envs ...map[string]string) []string {
	env := []string{"HOME=" + home, "PATH=" + os.Getenv("PATH")}
	for _, m := range envs {
		for k, v := range m {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// exitCode is the status of cmd, which ended with err; an error other than
// an exit status fails t.
func exitCode(t *testing.T, cmd *exec.Cmd, err error) int {
	t.Helper()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return ee.ExitCode()
	}
	if err != nil {
		t.Fatalf("run %v: %v", cmd.Args, err)
	}
	return 0
}

// succeeded fails t, naming what ran, unless r exited 0.
func succeeded(t *testing.T, what string, r run) {
	t.Helper()
	if r.exitCode != 0 {
		t.Fatalf("%s: exit %d: %s", what, r.exitCode, lastErrorLine(r.stderr))
	}
}

// smallEnterprise is the simulated enterprise most runs sync.
func smallEnterprise() boxsim.Config {
	return boxsim.Config{Seed: 1, Users: 30, AppUsers: 2, Groups: 6, AvgGroupsPerUser: 2}
}

func simEnv(t *testing.T) (*boxsim.Sim, map[string]string) {
	t.Helper()
	return simEnvConfig(t, smallEnterprise())
}

// simEnvWith is simEnv's environment for a simulator configured by edit.
func simEnvWith(t *testing.T, edit func(*boxsim.Config)) map[string]string {
	t.Helper()
	cfg := smallEnterprise()
	edit(&cfg)
	_, env := simEnvConfig(t, cfg)
	return env
}

// withEnv is a copy of env with k set to v, or unset when v is "".
func withEnv(env map[string]string, k, v string) map[string]string {
	out := maps.Clone(env)
	if v == "" {
		delete(out, k)
	} else {
		out[k] = v
	}
	return out
}

func simEnvConfig(t *testing.T, simCfg boxsim.Config) (*boxsim.Sim, map[string]string) {
	t.Helper()
	sim := boxsim.New(simCfg)
	srv := httptest.NewServer(sim)
	t.Cleanup(srv.Close)
	return sim, boxEnv(sim.Config(), srv.URL)
}

// boxEnv points baton-box at the enterprise of a simulator configured as
// cfg, served at url.
func boxEnv(cfg boxsim.Config, url string) map[string]string {
	return map[string]string{
		"BATON_BOX_CLIENT_ID":     cfg.ClientID,
		"BATON_BOX_CLIENT_SECRET": cfg.ClientSecret,
		"BATON_ENTERPRISE_ID":     cfg.EnterpriseID,
		"BATON_BASE_URL":          url,
	}
}

func TestOneShotSyncWritesTruth(t *testing.T) {
	t.Parallel()
	sim, env := simEnv(t)
	r := runBinary(t, env)
	if r.exitCode != 0 {
		t.Fatalf("exit %d:\n%s", r.exitCode, r.stderr)
	}
	snap, err := synctest.ReadC1Z(context.Background(), r.c1z, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if diff := synctest.ExpectedFrom(sim.Truth()).Diff(snap, 20); len(diff) > 0 {
		t.Fatalf("c1z differs from the truth:\n%s", strings.Join(diff, "\n"))
	}
	if strings.Contains(r.stderr, env["BATON_BOX_CLIENT_SECRET"]) {
		t.Fatal("the client secret appears in the logs")
	}
}

func TestBadConfigurationFailsWithActionableError(t *testing.T) {
	t.Parallel()
	_, good := simEnv(t)
	with := func(k, v string) map[string]string { return withEnv(good, k, v) }
	cases := map[string]struct {
		env  map[string]string
		want []string
	}{
		"missing flag": {with("BATON_ENTERPRISE_ID", ""), []string{"enterprise-id"}},
		// Box answers invalid_grant for a wrong secret, a wrong enterprise
		// and an unauthorised app alike: the line names every fix.
		"wrong secret":     {with("BATON_BOX_CLIENT_SECRET", "not-the-secret"), []string{"--box-client-id", "--box-client-secret", "invalid_grant", "Custom Apps Manager"}},
		"wrong enterprise": {with("BATON_ENTERPRISE_ID", "123"), []string{"--enterprise-id", "invalid_grant", "App + Enterprise Access"}},
		"unauthorised app": {simEnvWith(t, func(c *boxsim.Config) { c.AppNotAuthorized = true }), []string{"--box-client-id", "--enterprise-id", "Custom Apps Manager"}},
		// The common errors guide's reading: distinct codes.
		"wrong secret (distinct codes)": {withEnv(simEnvWith(t, func(c *boxsim.Config) { c.DistinctTokenErrors = true }), "BATON_BOX_CLIENT_SECRET", "not-the-secret"),
			[]string{"--box-client-id", "--box-client-secret", "invalid_client"}},
		"unauthorised app (distinct codes)": {simEnvWith(t, func(c *boxsim.Config) { c.AppNotAuthorized, c.DistinctTokenErrors = true, true }),
			[]string{"unauthorized_client", "Custom Apps Manager"}},
		"malformed base URL":   {with("BATON_BASE_URL", "api.box.com"), []string{"--base-url"}},
		"unreachable base URL": {with("BATON_BASE_URL", "http://127.0.0.1:1"), []string{"cannot reach Box", "--base-url"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runBinary(t, tc.env)
			if r.exitCode == 0 {
				t.Fatalf("exit 0 with bad configuration:\n%s", r.stderr)
			}
			line := lastErrorLine(r.stderr)
			for _, w := range tc.want {
				if !strings.Contains(line, w) {
					t.Errorf("error line lacks %q:\n%s", w, line)
				}
			}
			if strings.Contains(r.stderr, "not-the-secret") {
				t.Error("the secret appears in the output")
			}
			if _, err := os.Stat(r.c1z); err == nil {
				t.Errorf("a c1z file was left behind at %s", r.c1z)
			}
		})
	}
}

// lastErrorLine is the plain-text line the CLI prints last (logs are JSON).
func lastErrorLine(stderr string) string {
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	for i := len(lines) - 1; i >= 0; i-- {
		if l := strings.TrimSpace(lines[i]); l != "" && !strings.HasPrefix(l, "{") {
			return l
		}
	}
	return ""
}
