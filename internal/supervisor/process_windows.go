package supervisor

import (
	"io/fs"
	"os"
	"os/exec"
)

// Windows has no process groups to signal or SIGTERM to catch: the child
// is killed alone, and the connector process exits when its stdin, a pipe
// from the child, closes.
var stopSignals = []os.Signal{os.Interrupt}

func signalName(os.Signal) string { return "Ctrl-C" }

func signalExitCode(os.Signal) int { return exitSignalBase + 2 }

func ownProcessGroup(*exec.Cmd) {}

func killTree(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = cmd.Process.Kill()
	}
}

// processAlive: Windows opens a handle only to an existing process.
func processAlive(pid int, _ string) bool {
	p, err := os.FindProcess(pid)
	if err != nil {
		return false
	}
	_ = p.Release()
	return true
}

// groupAlive: the child was started alone (no process groups).
func groupAlive(pid int) bool { return processAlive(pid, "") }

func ownedByUs(fs.FileInfo) bool { return true }

func processStart(int) (string, bool) { return "", false }

func bootID() string { return "" }

func fileSizeLimit() (int64, bool) { return 0, false }
