//go:build unix

package main_test

import (
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// --file naming a named pipe, a device, a directory or a socket is refused
// before anything opens it (opening a pipe blocks until a writer comes).
func TestNonRegularFileIsRefused(t *testing.T) {
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	fifo := filepath.Join(op.dir, "pipe.c1z")
	op.env = withEnv(env, "BATON_FILE", fifo) // for the case without --file
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(op.dir, "sock.c1z")
	l, err := (&net.ListenConfig{}).Listen(t.Context(), "unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = l.Close() })
	full, targetedFIFO := filepath.Join(op.dir, "full.c1z"), filepath.Join(op.dir, "full.targeted.c1z")
	if err := syscall.Mkfifo(targetedFIFO, 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(op.dir, "link.c1z")
	if err := os.Symlink("pipe.c1z", link); err != nil {
		t.Fatal(err)
	}
	cases := map[string]struct {
		args []string
		want string
	}{
		"FIFO":              {[]string{"--file", fifo}, "is a named pipe (FIFO)"},
		"FIFO for a revoke": {[]string{"--file", fifo, "--revoke-grant", "group:1:member:user:2"}, "is a named pipe (FIFO)"},
		"symlink to a FIFO": {[]string{"--file", link}, "is a named pipe (FIFO)"},
		"socket":            {[]string{"--file", sock}, "is a socket"},
		"device":            {[]string{"--file", os.DevNull}, "is a device"},
		"directory":         {[]string{"--file", op.dir}, "is a directory"},
		"a targeted sync's file beside --file is a FIFO": {[]string{"--file", full, "--sync-resources", "user:17000000001"}, "full.targeted.c1z, where a targeted sync"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			cmd, stderr := op.command(nil, tc.args...)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case err = <-done:
			case <-time.After(time.Minute):
				_ = cmd.Process.Kill()
				t.Fatalf("still running after a minute: the run blocked on the file (killed: %v)", <-done)
			}
			r := op.wait(cmd, err, stderr)
			line := lastErrorLine(r.stderr)
			if r.exitCode != 3 || !strings.Contains(line, tc.want) || !strings.Contains(line, "--file") {
				t.Errorf("exit %d, %q: want 3 and a line saying the file %s", r.exitCode, line, tc.want)
			}
		})
	}
	if st := sim.sim.Stats(); st.TokenRequests != 0 {
		t.Fatalf("a refused run reached Box: %+v", st)
	}
}
