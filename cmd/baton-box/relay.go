package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
)

// taskFailedEvent is the message the SDK runner logs when a one-shot task
// fails (pkg/connectorrunner, "runner: error processing on-demand task").
// It is written before the SDK's racing exit (see supervise.go), so it is
// the one record of a failure that every failed one-shot run leaves.
const taskFailedEvent = "runner: error processing on-demand task"

// actionFailedEvent is what the SDK's parallel syncer logs for the first
// failed action before it cancels the others (pkg/sync/parallel_syncer.go).
// A cancelled sibling can then fail with "context canceled" and be the one
// the runner reports; this event keeps the cause.
const actionFailedEvent = "cancelling context due to error in action"

// relay copies the child's stderr to ours line by line: redacted, and
// watching for the failure event. Every line passes box.Redactor with the
// run's configured secrets, so a secret that reaches any log line or error
// (an echo from a server, a URL in a transport error) is caught in one
// place; pkg/box also redacts at the source, and this is the net under it. The lines after that event are the end
// of the run, the SDK's final error among them. They are held until the
// supervisor knows the outcome, so that an error it rewrites replaces the
// SDK's raw text instead of following it.
type relay struct {
	out     io.Writer
	redact  *box.Redactor
	failure string // the failed task's error; "" while none
	cause   string // the first failed action's error, logged before the others were cancelled
	held    [][]byte
	// full is the first write that found no room (file_system_full.go).
	full *fullWrite
	// trace is a Go panic's report: the plain lines from its first (or
	// from a plain line about a full write) to the end. When the supervisor
	// explains the problem, the trace is dropped.
	trace [][]byte
}

// copy reads in to its end.
func (r *relay) copy(in io.Reader) {
	br := bufio.NewReaderSize(in, 64<<10)
	for {
		line, err := br.ReadBytes('\n')
		if len(line) > 0 {
			r.line(line)
		}
		if err != nil {
			return
		}
	}
}

func (r *relay) line(b []byte) {
	b = r.redact.Redact(b)
	full := findFullWrite(b)
	if r.full == nil {
		r.full = full
	}
	held := r.failure != ""
	switch {
	case held:
	case bytes.Contains(b, []byte(taskFailedEvent)):
		r.failure = failureMessage(b)
	case r.cause == "" && bytes.Contains(b, []byte(actionFailedEvent)):
		r.cause = failureMessage(b)
	}
	switch {
	// A panic's report, and a plain line about a full write (Pebble's
	// "pebble FATAL: ..." before its panic), are the problem told badly;
	// log lines go on as usual.
	case !isLogLine(b) && (r.trace != nil || isPanic(b) || full != nil):
		r.trace = append(r.trace, b)
	case held:
		r.held = append(r.held, b)
	default:
		_, _ = r.out.Write(b)
	}
}

// finish writes the held lines, then a panic's trace. With a replacement,
// the SDK's own print of the failed task's error is dropped and the
// replacement is the last line.
func (r *relay) finish(replacement string) {
	for _, l := range r.held {
		if replacement != "" && r.isEcho(l) {
			continue
		}
		_, _ = r.out.Write(l)
	}
	for _, l := range r.trace {
		_, _ = r.out.Write(l)
	}
	if replacement != "" {
		_, _ = fmt.Fprintln(r.out, string(r.redact.Redact([]byte(replacement))))
	}
}

// isEcho: a plain (not JSON) line that is part of the error's text is the
// SDK printing the error as it exits.
func (r *relay) isEcho(line []byte) bool {
	t := strings.TrimSpace(string(line))
	return t != "" && !isLogLine(line) && strings.Contains(r.failure, t)
}

// isLogLine: line is a JSON log entry, not plain text.
func isLogLine(line []byte) bool { return bytes.HasPrefix(bytes.TrimSpace(line), []byte("{")) }

// failureMessage is the error of a failed-task log line: its "error" field
// (JSON logs, or the fields that end a console-format line), else the line
// itself.
func failureMessage(line []byte) string {
	var entry struct {
		Error string `json:"error"`
	}
	if json.Unmarshal(line, &entry) == nil && entry.Error != "" {
		return entry.Error
	}
	if i := bytes.IndexByte(line, '{'); i > 0 && json.Unmarshal(line[i:], &entry) == nil && entry.Error != "" {
		return entry.Error
	}
	return strings.TrimSpace(string(line))
}
