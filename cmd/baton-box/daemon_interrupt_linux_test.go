package main_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A daemon is the SDK's runner in the process the operator started, with
// no supervisor in between: its connector process is its own child, and
// SIGINT reaches the SDK, which cancels its work and exits 0 (the
// supervisor would kill the tree and exit 130, "interrupted by SIGINT").
func TestDaemonEndsThroughTheSDKOnSIGINT(t *testing.T) {
	requireSSLCertFile(t)
	c1 := newFakeC1(t)
	_, env := simEnv(t)
	d := startDaemon(t, c1, env, map[string]string{"BATON_LOG_LEVEL": "debug"})
	d.expectHealth(t, "/ready", 200, "ready")

	var service []int
	for _, pid := range childrenOf(t, d.pid) {
		if cmdline, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "cmdline")); err == nil &&
			strings.Contains(string(cmdline), "_connector-service") {
			service = append(service, pid)
		}
	}
	if len(service) != 1 {
		t.Fatalf("the daemon (PID %d) has %d connector processes of its own, want 1: a supervisor stands between it and the SDK", d.pid, len(service))
	}

	if err := syscall.Kill(d.pid, syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	select {
	case <-d.exited:
	case <-time.After(time.Minute):
		t.Fatalf("the daemon did not end within a minute of SIGINT:\n%s", tail(d.logs(), 20))
	}
	if d.err != nil {
		t.Fatalf("the daemon ended with %v after SIGINT, want exit 0 (the SDK's cancel):\n%s", d.err, tail(d.logs(), 20))
	}
	// The SDK's runner closes its health check server on its way out; a
	// killed tree says nothing more.
	if strings.Contains(d.logs(), "interrupted by SIGINT") || !strings.Contains(d.logs(), "stopping health check server") {
		t.Fatalf("the daemon did not end through the SDK's runner:\n%s", tail(d.logs(), 20))
	}
}
