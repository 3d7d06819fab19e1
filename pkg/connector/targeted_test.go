package connector_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/synctest"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
)

// A targeted sync refreshes one user or one group (with its members) after a
// change in Box, and must equal the truth for that resource.
func TestTargetedSync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := synctest.New(t, smallTenant(), synctest.Options{})
	truth := env.Sim.Truth()
	u := pickUsers(t, truth, 1)[0]
	g := groupWithout(t, truth, u.ID)

	// Change Box behind the connector's back.
	if _, err := env.Sim.AddMembership(u.ID, g.ID, "admin"); err != nil {
		t.Fatal(err)
	}
	if err := env.Sim.SetUserStatus(u.ID, "inactive"); err != nil {
		t.Fatal(err)
	}
	truth = env.Sim.Truth()
	want := synctest.ExpectedFrom(truth)

	targets := []*v2.Resource{
		{Id: &v2.ResourceId{ResourceType: "user", Resource: u.ID}},
		{Id: &v2.ResourceId{ResourceType: "group", Resource: g.ID}},
	}
	snap := env.SyncAndRead(ctx, t, sdksync.WithTargetedSyncResources(targets))

	if r, ok := snap.Resources[synctest.Key("user", u.ID)]; !ok || r.GetStatus().GetStatus() != v2.Status_RESOURCE_STATUS_DISABLED {
		t.Fatalf("targeted user: %v", r)
	}
	if _, ok := snap.Resources[synctest.Key("group", g.ID)]; !ok {
		t.Fatal("targeted group missing")
	}
	// The group's grants are exactly its memberships in the truth.
	prefix := fmt.Sprintf("group:%s:", g.ID)
	wantGrants, gotGrants := 0, 0
	for id := range want.Grants {
		if strings.HasPrefix(id, prefix) {
			wantGrants++
			if _, ok := snap.Grants[id]; !ok {
				t.Errorf("missing grant %s", id)
			}
		}
	}
	for id := range snap.Grants {
		if strings.HasPrefix(id, prefix) {
			gotGrants++
			if !want.Grants[id] {
				t.Errorf("unexpected grant %s", id)
			}
		}
	}
	if wantGrants == 0 || gotGrants != wantGrants {
		t.Fatalf("group grants: got %d, want %d", gotGrants, wantGrants)
	}
	if !want.Grants[fmt.Sprintf("group:%s:admin:user:%s", g.ID, u.ID)] {
		t.Fatal("the new admin membership is not in the truth")
	}
	if v := env.Violations(); len(v) > 0 {
		t.Fatalf("spec violations: %v", v[0])
	}

	// A user deleted in Box is not invented: the targeted sync skips it.
	gone := pickUsers(t, truth, 2)[1]
	if err := env.Sim.DeleteUser(gone.ID); err != nil {
		t.Fatal(err)
	}
	snap = env.SyncAndRead(ctx, t, sdksync.WithTargetedSyncResources([]*v2.Resource{{Id: &v2.ResourceId{ResourceType: "user", Resource: gone.ID}}}))
	if _, ok := snap.Resources[synctest.Key("user", gone.ID)]; ok {
		t.Fatal("a deleted user was synced")
	}
}

// TestTargetedUserKeepsItsFolders: with --sync-folders a user refreshed by
// a targeted sync is the resource a full sync lists, folder listing
// included, so the refresh also refreshes the folders the user owns.
func TestTargetedUserKeepsItsFolders(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(1)})
	truth := env.Sim.Truth()
	roles := map[string]string{}
	for _, u := range truth.Users {
		roles[u.ID] = u.Role
	}
	owned := map[string][]string{}
	for _, f := range truth.Folders {
		if f.Reachable && f.Depth == 1 && roles[f.OwnerID] == "user" {
			owned[f.OwnerID] = append(owned[f.OwnerID], f.ID)
		}
	}
	var ownerID string
	for id := range owned {
		ownerID = id
		break
	}
	if ownerID == "" {
		t.Fatal("seed has no user owning a top-level folder")
	}
	snap := env.SyncAndRead(context.Background(), t,
		sdksync.WithTargetedSyncResources([]*v2.Resource{{Id: &v2.ResourceId{ResourceType: "user", Resource: ownerID}}}))
	r, ok := snap.Resources[synctest.Key("user", ownerID)]
	if !ok {
		t.Fatal("targeted user missing")
	}
	var child v2.ChildResourceType
	annos := annotations.Annotations(r.GetAnnotations())
	if found, err := annos.Pick(&child); err != nil || !found || child.GetResourceTypeId() != "folder" {
		t.Fatalf("targeted user lacks the folder listing annotation: %v", r.GetAnnotations())
	}
	for _, id := range owned[ownerID] {
		if _, ok := snap.Resources[synctest.Key("folder", id)]; !ok {
			t.Errorf("folder %s of the targeted user was not refreshed", id)
		}
	}
}
