package supervisor

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
)

// logEntry is a line of the child's stderr read as a zap log entry, in
// either of the SDK's formats: JSON (--log-format json, the default when
// stdout is not a terminal) or console ("<time>\t<LEVEL>\t<caller>\t<msg>\t
// {fields}", the default on a terminal).
type logEntry struct {
	level  string         // lower case: debug, info, warn, error, ...
	caller string         // "package/file.go:line"
	msg    string         //
	fields map[string]any // nil when the entry has none
	// console: the entry is in console format, where a message over
	// several lines goes on in plain lines (JSON keeps it on one).
	console bool
}

// consoleEntry is the start of a console-format entry: its time and level.
var consoleEntry = regexp.MustCompile(`^\d{4}-\d\d-\d\dT[0-9:.]+(?:Z|[+-]\d\d:?\d\d)?\t[A-Z]+\t`)

// parseLogLine reads line as a log entry; false: it is plain text (a
// panic, the SDK printing an error, a library writing to stderr).
func parseLogLine(line []byte) (logEntry, bool) {
	t := bytes.TrimSpace(line)
	if bytes.HasPrefix(t, []byte("{")) {
		var fields map[string]any
		if json.Unmarshal(t, &fields) != nil {
			return logEntry{}, false
		}
		e := logEntry{fields: fields}
		e.level, _ = fields[logKeyLevel].(string)
		e.caller, _ = fields[logKeyCaller].(string)
		e.msg, _ = fields[logKeyMsg].(string)
		return e, true
	}
	if !consoleEntry.Match(t) {
		return logEntry{}, false
	}
	parts := strings.SplitN(string(t), "\t", 5)
	e := logEntry{level: strings.ToLower(parts[1]), console: true}
	if len(parts) > 2 {
		e.caller = parts[2]
	}
	if len(parts) > 3 {
		e.msg = parts[3]
	}
	if len(parts) > 4 {
		_ = json.Unmarshal([]byte(parts[4]), &e.fields)
	}
	return e, true
}

// str is the string field key ("" if absent or not a string).
func (e logEntry) str(key string) string {
	s, _ := e.fields[key].(string)
	return s
}

// noise is what the relay leaves out below --log-level debug: it repeats
// what is said elsewhere, or says nothing an operator can act on.
//   - gRPC's "[core]" chatter about the connections between the SDK's
//     processes (logged through grpclog; a console-format message over
//     several lines has its fields on its last line only);
//   - uhttp's "HTTP error status" warning, logged for every Box answer
//     that is not a success: the connector reports the errors that matter
//     itself, with what to do, and handles the ones it expects (the 403s
//     of the as-user reads of admins' folders, a 404 it then confirms).
func (e logEntry) noise() bool {
	return e.fields[grpcLogField] == true || strings.HasPrefix(e.caller, grpcLogCaller) || e.msg == httpErrorStatus
}

// isPlainNoise: a plain line that says nothing to an operator.
func isPlainNoise(line []byte) bool { return pebbleWALs.Match(bytes.TrimSpace(line)) }

// failureEchoes are the SDK's records of an error on its way out: the
// connector's gRPC server finishing the call, the runner's rate limiter,
// the runner, the CLI. When the run ends with that error, its last line
// says it once; these only repeat it, wrapped.
var failureEchoes = []string{unaryCallFinished, rateLimitRequestFailed, taskFailedEvent, connectorRunFailed}

// echoCandidate: e may repeat the failure that will end the run.
func (e logEntry) echoCandidate() bool {
	for _, m := range failureEchoes {
		if strings.HasPrefix(e.msg, m) {
			return e.str(logKeyError) != ""
		}
	}
	return false
}
