//go:build unix && !linux

// The process facts of Unix systems other than Linux, which have no /proc
// to read: macOS and the BSDs. The release builds darwin, as does `make
// build-cross` (not part of CI: 3.5 minutes cold); freebsd and openbsd
// build too. The tag also takes in netbsd,
// dragonfly, solaris, illumos and aix, where this file compiles but the
// SDK's dependencies (modernc.org/sqlite, Pebble) do not, so no binary
// builds there.

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
