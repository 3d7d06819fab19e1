package connector_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
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
// once accepted it is GrantAlreadyExists; a revoke removes a pending or
// declined invitation.
func TestFolderGrantPendingInvitation(t *testing.T) {
	t.Parallel()
	seed := boxsim.New(folderTenant()).Truth()
	f, u, _, _ := provisionTargets(t, seed)
	for name, cc := range map[string]func(*boxsim.ContentConfig){
		"auto-accept off":     func(c *boxsim.ContentConfig) { c.ManualAcceptUsers = []string{u.ID} },
		"enterprise requires": func(c *boxsim.ContentConfig) { c.InvitesPending = true },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			cc(&cfg.Content)
			p := newFolderProv(t, cfg, synctest.Options{})
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
			// A declined invitation is no grant either; revoking removes it.
			wantCode(t, "grant uploader", grant("uploader"), codes.FailedPrecondition, "pending")
			if err := p.Sim.SetCollaborationStatus(invitation().ID, "rejected"); err != nil {
				t.Fatal(err)
			}
			p.RequireRefused(t, codes.FailedPrecondition, func() error { return grant("uploader") }, "declined")
			twice(t, "revoke the declined uploader", func() (annotations.Annotations, error) {
				return p.revoke(user, folderEnt(folder, "uploader"))
			}, &v2.GrantAlreadyRevoked{})
			p.resync(t)
		})
	}
}

// belowTargets picks a sub-folder of a plain user's reachable folder and a
// plain user on neither.
func belowTargets(t *testing.T, truth boxsim.Truth) (boxsim.Folder, boxsim.User) {
	t.Helper()
	sub := plainFolder(truth, 2)
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
	t.Parallel()
	seed := boxsim.New(folderTenant()).Truth()
	sub, u := belowTargets(t, seed)
	for _, mode := range boxsim.InviteBelowModes() {
		t.Run(mode, func(t *testing.T) {
			t.Parallel()
			cfg := folderTenant()
			cfg.Content.InviteBelowCollaborator = mode
			p := newFolderProv(t, cfg, synctest.Options{})
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

// belowAnswer stands in for Box's answer to POST /collaborations on one
// folder: the collaboration answer names (201, as Box's other account of
// an invitation below a parent could be: the parent's collaboration), or,
// answer empty, 400 user_already_collaborator.
type belowAnswer struct {
	folderID, answer string
}

func (b *belowAnswer) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Method != http.MethodPost || req.URL.Path != "/2.0/collaborations" || req.Body == nil {
		return http.DefaultTransport.RoundTrip(req)
	}
	body, err := io.ReadAll(req.Body)
	_ = req.Body.Close()
	if err != nil {
		return nil, err
	}
	var in struct {
		Item struct{ ID string } `json:"item"`
	}
	if err := json.Unmarshal(body, &in); err != nil || in.Item.ID != b.folderID {
		req.Body = io.NopCloser(bytes.NewReader(body))
		return http.DefaultTransport.RoundTrip(req)
	}
	if b.answer == "" {
		refusal := `{"type":"error","status":400,"code":"user_already_collaborator","message":"User is already a collaborator"}`
		return &http.Response{StatusCode: http.StatusBadRequest, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(refusal)), Request: req}, nil
	}
	get := req.Clone(req.Context())
	get.Method, get.Body, get.ContentLength = http.MethodGet, nil, 0
	get.URL.Path += "/" + b.answer
	get.URL.RawQuery = ""
	get.Header.Del("Content-Type")
	resp, err := http.DefaultTransport.RoundTrip(get)
	if err == nil && resp.StatusCode == http.StatusOK {
		resp.StatusCode, resp.Status = http.StatusCreated, "201 Created"
	}
	return resp, err
}

// folderGranter is the folder syncer as a provisioner, called without the
// SDK builder (which retries Unavailable for a minute and a half).
type folderGranter interface {
	Grant(context.Context, *v2.Resource, *v2.Entitlement) ([]*v2.Grant, annotations.Annotations, error)
}

func folderSyncerOf(t *testing.T, p *folderProv) folderGranter {
	t.Helper()
	for _, s := range p.Connector.ResourceSyncers(p.ctx) {
		if g, ok := s.(folderGranter); ok && s.ResourceType(p.ctx).GetId() == "folder" {
			return g
		}
	}
	t.Fatal("no folder provisioner")
	return nil
}

// Box's other answers to an invitation below a parent: the parent's
// collaboration in a 201, or a refusal that a pending invitation on the
// parent explains, or one that nothing explains (Unavailable: a listing
// behind, which a retry settles; never Aborted).
func TestFolderInviteBelowOtherAnswers(t *testing.T) {
	t.Parallel()
	seed := boxsim.New(folderTenant()).Truth()
	sub, u := belowTargets(t, seed)
	others := slices.DeleteFunc(pickUsers(t, seed, 12), func(x boxsim.User) bool {
		return x.ID == u.ID || x.ID == sub.OwnerID || slices.ContainsFunc(seed.Collaborations, func(c boxsim.Collaboration) bool {
			return c.GranteeID == x.ID && (c.FolderID == sub.ID || c.FolderID == sub.ParentID)
		})
	})
	if len(others) < 2 {
		t.Fatal("seed lacks two more users on neither folder")
	}
	invited, stranger := others[0], others[1]
	answer := &belowAnswer{folderID: sub.ID}
	p := newFolderProv(t, folderTenant(), synctest.Options{Tuning: box.Config{HTTPClient: &http.Client{Transport: answer}}})
	above, err := p.Sim.AddCollaboration(boxsim.Collaboration{FolderID: sub.ParentID, GranteeType: "user", GranteeID: u.ID, Role: "viewer"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := p.Sim.AddCollaboration(boxsim.Collaboration{FolderID: sub.ParentID, GranteeType: "user", GranteeID: invited.ID, Role: "editor", Status: "pending"}); err != nil {
		t.Fatal(err)
	}
	folder := p.folder(t, sub.ID)
	through := "through folder " + sub.ParentID

	answer.answer = above.ID
	annos, err := p.grant(res("user", u.ID), folderEnt(folder, "viewer"))
	wantAnno(t, "answered with the parent's viewer", annos, err, &v2.GrantAlreadyExists{})
	p.RequireRefused(t, codes.FailedPrecondition, func() error { _, err := p.grant(res("user", u.ID), folderEnt(folder, "editor")); return err }, through)

	answer.answer = ""
	p.RequireRefused(t, codes.FailedPrecondition, func() error { _, err := p.grant(res("user", invited.ID), folderEnt(folder, "viewer")); return err },
		"pending invitation", "on folder "+sub.ParentID)
	_, _, err = folderSyncerOf(t, p).Grant(p.ctx, res("user", stranger.ID), folderEnt(folder, "viewer"))
	wantCode(t, "refused, nothing above", err, codes.Unavailable, "lists none", sub.ParentID)
}

// Box's older answer names no pending invitee (accessible_by null): the
// invitation a grant made is still told by its ID, and a repeated grant
// Box refuses is explained by the unnamed pending invitations, on a
// sub-folder (where a grant is verified by re-reading) and at the top.
func TestFolderGrantPendingUnnamed(t *testing.T) {
	t.Parallel()
	seed := boxsim.New(folderTenant()).Truth()
	sub, u := belowTargets(t, seed)
	top, _, _, _ := provisionTargets(t, seed)
	cfg := folderTenant()
	cfg.Content.ManualAcceptUsers = []string{u.ID}
	cfg.Content.LegacyPendingCollaborations = true
	p := newFolderProv(t, cfg, synctest.Options{SkipSpecValidation: true}) // the older answer is off the spec
	user := res("user", u.ID)
	for _, f := range []boxsim.Folder{sub, top} {
		folder := p.folder(t, f.ID)
		grant := func() error { _, err := p.grant(user, folderEnt(folder, "viewer")); return err }
		wantCode(t, "grant viewer on "+f.ID, grant(), codes.FailedPrecondition, "pending until they accept")
		c := collabOf(p.Sim.Truth(), f.ID, "user", u.ID)
		if c == nil || c.Status != "pending" {
			t.Fatalf("after grant viewer on %s: %+v", f.ID, c)
		}
		p.RequireRefused(t, codes.FailedPrecondition, grant, "without naming who", "collaboration "+c.ID)
	}
}
