package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// docsFlags are the flags the worked examples of the README, CONTRIBUTING.md
// and docs/*.md pass to baton-box: the commands in their code blocks,
// continuation lines included.
func docsFlags(t *testing.T) []string {
	t.Helper()
	root := filepath.Join("..", "..")
	pages, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	var docs []byte
	for _, page := range append([]string{filepath.Join(root, "README.md"), filepath.Join(root, "CONTRIBUTING.md")}, pages...) {
		b, err := os.ReadFile(page)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(append(docs, b...), '\n')
	}
	command := regexp.MustCompile(`^\s*(?:[A-Z_]+=\S+\s+)*(?:\S*/)?baton-box\s`)
	flag := regexp.MustCompile(`(?:^|\s)(--[a-z][a-z0-9-]*)`)
	seen := map[string]bool{}
	var flags []string
	inBlock, continued := false, false
	for _, line := range strings.Split(string(docs), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inBlock, continued = !inBlock, false
			continue
		}
		if !inBlock || !continued && !command.MatchString(line) {
			continue
		}
		code, _, _ := strings.Cut(line, " #") // a comment
		for _, m := range flag.FindAllStringSubmatch(code, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				flags = append(flags, m[1])
			}
		}
		continued = strings.HasSuffix(strings.TrimSpace(line), `\`)
	}
	return flags
}

// --help (and -h, and `help`) lists every flag the docs' worked
// examples use, hides the SDK's flags this connector cannot honour, and
// says what --workers does here.
func TestHelpListsTheFlagsTheDocsUse(t *testing.T) {
	t.Parallel()
	flags := docsFlags(t)
	for _, must := range []string{"--grant-entitlement", "--revoke-grant", "--invoke-action", "--create-account-profile", "--delete-resource", "--sync-resources"} {
		if !strings.Contains(" "+strings.Join(flags, " ")+" ", " "+must+" ") {
			t.Fatalf("the docs' examples were not read: %s missing from %v", must, flags)
		}
	}
	listed := func(help, flag string) bool {
		return regexp.MustCompile(`(?m)^\s+(?:-[a-zA-Z], )?` + regexp.QuoteMeta(flag) + `\b`).MatchString(help)
	}
	for _, args := range [][]string{{"--help"}, {"-h"}, {"help"}} {
		help := string(runForStdout(t, args...))
		for _, f := range flags {
			if !listed(help, f) {
				t.Errorf("baton-box %s does not list %s, which the docs use", args[0], f)
			}
		}
		for _, f := range []string{"--http-timeout-seconds", "--keep-previous-sync-c1z", "--ticketing", "--create-ticket"} {
			if listed(help, f) {
				t.Errorf("baton-box %s lists %s, which this connector refuses", args[0], f)
			}
		}
		if !regexp.MustCompile(`(?m)^\s+--workers int\s+Sync workers: 8 by default .*0 or 1 syncs sequentially`).MatchString(help) {
			t.Errorf("baton-box %s: --workers is not described as this connector runs it", args[0])
		}
	}
}

// The SDK's flags this connector cannot honour are refused in one line
// before Box is asked; --workers 0 runs a sequential sync, as the help
// says, not the default eight workers.
func TestUnsupportedFlagsAreRefused(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	cases := map[string]struct {
		args []string
		env  map[string]string
		flag string
	}{
		"--http-timeout-seconds":        {[]string{"--http-timeout-seconds", "30"}, nil, "--http-timeout-seconds"},
		"BATON_HTTP_TIMEOUT_SECONDS":    {nil, map[string]string{"BATON_HTTP_TIMEOUT_SECONDS": "30"}, "--http-timeout-seconds"},
		"--keep-previous-sync-c1z":      {[]string{"--keep-previous-sync-c1z"}, nil, "--keep-previous-sync-c1z"},
		"--ticketing in daemon mode":    {[]string{"--ticketing", "--client-id", "x", "--client-secret", "y"}, nil, "--ticketing"},
		"--get-ticket with a ticket ID": {[]string{"--get-ticket", "--ticket-id", "1"}, nil, "--get-ticket"},
	}
	for name, tc := range cases {
		r := op.run(tc.env, tc.args...)
		line := lastErrorLine(r.stderr)
		if r.exitCode != 3 || !strings.Contains(line, tc.flag) || !strings.Contains(line, "not supported by this connector") {
			t.Errorf("%s: exit %d, %q; want 3 and a line naming %s", name, r.exitCode, line, tc.flag)
		}
	}
	if st := sim.sim.Stats(); st.TokenRequests != 0 {
		t.Fatalf("a refused run reached Box: %+v", st)
	}
	op.succeed(map[string]string{"BATON_KEEP_PREVIOUS_SYNC_C1Z": "false"}, "--file", "kept.c1z")

	for workers, want := range map[string]int{"0": 1, "1": 1, "": 8} {
		args := []string{"--file", "w.c1z"}
		if workers != "" {
			args = append(args, "--workers", workers)
		}
		r := op.run(nil, args...)
		succeeded(t, "--workers "+workers, r)
		if got := syncWorkers(t, r.stderr); got != want {
			t.Errorf("--workers %q: the SDK synced with %d workers, want %d", workers, got, want)
		}
	}
}

// syncWorkers is the worker count the SDK's parallel syncer logged.
func syncWorkers(t *testing.T, stderr string) int {
	t.Helper()
	for _, line := range strings.Split(stderr, "\n") {
		var entry struct {
			Msg     string `json:"msg"`
			Workers int    `json:"workers"`
		}
		if json.Unmarshal([]byte(line), &entry) == nil && entry.Msg == "syncing in parallel" {
			return entry.Workers
		}
	}
	t.Fatalf("no worker count logged:\n%s", stderr)
	return 0
}

// base-url is for the command line and the simulator only: ConductorOne's
// configuration form (config_schema.json) does not offer it.
func TestBaseURLIsCommandLineOnly(t *testing.T) {
	t.Parallel()
	schema := string(runForStdout(t, "config"))
	if strings.Contains(schema, `"base-url"`) {
		t.Fatal("`baton-box config` offers base-url")
	}
}
