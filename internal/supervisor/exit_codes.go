package supervisor

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"

	"google.golang.org/grpc/codes"
)

// Exit status of a top-level run. The table in docs/operations.md ("Runs,
// files and exit codes") is this one; TestExitCodeTableIsTheDocumentedOne
// checks that they agree and match the constants below:
//
//	| Status | gRPC code | When |
//	|---|---|---|
//	| 0 | | The run finished; a sync's `--file` holds the new sync. |
//	| 2 | Unknown | A failure whose error carries no gRPC code. |
//	| 3 | InvalidArgument | Bad input, refused before Box is asked: an unknown flag or a bad value, a required flag missing, an empty ID (`--revoke-grant ""`), `--file` not a regular file. |
//	| 5 | NotFound | What a one-shot task names is not in `--file` or not in Box. |
//	| 7 | PermissionDenied | Box or the OS refused access (e.g. `--file`'s directory cannot be written). |
//	| 8 | ResourceExhausted | Box kept answering 429 until the give-up; no space left, or the file size limit (`ulimit -f`) reached, while writing the sync. |
//	| 9 | FailedPrecondition | `--file` missing, or without a finished sync, for a grant or revoke; Box not reachable at the start; a change Box refuses as things stand. |
//	| 10 | Aborted | No successful answer from Box for `--give-up-after-seconds`. |
//	| 13 | Internal | An answer from Box that cannot be right (a malformed page). |
//	| 15 | DataLoss | Box's listings disagree with its own totals. |
//	| 16 | Unauthenticated | Box refused the credentials. |
//	| 1-16 | | Any other failure: the gRPC code of its error (e.g. 14 Unavailable). |
//	| 128+n | | Stopped by signal n: 129 SIGHUP, 130 SIGINT, 143 SIGTERM. |
//
// The SDK itself exits with the gRPC code of the error (baton-sdk
// pkg/exit). The supervisor keeps that status, fills it in where
// the SDK loses the code (failed actions), turns a child's racing exit 0
// after a failure into the failure's code (2 when it has none), and the
// Canceled of a worker cancelled after the first failure into that
// failure's code (explain.go); bad flags, which the SDK exits 2 for, exit 3.

const (
	// exitUnknown is gRPC's Unknown, what the SDK exits with for errors
	// without a code.
	exitUnknown = int(codes.Unknown)
	// exitBadInput is gRPC's InvalidArgument: the flags, the environment or
	// the config file ask for something that cannot run.
	exitBadInput = int(codes.InvalidArgument)
	// exitFull is gRPC's ResourceExhausted: a filesystem full, or the file
	// size limit reached, while writing the sync (file_system_full.go).
	exitFull = int(codes.ResourceExhausted)
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
// PermissionDenied when the OS refused access, ResourceExhausted when a
// write found no room, else FailedPrecondition (the path must be fixed
// before the run can succeed).
func fileError(err error, format string, args ...any) *exitError {
	code := codes.FailedPrecondition
	switch {
	case errors.Is(err, fs.ErrPermission):
		code = codes.PermissionDenied
	case isFull(err):
		code = codes.ResourceExhausted
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

// exitCodeOf is the status for an error known only by its text, as a
// failure logged by the child (the racing exit 0, see doc.go, or the
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
