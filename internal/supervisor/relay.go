package supervisor

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
)

// relay copies the child's stderr to ours line by line: redacted, and
// watching for the failure event. Every line passes box.Redactor with the
// run's configured secrets, so a secret that reaches any log line or error
// (an echo from a server, a URL in a transport error) is caught in one
// place; pkg/box also redacts at the source, and this is the net under it. The lines after that event are the end
// of the run, the SDK's final error among them. They are held until the
// supervisor knows the outcome, so that an error it rewrites replaces the
// SDK's raw text instead of following it.
type relay struct {
	out    io.Writer
	redact *box.Redactor
	// quiet (any --log-level but debug) leaves out the log entries that
	// are noise (logline.go), and the SDK's records of the failure the run
	// ends with, which its last line says once.
	quiet bool
	// oneShot: the run ends with its task, so a record that may echo the
	// task's failure is worth holding until the next line (not in daemon
	// mode, whose logs must not wait).
	oneShot bool
	failure string // the failed task's error; "" while none
	cause   string // the first failed action's error, logged before the others were cancelled
	held    [][]byte
	// pending are records that may echo a failure still to come (quiet
	// only): held until the next other line, or the failure event, which
	// makes them part of the run's end.
	pending [][]byte
	// leavingOut: the last log entry was left out (quiet), and so are the
	// plain lines that continue it.
	leavingOut bool
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
	entry, isEntry := parseLogLine(b)
	if r.quiet && r.leftOut(b, entry, isEntry) {
		return
	}
	full := findFullWrite(b)
	if r.full == nil {
		r.full = full
	}
	wasHeld := r.failure != ""
	switch {
	case wasHeld:
	case bytes.Contains(b, []byte(taskFailedEvent)):
		r.failure = failureMessage(b)
	case r.cause == "" && bytes.Contains(b, []byte(actionFailedEvent)):
		r.cause = failureMessage(b)
	}
	// From the failure event on, the lines are the end of the run; quiet,
	// the event itself and the echoes before it are too.
	held := wasHeld || r.quiet && r.oneShot && r.failure != ""
	if held && len(r.pending) > 0 {
		r.held = append(r.held, r.pending...)
		r.pending = nil
	}
	switch {
	// A panic's report, and a plain line about a full write (Pebble's
	// "pebble FATAL: ..." before its panic), are the problem told badly;
	// log lines go on as usual.
	case !isEntry && (r.trace != nil || isPanic(b) || full != nil):
		r.trace = append(r.trace, b)
	case held:
		r.held = append(r.held, b)
	case r.quiet && r.oneShot && isEntry && entry.echoCandidate():
		r.pending = append(r.pending, b)
	default:
		r.flushPending()
		_, _ = r.out.Write(b)
	}
}

// leftOut: quiet, the line is noise (logline.go), or the rest of a
// console-format entry left out (a message over several lines, such as
// gRPC's resolver state).
func (r *relay) leftOut(b []byte, entry logEntry, isEntry bool) bool {
	if isEntry {
		r.leavingOut = entry.noise() && entry.console
		return entry.noise()
	}
	return r.leavingOut && !isPanic(b) && findFullWrite(b) == nil || isPlainNoise(b)
}

// flushPending writes the records held as possible echoes: no failure
// followed them.
func (r *relay) flushPending() {
	for _, l := range r.pending {
		_, _ = r.out.Write(l)
	}
	r.pending = nil
}

// finish writes the held lines, then a panic's trace. With a replacement,
// the SDK's own print of the failed task's error is dropped and the
// replacement is the last line; quiet, so are its records of that error.
func (r *relay) finish(replacement string) {
	r.flushPending()
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

// isEcho: line repeats the failed task's error: a plain (not JSON) line
// that is part of its text (the SDK printing the error as it exits), or,
// quiet, one of the SDK's records of that same error.
func (r *relay) isEcho(line []byte) bool {
	entry, isEntry := parseLogLine(line)
	if isEntry {
		return r.quiet && entry.echoCandidate() && plainError(entry.str(logKeyError)) == plainError(r.failure)
	}
	t := strings.TrimSpace(string(line))
	return t != "" && strings.Contains(r.failure, t)
}

// failureMessage is the error of a failed-task log line: its error field
// (JSON logs, or the fields that end a console-format line), else the line
// itself.
func failureMessage(line []byte) string {
	for _, fields := range [][]byte{line, line[max(bytes.IndexByte(line, '{'), 0):]} {
		var entry map[string]any
		if json.Unmarshal(fields, &entry) == nil {
			if msg, _ := entry[logKeyError].(string); msg != "" {
				return msg
			}
		}
	}
	return strings.TrimSpace(string(line))
}
