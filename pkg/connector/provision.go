package connector

import (
	"context"
	"fmt"
	"strings"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Helpers shared by the provisioners. In Grant and Revoke, WHO is the
// principal (always a Box user) and WHAT is the entitlement's resource.

// principalUserID returns the Box user ID of a principal, refusing groups,
// roles and anything else: Box grants all of this access to users only.
func principalUserID(principal *v2.Resource) (string, error) {
	id := principal.GetId()
	if id.GetResourceType() != userResourceType.Id || id.GetResource() == "" {
		return "", status.Errorf(codes.InvalidArgument,
			"baton-box: the principal must be a Box user, got %s %q", id.GetResourceType(), id.GetResource())
	}
	if err := validID("user", id.GetResource()); err != nil {
		return "", fmt.Errorf("baton-box: principal: %w", err)
	}
	return id.GetResource(), nil
}

// resourceIDOf returns the Box ID of a resource of the given type (an
// entitlement's resource, a resource to delete or get), refusing anything
// that is not a canonical Box ID before any request is made.
func resourceIDOf(action string, id *v2.ResourceId, rt *v2.ResourceType) (string, error) {
	if id.GetResourceType() != rt.Id {
		return "", status.Errorf(codes.InvalidArgument, "baton-box: %s: not a %s: %s %q", action, rt.Id, id.GetResourceType(), id.GetResource())
	}
	if err := validID(rt.Id, id.GetResource()); err != nil {
		return "", fmt.Errorf("baton-box: %s: %w", action, err)
	}
	return id.GetResource(), nil
}

// entitlementSlug is the last part of the entitlement ID ("group:1:admin").
func entitlementSlug(e *v2.Entitlement) string {
	if s := e.GetSlug(); s != "" {
		return s
	}
	id := e.GetId()
	return id[strings.LastIndex(id, ":")+1:]
}

func unknownEntitlement(e *v2.Entitlement, allowed ...string) error {
	return status.Errorf(codes.InvalidArgument, "baton-box: unknown entitlement %q on %s %s; expected %s",
		entitlementSlug(e), e.GetResource().GetId().GetResourceType(), e.GetResource().GetId().GetResource(), strings.Join(allowed, " or "))
}

// alreadyExists and alreadyRevoked report an idempotent no-op, and log what
// was found ("user 1 is already a member of group 2"), so a repeated grant
// or revoke run by hand tells the operator why nothing changed.
func alreadyExists(ctx context.Context, format string, args ...any) annotations.Annotations {
	ctxzap.Extract(ctx).Info("baton-box: grant already holds: " + fmt.Sprintf(format, args...))
	noteOutcome(ctx, Outcome{Text: fmt.Sprintf(format, args...), NoOp: true})
	return annotations.New(&v2.GrantAlreadyExists{})
}

func alreadyRevoked(ctx context.Context, format string, args ...any) annotations.Annotations {
	ctxzap.Extract(ctx).Info("baton-box: grant already revoked: " + fmt.Sprintf(format, args...))
	noteOutcome(ctx, Outcome{Text: fmt.Sprintf(format, args...), NoOp: true})
	return annotations.New(&v2.GrantAlreadyRevoked{})
}

// alreadyDeleted reports a delete of something Box no longer has, and says
// so in the log, so a no-op run tells the operator what it found.
func alreadyDeleted(ctx context.Context, kind, id string) annotations.Annotations {
	ctxzap.Extract(ctx).Info("baton-box: already deleted", zap.String("type", kind), zap.String("id", id))
	noteOutcome(ctx, Outcome{Text: fmt.Sprintf("%s %s is already deleted: Box has no such %s", kind, id, kind), NoOp: true})
	return annotations.New(&v2.ResourceDoesNotExist{})
}

func userPrincipal(userID string) *v2.ResourceId {
	return &v2.ResourceId{ResourceType: userResourceType.Id, Resource: userID}
}

// grantsOf builds the grants that now hold for userID on resource.
func grantsOf(resource *v2.Resource, userID string, slugs ...string) []*v2.Grant {
	out := make([]*v2.Grant, 0, len(slugs))
	for _, s := range slugs {
		out = append(out, newGrant(resource, s, userPrincipal(userID)))
	}
	return out
}

func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf("baton-box: "+format+": %w", append(args, err)...)
}
