package connector_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// A targeted sync of one folder (ConductorOne names it with its owner as
// parent) refreshes its profile and its grants after a change in Box.
func TestTargetedFolderSync(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3)})
	truth := env.Sim.Truth()
	f, u, ext, _ := provisionTargets(t, truth)

	// Change Box behind the connector's back: a new editor, a new external
	// viewer, a pending invitation and an open link.
	for _, c := range []boxsim.Collaboration{
		{FolderID: f.ID, Role: "editor", GranteeType: "user", GranteeID: u.ID},
		{FolderID: f.ID, Role: "viewer", GranteeType: "user", GranteeID: ext.ID},
		{FolderID: f.ID, Role: "viewer", GranteeType: "user", InviteEmail: "someone@guest.example.net", Status: "pending"},
	} {
		if _, err := env.Sim.AddCollaboration(c); err != nil {
			t.Fatal(err)
		}
	}
	if err := env.Sim.SetSharedLink(f.ID, &boxsim.SharedLink{Access: "open", CanDownload: true}); err != nil {
		t.Fatal(err)
	}
	truth = env.Sim.Truth()

	target := folderNamed(f)
	snap := env.SyncAndRead(ctx, t, sdksync.WithTargetedSyncResources([]*v2.Resource{target}))

	r, ok := snap.Resources[synctest.Key("folder", f.ID)]
	if !ok {
		t.Fatal("targeted folder missing")
	}
	profile := rs.GetProfile(r).AsMap()
	pending := 0
	for _, c := range truth.Collaborations {
		if c.FolderID == f.ID && c.Status == "pending" {
			pending++
		}
	}
	if profile["open_shared_link"] != true || profile["pending_invitations"] != float64(pending) || profile["path"] != f.Path {
		t.Fatalf("targeted folder profile: %v", profile)
	}
	// Its grants are exactly the owner, the open link and every accepted
	// collaboration (a targeted sync does not expand group grants).
	want := map[string]bool{
		fmt.Sprintf("folder:%s:owner:user:%s", f.ID, f.OwnerID):   true,
		fmt.Sprintf("folder:%s:open_link:shared_link:open", f.ID): true,
	}
	for _, c := range truth.Collaborations {
		if c.FolderID != f.ID || c.Status != "accepted" {
			continue
		}
		principal := c.GranteeType
		if c.External {
			principal = "external_user"
		}
		want[fmt.Sprintf("folder:%s:%s:%s:%s", f.ID, strings.ReplaceAll(c.Role, " ", "_"), principal, c.GranteeID)] = true
	}
	got := map[string]bool{}
	for id := range snap.Grants {
		if strings.HasPrefix(id, "folder:"+f.ID+":") {
			got[id] = true
		}
	}
	for id := range want {
		if !got[id] {
			t.Errorf("missing grant %s", id)
		}
	}
	for id := range got {
		if !want[id] {
			t.Errorf("unexpected grant %s", id)
		}
	}
	if !got[fmt.Sprintf("folder:%s:editor:user:%s", f.ID, u.ID)] || !got[fmt.Sprintf("folder:%s:viewer:external_user:%s", f.ID, ext.ID)] {
		t.Fatal("the new collaborations are not granted")
	}
	if v := env.Violations(); len(v) > 0 {
		t.Fatalf("spec violations: %v", v[0])
	}
}
