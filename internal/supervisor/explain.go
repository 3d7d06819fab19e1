package supervisor

import (
	"context"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/conductorone/baton-box/pkg/connector"
)

// explain decides how a failed run ends, given the failed task's error and
// the first failed action's (relay.go) and the child's exit status: the
// line to print last and the status, or nil when the SDK's own stand. It
// rewrites what the SDK prints unfit to read (a failed action, printed as a
// protobuf struct with its code lost; a provisioning request for something
// the local file lacks, missing_from_file.go) and what it reports wrongly
// (runError).
func explain(ctx context.Context, inv invocation, failure, cause string, code int, tmp string) *exitError {
	if e := actionFailure(failure); e != nil {
		return e
	}
	lookup := code == int(codes.NotFound) || code == int(codes.FailedPrecondition) || (code == 0 && failure != "")
	if inv.mode == modeReadsFile && lookup {
		if e := missingFromFile(ctx, inv, tmp); e != nil {
			return e
		}
	}
	return runError(failure, cause, code)
}

// runError is the line that ends a failed run, from the failed task's
// error as the SDK reports it: the error alone (plainError), without the
// wrappers the SDK adds on its way out; nil when no task failed (the
// child has said what went wrong, e.g. a flag it refused). It also
// corrects the SDK's report:
//   - The parallel syncer cancels its other workers after the first failed
//     action, and a cancelled one can be the one reported ("context
//     canceled"): the run ends with the first failure and its code.
//   - The SDK joins the failure with what the workers it cancelled ended
//     with, cause first: the run ends with the cause.
//   - A child that raced to exit 0 (doc.go) printed nothing: the run
//     ends with the logged failure, its status read from its text.
func runError(failure, cause string, code int) *exitError {
	if strings.TrimSpace(failure) == "" {
		return nil
	}
	if cause != "" && cancelledOnly(failure) && !cancelledOnly(cause) {
		return &exitError{code: exitCodeOf(cause), msg: plainError(cause)}
	}
	msg := strings.TrimSpace(failure)
	if first, rest, joined := strings.Cut(msg, "\n"); joined && strings.TrimSpace(rest) != "" {
		msg = first
	}
	if code == 0 {
		code = exitCodeOf(failure)
	}
	return &exitError{code: code, msg: plainError(msg)}
}

// plainError is an error's text without the SDK's wrapping, as one line
// starting "baton-box: ": from the connector's own "baton-box: " on, else
// what is left once the wrappers are gone.
func plainError(msg string) string {
	msg = strings.Join(strings.Fields(msg), " ")
	if i := strings.Index(msg, "baton-box: "); i >= 0 {
		return msg[i:]
	}
	for {
		loc := sdkWrapping.FindStringIndex(msg)
		if loc == nil || loc[1] == len(msg) {
			break
		}
		msg = msg[loc[1]:]
	}
	return "baton-box: " + msg
}

// cancelledOnly: the error says only that its context was cancelled (the
// SDK's "context canceled", possibly wrapped, e.g. by its rate limiter:
// "ratelimit: error reporting ratelimit after request error: ... context
// canceled"), nothing of a cause.
func cancelledOnly(failure string) bool {
	f := strings.TrimSpace(failure)
	return strings.HasSuffix(f, context.Canceled.Error()) && !strings.Contains(f, "baton-box:") && !strings.Contains(f, "\n")
}

// actionFailure turns the SDK's report of a failed action
// (actionFailedPrefix) into the connector's error text and the exit status
// of its code: the report's "error" field holds the connector's error, and
// pkg/connector adds the gRPC code beside it, which crosses the process
// boundary no other way. nil: not a failed action.
func actionFailure(failure string) *exitError {
	i := strings.Index(failure, actionFailedPrefix)
	if i < 0 {
		return nil
	}
	var resp structpb.Struct
	if prototext.Unmarshal([]byte(failure[i+len(actionFailedPrefix):]), &resp) == nil {
		if msg := resp.GetFields()[connector.ActionErrorField].GetStringValue(); msg != "" {
			code, ok := codeByName(resp.GetFields()[connector.ActionErrorCodeField].GetStringValue())
			if !ok {
				code = exitUnknown
			}
			return &exitError{code: code, msg: msg}
		}
	}
	return nil // not the SDK's report of a failed action
}
