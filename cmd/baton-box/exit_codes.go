package main

import (
	"errors"
	"fmt"
	"io/fs"
	"regexp"
	"strconv"

	"google.golang.org/grpc/codes"
)

// Exit status of a top-level run (documented in the README, "Reliability"):
//
//	0        the run finished; a sync's --file holds the new sync
//	1-16     the run failed; the status is the gRPC code of the error
//	         (3 InvalidArgument, 5 NotFound, 7 PermissionDenied,
//	         9 FailedPrecondition, 14 Unavailable, 16 Unauthenticated, ...),
//	         2 (Unknown) when the error carries no code
//	128+n    stopped by signal n: 129 SIGHUP, 130 SIGINT, 143 SIGTERM
//
// The SDK itself exits with the gRPC code of the error (baton-sdk
// pkg/exit); the supervisor keeps that status, fills it in where the SDK
// loses the code (failed actions), and turns a child's racing exit 0 after
// a failure into the failure's code (2 when it has none), and the Canceled
// of a worker cancelled after the first failure into that failure's code
// (explain.go).

const (
	// exitUnknown is gRPC's Unknown, what the SDK exits with for errors
	// without a code.
	exitUnknown = int(codes.Unknown)
	// exitSignalBase + n is the shell's status for "killed by signal n".
	exitSignalBase = 128
)

// exitError is a failure the supervisor reports itself: one line, one status.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// fileError reports a problem with --file or a temporary directory:
// PermissionDenied when the OS refused access, else FailedPrecondition (the
// path must be fixed before the run can succeed).
func fileError(err error, format string, args ...any) *exitError {
	code := codes.FailedPrecondition
	if errors.Is(err, fs.ErrPermission) {
		code = codes.PermissionDenied
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is already in the message
	}
	return &exitError{code: int(code), msg: "baton-box: " + fmt.Sprintf(format, args...) + ": " + err.Error()}
}

// codeByName maps a gRPC code's name ("NotFound") to its number.
func codeByName(name string) (int, bool) {
	for c := codes.OK; c <= codes.Unauthenticated; c++ {
		if c.String() == name {
			return int(c), true
		}
	}
	if n, err := strconv.Atoi(name); err == nil && n > 0 && n <= int(codes.Unauthenticated) {
		return n, true
	}
	return 0, false
}

// statusPattern is the text form of a gRPC status error (grpc's
// status.Error: "rpc error: code = NotFound desc = ..."). The first one in
// an error's text is the outermost status in its chain, the one the SDK
// exits with.
var statusPattern = regexp.MustCompile(`rpc error: code = ([A-Za-z]+) desc = `)

// exitCodeOf is the status for an error known only by its text, as a
// failure logged by the child (the racing exit 0, see supervise.go, or the
// first failed action): the code of its outermost status; without one,
// Unknown.
func exitCodeOf(failure string) int {
	if m := statusPattern.FindStringSubmatch(failure); m != nil {
		if code, ok := codeByName(m[1]); ok {
			return code
		}
	}
	return exitUnknown
}
