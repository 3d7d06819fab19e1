package main_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A daemon is the SDK's runner in the process the operator started, with
// no supervisor in between: its connector process is its own child, and a
// stop signal reaches the SDK. SIGINT ends it through the SDK's cancel,
// which closes the runner (its health check server first) and exits 0;
// SIGTERM, which the SDK does not catch, ends it at once. Either way its
// connector process goes with it. (The supervisor would kill the tree and
// exit 130 or 143 after "interrupted by SIGINT".)
func TestDaemonStopSignalsReachTheSDK(t *testing.T) {
	t.Parallel()
	requireSSLCertFile(t)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			c1 := newFakeC1(t)
			_, env := simEnv(t)
			d := startDaemon(t, c1, env, map[string]string{"BATON_LOG_LEVEL": "debug"})
			d.expectHealth(t, "/ready", 200, "ready")
			service := connectorProcess(t, d.pid)

			if err := syscall.Kill(d.pid, sig); err != nil {
				t.Fatal(err)
			}
			select {
			case <-d.exited:
			case <-time.After(time.Minute):
				t.Fatalf("the daemon did not end within a minute of %s:\n%s", sig, tail(d.logs(), 20))
			}
			if strings.Contains(d.logs(), "interrupted by") {
				t.Fatalf("the supervisor ended the daemon:\n%s", tail(d.logs(), 20))
			}
			var ee *exec.ExitError
			killedBy := errors.As(d.err, &ee) && ee.ProcessState.Sys().(syscall.WaitStatus).Signal() == sig
			switch {
			case sig == syscall.SIGINT && (d.err != nil || !strings.Contains(d.logs(), "stopping health check server")):
				t.Fatalf("after SIGINT: %v, want exit 0 through the SDK's runner:\n%s", d.err, tail(d.logs(), 20))
			case sig == syscall.SIGTERM && !killedBy:
				t.Fatalf("after SIGTERM: %v, want the daemon killed by it:\n%s", d.err, tail(d.logs(), 20))
			}
			for deadline := time.Now().Add(30 * time.Second); running(service); time.Sleep(50 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("the connector process %d outlived the daemon", service)
				}
			}
		})
	}
}

// connectorProcess is the SDK's connector process (_connector-service) of
// the daemon pid, which must be its direct child.
func connectorProcess(t *testing.T, pid int) int {
	t.Helper()
	var service []int
	for _, child := range childrenOf(t, pid) {
		if cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(child), "cmdline")); err == nil &&
			strings.Contains(string(cmdline), "_connector-service") {
			service = append(service, child)
		}
	}
	if len(service) != 1 {
		t.Fatalf("the daemon (PID %d) has %d connector processes of its own, want 1: something stands between it and the SDK", pid, len(service))
	}
	return service[0]
}

// running: process pid exists and is not a zombie.
func running(pid int) bool {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	i := strings.LastIndexByte(string(b), ')')
	return err == nil && i >= 0 && !strings.HasPrefix(strings.TrimSpace(string(b[i+1:])), "Z")
}
