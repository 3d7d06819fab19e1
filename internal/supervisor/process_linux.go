package supervisor

import (
	"bytes"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// childProcAttr: on Linux the child also dies with the supervisor (for
// example when it is killed with SIGKILL); the connector process then exits
// when its stdin, a pipe from the child, closes.
func childProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// procStat is /proc/<pid>/stat's fields from the third, the state, on
// (the second, the command name, may hold spaces); nil if unreadable.
func procStat(pid string) []string {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	i := bytes.LastIndexByte(b, ')')
	if err != nil || i < 0 {
		return nil
	}
	return strings.Fields(string(b[i+1:]))
}

// Fields of procStat: stat's 3rd, 5th and 22nd.
const statState, statGroup, statStart = 0, 5 - 3, 22 - 3

// processStart is when process pid started (in clock ticks since boot),
// and whether it is a zombie; "" when it cannot be read.
func processStart(pid int) (string, bool) {
	fields := procStat(strconv.Itoa(pid))
	if len(fields) <= statStart {
		return "", false
	}
	return fields[statStart], fields[statState] == "Z"
}

// groupAlive: a process of the process group runs. Zombies do not count:
// where PID 1 does not reap orphans (some containers), the killed run's
// processes stay zombies in their group.
func groupAlive(pgid int) bool {
	dirs, err := os.ReadDir("/proc")
	if err != nil {
		return true // cannot tell
	}
	group := strconv.Itoa(pgid)
	for _, d := range dirs {
		if fields := procStat(d.Name()); len(fields) > statGroup && fields[statGroup] == group && fields[statState] != "Z" {
			return true
		}
	}
	return false
}

// bootID identifies this boot of the machine.
func bootID() string {
	b, err := os.ReadFile("/proc/sys/kernel/random/boot_id")
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(b))
}
