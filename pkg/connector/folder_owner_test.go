package connector_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
	"google.golang.org/grpc/codes"
)

// Box refuses the as-user header for the admin and co-admins; with
// --primary-admin-id (so the app mints user access tokens) the connector
// reads and changes their folders with their own token.

// adminsTenant is the folder tenant with user access tokens enabled, and
// the primary admin's ID.
func adminsTenant(t *testing.T) (boxsim.Config, string) {
	t.Helper()
	cfg := folderTenant()
	cfg.UserAccessTokens = true
	for _, u := range boxsim.New(cfg).Truth().Users {
		if u.Role == "admin" {
			return cfg, u.ID
		}
	}
	t.Fatal("the tenant has no primary admin")
	return cfg, ""
}

// withPrimaryAdmin is --sync-folders with --folder-depth 3 and
// --primary-admin-id.
func withPrimaryAdmin(adminID string) func(*config.Box) {
	return func(c *config.Box) {
		syncFolders(3)(c)
		c.PrimaryAdminId = adminID
	}
}

// privilegedFolders are the top-level folders the admin or a co-admin owns.
func privilegedFolders(truth boxsim.Truth) []boxsim.Folder {
	role := map[string]string{}
	for _, u := range truth.Users {
		role[u.ID] = u.Role
	}
	var out []boxsim.Folder
	for _, f := range truth.Folders {
		if r := role[f.OwnerID]; f.Depth == 1 && (r == "admin" || r == "coadmin") {
			out = append(out, f)
		}
	}
	return out
}

func TestAdminsFoldersAreReadWithTheirOwnToken(t *testing.T) {
	t.Parallel()
	cfg, adminID := adminsTenant(t)
	env := synctest.New(t, cfg, synctest.Options{Configure: withPrimaryAdmin(adminID)})
	snap := env.SyncAndRead(context.Background(), t)
	truth := env.Sim.Truth()
	owners := map[string]bool{}
	for _, f := range privilegedFolders(truth) {
		if f.Reachable {
			t.Fatalf("folder %s of an admin or co-admin is reachable through as-user: the test proves nothing", f.ID)
		}
		if _, ok := snap.Resources[synctest.Key("folder", f.ID)]; !ok {
			t.Errorf("folder %s of admin or co-admin %s was not synced", f.ID, f.OwnerID)
		}
		owners[f.OwnerID] = true
	}
	if len(owners) < 2 {
		t.Fatalf("the seed gives folders to %d admins and co-admins, want the admin and a co-admin", len(owners))
	}
	env.RequireExact(t, snap, synctest.WithFolders(3), synctest.WithUserTokens())
}

// TestAdminsFolderProvisioning: a grant and a revoke on a co-admin's folder
// work with --primary-admin-id, twice each; without it they are refused
// with FailedPrecondition naming the flag, and Box is unchanged.
func TestAdminsFolderProvisioning(t *testing.T) {
	t.Parallel()
	cfg, adminID := adminsTenant(t)
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3)})
	ctx := context.Background()
	truth := env.Sim.Truth()
	var folder boxsim.Folder
	for _, f := range privilegedFolders(truth) {
		if f.OwnerID != adminID {
			folder = f
			break
		}
	}
	if folder.ID == "" {
		t.Fatal("no co-admin owns a folder")
	}
	var invitee boxsim.User
	for _, u := range pickUsers(t, truth, 5) {
		if collabOf(truth, folder.ID, "user", u.ID) == nil && u.ID != folder.OwnerID {
			invitee = u
			break
		}
	}
	if invitee.ID == "" {
		t.Fatal("no user without a collaboration on the folder")
	}
	e := folderEnt(folderNamed(folder), "viewer")
	principal := res("user", invitee.ID)

	plain := &provEnv{Env: env, cc: env.ConnectorClient(ctx, t), ctx: ctx}
	env.RequireRefused(t, codes.FailedPrecondition, func() error { _, err := plain.grant(principal, e); return err }, "--primary-admin-id")

	p := &provEnv{Env: env, ctx: ctx}
	p.cc = env.Serve(ctx, t, env.NewConnector(t, withPrimaryAdmin(adminID)))
	twice(t, "grant", func() (annotations.Annotations, error) { return p.grant(principal, e) }, &v2.GrantAlreadyExists{})
	if c := collabOf(env.Sim.Truth(), folder.ID, "user", invitee.ID); c == nil || c.Role != "viewer" {
		t.Fatalf("after the grant, the collaboration is %+v", c)
	}
	twice(t, "revoke", func() (annotations.Annotations, error) { return p.revoke(principal, e) }, &v2.GrantAlreadyRevoked{})
	if c := collabOf(env.Sim.Truth(), folder.ID, "user", invitee.ID); c != nil {
		t.Fatalf("after the revoke, the collaboration is %+v", c)
	}
}

// refuseUserToken is a transport whose token endpoint refuses a user access
// token for one user, as Box may for one who cannot log in.
type refuseUserToken struct{ userID string }

func (rt refuseUserToken) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path == "/oauth2/token" && req.Body != nil {
		body, err := io.ReadAll(req.Body)
		_ = req.Body.Close()
		if err != nil {
			return nil, err
		}
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, err
		}
		if form.Get("box_subject_type") == "user" && form.Get("box_subject_id") == rt.userID {
			answer := `{"error":"invalid_grant","error_description":"Grant credentials are invalid"}`
			return &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}},
				Body: io.NopCloser(strings.NewReader(answer)), ContentLength: int64(len(answer)), Request: req}, nil
		}
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestAdminRefusedAUserTokenIsSkipped: when Box refuses a user access token
// for one co-admin, only that co-admin's folders are left out (with a
// warning); the sync succeeds with everyone else's, the admin's included.
func TestAdminRefusedAUserTokenIsSkipped(t *testing.T) {
	t.Parallel()
	cfg, adminID := adminsTenant(t)
	var coadmin string
	for _, f := range privilegedFolders(boxsim.New(cfg).Truth()) {
		if f.OwnerID != adminID {
			coadmin = f.OwnerID
			break
		}
	}
	if coadmin == "" {
		t.Fatal("no co-admin owns a folder")
	}
	env := synctest.New(t, cfg, synctest.Options{
		Tuning:    box.Config{HTTPClient: &http.Client{Transport: refuseUserToken{userID: coadmin}}},
		Configure: withPrimaryAdmin(adminID)})
	snap := env.SyncAndRead(context.Background(), t)
	admins := 0
	for _, f := range privilegedFolders(env.Sim.Truth()) {
		_, synced := snap.Resources[synctest.Key("folder", f.ID)]
		switch {
		case f.OwnerID == coadmin && synced:
			t.Errorf("folder %s of the co-admin Box refused a token for was synced", f.ID)
		case f.OwnerID != coadmin && !synced:
			t.Errorf("folder %s of %s was not synced", f.ID, f.OwnerID)
		case f.OwnerID == adminID:
			admins++
		}
	}
	if admins == 0 {
		t.Fatal("the admin owns no folder: the test proves nothing")
	}
}

// TestTargetedSyncOfAnAdminsFolderDeletedMeanwhile: a targeted sync reads a
// co-admin's folder with their own token; deleted between Get and its
// grants, the grants' 404 is confirmed through the same token (Box refuses
// the as-user header for co-admins) and the folder's grants are skipped.
func TestTargetedSyncOfAnAdminsFolderDeletedMeanwhile(t *testing.T) {
	t.Parallel()
	cfg, adminID := adminsTenant(t)
	var folder boxsim.Folder
	for _, f := range privilegedFolders(boxsim.New(cfg).Truth()) {
		if f.OwnerID != adminID {
			folder = f
			break
		}
	}
	if folder.ID == "" {
		t.Fatal("no co-admin owns a folder")
	}
	var env *synctest.Env
	var mu sync.Mutex
	reads := 0
	env = synctest.New(t, cfg, synctest.Options{Configure: withPrimaryAdmin(adminID), Intercept: func(r *http.Request) {
		if r.Method != http.MethodGet || r.URL.Path != "/2.0/folders/"+folder.ID+"/collaborations" {
			return
		}
		mu.Lock()
		defer mu.Unlock()
		if reads++; reads == 2 { // Get read them; the grants read them again
			if err := env.Sim.DeleteFolder(folder.ID); err != nil {
				t.Errorf("delete folder: %v", err)
			}
		}
	}})
	snap := env.SyncAndRead(context.Background(), t, sdksync.WithTargetedSyncResources([]*v2.Resource{folderNamed(folder)}))
	if reads < 2 {
		t.Fatalf("the folder's collaborations were read %d times, want Get's and the grants'", reads)
	}
	for id := range snap.Grants {
		if strings.HasPrefix(id, "folder:"+folder.ID+":") {
			t.Fatalf("grant %s of the deleted folder", id)
		}
	}
}
