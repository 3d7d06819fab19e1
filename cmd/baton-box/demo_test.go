package main_test

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// runDemo runs scripts/demo.sh (`make demo`) from the repository's root
// with the simulator on port, writing out.
func runDemo(t *testing.T, port, out string) (run, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "bash", filepath.Join("scripts", "demo.sh")) //nolint:gosec // G204: the repository's own script
	cmd.Dir = filepath.Join("..", "..")
	cmd.Env = append(os.Environ(), "BOXSIM_PORT="+port, "OUT="+out)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return run{stdout: stdout.String(), stderr: stderr.String(), exitCode: cmd.ProcessState.ExitCode()}, err
}

// With its port taken, `make demo` stops at once and says so, instead of
// syncing whatever server holds the port.
func TestDemoRefusesATakenPort(t *testing.T) {
	t.Parallel()
	var asked atomic.Int32
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		asked.Add(1)
		http.Error(w, "not Box", http.StatusTeapot)
	}))
	defer other.Close()
	_, port, err := net.SplitHostPort(other.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "demo.c1z")
	r, _ := runDemo(t, port, out)
	if r.exitCode == 0 || !strings.Contains(r.stderr, "127.0.0.1:"+port+" is already in use") || !strings.Contains(r.stderr, "BOXSIM_PORT") {
		t.Fatalf("exit %d, stderr:\n%s\nwant a failure saying the port is in use and how to pick another", r.exitCode, r.stderr)
	}
	if asked.Load() != 0 {
		t.Errorf("the demo sent %d requests to the server on its port", asked.Load())
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("the demo wrote a sync")
	}
}

// `make demo` seeds folders and syncs them: the listing shows folders and
// who can open one, and the sync's own line says what it wrote.
func TestDemoShowsFolders(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("builds and runs the whole demo")
	}
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(l.Addr().String())
	_ = l.Close()
	r, err := runDemo(t, port, filepath.Join(t.TempDir(), "demo.c1z"))
	if err != nil {
		t.Fatalf("make demo: %v\n%s\n%s", err, r.stdout, r.stderr)
	}
	plain := regexp.MustCompile(`\x1b\[[0-9;]*m`).ReplaceAllString(r.stdout, "")
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^synced [\d,]+ users, \d+ groups, 3 roles, 1 enterprise, [1-9]\d* folders, .* grants into .*demo\.c1z in `),
		regexp.MustCompile(`(?m)^\d+ +\| .* \| Folder +\| .* \(user\)`),
		regexp.MustCompile(`(?m)^folder:\d+:owner:user:\d+ `),
	} {
		if !want.MatchString(plain) {
			t.Errorf("the demo's output lacks %s:\n%s", want, plain)
		}
	}
}
