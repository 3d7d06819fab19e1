package connector

import (
	"context"
	"testing"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// Entitlements and grants carry a resource's ID, parent and name, not its
// profile, description or annotations, and name the types they are
// grantable to without theirs: the c1z holds those once, and the SDK
// copies an entitlement into every grant of it. IDs do not change.
func TestEntitlementsAndGrantsCarryResourceRefs(t *testing.T) {
	folder, err := folderResource(&folderMeta{ID: "300000009330", Name: "Project Juniper", Path: "/Project Juniper", Depth: 1,
		OwnerID: "17000016142", OwnerLogin: "ibrahim@acme.example.com"}, collabCounts{}, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(folder.GetAnnotations()) == 0 || folder.GetDescription() == "" || rs.GetProfile(folder) == nil {
		t.Fatalf("the folder resource has no annotations, description or profile to leave out: %v", folder)
	}
	ents, _, err := (&folderSyncer{}).Entitlements(context.Background(), folder, rs.SyncOpAttrs{})
	if err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(folderRoles)+2 {
		t.Fatalf("%d entitlements, want %d", len(ents), len(folderRoles)+2)
	}
	for _, e := range ents {
		checkRef(t, e.GetId(), e.GetResource(), folder)
		if e.GetId() != "folder:300000009330:"+e.GetSlug() || e.GetDisplayName() == "" || e.GetDescription() == "" {
			t.Errorf("entitlement %s (slug %s): ID, display name or description changed", e.GetId(), e.GetSlug())
		}
		if len(e.GetGrantableTo()) == 0 {
			t.Errorf("%s: grantable to nothing", e.GetId())
		}
		for _, rt := range e.GetGrantableTo() {
			if rt.GetId() == "" || rt.GetDisplayName() == "" || len(rt.GetTraits()) == 0 || len(rt.GetAnnotations()) != 0 || rt.GetDescription() != "" {
				t.Errorf("%s: grantable to %v, want the type's ID, name and traits only", e.GetId(), rt)
			}
		}
	}
	g := newGrant(folder, ownerEntitlement, userPrincipal("17000016142"))
	checkRef(t, g.GetId(), g.GetEntitlement().GetResource(), folder)
	if g.GetId() != "folder:300000009330:owner:user:17000016142" || g.GetEntitlement().GetId() != "folder:300000009330:owner" {
		t.Errorf("grant %s of entitlement %s: IDs changed", g.GetId(), g.GetEntitlement().GetId())
	}
	if len(folder.GetAnnotations()) == 0 || rs.GetProfile(folder) == nil {
		t.Error("the synced resource itself lost its annotations or profile")
	}
}

func checkRef(t *testing.T, what string, got, full *v2.Resource) {
	t.Helper()
	if got.GetId().GetResource() != full.GetId().GetResource() || got.GetId().GetResourceType() != full.GetId().GetResourceType() ||
		got.GetParentResourceId().GetResource() != full.GetParentResourceId().GetResource() || got.GetDisplayName() != full.GetDisplayName() {
		t.Errorf("%s: carries %v, want the ID, parent and name of %v", what, got, full.GetId())
	}
	if len(got.GetAnnotations()) != 0 || got.GetDescription() != "" || got.GetCreatedAt() != nil {
		t.Errorf("%s: carries more of the resource than its ID, parent and name: %v", what, got)
	}
}

// resourceRef keeps what identifies a resource whatever it lacks.
func TestResourceRefOfBareResource(t *testing.T) {
	r := resourceRef(&v2.Resource{Id: &v2.ResourceId{ResourceType: groupResourceType.Id, Resource: "77"}})
	if r.GetId().GetResource() != "77" || r.GetParentResourceId() != nil || r.GetDisplayName() != "" {
		t.Errorf("got %v", r)
	}
}
