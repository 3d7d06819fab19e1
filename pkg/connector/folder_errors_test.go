package connector_test

import (
	"context"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestFolderSyncReadings: the sync stays exact under the readings of Box
// the simulator offers: parents' collaborations listed on sub-folders,
// pending collaborations without accessible_by (Box before 2018), an
// enterprise cap on shared-link access, as-user allowed for admins, as-user
// refused for inactive users, and collaborations listed unpaged.
func TestFolderSyncReadings(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		content func(*boxsim.ContentConfig)
		spec    bool     // the simulator's answers follow the spec
		ignore  []string // profile facts the reading cannot tell
	}{
		// A pending invitation names no folder (item is null): on a
		// sub-folder the parents' pending ones cannot be told apart.
		"inherited collaborations": {content: func(c *boxsim.ContentConfig) { c.InheritedCollaborations = true }, spec: true, ignore: []string{"pending_invitations"}},
		"legacy pending":           {content: func(c *boxsim.ContentConfig) { c.LegacyPendingCollaborations = true }},
		"company link cap":         {content: func(c *boxsim.ContentConfig) { c.SharedLinkAccessCap = "company" }, spec: true},
		"admins readable":          {content: func(c *boxsim.ContentConfig) { c.AsUserPrivileged = true }, spec: true},
		"inactive users refused":   {content: func(c *boxsim.ContentConfig) { c.InactiveUsersRefused = true }, spec: true},
		// Off the spec: every entry and total_count, limit ignored.
		"unpaged collaborations": {content: func(c *boxsim.ContentConfig) { c.UnpagedFolderCollaborations = true }},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			tc.content(&cfg.Content)
			env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3), SkipSpecValidation: !tc.spec})
			snap := env.SyncAndRead(context.Background(), t)
			diff := synctest.ExpectedFrom(env.Sim.Truth(), synctest.WithFolders(3)).Diff(snap, 0)
			diff = slices.DeleteFunc(diff, func(d string) bool {
				return slices.ContainsFunc(tc.ignore, func(k string) bool { return strings.Contains(d, "profile "+k+" ") })
			})
			if len(diff) > 0 {
				t.Fatalf("sync differs from the simulator's truth:\n%s", joinLines(diff[:min(len(diff), 40)]))
			}
			if v := env.Violations(); tc.spec && len(v) > 0 {
				t.Fatalf("spec violation: %s %s: %v", v[0].Method, v[0].Path, v[0].Err)
			}
		})
	}
}

// TestFolderSyncMissingSettingOrScope: without the as-user app setting, or
// without the content scope, the sync fails with one line that names what
// to turn on.
func TestFolderSyncMissingSettingOrScope(t *testing.T) {
	t.Parallel()
	noContent := slices.DeleteFunc(boxsim.AllScopes(), func(s string) bool {
		return s == boxsim.ScopeRootReadonly || s == boxsim.ScopeRootReadwrite
	})
	cases := map[string]struct {
		edit func(*boxsim.Config)
		want string
	}{
		"as-user setting off": {edit: func(c *boxsim.Config) { c.Content.AsUserDisabled = true }, want: `"Make API calls using the as-user header"`},
		"no content scope":    {edit: func(c *boxsim.Config) { c.Scopes = noContent }, want: `"Read all files and folders stored in Box" scope`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			tc.edit(&cfg)
			env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(1)})
			_, err := env.Sync(context.Background(), t)
			if err == nil {
				t.Fatal("sync succeeded")
			}
			msg := err.Error()
			if !strings.Contains(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Fatalf("error does not name %s in one line:\n%s", tc.want, msg)
			}
			if status.Code(err) != codes.FailedPrecondition && !strings.Contains(msg, "FailedPrecondition") {
				t.Errorf("code %v: %s", status.Code(err), msg)
			}
		})
	}
}

// TestFolderDeletedDuringSync: a folder deleted while the sync runs (after
// its owner's "All Files" was read) is skipped, with everything below it,
// and the sync equals the truth at its end.
func TestFolderDeletedDuringSync(t *testing.T) {
	t.Parallel()
	cfg := folderTenant()
	seed := boxsim.New(cfg).Truth()
	var victim boxsim.Folder
	for _, f := range seed.Folders {
		if f.Reachable && f.Depth == 1 && hasChild(seed, f.ID) {
			victim = f
			break
		}
	}
	if victim.ID == "" {
		t.Fatal("no top-level folder with sub-folders")
	}
	var once sync.Once
	var env *synctest.Env
	deleted := false
	env = synctest.New(t, cfg, synctest.Options{Configure: syncFolders(3), Intercept: func(r *http.Request) {
		// Right after the owner's root listing, before the folder's own calls.
		if r.URL.Path == "/2.0/folders/"+victim.ID+"/collaborations" {
			once.Do(func() {
				if err := env.Sim.DeleteFolder(victim.ID); err != nil {
					t.Errorf("delete folder: %v", err)
				}
				deleted = true
			})
		}
	}})
	snap := env.SyncAndRead(context.Background(), t)
	if !deleted {
		t.Fatal("the folder was never read, so never deleted mid-sync")
	}
	env.RequireExact(t, snap, synctest.WithFolders(3))
	if _, ok := snap.Resources[synctest.Key("folder", victim.ID)]; ok {
		t.Fatal("the deleted folder was synced")
	}
}

func hasChild(t boxsim.Truth, folderID string) bool {
	for _, f := range t.Folders {
		if f.ParentID == folderID {
			return true
		}
	}
	return false
}

// TestFolderGrantsOfAGoneFolder: a folder deleted after its listing, whose
// collaborations are not in the session store (here: a fresh sync ID), has
// no grants, and no error.
func TestFolderGrantsOfAGoneFolder(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(1)})
	var f boxsim.Folder
	for _, x := range env.Sim.Truth().Folders {
		if x.Reachable && x.Depth == 1 {
			f = x
			break
		}
	}
	if err := env.Sim.DeleteFolder(f.ID); err != nil {
		t.Fatal(err)
	}
	cc := env.ConnectorClient(context.Background(), t)
	r := folderNamed(f)
	resp, err := cc.ListGrants(context.Background(), &v2.GrantsServiceListGrantsRequest{Resource: r, ActiveSyncId: "fresh"})
	if err != nil || len(resp.GetList()) != 0 || resp.GetNextPageToken() != "" {
		t.Fatalf("grants of a deleted folder: %v, %v", resp.GetList(), err)
	}
}

// refuseAsUser is a transport that answers as Box does when it will not let
// the app act as one user: 403 access_denied_insufficient_permissions.
type refuseAsUser struct{ userID string }

func (ra refuseAsUser) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Header.Get("As-User") != ra.userID {
		return http.DefaultTransport.RoundTrip(req)
	}
	body := `{"type":"error","status":403,"code":"access_denied_insufficient_permissions","message":"Access denied","request_id":"x1"}`
	return &http.Response{StatusCode: http.StatusForbidden, Status: "403 Forbidden", Request: req, ContentLength: int64(len(body)),
		Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}, nil
}

// TestFolderSyncOwnerRefusals: when Box will not let the app act as an
// inactive user, their folders are skipped (with a warning) and the rest is
// exact; the same refusal for an active regular user fails the sync, naming
// the user, instead of dropping their folders.
func TestFolderSyncOwnerRefusals(t *testing.T) {
	t.Parallel()
	truth := boxsim.New(folderTenant()).Truth()
	status := map[string]boxsim.User{}
	for _, u := range truth.Users {
		status[u.ID] = u
	}
	var inactive, active string
	for _, f := range truth.Folders {
		u := status[f.OwnerID]
		switch {
		case !f.Reachable || u.Role != "user":
		case u.Status == "inactive" && inactive == "":
			inactive = u.ID
		case u.Status == "active" && active == "":
			active = u.ID
		}
	}
	if inactive == "" || active == "" {
		t.Fatal("seed lacks an inactive or an active owner of folders")
	}

	t.Run("inactive user skipped", func(t *testing.T) {
		t.Parallel()
		env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3),
			Tuning: box.Config{HTTPClient: &http.Client{Transport: refuseAsUser{inactive}}}})
		snap := env.SyncAndRead(context.Background(), t)
		want := env.Sim.Truth()
		skipped := 0
		for i := range want.Folders {
			if want.Folders[i].OwnerID == inactive {
				want.Folders[i].Reachable = false
				skipped++
			}
		}
		if diff := synctest.ExpectedFrom(want, synctest.WithFolders(3)).Diff(snap, 20); len(diff) > 0 || skipped == 0 {
			t.Fatalf("%d folders of the refused user; differences:\n%s", skipped, joinLines(diff))
		}
	})
	t.Run("active user fails the sync", func(t *testing.T) {
		t.Parallel()
		env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3),
			Tuning: box.Config{HTTPClient: &http.Client{Transport: refuseAsUser{active}}}})
		_, err := env.Sync(context.Background(), t)
		if err == nil || !strings.Contains(err.Error(), "list folders of user "+active) || !strings.Contains(err.Error(), "refused the as-user header") {
			t.Fatalf("got %v, want the sync to fail naming user %s", err, active)
		}
	})
}

// refuseThenFail refuses the as-user header for one user (refuseAsUser)
// and answers the first GET /users/{id} for them after that with a 503.
type refuseThenFail struct {
	refuseAsUser
	mu              sync.Mutex
	refused, failed bool
}

func (rf *refuseThenFail) RoundTrip(req *http.Request) (*http.Response, error) {
	rf.mu.Lock()
	defer rf.mu.Unlock()
	switch {
	case req.Header.Get("As-User") == rf.userID:
		rf.refused = true
		return rf.refuseAsUser.RoundTrip(req)
	case rf.refused && !rf.failed && req.Method == http.MethodGet && req.URL.Path == "/2.0/users/"+rf.userID:
		rf.failed = true
		body := `{"type":"error","status":503,"code":"unavailable","message":"Unavailable","request_id":"x2"}`
		return &http.Response{StatusCode: http.StatusServiceUnavailable, Status: "503 Service Unavailable", Request: req, ContentLength: int64(len(body)),
			Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(body))}, nil
	}
	return http.DefaultTransport.RoundTrip(req)
}

// TestOwnerRefusedThenUnreadable: after Box refuses the as-user header for
// a user, reading the user decides. A 503 there is Unavailable (the SDK
// retries the step, and the inactive user's folders are then skipped), not
// the refusal's PermissionDenied; a user deleted meanwhile (404) is skipped
// like any owner deleted during the sync.
func TestOwnerRefusedThenUnreadable(t *testing.T) {
	t.Parallel()
	truth := boxsim.New(folderTenant()).Truth()
	var inactive, active string
	for _, f := range truth.Folders {
		u, _ := userByID(truth, f.OwnerID)
		switch {
		case !f.Reachable || u.Role != "user":
		case u.Status == "inactive" && inactive == "":
			inactive = u.ID
		case u.Status == "active" && active == "":
			active = u.ID
		}
	}
	if inactive == "" || active == "" {
		t.Fatal("seed lacks an inactive or an active owner of folders")
	}
	noFoldersOf := func(t *testing.T, snap *synctest.Snapshot, owner string) {
		t.Helper()
		for _, f := range truth.Folders {
			if _, ok := snap.Resources[synctest.Key("folder", f.ID)]; ok && f.OwnerID == owner {
				t.Fatalf("folder %s of user %s synced", f.ID, owner)
			}
		}
	}
	t.Run("503 reading the user", func(t *testing.T) {
		t.Parallel()
		rt := &refuseThenFail{refuseAsUser: refuseAsUser{inactive}}
		env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3),
			Tuning: box.Config{MaxAttempts: 1, HTTPClient: &http.Client{Transport: rt}}})
		snap := env.SyncAndRead(context.Background(), t)
		if !rt.failed {
			t.Fatal("the user was never read after the refusal")
		}
		noFoldersOf(t, snap, inactive)
	})
	t.Run("user deleted meanwhile", func(t *testing.T) {
		t.Parallel()
		var env *synctest.Env
		var once sync.Once
		env = synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3),
			Tuning: box.Config{HTTPClient: &http.Client{Transport: refuseAsUser{active}}},
			Intercept: func(r *http.Request) {
				if r.Method == http.MethodGet && r.URL.Path == "/2.0/users/"+active {
					once.Do(func() {
						if err := env.Sim.DeleteUser(active); err != nil {
							t.Errorf("delete user: %v", err)
						}
					})
				}
			}})
		snap := env.SyncAndRead(context.Background(), t)
		noFoldersOf(t, snap, active)
	})
}
