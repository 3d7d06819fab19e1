package main_test

import (
	"context"
	"fmt"
	"maps"
	"reflect"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
)

// Folder syncs and provisioning through the binary, as an operator runs
// them: --sync-folders (BATON_SYNC_FOLDERS) and --folder-depth, every folder
// operation twice, a re-sync that equals the truth, and refusals that
// change nothing.

// syncMatches syncs into c1z once and requires it to equal the truth.
func syncMatches(t *testing.T, sim *simProcess, c1z string, env map[string]string, depth int) *synctest.Snapshot {
	t.Helper()
	succeeded(t, "sync", runBinaryOn(t, c1z, env))
	snap, err := synctest.ReadC1Z(context.Background(), c1z, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if diff := synctest.ExpectedFrom(sim.truth(t), synctest.WithFolders(depth)).Diff(snap, 20); len(diff) > 0 {
		t.Fatalf("the c1z differs from the simulator's truth:\n  %s", strings.Join(diff, "\n  "))
	}
	return snap
}

func TestFolderOperationsThroughTheBinary(t *testing.T) {
	t.Parallel()
	sim := startSimProcess(t, "-seed", "12", "-users", "40", "-external-users", "4", "-groups", "20", "-folders", "60", "-folder-depth", "2")
	env := maps.Clone(sim.env)
	env["BATON_SYNC_FOLDERS"] = "true"
	env["BATON_FOLDER_DEPTH"] = "2"
	env["BATON_REQUESTS_PER_MINUTE"] = "0" // hundreds of calls to a local simulator: no pacing
	c1z := t.TempDir() + "/sync.c1z"
	snap := syncMatches(t, sim, c1z, env, 2)

	truth := sim.truth(t)
	roles := map[string]string{}
	for _, u := range truth.Users {
		roles[u.ID] = u.Role
	}
	on := func(tr boxsim.Truth, folderID, granteeID string) *boxsim.Collaboration {
		for _, c := range tr.Collaborations {
			if c.FolderID == folderID && c.GranteeID == granteeID {
				return &c
			}
		}
		return nil
	}
	var folder boxsim.Folder
	for _, f := range truth.Folders {
		if f.Reachable && f.Depth == 1 && roles[f.OwnerID] == "user" {
			folder = f
			break
		}
	}
	var user, external boxsim.User
	for _, u := range truth.Users {
		if plainActiveUser(u) && u.ID != folder.OwnerID && on(truth, folder.ID, u.ID) == nil {
			user = u
			break
		}
	}
	for _, u := range truth.ExternalUsers {
		if _, synced := snap.Resources[synctest.Key("external_user", u.ID)]; synced && on(truth, folder.ID, u.ID) == nil {
			external = u
			break
		}
	}
	var group boxsim.Group
	for _, g := range truth.Groups {
		if g.InvitabilityLevel == "all_managed_users" && on(truth, folder.ID, g.ID) == nil {
			group = g
			break
		}
	}
	if folder.ID == "" || user.ID == "" || external.ID == "" || group.ID == "" {
		t.Fatalf("seed too small: folder %q user %q external %q group %q", folder.ID, user.ID, external.ID, group.ID)
	}
	role := func(granteeID string) string {
		if c := on(sim.truth(t), folder.ID, granteeID); c != nil {
			return c.Role
		}
		return ""
	}
	grantArgs := func(slug, principal, principalType string) []string {
		return []string{"--grant-entitlement", fmt.Sprintf("folder:%s:%s", folder.ID, slug), "--grant-principal", principal, "--grant-principal-type", principalType}
	}

	mustRun(t, c1z, env, grantArgs("editor", user.ID, "user")...)
	if r := role(user.ID); r != "editor" {
		t.Fatalf("after granting editor: %q", r)
	}
	mustRun(t, c1z, env, grantArgs("viewer", user.ID, "user")...)
	if r := role(user.ID); r != "viewer" {
		t.Fatalf("after granting viewer: %q", r)
	}
	mustRun(t, c1z, env, grantArgs("previewer", external.ID, "external_user")...)
	mustRun(t, c1z, env, grantArgs("uploader", group.ID, "group")...)
	if role(external.ID) != "previewer" || role(group.ID) != "uploader" {
		t.Fatalf("external %q, group %q", role(external.ID), role(group.ID))
	}

	// --revoke-grant works on grants in the c1z: sync first, as an operator would.
	syncMatches(t, sim, c1z, env, 2)
	for _, grant := range []string{
		fmt.Sprintf("folder:%s:viewer:user:%s", folder.ID, user.ID),
		fmt.Sprintf("folder:%s:previewer:external_user:%s", folder.ID, external.ID),
		fmt.Sprintf("folder:%s:uploader:group:%s", folder.ID, group.ID),
	} {
		mustRun(t, c1z, env, "--revoke-grant", grant)
	}
	if role(user.ID) != "" || role(external.ID) != "" || role(group.ID) != "" {
		t.Fatal("a collaboration survived its revoke")
	}

	// Refusals exit non-zero, say why in one line, and change nothing.
	before := sim.truth(t)
	for name, args := range map[string][]string{
		"grant owner":        grantArgs("owner", user.ID, "user"),
		"grant to the owner": grantArgs("viewer", folder.OwnerID, "user"),
		"revoke owner":       {"--revoke-grant", fmt.Sprintf("folder:%s:owner:user:%s", folder.ID, folder.OwnerID)},
	} {
		r := runBinaryOn(t, c1z, env, args...)
		if r.exitCode == 0 {
			t.Fatalf("%s: exit 0", name)
		}
		if line := lastErrorLine(r.stderr); !strings.Contains(line, "owner") {
			t.Errorf("%s: the error does not say why: %s", name, line)
		}
	}
	if !reflect.DeepEqual(before, sim.truth(t)) {
		t.Fatal("a refused operation changed Box")
	}
	syncMatches(t, sim, c1z, env, 2)
}

// TestFolderSyncMissingAsUserSettingThroughTheBinary: the run fails with one
// line naming the Developer Console setting, and leaves no c1z.
func TestFolderSyncMissingAsUserSettingThroughTheBinary(t *testing.T) {
	t.Parallel()
	sim := startSimProcess(t, "-folders", "20", "-as-user-disabled")
	env := maps.Clone(sim.env)
	env["BATON_SYNC_FOLDERS"] = "true"
	r := runBinary(t, env)
	if r.exitCode == 0 {
		t.Fatal("sync succeeded without the as-user setting")
	}
	if line := lastErrorLine(r.stderr); !strings.Contains(line, `"Make API calls using the as-user header"`) {
		t.Fatalf("the error does not name the setting: %s", line)
	}
}
