package synctest

import (
	"context"
	"fmt"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"
)

// Snapshot is what a sync wrote, read back from the c1z file.
type Snapshot struct {
	Resources    map[string]*v2.Resource    // key "type/id"
	Entitlements map[string]*v2.Entitlement // key entitlement id
	Grants       map[string]*v2.Grant       // key grant id
}

// Key is how Snapshot.Resources is keyed.
func Key(resourceType, id string) string { return resourceType + "/" + id }

// ReadC1Z reads every resource, entitlement and grant of the file's latest sync.
func ReadC1Z(ctx context.Context, path, tmpDir string) (*Snapshot, error) {
	store, err := dotc1z.NewStore(ctx, path, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(tmpDir))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	defer store.Close(ctx)

	snap := &Snapshot{Resources: map[string]*v2.Resource{}, Entitlements: map[string]*v2.Entitlement{}, Grants: map[string]*v2.Grant{}}
	types, err := store.ListResourceTypes(ctx, &v2.ResourceTypesServiceListResourceTypesRequest{})
	if err != nil {
		return nil, err
	}
	for _, rt := range types.GetList() {
		for token := ""; ; {
			resp, err := store.ListResources(ctx, &v2.ResourcesServiceListResourcesRequest{ResourceTypeId: rt.GetId(), PageToken: token})
			if err != nil {
				return nil, fmt.Errorf("list %s resources: %w", rt.GetId(), err)
			}
			for _, r := range resp.GetList() {
				snap.Resources[Key(r.GetId().GetResourceType(), r.GetId().GetResource())] = r
			}
			if token = resp.GetNextPageToken(); token == "" {
				break
			}
		}
	}
	for token := ""; ; {
		resp, err := store.ListEntitlements(ctx, &v2.EntitlementsServiceListEntitlementsRequest{PageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list entitlements: %w", err)
		}
		for _, e := range resp.GetList() {
			snap.Entitlements[e.GetId()] = e
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	for token := ""; ; {
		resp, err := store.ListGrants(ctx, &v2.GrantsServiceListGrantsRequest{PageToken: token})
		if err != nil {
			return nil, fmt.Errorf("list grants: %w", err)
		}
		for _, g := range resp.GetList() {
			snap.Grants[g.GetId()] = g
		}
		if token = resp.GetNextPageToken(); token == "" {
			break
		}
	}
	return snap, nil
}
