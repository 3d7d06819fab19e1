//go:build linux

// Processes are found through /proc.

package main_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// A run killed with SIGKILL cannot clean up: it leaves its private
// temporary directory (the SDK's Pebble database, hundreds of MB for a
// large enterprise) and its work directory beside --file. The next run
// removes them and says so in one line, and leaves alone whatever may
// belong to a live run.
func TestNextRunRemovesWhatAKilledRunLeft(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")
	op.succeed(nil, "--file", path)
	good := digest(t, path)

	sim.mode.Store("hang")
	cmd, _ := op.command(nil, "--file", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-sim.reached
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	waitUntilGone(t, path)
	killedTemp, killedWork := entries(t, op.tmp), slices.DeleteFunc(entries(t, op.dir), func(n string) bool { return n == "sync.c1z" })
	if len(killedTemp) != 1 || len(killedWork) != 1 {
		t.Fatalf("the killed run left %v in TMPDIR and %v beside --file: the test proves nothing", killedTemp, killedWork)
	}

	// What may be a live run's stays: an owner that is alive (this test),
	// on another machine (a shared filesystem), no owner file, another name.
	host, _ := os.Hostname()
	keep := map[string]string{
		filepath.Join(op.tmp, "baton-box-1"):            ownerJSON(t, os.Getpid(), host),
		filepath.Join(op.tmp, "baton-box-2"):            ownerJSON(t, 1<<22+1, "another-host"),
		filepath.Join(op.tmp, "baton-box-3"):            "",
		filepath.Join(op.tmp, "baton-box-x4"):           ownerJSON(t, 1<<22+1, host),
		filepath.Join(op.dir, ".sync.c1z.baton-box-5"):  ownerJSON(t, os.Getpid(), host),
		filepath.Join(op.dir, ".other.c1z.baton-box-6"): ownerJSON(t, 1<<22+1, host),
		filepath.Join(op.dir, ".sync.c1z.baton-box-7"):  "",
	}
	for dir, owner := range keep {
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
		if owner != "" {
			if err := os.WriteFile(filepath.Join(dir, ".baton-box-owner"), []byte(owner), 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}

	sim.mode.Store("")
	sim.sim.SetFaults(boxsim.Faults{})
	cmd, stderr := op.command(nil, "--file", path)
	if err := cmd.Run(); err != nil {
		t.Fatalf("the next run: %v\n%s", err, lastErrorLine(stderr.String()))
	}
	var said []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(line, "killed runs left") {
			said = append(said, line)
		}
	}
	if len(said) != 1 {
		t.Fatalf("want one line about the killed run's leftovers, got %q", said)
	}
	for _, dir := range []string{filepath.Join(op.tmp, killedTemp[0]), filepath.Join(op.dir, killedWork[0])} {
		if !strings.Contains(said[0], dir) {
			t.Errorf("the line does not name %s: %s", dir, said[0])
		}
		if _, err := os.Stat(dir); err == nil {
			t.Errorf("%s is still there", dir)
		}
	}
	t.Log(said[0])
	if !strings.Contains(said[0], "freed") {
		t.Errorf("the line does not say how much was freed: %s", said[0])
	}
	for dir := range keep {
		if _, err := os.Stat(dir); err != nil {
			t.Errorf("%s was removed: %v", dir, err)
		}
	}
	if digest(t, path) == good {
		t.Error("the next run did not sync")
	}
}

// ownerJSON is an owner file naming process pid on host.
func ownerJSON(t *testing.T, pid int, host string) string {
	t.Helper()
	b, err := json.Marshal(map[string]any{"pid": pid, "host": host, "nonce": "00"})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// A child killed with SIGKILL (the OOM killer's way) ends the run with one
// line, the status of the signal, and nothing left behind.
func TestKilledChildLeavesNothingBehind(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")
	op.succeed(nil, "--file", path)
	good := digest(t, path)

	sim.mode.Store("hang")
	cmd, stderr := op.command(nil, "--file", path)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	<-sim.reached
	children := childrenOf(t, cmd.Process.Pid)
	if len(children) != 1 {
		t.Fatalf("the supervisor has children %v, want one", children)
	}
	if err := syscall.Kill(children[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	r := op.wait(cmd, cmd.Wait(), stderr)
	if r.exitCode != 128+int(syscall.SIGKILL) || !strings.Contains(lastErrorLine(r.stderr), "killed by") {
		t.Errorf("exit %d, %q: want %d and a line saying the run was killed", r.exitCode, lastErrorLine(r.stderr), 128+int(syscall.SIGKILL))
	}
	if digest(t, path) != good {
		t.Error("the killed run changed the file")
	}
	if left := entries(t, op.dir); !slices.Equal(left, []string{"sync.c1z"}) {
		t.Errorf("the directory holds %v", left)
	}
	waitUntilGone(t, path)
}
