package connector_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
)

// Folder provisioning through the connector builders over gRPC, as
// ConductorOne calls them: every operation twice (the repeat reports
// GrantAlreadyExists or GrantAlreadyRevoked), then a re-sync that equals the
// truth; every refusal gets its code and changes nothing.

type folderProv struct {
	*provEnv
	snap *synctest.Snapshot
}

// newFolderProv syncs folders to depth 3 (opts.Configure is set here).
func newFolderProv(t *testing.T, cfg boxsim.Config, opts synctest.Options) *folderProv {
	t.Helper()
	opts.Configure = syncFolders(3)
	env := synctest.New(t, cfg, opts)
	ctx := context.Background()
	p := &folderProv{provEnv: &provEnv{Env: env, cc: env.ConnectorClient(ctx, t), ctx: ctx}}
	p.snap = p.resync(t)
	return p
}

func (p *folderProv) resync(t *testing.T) *synctest.Snapshot {
	t.Helper()
	snap := p.SyncAndRead(p.ctx, t)
	p.RequireExact(t, snap, synctest.WithFolders(3))
	return snap
}

// folder returns the synced resource of a folder, as ConductorOne holds it.
func (p *folderProv) folder(t *testing.T, id string) *v2.Resource {
	t.Helper()
	r, ok := p.snap.Resources[synctest.Key("folder", id)]
	if !ok {
		t.Fatalf("folder %s was not synced", id)
	}
	return r
}

// folderNamed is a folder as ConductorOne names it: with its owner as
// parent.
func folderNamed(f boxsim.Folder) *v2.Resource {
	return &v2.Resource{Id: &v2.ResourceId{ResourceType: "folder", Resource: f.ID}, ParentResourceId: &v2.ResourceId{ResourceType: "user", Resource: f.OwnerID}}
}

func folderEnt(folder *v2.Resource, slug string) *v2.Entitlement {
	return &v2.Entitlement{Id: fmt.Sprintf("folder:%s:%s", folder.GetId().GetResource(), slug), Resource: folder, Slug: slug}
}

func collabOf(truth boxsim.Truth, folderID, granteeType, granteeID string) *boxsim.Collaboration {
	for _, c := range truth.Collaborations {
		if c.FolderID == folderID && c.GranteeType == granteeType && c.GranteeID == granteeID {
			return &c
		}
	}
	return nil
}

// plainFolder is the first reachable folder at depth that a plain user
// (neither admin nor co-admin) owns; the zero Folder if there is none.
func plainFolder(truth boxsim.Truth, depth int) boxsim.Folder {
	roles := map[string]string{}
	for _, u := range truth.Users {
		roles[u.ID] = u.Role
	}
	for _, x := range truth.Folders {
		if x.Reachable && x.Depth == depth && roles[x.OwnerID] == "user" {
			return x
		}
	}
	return boxsim.Folder{}
}

// provisionTargets picks a top-level folder of a plain user, a plain user,
// an external user and a group the owner may invite, none on the folder.
func provisionTargets(t *testing.T, truth boxsim.Truth) (boxsim.Folder, boxsim.User, boxsim.User, boxsim.Group) {
	t.Helper()
	f := plainFolder(truth, 1)
	var u boxsim.User
	for _, x := range pickUsers(t, truth, 10) {
		if x.ID != f.OwnerID && collabOf(truth, f.ID, "user", x.ID) == nil {
			u = x
			break
		}
	}
	var ext boxsim.User
	for _, x := range truth.ExternalUsers {
		if collabOf(truth, f.ID, "user", x.ID) == nil {
			ext = x
			break
		}
	}
	var g boxsim.Group
	for _, x := range truth.Groups {
		if x.InvitabilityLevel == "all_managed_users" && collabOf(truth, f.ID, "group", x.ID) == nil {
			g = x
			break
		}
	}
	if f.ID == "" || u.ID == "" || ext.ID == "" || g.ID == "" {
		t.Fatalf("seed lacks targets: folder %q user %q external %q group %q", f.ID, u.ID, ext.ID, g.ID)
	}
	return f, u, ext, g
}

func TestFolderProvisioning(t *testing.T) {
	t.Parallel()
	p := newFolderProv(t, folderTenant(), synctest.Options{})
	f, u, ext, g := provisionTargets(t, p.Sim.Truth())
	folder := p.folder(t, f.ID)
	user := res("user", u.ID)
	roleOn := func(gt, id string) string {
		if c := collabOf(p.Sim.Truth(), f.ID, gt, id); c != nil && c.Status == "accepted" {
			return c.Role
		}
		return ""
	}

	twice(t, "grant editor", func() (annotations.Annotations, error) { return p.grant(user, folderEnt(folder, "editor")) }, &v2.GrantAlreadyExists{})
	if r := roleOn("user", u.ID); r != "editor" {
		t.Fatalf("after grant editor: role %q", r)
	}
	p.resync(t)

	twice(t, "grant viewer_uploader (change role)", func() (annotations.Annotations, error) {
		return p.grant(user, folderEnt(folder, "viewer_uploader"))
	}, &v2.GrantAlreadyExists{})
	if r := roleOn("user", u.ID); r != "viewer uploader" {
		t.Fatalf("after the role change: role %q", r)
	}
	p.resync(t)

	// The editor grant went with the role change: revoking it is a no-op.
	if annos, err := p.revoke(user, folderEnt(folder, "editor")); err != nil || !annos.Contains(&v2.GrantAlreadyRevoked{}) {
		t.Fatalf("revoke editor after the role change: %v %v", annos, err)
	}
	if r := roleOn("user", u.ID); r != "viewer uploader" {
		t.Fatalf("revoking a role the user no longer holds changed their access: %q", r)
	}
	twice(t, "revoke viewer_uploader", func() (annotations.Annotations, error) {
		return p.revoke(user, folderEnt(folder, "viewer_uploader"))
	}, &v2.GrantAlreadyRevoked{})
	if c := collabOf(p.Sim.Truth(), f.ID, "user", u.ID); c != nil {
		t.Fatalf("collaboration still there after revoke: %+v", c)
	}
	p.resync(t)

	external := res("external_user", ext.ID)
	twice(t, "grant previewer to an external person", func() (annotations.Annotations, error) {
		return p.grant(external, folderEnt(folder, "previewer"))
	}, &v2.GrantAlreadyExists{})
	if snap := p.resync(t); snap.Resources[synctest.Key("external_user", ext.ID)] == nil {
		t.Fatal("the new external collaborator is not a resource after the re-sync")
	}
	twice(t, "revoke previewer of an external person", func() (annotations.Annotations, error) {
		return p.revoke(external, folderEnt(folder, "previewer"))
	}, &v2.GrantAlreadyRevoked{})
	p.resync(t)

	group := res("group", g.ID)
	var grants []*v2.Grant
	twice(t, "grant uploader to a group", func() (annotations.Annotations, error) {
		resp, err := p.cc.Grant(p.ctx, &v2.GrantManagerServiceGrantRequest{Principal: group, Entitlement: folderEnt(folder, "uploader")})
		grants = append(grants, resp.GetGrants()...)
		return annotations.Annotations(resp.GetAnnotations()), err
	}, &v2.GrantAlreadyExists{})
	if len(grants) != 1 || !expandable(grants[0]) {
		t.Fatalf("a group's grant must be expandable to its members: %v", grants)
	}
	if r := roleOn("group", g.ID); r != "uploader" {
		t.Fatalf("after grant to group: role %q", r)
	}
	p.resync(t)
	twice(t, "revoke uploader of a group", func() (annotations.Annotations, error) { return p.revoke(group, folderEnt(folder, "uploader")) }, &v2.GrantAlreadyRevoked{})
	p.resync(t)

	// A folder deleted since the sync: its grants are gone, and revoking
	// one says so.
	if _, err := p.grant(user, folderEnt(folder, "editor")); err != nil {
		t.Fatal(err)
	}
	if err := p.Sim.DeleteFolder(f.ID); err != nil {
		t.Fatal(err)
	}
	if annos, err := p.revoke(user, folderEnt(folder, "editor")); err != nil || !annos.Contains(&v2.GrantAlreadyRevoked{}) {
		t.Fatalf("revoke on a deleted folder: %v %v", annos, err)
	}
	p.resync(t)
}

// restrictRoles is a transport that makes Box answer GET /folders/{id} with
// allowed_invitee_roles limited to viewer and previewer, as an enterprise
// setting can.
type restrictRoles struct{ folderID string }

func (rr restrictRoles) RoundTrip(req *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil || req.Method != http.MethodGet || req.URL.Path != "/2.0/folders/"+rr.folderID || resp.StatusCode != http.StatusOK {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		return nil, err
	}
	var f map[string]any
	if err := json.Unmarshal(body, &f); err != nil {
		return nil, err
	}
	f["allowed_invitee_roles"] = []string{"viewer", "previewer"}
	body, _ = json.Marshal(f)
	resp.Body, resp.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	resp.Header.Del("Content-Length")
	return resp, nil
}

func TestFolderProvisioningRefusals(t *testing.T) {
	seed := boxsim.New(folderTenant()).Truth()
	f, u, _, _ := provisionTargets(t, seed)
	p := newFolderProv(t, folderTenant(), synctest.Options{Tuning: box.Config{HTTPClient: &http.Client{Transport: restrictRoles{folderID: f.ID}}}})
	truth := p.Sim.Truth()
	folder := p.folder(t, f.ID)
	user := res("user", u.ID)

	var adminFolder boxsim.Folder
	for _, x := range truth.Folders {
		if !x.Reachable {
			adminFolder = x
			break
		}
	}
	var closedGroup boxsim.Group
	for _, g := range truth.Groups {
		if g.InvitabilityLevel == "admins_only" && !slices.ContainsFunc(truth.Memberships, func(m boxsim.Membership) bool {
			return m.GroupID == g.ID && m.UserID == f.OwnerID && m.Role == "admin"
		}) {
			closedGroup = g
			break
		}
	}
	if adminFolder.ID == "" || closedGroup.ID == "" {
		t.Fatal("seed lacks an admin's folder or a group the owner may not invite")
	}
	gone := &v2.Resource{Id: &v2.ResourceId{ResourceType: "folder", Resource: "3999999999999"}, ParentResourceId: folder.GetParentResourceId()}
	orphan := &v2.Resource{Id: folder.GetId()} // neither parent nor profile: the owner is unknown
	// The admin's folder is not synced (Box refuses as-user for admins), so
	// it is named as ConductorOne would name it.
	admins := folderNamed(adminFolder)
	grant := func(principal *v2.Resource, e *v2.Entitlement) func() error {
		return func() error { _, err := p.grant(principal, e); return err }
	}
	cases := map[string]struct {
		op   func() error
		code codes.Code
	}{
		"grant owner":                      {grant(user, folderEnt(folder, "owner")), codes.FailedPrecondition},
		"revoke owner":                     {func() error { _, err := p.revoke(res("user", f.OwnerID), folderEnt(folder, "owner")); return err }, codes.FailedPrecondition},
		"grant open_link":                  {grant(res("shared_link", "open"), folderEnt(folder, "open_link")), codes.FailedPrecondition},
		"unknown slug":                     {grant(user, folderEnt(folder, "admin")), codes.InvalidArgument},
		"a role the folder refuses":        {grant(user, folderEnt(folder, "editor")), codes.FailedPrecondition},
		"unknown folder":                   {grant(user, folderEnt(gone, "viewer")), codes.NotFound},
		"unknown user":                     {grant(res("user", "17999999999"), folderEnt(folder, "viewer")), codes.NotFound},
		"unknown group":                    {grant(res("group", "4999999999"), folderEnt(folder, "viewer")), codes.NotFound},
		"role as principal":                {grant(res("role", "user"), folderEnt(folder, "viewer")), codes.InvalidArgument},
		"folder as principal":              {grant(folder, folderEnt(folder, "viewer")), codes.InvalidArgument},
		"hostile principal ID":             {grant(res("user", "1/../2"), folderEnt(folder, "viewer")), codes.InvalidArgument},
		"the owner as collaborator":        {grant(res("user", f.OwnerID), folderEnt(folder, "viewer")), codes.FailedPrecondition},
		"a group the owner may not invite": {grant(res("group", closedGroup.ID), folderEnt(folder, "viewer")), codes.PermissionDenied},
		"an admin's folder":                {grant(user, folderEnt(admins, "viewer")), codes.FailedPrecondition},
		"a folder with no known owner":     {grant(user, folderEnt(orphan, "viewer")), codes.InvalidArgument},
		"revoke on an unknown folder":      {func() error { _, err := p.revoke(user, folderEnt(gone, "viewer")); return err }, codes.NotFound},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) { p.RequireRefused(t, tc.code, tc.op) })
	}
}

func expandable(g *v2.Grant) bool {
	annos := annotations.Annotations(g.GetAnnotations())
	return annos.Contains(&v2.GrantExpandable{})
}

// TestFolderGrantRepeatedUnderRestrictedRoles: a folder whose allowed
// invitee roles now exclude a role still answers a repeated grant of a
// collaboration that holds it GrantAlreadyExists; making or changing one
// into that role is refused and changes nothing.
func TestFolderGrantRepeatedUnderRestrictedRoles(t *testing.T) {
	t.Parallel()
	seed := boxsim.New(folderTenant()).Truth()
	f, u, _, _ := provisionTargets(t, seed)
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(3),
		Tuning: box.Config{HTTPClient: &http.Client{Transport: restrictRoles{folderID: f.ID}}}})
	p := &provEnv{Env: env, cc: env.ConnectorClient(context.Background(), t), ctx: context.Background()}
	if _, err := env.Sim.AddCollaboration(boxsim.Collaboration{FolderID: f.ID, GranteeType: "user", GranteeID: u.ID, Role: "editor"}); err != nil {
		t.Fatal(err)
	}
	folder, user := folderNamed(f), res("user", u.ID)
	annos, err := p.grant(user, folderEnt(folder, "editor"))
	wantAnno(t, "grant editor, held before the restriction", annos, err, &v2.GrantAlreadyExists{})
	p.RequireRefused(t, codes.FailedPrecondition, func() error { _, err := p.grant(user, folderEnt(folder, "co-owner")); return err }, "co-owner", "allowed")
	if _, err := p.grant(user, folderEnt(folder, "viewer")); err != nil {
		t.Fatalf("change to an allowed role: %v", err)
	}
	p.RequireRefused(t, codes.FailedPrecondition, func() error { _, err := p.grant(user, folderEnt(folder, "editor")); return err }, "editor", "allowed")
}
