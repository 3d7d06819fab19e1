//go:build unix

package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// A write that finds no room ends the run with one line naming the problem
// and where, status 8, and the last good file kept; not with Pebble's
// 90-line panic trace.
func TestFullDiskEndsInOneLine(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	_, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")
	op.succeed(nil, "--file", path)
	good := digest(t, path)

	check := func(t *testing.T, r run, wants ...string) {
		t.Helper()
		var plain []string
		for _, l := range strings.Split(strings.TrimSpace(r.stderr), "\n") {
			if !strings.HasPrefix(l, "{") {
				plain = append(plain, l)
			}
		}
		if r.exitCode != 8 || len(plain) != 1 {
			t.Fatalf("exit %d, %d lines that are not logs, want 8 and one line:\n%s", r.exitCode, len(plain), tail(strings.Join(plain, "\n"), 3000))
		}
		for _, w := range wants {
			if !strings.Contains(plain[0], w) {
				t.Errorf("the line lacks %q: %s", w, plain[0])
			}
		}
	}

	t.Run("ulimit -f", func(t *testing.T) {
		cmd, stderr := op.command(nil)
		cmd.Path, cmd.Args = sh, []string{"sh", "-c", `ulimit -f 40; exec "$0" "$@"`, binary, "--file", path}
		r := op.wait(cmd, cmd.Run(), stderr)
		check(t, r, "file too large", "the file size limit (ulimit -f) is 20.0 KiB", path+" was left unchanged")
		if digest(t, path) != good {
			t.Error("the file was changed")
		}
		if left := entries(t, op.dir); !slices.Equal(left, []string{"sync.c1z"}) {
			t.Errorf("the directory holds %v", left)
		}
	})

	// The supervisor's own copy of a SQLite file (which keeps the previous
	// sync) finds no room.
	t.Run("ulimit -f, copying a SQLite file", func(t *testing.T) {
		lite := filepath.Join(op.dir, "lite.c1z")
		op.succeed(nil, "--file", lite, "--storage-engine", "sqlite")
		before := digest(t, lite)
		st, err := os.Stat(lite)
		if err != nil {
			t.Fatal(err)
		}
		half := strconv.FormatInt(st.Size()/1024, 10) // in 512-byte blocks
		cmd, stderr := op.command(nil)
		cmd.Path, cmd.Args = sh, []string{"sh", "-c", `ulimit -f ` + half + `; exec "$0" "$@"`, binary, "--file", lite}
		r := op.wait(cmd, cmd.Run(), stderr)
		check(t, r, "file too large", lite+" (--file)")
		if digest(t, lite) != before {
			t.Error("the file was changed")
		}
		if err := os.Remove(lite); err != nil {
			t.Fatal(err)
		}
	})

	// --file's own filesystem full: a tmpfs that holds the last good file
	// but not a second one, mounted in a mount namespace of the run's own.
	t.Run("--file's filesystem full", func(t *testing.T) {
		if err := exec.CommandContext(t.Context(), "unshare", "-m", "sh", "-c", "mount -t tmpfs none /mnt").Run(); err != nil {
			t.Skipf("cannot mount a tmpfs here (unshare -m, mount): %v", err)
		}
		st, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		small := filepath.Join(op.dir, "small")
		if err := os.Mkdir(small, 0o700); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = os.Remove(small) })
		// The file is checked inside the namespace, where the tmpfs is.
		const script = `set -e
mount -t tmpfs -o "size=$SIZE" none "$DIR"
cp "$PREV" "$DIR/sync.c1z"
set +e
"$BIN" --file "$DIR/sync.c1z"
code=$?
cmp -s "$PREV" "$DIR/sync.c1z" || { echo "sync.c1z was changed"; exit 100; }
[ "$(ls -A "$DIR")" = sync.c1z ] || { echo "the directory holds $(ls -A "$DIR")"; exit 101; }
exit $code`
		cmd, stderr := op.command(map[string]string{
			"SIZE": strconv.FormatInt(st.Size()*3/2, 10), "DIR": small, "PREV": path, "BIN": binary,
		})
		cmd.Path, cmd.Args = sh, []string{"sh", "-c", `exec unshare -m sh -c "$0"`, script}
		if p, err := exec.LookPath("unshare"); err == nil {
			cmd.Path, cmd.Args = p, []string{"unshare", "-m", "sh", "-c", script}
		}
		r := op.wait(cmd, cmd.Run(), stderr)
		check(t, r, "no space left on device", small+" (--file's directory)", filepath.Join(small, "sync.c1z")+" was left unchanged")
	})
}
