//go:build unix

package supervisor

import (
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"syscall"
)

// stopSignals end a run: Ctrl-C, a service manager's stop, a closed terminal.
var stopSignals = []os.Signal{os.Interrupt, syscall.SIGTERM, syscall.SIGHUP}

// signalName is the name an operator knows a signal by.
func signalName(s os.Signal) string {
	switch s {
	case os.Interrupt:
		return "SIGINT"
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return s.String()
}

// signalExitCode is the shell's status for a process killed by s.
func signalExitCode(s os.Signal) int {
	if n, ok := s.(syscall.Signal); ok {
		return exitSignalBase + int(n)
	}
	return exitSignalBase
}

// ownProcessGroup puts the child, and the connector process it starts, in
// a process group of their own: a Ctrl-C at the terminal reaches only the
// supervisor, which then ends the whole tree with one kill.
func ownProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = childProcAttr()
}

// killTree kills the child's process group. SIGKILL, not a request to
// stop: nothing in the tree holds anything worth saving (--file is written
// only by the supervisor's rename), and the SDK's own handling of SIGINT
// ends a one-shot run with status 0.
func killTree(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}

// processAlive: a process with this PID exists (a zombie does not count)
// and, where start times are known, it is the one that started at start.
func processAlive(pid int, start string) bool {
	if err := syscall.Kill(pid, 0); err != nil && !errors.Is(err, syscall.EPERM) {
		return false
	}
	now, zombie := processStart(pid)
	return !zombie && (start == "" || now == "" || now == start)
}

// ownedByUs: fi belongs to this process's user. A shared temporary
// directory holds other users' files, which are never ours to remove.
func ownedByUs(fi fs.FileInfo) bool {
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Getuid()
}

// fileSizeLimit is the process's file size limit (ulimit -f), if it has one.
func fileSizeLimit() (int64, bool) {
	var rl syscall.Rlimit
	// RLIM_INFINITY is all ones on Linux, the largest int64 on the BSDs.
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &rl); err != nil || rl.Cur >= 1<<62 {
		return 0, false
	}
	return int64(rl.Cur), true
}
