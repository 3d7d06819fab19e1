//go:build unix

package main

import (
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
