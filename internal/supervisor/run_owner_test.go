package supervisor

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
)

func TestOwnerAlive(t *testing.T) {
	host, _ := os.Hostname()
	me := thisRun()
	const gone = 1<<22 + 1 // above Linux's largest PID
	cases := map[string]struct {
		o    owner
		want bool
	}{
		"this process":               {me, true},
		"a dead process":             {owner{PID: gone, Host: host}, false},
		"a dead process, live child": {owner{PID: gone, Child: liveGroup(t), Host: host}, true},
		"another machine's process":  {owner{PID: gone, Host: "another-" + host}, true},
	}
	if me.Start != "" { // Linux: a reused PID is another process
		cases["this PID, started earlier"] = struct {
			o    owner
			want bool
		}{owner{PID: me.PID, Start: me.Start + "0", Host: host}, false}
	}
	if me.Boot != "" { // Linux: after a reboot every PID is another process
		cases["this PID, before a reboot"] = struct {
			o    owner
			want bool
		}{owner{PID: me.PID, Host: host, Boot: "another-boot"}, false}
	}
	for name, tc := range cases {
		if got := tc.o.alive(); got != tc.want {
			t.Errorf("%s: alive %v, want %v", name, got, tc.want)
		}
	}
}

// The child verifies the supervision marker against its parent's PID and
// the nonce in its private temporary directory; anything else, such as an
// operator's BATON_BOX_SUPERVISED=1, is supervised as usual.
func TestSupervisedByParent(t *testing.T) {
	dir := t.TempDir()
	parent := owner{PID: os.Getppid(), Nonce: "0123abcd"}
	parent.write(dir)
	cases := map[string]struct {
		marker, dir string
		want        bool
	}{
		"the parent's marker":        {parent.marker(), dir, true},
		"an operator's":              {"1", dir, false},
		"another process's PID":      {strconv.Itoa(os.Getpid()) + ":0123abcd", dir, false},
		"another nonce":              {strconv.Itoa(os.Getppid()) + ":0123abce", dir, false},
		"no nonce":                   {strconv.Itoa(os.Getppid()) + ":", dir, false},
		"no owner file":              {parent.marker(), t.TempDir(), false},
		"no temporary directory set": {parent.marker(), "", false},
	}
	for name, tc := range cases {
		if got := supervisedByParent(tc.marker, tc.dir); got != tc.want {
			t.Errorf("%s: %v, want %v", name, got, tc.want)
		}
	}
}

// liveGroup starts a process in a process group of its own (as the
// supervisor starts its child) and returns its PID.
func liveGroup(t *testing.T) int {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), "sleep", "60")
	ownProcessGroup(cmd)
	if err := cmd.Start(); err != nil {
		t.Skipf("no sleep to start: %v", err)
	}
	t.Cleanup(func() {
		killTree(cmd)
		_ = cmd.Wait()
	})
	return cmd.Process.Pid
}
