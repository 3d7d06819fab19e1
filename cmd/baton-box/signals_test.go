//go:build linux

package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// A signal ignored when the run started stays ignored: nohup ignores
// SIGHUP so that a run outlives its terminal, and a shell starts a
// background job with SIGINT ignored. The run (and, for SIGHUP, the
// processes doing the work) carries on and finishes.
func TestIgnoredSignalsStayIgnored(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		sig   syscall.Signal
		trap  string
		child bool // the child keeps it ignored too (the SDK listens for SIGINT)
	}{
		{syscall.SIGHUP, "HUP", true},
		{syscall.SIGINT, "INT", false},
	} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			t.Parallel()
			sim, env := newFaultySim(t)
			op := newOperator(t, env)
			path := filepath.Join(op.dir, "sync.c1z")
			sim.mode.Store("block")

			// As nohup does: the signal is ignored, then baton-box is exec'd.
			cmd, stderr := op.command(nil)
			sh, err := exec.LookPath("sh")
			if err != nil {
				t.Skip("no sh")
			}
			cmd.Path, cmd.Args = sh, []string{"sh", "-c", `trap "" ` + tc.trap + `; exec "$0" "$@"`, binary, "--file", path}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			<-sim.reached
			targets := []int{cmd.Process.Pid}
			if tc.child {
				targets = append(targets, childrenOf(t, cmd.Process.Pid)...)
			}
			for _, pid := range targets {
				if err := syscall.Kill(pid, tc.sig); err != nil {
					t.Fatal(err)
				}
			}
			time.Sleep(500 * time.Millisecond) // a run that listens is ending now
			close(sim.release)
			r := op.wait(cmd, cmd.Wait(), stderr)
			if r.exitCode != 0 {
				t.Fatalf("exit %d after an ignored %s (sent to %d processes): %s", r.exitCode, tc.sig, len(targets), lastErrorLine(r.stderr))
			}
			if _, err := os.Stat(path); err != nil {
				t.Fatalf("the sync was not written: %v", err)
			}
		})
	}
}
