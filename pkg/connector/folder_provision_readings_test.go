package connector_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/boxsim"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Folder grants as Box makes them: an invitation Box leaves pending is no
// grant, and access through a parent folder is explained, under every
// reading of Box's behaviour, through the connector's builders over gRPC.

// wantCode requires err to carry code and name each of names.
func wantCode(t *testing.T, what string, err error, code codes.Code, names ...string) {
	t.Helper()
	if status.Code(err) != code {
		t.Fatalf("%s: code %v, want %v: %v", what, status.Code(err), code, err)
	}
	for _, n := range names {
		if !strings.Contains(err.Error(), n) {
			t.Fatalf("%s: error does not name %q: %v", what, n, err)
		}
	}
}

// wantAnno requires a success that carries anno.
func wantAnno(t *testing.T, what string, annos annotations.Annotations, err error, anno *v2.GrantAlreadyExists) {
	t.Helper()
	if err != nil || !annos.Contains(anno) {
		t.Fatalf("%s: want %T, got %v %v", what, anno, annos, err)
	}
}

// A grant Box leaves pending (the invitee accepts by hand, or the
// enterprise asks every invitee to act first) is reported as pending,
// again on a repeat, with its role changed on a grant of another role;
// once accepted it is GrantAlreadyExists; a revoke removes a pending
// invitation.
func TestFolderGrantPendingInvitation(t *testing.T) {
	seed := boxsim.New(folderTenant()).Truth()
	f, u, _, _ := provisionTargets(t, seed)
	for name, cc := range map[string]func(*boxsim.ContentConfig){
		"auto-accept off":     func(c *boxsim.ContentConfig) { c.ManualAcceptUsers = []string{u.ID} },
		"enterprise requires": func(c *boxsim.ContentConfig) { c.InvitesPending = true },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := folderTenant()
			cc(&cfg.Content)
			p := newFolderProv(t, cfg, box.Config{})
			folder := p.folder(t, f.ID)
			user := res("user", u.ID)
			grant := func(slug string) error { _, err := p.grant(user, folderEnt(folder, slug)); return err }
			invitation := func() *boxsim.Collaboration { return collabOf(p.Sim.Truth(), f.ID, "user", u.ID) }

			wantCode(t, "grant viewer", grant("viewer"), codes.FailedPrecondition, "Box invited user "+u.ID, "pending until they accept")
			c := invitation()
			if c == nil || c.Status != "pending" || c.Role != "viewer" {
				t.Fatalf("after grant viewer: %+v", c)
			}
			p.RequireRefused(t, codes.FailedPrecondition, func() error { return grant("viewer") }, "pending", "collaboration "+c.ID)
			wantCode(t, "grant editor on the pending invitation", grant("editor"), codes.FailedPrecondition, "pending", `changed from "viewer"`)
			if c = invitation(); c.Status != "pending" || c.Role != "editor" {
				t.Fatalf("after grant editor: %+v", c)
			}
			p.resync(t)

			if err := p.Sim.SetCollaborationStatus(c.ID, "accepted"); err != nil {
				t.Fatal(err)
			}
			annos, err := p.grant(user, folderEnt(folder, "editor"))
			wantAnno(t, "grant editor once accepted", annos, err, &v2.GrantAlreadyExists{})
			p.resync(t)
			twice(t, "revoke editor", func() (annotations.Annotations, error) { return p.revoke(user, folderEnt(folder, "editor")) }, &v2.GrantAlreadyRevoked{})

			// A pending invitation is revoked like a grant.
			wantCode(t, "grant previewer", grant("previewer"), codes.FailedPrecondition, "pending")
			twice(t, "revoke the pending previewer", func() (annotations.Annotations, error) {
				return p.revoke(user, folderEnt(folder, "previewer"))
			}, &v2.GrantAlreadyRevoked{})
			if c := invitation(); c != nil {
				t.Fatalf("pending invitation left after revoke: %+v", c)
			}
			p.resync(t)
		})
	}
}

// belowTargets picks a sub-folder of a plain user's reachable folder and a
// plain user on neither.
func belowTargets(t *testing.T, truth boxsim.Truth) (boxsim.Folder, boxsim.User) {
	t.Helper()
	roles := map[string]string{}
	for _, u := range truth.Users {
		roles[u.ID] = u.Role
	}
	var sub boxsim.Folder
	for _, x := range truth.Folders {
		if x.Reachable && x.Depth == 2 && roles[x.OwnerID] == "user" {
			sub = x
			break
		}
	}
	for _, u := range pickUsers(t, truth, 12) {
		if sub.ID != "" && u.ID != sub.OwnerID && !slices.ContainsFunc(truth.Collaborations, func(c boxsim.Collaboration) bool {
			return c.GranteeID == u.ID && (c.FolderID == sub.ID || c.FolderID == sub.ParentID)
		}) {
			return sub, u
		}
	}
	t.Fatalf("seed lacks a sub-folder %q and a user on neither it nor its parent", sub.ID)
	return sub, boxsim.User{}
}

// A user who collaborates on the parent as viewer, granted on the
// sub-folder, under each reading of Box's answer: refused (400
// user_already_collaborator), ignored (201 and nothing made) or a separate
// collaboration.
func TestFolderGrantThroughParent(t *testing.T) {
	seed := boxsim.New(folderTenant()).Truth()
	sub, u := belowTargets(t, seed)
	for _, mode := range boxsim.InviteBelowModes() {
		t.Run(mode, func(t *testing.T) {
			cfg := folderTenant()
			cfg.Content.InviteBelowCollaborator = mode
			p := newFolderProv(t, cfg, box.Config{})
			if _, err := p.Sim.AddCollaboration(boxsim.Collaboration{FolderID: sub.ParentID, GranteeType: "user", GranteeID: u.ID, Role: "viewer"}); err != nil {
				t.Fatal(err)
			}
			p.resync(t)
			folder := p.folder(t, sub.ID)
			user := res("user", u.ID)
			grant := func(slug string) func() error {
				return func() error { _, err := p.grant(user, folderEnt(folder, slug)); return err }
			}
			revoke := func(slug string) func() error {
				return func() error { _, err := p.revoke(user, folderEnt(folder, slug)); return err }
			}
			through := "through folder " + sub.ParentID

			if mode != boxsim.InviteBelowSeparate {
				// Box makes nothing below: the role the parent gives
				// already holds; another is changed on the parent.
				for range 2 {
					annos, err := p.grant(user, folderEnt(folder, "viewer"))
					wantAnno(t, "grant viewer held through the parent", annos, err, &v2.GrantAlreadyExists{})
				}
				p.RequireRefused(t, codes.FailedPrecondition, grant("editor"), through, "change it there", "grant it here")
				// A lower role below a parent: Box cannot give less there.
				p.RequireRefused(t, codes.FailedPrecondition, grant("previewer"), through, "every folder below")
				if c := collabOf(p.Sim.Truth(), sub.ID, "user", u.ID); c != nil {
					t.Fatalf("a collaboration below the parent: %+v", c)
				}
			}
			// Revoking what the parent gives is done on the parent.
			p.RequireRefused(t, codes.FailedPrecondition, revoke("viewer"), through, "revoke it on folder "+sub.ParentID)
			annos, err := p.revoke(user, folderEnt(folder, "editor"))
			if err != nil || !annos.Contains(&v2.GrantAlreadyRevoked{}) {
				t.Fatalf("revoke editor, held nowhere: %v %v", annos, err)
			}
			if mode == boxsim.InviteBelowSeparate {
				// Box makes a separate collaboration below: the grant holds.
				twice(t, "grant editor below", func() (annotations.Annotations, error) { return p.grant(user, folderEnt(folder, "editor")) }, &v2.GrantAlreadyExists{})
				if c := collabOf(p.Sim.Truth(), sub.ID, "user", u.ID); c == nil || c.Role != "editor" || c.Status != "accepted" {
					t.Fatalf("separate collaboration: %+v", c)
				}
				p.resync(t)
				twice(t, "revoke editor below", func() (annotations.Annotations, error) { return p.revoke(user, folderEnt(folder, "editor")) }, &v2.GrantAlreadyRevoked{})
			}
			p.resync(t)
		})
	}
}
