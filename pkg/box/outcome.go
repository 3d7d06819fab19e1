package box

import (
	"errors"
	"fmt"
	"net/http"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// UnknownOutcomeError is a request that must not be repeated blindly (a
// content transfer) whose outcome is unknown: it timed out, Box answered
// 5xx, the connection broke, or the caller's context ended while it was
// out. Box may have done it, may still be doing it, or not. A request
// that never left (its token request failed, no connection was made) is
// no unknown outcome: it is retried, or fails plainly.
type UnknownOutcomeError struct {
	Method string
	Path   string
	cause  error
}

func (e *UnknownOutcomeError) Error() string {
	return fmt.Sprintf("box: %s %s: the outcome is unknown, not sent again: %s", e.Method, e.Path, oneLine(e.cause))
}

func (e *UnknownOutcomeError) Unwrap() error { return e.cause }

// GRPCStatus: worth trying again later, after a look at the state.
func (e *UnknownOutcomeError) GRPCStatus() *status.Status {
	return status.New(codes.Unavailable, e.Error())
}

// IsUnknownOutcome reports an *UnknownOutcomeError.
func IsUnknownOutcome(err error) bool {
	var e *UnknownOutcomeError
	return errors.As(err, &e)
}

// CodeStorageLimitExceeded: the account has no room ("Account storage
// limit reached", the spec).
const CodeStorageLimitExceeded = "storage_limit_exceeded"

// IsStorageLimit reports Box refusing for lack of storage.
func IsStorageLimit(err error) bool {
	return StatusCode(err) == http.StatusForbidden && ErrorCode(err) == CodeStorageLimitExceeded
}
