//go:build unix && !linux

package supervisor

import (
	"errors"
	"syscall"
)

func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// processStart and bootID are not known here; a PID is trusted alone.
func processStart(int) (string, bool) { return "", false }

func bootID() string { return "" }

// groupAlive: a process of the process group exists.
func groupAlive(pgid int) bool {
	err := syscall.Kill(-pgid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}
