package connector_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// What a sync covers: the SDK's resource-type selection and the --skip-*
// exclusions (scope.go).

// scopeTenant has app users and other apps' service accounts among
// collaborators, and content.
func scopeTenant() boxsim.Config {
	cfg := folderTenant()
	cfg.AppUsers = 6
	cfg.Content.OtherAppServiceAccounts = 2
	return cfg
}

// TestSkipAppUsers: --skip-app-users leaves out app users and service
// accounts everywhere (accounts, role, enterprise, group and folder grants,
// their folders), and the sync is exactly the truth without them.
func TestSkipAppUsers(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, scopeTenant(), synctest.Options{Configure: func(c *config.Box) {
		c.SyncFolders, c.FolderDepth, c.SkipAppUsers = true, 3, true
	}})
	truth := env.Sim.Truth()
	apps := map[string]bool{}
	for _, u := range truth.Users {
		if u.IsPlatformAccessOnly {
			apps[u.ID] = true
		}
	}
	inGroups := slices.ContainsFunc(truth.Memberships, func(m boxsim.Membership) bool { return apps[m.UserID] })
	if len(apps) == 0 || !inGroups {
		t.Fatal("the seed has no app user in a group")
	}
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(3), synctest.WithSkips(synctest.Skips{AppUsers: true}))
	for id := range apps {
		if _, ok := snap.Resources[synctest.Key("user", id)]; ok {
			t.Fatalf("app user %s synced", id)
		}
	}
}

// TestSkipGroupNamePrefixes: groups whose name starts with a prefix
// (case-insensitively) are left out with their members, admins and folder
// grants.
func TestSkipGroupNamePrefixes(t *testing.T) {
	t.Parallel()
	truth := boxsim.New(folderTenant()).Truth()
	prefix := strings.ToUpper(truth.Groups[0].Name[:3])
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: func(c *config.Box) {
		c.SyncFolders, c.FolderDepth, c.SkipGroupNamePrefixes = true, 3, []string{prefix}
	}})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(3), synctest.WithSkips(synctest.Skips{GroupPrefixes: []string{prefix}}))
	if _, ok := snap.Resources[synctest.Key("group", truth.Groups[0].ID)]; ok {
		t.Fatalf("group %q synced despite the prefix %q", truth.Groups[0].Name, prefix)
	}
}

// TestSkipFolderOwners: the named owners' folders (by ID, and by login
// domain) are not read; their accounts and other grants are.
func TestSkipFolderOwners(t *testing.T) {
	t.Parallel()
	truth := boxsim.New(folderTenant()).Truth()
	owners := map[string]int{}
	for _, f := range truth.Folders {
		if f.Reachable {
			owners[f.OwnerID]++
		}
	}
	var byID, byDomain string
	for _, u := range truth.Users {
		_, domain, _ := strings.Cut(u.Login, "@")
		switch {
		case owners[u.ID] == 0:
		case byID == "":
			byID = u.ID
		case byDomain == "" && !strings.HasSuffix(truth.Users[0].Login, domain):
			byDomain = "@" + strings.ToUpper(domain)
		}
	}
	skip := []string{byID}
	if byDomain != "" {
		skip = append(skip, byDomain)
	}
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: func(c *config.Box) {
		c.SyncFolders, c.FolderDepth, c.SkipFolderOwners = true, 3, skip
	}})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(3), synctest.WithSkips(synctest.Skips{FolderOwners: skip}))
	if _, ok := snap.Resources[synctest.Key("user", byID)]; !ok {
		t.Fatal("a skipped folder owner's account is missing")
	}
}

// TestBadExclusionsAreRefused: a value that is neither an ID nor a domain
// names the setting.
func TestBadExclusionsAreRefused(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, smallTenant(), synctest.Options{})
	for _, bad := range []string{"someone@example.com", "12ab", "@", "../1"} {
		err := env.NewConnectorErr(func(c *config.Box) { c.SkipFolderOwners = []string{bad} })
		if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "--skip-folder-owners") {
			t.Errorf("%q: %v, want InvalidArgument naming --skip-folder-owners", bad, err)
		}
	}
}

// TestResourceTypeSelection: the SDK's --sync-resource-types works for the
// enterprise's children (listed at the top when the enterprise is not
// selected), and a selection that cannot work is refused with what to add.
func TestResourceTypeSelection(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := map[string]struct {
		types []string
		check func(*testing.T, *synctest.Snapshot, *synctest.Expected)
	}{
		"users": {[]string{"user"}, func(t *testing.T, s *synctest.Snapshot, e *synctest.Expected) {
			requireResourcesOf(t, s, e, "user")
		}},
		"groups and their members": {[]string{"user", "group"}, func(t *testing.T, s *synctest.Snapshot, e *synctest.Expected) {
			requireResourcesOf(t, s, e, "group")
			requireGrantsWithPrefix(t, s, e, "group:")
		}},
		"roles and their members": {[]string{"role", "user"}, func(t *testing.T, s *synctest.Snapshot, e *synctest.Expected) {
			requireResourcesOf(t, s, e, "role")
			requireGrantsWithPrefix(t, s, e, "role:")
		}},
		"folders without --sync-folders": {[]string{"user", "group", "folder", "external_user", "shared_link"}, func(t *testing.T, s *synctest.Snapshot, e *synctest.Expected) {
			requireResourcesOf(t, s, e, "folder")
			requireResourcesOf(t, s, e, "external_user")
			requireGrantsWithPrefix(t, s, e, "folder:")
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, folderTenant(), synctest.Options{Selection: tc.types, Configure: func(c *config.Box) { c.FolderDepth = 3 }})
			snap := env.SyncAndRead(ctx, t, sdksync.WithSyncResourceTypes(tc.types))
			var opts []synctest.ExpectOption
			if slices.Contains(tc.types, "folder") {
				opts = append(opts, synctest.WithFolders(3))
			}
			want := synctest.ExpectedFrom(env.Sim.Truth(), opts...)
			for k := range snap.Resources {
				if rt, _, _ := strings.Cut(k, "/"); !slices.Contains(tc.types, rt) {
					t.Errorf("resource %s synced, but %s is not selected", k, rt)
				}
			}
			tc.check(t, snap, want)
		})
	}
	refusals := synctest.New(t, folderTenant(), synctest.Options{})
	for types, add := range map[string]string{"folder": "add user", "group": "add user", "role": "add user", "enterprise,group": "add user",
		"user,external_user": "add folder", "user,shared_link": "add folder",
		// Folder grants name groups, external collaborators and the open
		// link: the SDK drops a grant whose principal's type is not synced.
		"user,folder": "add group", "user,group,folder": "add external_user", "user,group,folder,external_user": "add shared_link"} {
		err := refusals.SelectionErr(strings.Split(types, ","))
		if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), add) {
			t.Errorf("selection %s: %v, want InvalidArgument saying %q", types, err, add)
		}
	}
}

// requireResourcesOf: the snapshot's resources of type rt are exactly the
// expectation's.
func requireResourcesOf(t *testing.T, s *synctest.Snapshot, e *synctest.Expected, rt string) {
	t.Helper()
	n := 0
	for k := range e.Resources {
		if strings.HasPrefix(k, rt+"/") {
			n++
			if _, ok := s.Resources[k]; !ok {
				t.Errorf("missing %s", k)
			}
		}
	}
	if n == 0 {
		t.Fatalf("the expectation has no %s", rt)
	}
}

// requireGrantsWithPrefix: the snapshot holds exactly the expectation's
// grants that start with prefix.
func requireGrantsWithPrefix(t *testing.T, s *synctest.Snapshot, e *synctest.Expected, prefix string) {
	t.Helper()
	for id := range e.Grants {
		if _, ok := s.Grants[id]; strings.HasPrefix(id, prefix) && !ok {
			t.Errorf("missing grant %s", id)
		}
	}
	for id := range s.Grants {
		if strings.HasPrefix(id, prefix) && !e.Grants[id] {
			t.Errorf("unexpected grant %s", id)
		}
	}
}

// TestFolderGrantWithoutSyncFolders: folder provisioning does not need
// --sync-folders (the folder types are opt-in, always served).
func TestFolderGrantWithoutSyncFolders(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{})
	ctx := context.Background()
	p := &provEnv{Env: env, cc: env.ConnectorClient(ctx, t), ctx: ctx}
	f, u, _, _ := provisionTargets(t, env.Sim.Truth())
	folder := folderNamed(f)
	folder.DisplayName = f.Name
	twice(t, "grant viewer", func() (annotations.Annotations, error) {
		return p.grant(res("user", u.ID), folderEnt(folder, "viewer"))
	}, &v2.GrantAlreadyExists{})
	if c := collabOf(env.Sim.Truth(), f.ID, "user", u.ID); c == nil || c.Role != "viewer" {
		t.Fatalf("after the grant: %+v", c)
	}
}

// TestFolderEntitlementsByTypeOnlyWhenListed: folder entitlements are
// listed by type only when --sync-folders lists folders; the SDK's SQLite
// store warns at the end of every sync that stores a type-scoped type, and
// a directory sync has no cause to.
func TestFolderEntitlementsByTypeOnlyWhenListed(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, folderTenant(), synctest.Options{})
	ctx := context.Background()
	for _, listed := range []bool{false, true} {
		c := env.NewConnector(t, func(cfg *config.Box) { cfg.SyncFolders = listed })
		found := false
		for _, s := range c.ResourceSyncers(ctx) {
			rt := s.ResourceType(ctx)
			annos := annotations.Annotations(rt.GetAnnotations())
			byType := annos.Contains(&v2.TypeScopedEntitlements{})
			if rt.GetId() == "folder" {
				found = true
				if byType != listed {
					t.Errorf("--sync-folders %v: the folder type lists its entitlements by type: %v", listed, byType)
				}
			} else if byType {
				t.Errorf("the %s type lists its entitlements by type", rt.GetId())
			}
		}
		if !found {
			t.Fatalf("--sync-folders %v: no folder type", listed)
		}
	}
}
