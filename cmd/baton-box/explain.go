package main

import (
	"context"
	"regexp"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/types/known/structpb"

	"github.com/conductorone/baton-box/pkg/connector"
)

// explain rewrites the failures whose SDK message is not fit to read: a
// failed action (printed as a protobuf struct, exit code lost) and a
// provisioning request for something the local file lacks
// (missing_from_file.go). nil: the SDK's message stands.
func explain(ctx context.Context, inv invocation, failure string, code int, tmp string) *exitError {
	if e := actionFailure(failure); e != nil {
		return e
	}
	lookup := code == int(codes.NotFound) || code == int(codes.FailedPrecondition) || (code == 0 && failure != "")
	if inv.mode == modeReadsFile && lookup {
		return missingFromFile(ctx, inv, tmp)
	}
	return nil
}

// actionFailedPrefix is how the SDK reports a failed action: "action invoke
// failed: %v" of the action's response (baton-sdk
// pkg/tasks/local/action_invoker.go), a protobuf Struct in text form. Its
// "error" field holds the connector's error; pkg/connector adds the gRPC
// code beside it, which crosses the process boundary no other way.
const actionFailedPrefix = "action invoke failed: "

// actionFailure turns that report into the connector's error text and the
// exit status of its code. nil: not a failed action.
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

// statusPattern is the text form of a gRPC status error (grpc's
// status.Error: "rpc error: code = NotFound desc = ..."). The first one in
// an error's text is the outermost status in its chain, the one the SDK
// exits with.
var statusPattern = regexp.MustCompile(`rpc error: code = ([A-Za-z]+) desc = `)

// racedExitCode is the status for a child that exited 0 after logging a
// failure (the SDK's racing exit, see supervise.go). Only the failure's
// text crossed the process boundary, so the code is read from the status
// in it; without one, Unknown.
func racedExitCode(failure string) int {
	if m := statusPattern.FindStringSubmatch(failure); m != nil {
		if code, ok := codeByName(m[1]); ok {
			return code
		}
	}
	return exitUnknown
}
