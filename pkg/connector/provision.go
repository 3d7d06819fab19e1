package connector

import (
	"fmt"
	"strings"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
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

func alreadyExists() annotations.Annotations  { return annotations.New(&v2.GrantAlreadyExists{}) }
func alreadyRevoked() annotations.Annotations { return annotations.New(&v2.GrantAlreadyRevoked{}) }

func userPrincipal(userID string) *v2.ResourceId {
	return &v2.ResourceId{ResourceType: userResourceType.Id, Resource: userID}
}

// grantsOf builds the grants that now hold for userID on resource.
func grantsOf(resource *v2.Resource, userID string, slugs ...string) []*v2.Grant {
	out := make([]*v2.Grant, 0, len(slugs))
	for _, s := range slugs {
		out = append(out, grant.NewGrant(resource, s, userPrincipal(userID)))
	}
	return out
}

func wrapf(err error, format string, args ...any) error {
	return fmt.Errorf("baton-box: "+format+": %w", append(args, err)...)
}
