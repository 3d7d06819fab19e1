package main_test

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"
)

// BATON_BOX_SUPERVISED set from outside (by an operator, or copied from a
// run's environment) does not switch supervision off: a failed sync keeps
// the last good file.
func TestOutsideSupervisionMarkerIsIgnored(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")
	op.succeed(nil, "--file", path)
	good := digest(t, path)

	sim.mode.Store("fail")
	// The second names the run's parent (this test) with a made-up nonce.
	for _, marker := range []string{"1", strconv.Itoa(os.Getpid()) + ":0123456789abcdef0123456789abcdef"} {
		r := op.run(map[string]string{"BATON_BOX_SUPERVISED": marker}, "--file", path)
		if r.exitCode == 0 {
			t.Errorf("BATON_BOX_SUPERVISED=%s: a sync refused by Box exited 0", marker)
		}
		if digest(t, path) != good {
			t.Fatalf("BATON_BOX_SUPERVISED=%s: a failed sync replaced the file", marker)
		}
		if left := entries(t, op.dir); !slices.Equal(left, []string{"sync.c1z"}) {
			t.Errorf("BATON_BOX_SUPERVISED=%s: the directory holds %v", marker, left)
		}
	}
}
