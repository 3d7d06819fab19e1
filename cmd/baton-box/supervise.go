package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
)

// Exit-status supervision.
//
// baton-sdk v0.26.0 races two os.Exit calls when a one-shot run fails: the
// CLI exits with the error's code, while a goroutine watching the connector
// subprocess (which the runner has just cancelled) exits 0 when it dies.
// About one failed run in fifteen exited 0, so a script could not trust the
// status. The top-level process therefore runs the real work as a child and
// decides the exit status itself: the child's status, except that a 0 from a
// child that logged the SDK's "on-demand task failed" event is a failure.
// The event is the runner's own structured log message, written before the
// racing goroutine can run.

const (
	supervisedEnv = "BATON_BOX_SUPERVISED"
	// taskFailedEvent is the message the SDK runner logs when a one-shot
	// task fails (pkg/connectorrunner, "runner: error processing on-demand task").
	taskFailedEvent = "runner: error processing on-demand task"
	// exitUnknown is gRPC's Unknown, what the SDK exits with for errors
	// without a code.
	exitUnknown = 2
)

// shouldSupervise: only top-level runs; not the connector subprocess, not
// subcommands (capabilities, config, lambda, health-check) and not a run
// that is already supervised.
func shouldSupervise(args []string) bool {
	if os.Getenv(supervisedEnv) != "" {
		return false
	}
	for _, a := range args {
		if a == "_connector-service" {
			return false
		}
	}
	return len(args) == 0 || strings.HasPrefix(args[0], "-")
}

// supervise runs this binary again with the same arguments and returns the
// exit status to use.
func supervise() int {
	self, err := os.Executable()
	if err != nil {
		fmt.Fprintf(os.Stderr, "baton-box: cannot find own executable: %v\n", err)
		return exitUnknown
	}
	cmd := exec.Command(self, os.Args[1:]...) //nolint:gosec,noctx // re-running this same binary; it must outlive no context
	cmd.Env = append(os.Environ(), supervisedEnv+"=1")
	cmd.Stdin, cmd.Stdout = os.Stdin, os.Stdout
	stderr, err := cmd.StderrPipe()
	if err != nil {
		fmt.Fprintf(os.Stderr, "baton-box: %v\n", err)
		return exitUnknown
	}
	if err := cmd.Start(); err != nil {
		fmt.Fprintf(os.Stderr, "baton-box: start: %v\n", err)
		return exitUnknown
	}

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		for s := range signals {
			_ = cmd.Process.Signal(s)
		}
	}()

	failure := copyWatching(os.Stderr, stderr, []byte(taskFailedEvent))
	err = cmd.Wait()
	signal.Stop(signals)

	var exitErr *exec.ExitError
	switch {
	case errors.As(err, &exitErr):
		return exitErr.ExitCode()
	case err != nil:
		fmt.Fprintf(os.Stderr, "baton-box: %v\n", err)
		return exitUnknown
	case failure != nil:
		// The child exited 0 before printing its error: print it, as the
		// CLI would have, so the last line says what went wrong.
		fmt.Fprintln(os.Stderr, failureMessage(failure))
		return exitUnknown
	}
	return 0
}

// failureMessage is the error of a failed-task log line: its "error" field
// when the log is JSON, else the line itself.
func failureMessage(line []byte) string {
	var entry struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(line, &entry) == nil && entry.Error != "" {
		return entry.Error
	}
	return strings.TrimSpace(string(line))
}

// copyWatching copies r to w line by line and returns the last line that
// contained marker, or nil.
func copyWatching(w io.Writer, r io.Reader, marker []byte) []byte {
	var seen []byte
	br := bufio.NewReaderSize(r, 64<<10)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			if bytes.Contains(line, marker) {
				seen = line
			}
			_, _ = w.Write(line)
		}
		if err != nil {
			return seen
		}
	}
}
