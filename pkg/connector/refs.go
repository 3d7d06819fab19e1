package connector

import (
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
)

// resourceRef is r as an entitlement or a grant carries it: its ID, its
// parent and its name. The c1z holds each resource whole once; the SDK
// copies an entitlement's resource into every grant of it, expanded ones
// too, so a folder's profile in each of its nine entitlements was written,
// read and copied about 1.6 KB a grant (578,000 grants expanded from
// groups at 10,000 users; bench/README.md).
func resourceRef(r *v2.Resource) *v2.Resource {
	return &v2.Resource{Id: r.GetId(), ParentResourceId: r.GetParentResourceId(), DisplayName: r.GetDisplayName()}
}

// grantableTo names the resource types an entitlement is grantable to, as
// the SDK's entitlement.WithGrantableTo takes them but without their
// annotations and descriptions (the c1z holds each type whole once, and
// every entitlement and every grant copies these).
func grantableTo(types ...*v2.ResourceType) []*v2.ResourceType {
	out := make([]*v2.ResourceType, 0, len(types))
	for _, t := range types {
		out = append(out, &v2.ResourceType{Id: t.GetId(), DisplayName: t.GetDisplayName(), Traits: t.GetTraits()})
	}
	return out
}

// newGrant is grant.NewGrant with the resource as a grant carries it.
func newGrant(r *v2.Resource, slug string, principal grant.GrantPrincipal, opts ...grant.GrantOption) *v2.Grant {
	return grant.NewGrant(resourceRef(r), slug, principal, opts...)
}
