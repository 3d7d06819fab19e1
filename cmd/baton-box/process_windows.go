package main

import (
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
