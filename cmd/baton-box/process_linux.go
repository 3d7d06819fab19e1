package main

import "syscall"

// childProcAttr: on Linux the child also dies with the supervisor (for
// example when it is killed with SIGKILL); the connector process then exits
// when its stdin, a pipe from the child, closes.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
