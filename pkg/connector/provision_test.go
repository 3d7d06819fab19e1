package connector_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/types/known/durationpb"
	"google.golang.org/protobuf/types/known/structpb"
)

// Every operation goes through the real connector builders over gRPC, as
// ConductorOne calls them, twice in a row; then a re-sync must equal the
// simulator's truth.

type provEnv struct {
	*synctest.Env
	cc  types.ConnectorClient
	ctx context.Context
}

func newProvEnv(t *testing.T) *provEnv {
	t.Helper()
	env := synctest.New(t, boxsim.Config{Seed: 9, Users: 30, AppUsers: 2, Groups: 6, AvgGroupsPerUser: 1.5, UserAccessTokens: true}, synctest.Options{})
	ctx := context.Background()
	return &provEnv{Env: env, cc: env.ConnectorClient(ctx, t), ctx: ctx}
}

func (p *provEnv) resync(t *testing.T) *synctest.Snapshot {
	t.Helper()
	snap := p.SyncAndRead(p.ctx, t)
	p.RequireExact(t, snap)
	return snap
}

func res(rt, id string) *v2.Resource {
	return &v2.Resource{Id: &v2.ResourceId{ResourceType: rt, Resource: id}, DisplayName: rt + " " + id}
}

func ent(rt, id, slug string) *v2.Entitlement {
	r := res(rt, id)
	return &v2.Entitlement{Id: fmt.Sprintf("%s:%s:%s", rt, id, slug), Resource: r, Slug: slug}
}

func (p *provEnv) grant(principal *v2.Resource, e *v2.Entitlement) (annotations.Annotations, error) {
	resp, err := p.cc.Grant(p.ctx, &v2.GrantManagerServiceGrantRequest{Principal: principal, Entitlement: e})
	return annotations.Annotations(resp.GetAnnotations()), err
}

func (p *provEnv) revoke(principal *v2.Resource, e *v2.Entitlement) (annotations.Annotations, error) {
	g := &v2.Grant{Id: e.GetId() + ":" + principal.GetId().GetResourceType() + ":" + principal.GetId().GetResource(), Entitlement: e, Principal: principal}
	resp, err := p.cc.Revoke(p.ctx, &v2.GrantManagerServiceRevokeRequest{Grant: g})
	return annotations.Annotations(resp.GetAnnotations()), err
}

// action invokes a user resource action; globalAction the global one of
// that name (no resource type), as ConductorOne's automations do.
func (p *provEnv) action(name string, args map[string]any) (*v2.InvokeActionResponse, error) {
	return p.invoke(name, "user", args)
}

func (p *provEnv) globalAction(name string, args map[string]any) (*v2.InvokeActionResponse, error) {
	return p.invoke(name, "", args)
}

func (p *provEnv) invoke(name, resourceType string, args map[string]any) (*v2.InvokeActionResponse, error) {
	s, err := structpb.NewStruct(args)
	if err != nil {
		return nil, err
	}
	return p.cc.InvokeAction(p.ctx, &v2.InvokeActionRequest{Name: name, Args: s, ResourceTypeId: resourceType, InlineWait: durationpb.New(30 * time.Second)})
}

func userArg(id string) map[string]any {
	return map[string]any{"resource_type_id": "user", "resource_id": id}
}

// twice runs op twice: the first must change Box, the second must be a no-op
// that reports the matching annotation (nil: plain success).
func twice(t *testing.T, name string, op func() (annotations.Annotations, error), second proto.Message) {
	t.Helper()
	annos, err := op()
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if second != nil && annos.Contains(second) {
		t.Fatalf("%s: first call already reports %T", name, second)
	}
	annos, err = op()
	if err != nil {
		t.Fatalf("%s (again): %v", name, err)
	}
	if second != nil && !annos.Contains(second) {
		t.Fatalf("%s (again): want %T, got %v", name, second, annos)
	}
}

// pickUsers returns n listed human users other than the primary admin and with role user.
func pickUsers(t *testing.T, truth boxsim.Truth, n int) []boxsim.User {
	t.Helper()
	var out []boxsim.User
	for _, u := range truth.Users {
		if u.Role == "user" && !u.IsPlatformAccessOnly && u.Status == "active" {
			out = append(out, u)
		}
		if len(out) == n {
			return out
		}
	}
	t.Fatalf("seed has fewer than %d plain users", n)
	return nil
}

func membership(truth boxsim.Truth, userID, groupID string) (boxsim.Membership, bool) {
	for _, m := range truth.Memberships {
		if m.UserID == userID && m.GroupID == groupID {
			return m, true
		}
	}
	return boxsim.Membership{}, false
}

// groupWithout finds a group the user is not in.
func groupWithout(t *testing.T, truth boxsim.Truth, userID string) boxsim.Group {
	t.Helper()
	for _, g := range truth.Groups {
		if _, ok := membership(truth, userID, g.ID); !ok {
			return g
		}
	}
	t.Fatal("user is in every group")
	return boxsim.Group{}
}

func TestGroupMembershipProvisioning(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	u := pickUsers(t, truth, 1)[0]
	g := groupWithout(t, truth, u.ID)
	user := res("user", u.ID)

	twice(t, "grant member", func() (annotations.Annotations, error) { return p.grant(user, ent("group", g.ID, "member")) }, &v2.GrantAlreadyExists{})
	if m, ok := membership(p.Sim.Truth(), u.ID, g.ID); !ok || m.Role != "member" {
		t.Fatalf("after grant member: %+v %v", m, ok)
	}
	p.resync(t)

	twice(t, "grant admin (promote)", func() (annotations.Annotations, error) { return p.grant(user, ent("group", g.ID, "admin")) }, &v2.GrantAlreadyExists{})
	if m, _ := membership(p.Sim.Truth(), u.ID, g.ID); m.Role != "admin" {
		t.Fatalf("after grant admin: role %q", m.Role)
	}
	p.resync(t)

	twice(t, "revoke admin (demote)", func() (annotations.Annotations, error) { return p.revoke(user, ent("group", g.ID, "admin")) }, &v2.GrantAlreadyRevoked{})
	if m, ok := membership(p.Sim.Truth(), u.ID, g.ID); !ok || m.Role != "member" {
		t.Fatalf("after revoke admin the user must stay a member: %+v %v", m, ok)
	}
	p.resync(t)

	twice(t, "revoke member", func() (annotations.Annotations, error) { return p.revoke(user, ent("group", g.ID, "member")) }, &v2.GrantAlreadyRevoked{})
	if _, ok := membership(p.Sim.Truth(), u.ID, g.ID); ok {
		t.Fatal("membership still there after revoke member")
	}
	p.resync(t)

	// Granting admin to a non-member adds them as admin directly; revoking
	// member then removes the admin rights with the membership.
	twice(t, "grant admin (new)", func() (annotations.Annotations, error) { return p.grant(user, ent("group", g.ID, "admin")) }, &v2.GrantAlreadyExists{})
	if m, _ := membership(p.Sim.Truth(), u.ID, g.ID); m.Role != "admin" {
		t.Fatalf("grant admin to a non-member: role %q", m.Role)
	}
	twice(t, "revoke member of an admin", func() (annotations.Annotations, error) { return p.revoke(user, ent("group", g.ID, "member")) }, &v2.GrantAlreadyRevoked{})
	if _, ok := membership(p.Sim.Truth(), u.ID, g.ID); ok {
		t.Fatal("membership still there")
	}
	p.resync(t)
}

func TestRoleProvisioning(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	u := pickUsers(t, truth, 1)[0]
	user := res("user", u.ID)
	roleOf := func() string {
		x, _ := userByID(p.Sim.Truth(), u.ID)
		return x.Role
	}

	twice(t, "grant co-admin", func() (annotations.Annotations, error) { return p.grant(user, ent("role", "co-admin", "member")) }, &v2.GrantAlreadyExists{})
	if roleOf() != "coadmin" {
		t.Fatalf("Box role %q after grant co-admin", roleOf())
	}
	snap := p.resync(t)
	if _, ok := snap.Grants["role:co-admin:member:user:"+u.ID]; !ok {
		t.Fatalf("the sync lacks role:co-admin:member:user:%s", u.ID)
	}

	// Box lets only the primary admin change a co-admin: without
	// --primary-admin-id the revoke is refused up front, and nothing changes.
	before := p.Sim.Truth()
	_, err := p.revoke(user, ent("role", "co-admin", "member"))
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "Admin Console") || !strings.Contains(err.Error(), "--primary-admin-id") {
		t.Fatalf("revoke co-admin without the primary admin: %v", err)
	}
	if !reflect.DeepEqual(before, p.Sim.Truth()) {
		t.Fatal("a refused revoke changed Box")
	}

	// With --primary-admin-id the connector acts as the primary admin.
	admin := newProvEnvAsAdmin(t, p)
	twice(t, "revoke co-admin", func() (annotations.Annotations, error) { return admin.revoke(user, ent("role", "co-admin", "member")) }, &v2.GrantAlreadyRevoked{})
	if roleOf() != "user" {
		t.Fatalf("role %q after revoke co-admin", roleOf())
	}

	// Box's own spelling `coadmin` (this connector's role ID before it
	// matched the deployed connector) is an alias, in both directions, and
	// the grant it returns is on the canonical role.
	resp, err := p.cc.Grant(p.ctx, &v2.GrantManagerServiceGrantRequest{Principal: user, Entitlement: ent("role", "coadmin", "member")})
	if err != nil || roleOf() != "coadmin" {
		t.Fatalf("grant via alias coadmin: role %q, err %v", roleOf(), err)
	}
	if gs := resp.GetGrants(); len(gs) != 1 || gs[0].GetId() != "role:co-admin:member:user:"+u.ID {
		t.Fatalf("grant via alias returned %v, want role:co-admin:member:user:%s", gs, u.ID)
	}
	twice(t, "revoke via alias coadmin", func() (annotations.Annotations, error) { return admin.revoke(user, ent("role", "coadmin", "member")) }, &v2.GrantAlreadyRevoked{})
	if roleOf() != "user" {
		t.Fatalf("role %q after revoke via alias", roleOf())
	}

	// Granting user to a co-admin demotes them: the primary admin's change too.
	if _, err := p.grant(user, ent("role", "co-admin", "member")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.grant(user, ent("role", "user", "member")); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("grant user to a co-admin without the primary admin: %v", err)
	}
	twice(t, "grant user", func() (annotations.Annotations, error) { return admin.grant(user, ent("role", "user", "member")) }, &v2.GrantAlreadyExists{})
	if roleOf() != "user" {
		t.Fatalf("role %q after grant user", roleOf())
	}
	p.resync(t)
}

// newProvEnvAsAdmin serves a second connector, configured with
// --primary-admin-id, against the same simulator.
func newProvEnvAsAdmin(t *testing.T, p *provEnv) *provEnv {
	t.Helper()
	var adminID string
	for _, u := range p.Sim.Truth().Users {
		if u.Role == "admin" {
			adminID = u.ID
		}
	}
	c := p.NewConnector(t, func(cfg *config.Box) { cfg.PrimaryAdminId = adminID })
	return &provEnv{Env: p.Env, cc: p.Serve(p.ctx, t, c), ctx: p.ctx}
}

func TestRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	u := pickUsers(t, truth, 1)[0]
	g := truth.Groups[0]
	var admin boxsim.User
	for _, x := range truth.Users {
		if x.Role == "admin" {
			admin = x
		}
	}
	cases := map[string]struct {
		op   func() error
		code codes.Code
	}{
		"grant role admin": {func() error { _, err := p.grant(res("user", u.ID), ent("role", "admin", "member")); return err }, codes.FailedPrecondition},
		"revoke role user": {func() error { _, err := p.revoke(res("user", u.ID), ent("role", "user", "member")); return err }, codes.FailedPrecondition},
		"demote the primary admin": {func() error {
			_, err := p.grant(res("user", admin.ID), ent("role", "user", "member"))
			return err
		}, codes.FailedPrecondition},
		"unknown entitlement slug": {func() error { _, err := p.grant(res("user", u.ID), ent("group", g.ID, "owner")); return err }, codes.InvalidArgument},
		"group as principal":       {func() error { _, err := p.grant(res("group", g.ID), ent("group", g.ID, "member")); return err }, codes.InvalidArgument},
		"role as principal":        {func() error { _, err := p.grant(res("role", "user"), ent("role", "co-admin", "member")); return err }, codes.InvalidArgument},
		"unknown user":             {func() error { _, err := p.grant(res("user", "17999999999"), ent("group", g.ID, "member")); return err }, codes.NotFound},
		"unknown group":            {func() error { _, err := p.grant(res("user", u.ID), ent("group", "4999999999", "member")); return err }, codes.NotFound},
		"unknown role":             {func() error { _, err := p.grant(res("user", u.ID), ent("role", "owner", "member")); return err }, codes.InvalidArgument},
		"delete the primary admin": {func() error {
			_, err := deleteUser(p, admin.ID)
			return err
		}, codes.FailedPrecondition},
		"delete the service account": {func() error {
			_, err := deleteUser(p, truth.ServiceAccount.ID)
			return err
		}, codes.FailedPrecondition},
		"create account without name": {func() error {
			profile, _ := structpb.NewStruct(map[string]any{"email": "new.person@example.com"})
			_, err := p.cc.CreateAccount(p.ctx, &v2.CreateAccountRequest{AccountInfo: &v2.AccountInfo{Profile: profile}})
			return err
		}, codes.InvalidArgument},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) { p.RequireRefused(t, tc.code, tc.op) })
	}

	t.Run("malformed action arguments", func(t *testing.T) {
		t.Parallel()
		before := p.Sim.Truth()
		for _, args := range []map[string]any{
			{}, {"user_id": 17000000001.0}, {"user_id": "x/../" + u.ID}, {"user_id": ""},
			{"resource_id": map[string]any{"resource_type_id": "group", "resource_id": g.ID}},
		} {
			resp, err := p.action("disable_user", args)
			if err != nil {
				t.Fatal(err)
			}
			got := resp.GetResponse().AsMap()
			if resp.GetStatus() != v2.BatonActionStatus_BATON_ACTION_STATUS_FAILED || got["error_code"] != codes.InvalidArgument.String() {
				t.Fatalf("args %v: status %v response %v", args, resp.GetStatus(), got)
			}
			if msg, _ := got["error"].(string); !strings.Contains(msg, "user_id") && !strings.Contains(msg, "resource_id") {
				t.Fatalf("args %v: the error does not name the argument: %s", args, msg)
			}
		}
		if !reflect.DeepEqual(before, p.Sim.Truth()) {
			t.Fatal("a refused action changed Box")
		}
	})
}
