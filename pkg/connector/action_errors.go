package connector

import (
	"context"

	"github.com/conductorone/baton-sdk/pkg/actions"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/structpb"
)

// A failed action reaches its caller only as the response the SDK builds:
// the handler's return value plus the error's text under ActionErrorField.
// The gRPC code would be lost, so a failed action also returns the code's
// name under ActionErrorCodeField (the CLI exits with it), and success
// false.
const (
	ActionErrorField     = "error" // set by the SDK (pkg/actions)
	ActionErrorCodeField = "error_code"
)

// withErrorCode wraps an action handler so that its errors carry their code.
func withErrorCode(h actions.ActionHandler) actions.ActionHandler {
	return func(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
		rv, annos, err := h(ctx, args)
		if err == nil {
			noteOutcome(ctx, Outcome{Result: rv.AsMap()})
			return rv, annos, nil
		}
		out := &structpb.Struct{}
		if clone, ok := proto.Clone(rv).(*structpb.Struct); ok && rv != nil {
			out = clone
		}
		if out.Fields == nil {
			out.Fields = map[string]*structpb.Value{}
		}
		out.Fields[ActionErrorCodeField] = structpb.NewStringValue(status.Code(err).String())
		out.Fields[retSuccess] = structpb.NewBoolValue(false)
		return out, annos, err
	}
}
