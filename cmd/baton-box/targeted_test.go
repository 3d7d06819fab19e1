package main_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
)

// --sync-resources takes user:<id>, group:<id>, folder:<id> (its owner
// from --file's previous sync, or given as folder:<id>@user:<owner>) and
// the SDK's bid: form. A targeted sync writes beside --file, which keeps
// the last full sync; a revoke on the targeted file that lacks what it
// needs says so, and the same revoke on --file works.
func TestTargetedSyncWritesBesideTheFullSync(t *testing.T) {
	t.Parallel()
	cfg := smallEnterprise()
	cfg.Seed = 12
	cfg.Content = boxsim.ContentConfig{Folders: 40, FolderDepth: 1}
	sim, env := simEnvConfig(t, cfg)
	env["BATON_SYNC_FOLDERS"] = "true"
	op := newOperator(t, env)
	full := filepath.Join(op.dir, "sync.c1z")
	targeted := filepath.Join(op.dir, "sync.targeted.c1z")
	op.succeed(nil, "--file", full)
	before := digest(t, full)

	truth := sim.Truth()
	var folder boxsim.Folder
	for _, f := range truth.Folders {
		if f.Reachable && f.Depth == 1 {
			folder = f
			break
		}
	}
	var member boxsim.Membership
	for _, m := range truth.Memberships {
		if u := findUser(truth, m.UserID); u != nil && u.Role == "user" {
			member = m
			break
		}
	}
	if folder.ID == "" || member.GroupID == "" {
		t.Fatal("seed too small")
	}

	targets := map[string]string{
		"user:" + member.UserID:                           "user " + member.UserID,
		"group:" + member.GroupID:                         "group " + member.GroupID,
		"folder:" + folder.ID:                             "folder " + folder.ID,
		"folder:" + folder.ID + "@user:" + folder.OwnerID: "folder " + folder.ID,
		"bid:r:enterprise/" + env["BATON_ENTERPRISE_ID"] + "/user/" + member.UserID: "user " + member.UserID,
	}
	for given, named := range targets {
		r := op.run(nil, "--file", full, "--sync-resources", given)
		succeeded(t, "--sync-resources "+given, r)
		want := fmt.Sprintf("synced %s (a targeted sync): ", named)
		if !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "into "+targeted) || !strings.Contains(r.stdout, full+" keeps the last full sync") {
			t.Errorf("--sync-resources %s: stdout %q, want %q... into %s; %s keeps the last full sync", given, r.stdout, want, targeted, full)
		}
		if digest(t, full) != before {
			t.Fatalf("--sync-resources %s changed %s, the full sync", given, full)
		}
		snap, err := synctest.ReadC1Z(context.Background(), targeted, t.TempDir())
		if err != nil {
			t.Fatal(err)
		}
		key := synctest.Key(strings.Fields(named)[0], strings.Fields(named)[1])
		if _, ok := snap.Resources[key]; !ok {
			t.Errorf("--sync-resources %s: %s is not in %s", given, key, targeted)
		}
	}
	if left := entries(t, op.dir); !slices.Equal(left, []string{"sync.c1z", "sync.targeted.c1z"}) {
		t.Errorf("the directory holds %v", left)
	}

	// The targeted file holds what the targeted syncs synced (with SQLite,
	// the engine by default, every targeted sync it has seen; with Pebble
	// the last one), never a group none of them named.
	var other boxsim.Membership
	for _, m := range truth.Memberships {
		if u := findUser(truth, m.UserID); u != nil && u.Role == "user" && m.GroupID != member.GroupID && m.UserID != member.UserID {
			other = m
			break
		}
	}
	if other.GroupID == "" {
		t.Fatal("seed too small")
	}
	grant := fmt.Sprintf("group:%s:member:user:%s", other.GroupID, other.UserID)
	op.succeed(nil, "--file", full, "--sync-resources", "group:"+member.GroupID)
	r := op.run(nil, "--file", targeted, "--revoke-grant", grant)
	line := lastErrorLine(r.stderr)
	if r.exitCode != 5 || !strings.Contains(line, "holds a targeted sync") || !strings.Contains(line, "--file "+full) || strings.Contains(line, "pebble") {
		t.Errorf("revoke on the targeted file: exit %d, %q; want 5, naming the targeted sync and %s", r.exitCode, line, full)
	}
	r = op.run(nil, "--file", full, "--revoke-grant", grant)
	succeeded(t, "revoke on the full sync", r)
	if want := fmt.Sprintf("revoked group:%s:member from user %s\n", other.GroupID, other.UserID); r.stdout != want {
		t.Errorf("revoke on the full sync: stdout %q, want %q", r.stdout, want)
	}

	// Refused before anything runs: forms that are not a resource, and a
	// folder --file does not hold without its owner.
	refusals := map[string]int{
		"user:abc":                     3,
		"17000001234":                  3,
		"group:1@user:2":               3,
		"bid:r:user":                   3,
		"folder:" + folder.ID + "9999": 5,
	}
	calls := sim.Stats().Total
	for given, code := range refusals {
		r := op.run(nil, "--file", full, "--sync-resources", given)
		if line := lastErrorLine(r.stderr); r.exitCode != code || !strings.Contains(line, "--sync-resources") {
			t.Errorf("--sync-resources %s: exit %d, %q; want %d and a line naming --sync-resources", given, r.exitCode, line, code)
		}
	}
	if sim.Stats().Total != calls {
		t.Error("a refused targeted sync reached Box")
	}

	// A target Box does not have: the SDK skips it with a warning; the run
	// fails and leaves the targeted file as it was.
	was := digest(t, targeted)
	r = op.run(nil, "--file", full, "--sync-resources", "user:17999999999")
	if line := lastErrorLine(r.stderr); r.exitCode != 5 || !strings.Contains(line, "did not get user 17999999999") {
		t.Errorf("a user Box does not have: exit %d, %q", r.exitCode, line)
	}
	if digest(t, targeted) != was {
		t.Error("a targeted sync that got nothing replaced the targeted file")
	}
	if _, err := os.Stat(full); err != nil || digest(t, full) != before {
		t.Error("the full sync changed")
	}
}
