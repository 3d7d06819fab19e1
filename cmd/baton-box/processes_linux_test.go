package main_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// childrenOf lists the processes whose parent is pid (Linux).
func childrenOf(t *testing.T, pid int) []int {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	var out []int
	for _, p := range stats {
		b, err := os.ReadFile(p)
		i := bytes.LastIndexByte(b, ')')
		if err != nil || i < 0 {
			continue
		}
		// After the command name: state, then the parent's PID.
		if fields := strings.Fields(string(b[i+1:])); len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			child, _ := strconv.Atoi(filepath.Base(filepath.Dir(p)))
			out = append(out, child)
		}
	}
	return out
}

// waitUntilGone waits until no process mentions s; the processes of a
// killed run take a moment to notice.
func waitUntilGone(t *testing.T, s string) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); len(processesNaming(t, s)) > 0; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("processes outlived a killed run: %v", processesNaming(t, s))
		}
	}
}
