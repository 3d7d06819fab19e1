package connector_test

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// Where Box is less kind than a simple model (issue: the simulator was
// kinder than Box), through the builders over gRPC.

func deleteUser(p *provEnv, id string) (annotations.Annotations, error) {
	resp, err := p.cc.DeleteResourceV2(p.ctx, &v2.DeleteResourceV2Request{ResourceId: &v2.ResourceId{ResourceType: "user", Resource: id}})
	return annotations.Annotations(resp.GetAnnotations()), err
}

func actionCode(t *testing.T, resp *v2.InvokeActionResponse, err error) codes.Code {
	t.Helper()
	if err != nil {
		return status.Code(err)
	}
	if resp.GetStatus() == v2.BatonActionStatus_BATON_ACTION_STATUS_COMPLETE {
		return codes.OK
	}
	c := map[string]codes.Code{}
	for i := codes.OK; i <= codes.Unauthenticated; i++ {
		c[i.String()] = i
	}
	name, _ := resp.GetResponse().AsMap()["error_code"].(string)
	code, ok := c[name]
	if !ok {
		t.Fatalf("action failed without a code: %v", resp.GetResponse().AsMap())
	}
	return code
}

// TestCoadminChangesNeedThePrimaryAdmin: every change to a co-admin is
// refused up front (FailedPrecondition naming the Admin Console, no scope
// hint) unless --primary-admin-id lets the connector act as the primary
// admin; then each works.
func TestCoadminChangesNeedThePrimaryAdmin(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	u := pickUsers(t, p.Sim.Truth(), 2)
	co, other := u[0], u[1]
	if _, err := p.grant(res("user", co.ID), ent("role", "co-admin", "member")); err != nil {
		t.Fatal(err)
	}
	before := p.Sim.Truth()
	for name, op := range map[string]func() codes.Code{
		"disable_user": func() codes.Code {
			r, err := p.globalAction("disable_user", map[string]any{"user_id": co.ID})
			return actionCode(t, r, err)
		},
		"update_profile": func() codes.Code {
			r, err := p.action("update_profile", map[string]any{"user_id": co.ID, "job_title": "x"})
			return actionCode(t, r, err)
		},
		"transfer_content": func() codes.Code {
			r, err := p.action("transfer_content", map[string]any{"user_id": co.ID, "to_user_id": other.ID})
			return actionCode(t, r, err)
		},
		"delete": func() codes.Code { _, err := deleteUser(p, co.ID); return status.Code(err) },
		"revoke co-admin": func() codes.Code {
			_, err := p.revoke(res("user", co.ID), ent("role", "co-admin", "member"))
			return status.Code(err)
		},
	} {
		if code := op(); code != codes.FailedPrecondition {
			t.Errorf("%s on a co-admin: %v, want FailedPrecondition", name, code)
		}
	}
	if !reflect.DeepEqual(before, p.Sim.Truth()) {
		t.Fatal("a refused change to a co-admin changed Box")
	}

	admin := newProvEnvAsAdmin(t, p)
	for _, step := range []struct {
		action string
		args   map[string]any
	}{
		{"disable_user", map[string]any{"user_id": co.ID}},
		{"enable_user", map[string]any{"user_id": co.ID}},
		{"update_profile", map[string]any{"user_id": co.ID, "job_title": "Deputy"}},
		{"transfer_content", map[string]any{"user_id": co.ID, "to_user_id": other.ID}},
	} {
		r, err := admin.action(step.action, step.args)
		if code := actionCode(t, r, err); code != codes.OK {
			t.Fatalf("%s on a co-admin as the primary admin: %v %v", step.action, code, r.GetResponse().AsMap())
		}
	}
	got, _ := userByID(p.Sim.Truth(), co.ID)
	if got.JobTitle != "Deputy" || got.OwnedItems != 0 || got.Status != "active" {
		t.Fatalf("co-admin after the admin's changes: %+v", got)
	}
	twice(t, "delete a co-admin", func() (annotations.Annotations, error) { return deleteUser(admin, co.ID) }, &v2.ResourceDoesNotExist{})
	admin.resync(t)
}

// TestPrimaryAdminIDIsValidated: --primary-admin-id must name the primary
// admin, and the app must be able to mint a user token for it.
func TestPrimaryAdminIDIsValidated(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	for name, tc := range map[string]struct {
		userTokens bool
		pick       func(boxsim.User) bool
		want       string
	}{
		"not the admin":    {true, func(u boxsim.User) bool { return u.Role == "user" }, "must be the enterprise's primary admin"},
		"no user tokens":   {false, func(u boxsim.User) bool { return u.Role == "admin" }, "Generate User Access Tokens"},
		"the admin (fine)": {true, func(u boxsim.User) bool { return u.Role == "admin" }, ""},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			env := synctest.New(t, boxsim.Config{Seed: 4, Users: 20, Groups: 2, UserAccessTokens: tc.userTokens}, synctest.Options{})
			id, _ := findUser(env.Sim.Truth(), tc.pick)
			c := env.NewConnector(t, func(cfg *config.Box) { cfg.PrimaryAdminId = id.ID })
			_, err := c.Validate(ctx)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("validate: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("validate: %v, want an error naming %q", err, tc.want)
			}
		})
	}
}

// TestDeleteNeverResendsATransfer: Box may take minutes over a transfer;
// when the connector gives up waiting, the outcome is unknown and the
// transfer is not sent again. The retry first looks at what the user still
// owns (by trying the delete), and the content is never moved twice.
func TestDeleteNeverResendsATransfer(t *testing.T) {
	t.Parallel()
	cfg := boxsim.Config{Seed: 9, Users: 30, Groups: 2, TransferTimePerItem: 2 * time.Millisecond}
	env := synctest.New(t, cfg, synctest.Options{Tuning: box.Config{TransferTimeout: 100 * time.Millisecond}})
	p := &provEnv{Env: env, cc: env.ConnectorClient(context.Background(), t), ctx: context.Background()}
	victim, ok := findUser(p.Sim.Truth(), func(u boxsim.User) bool { return u.Role == "user" && u.OwnedItems > 300 && u.OwnedItems < 1000 })
	if !ok {
		t.Fatal("seed has no user with several hundred items")
	}
	if _, err := deleteUser(p, victim.ID); status.Code(err) != codes.Unavailable || !strings.Contains(err.Error(), "not sent again") {
		t.Fatalf("first delete: %v, want Unavailable naming the unknown outcome", err)
	}
	transfers := func() int { return p.Sim.Stats().ByRoute["PUT /users/{user_id}/folders/0"] }
	if n := transfers(); n != 1 {
		t.Fatalf("%d transfer requests, want exactly 1", n)
	}
	// Retried while the transfer still runs, and after it finished.
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, err := deleteUser(p, victim.ID)
		if err == nil {
			break
		}
		if status.Code(err) != codes.Unavailable || time.Now().After(deadline) {
			t.Fatalf("retried delete: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if n := transfers(); n != 1 {
		t.Fatalf("%d transfer requests, want exactly 1: a transfer of unknown outcome was sent again", n)
	}
	after := p.Sim.Truth()
	if _, still := userByID(after, victim.ID); still || after.DestroyedItems != 0 {
		t.Fatalf("user still there (%v) or content destroyed (%d)", still, after.DestroyedItems)
	}
}

// TestDeleteWithoutRoomNamesTheContentOwner: a content owner without room
// is refused by Box (storage_limit_exceeded); the error says so and names
// --content-owner-id, and nothing is deleted.
func TestDeleteWithoutRoomNamesTheContentOwner(t *testing.T) {
	t.Parallel()
	env := synctest.New(t, boxsim.Config{Seed: 9, Users: 30, Groups: 2, ServiceAccountQuota: 50 * boxsim.ItemBytes}, synctest.Options{})
	p := &provEnv{Env: env, cc: env.ConnectorClient(context.Background(), t), ctx: context.Background()}
	victim, ok := findUser(p.Sim.Truth(), func(u boxsim.User) bool { return u.Role == "user" && u.OwnedItems > 50 })
	if !ok {
		t.Fatal("seed has no user owning over 50 items")
	}
	_, err := deleteUser(p, victim.ID)
	if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "--content-owner-id") || !strings.Contains(err.Error(), "storage_limit_exceeded") {
		t.Fatalf("delete into a full service account: %v", err)
	}
	if _, still := userByID(p.Sim.Truth(), victim.ID); !still {
		t.Fatal("the user was deleted although the content could not move")
	}
}

// TestPendingAccounts: a created account is pending until the user sets a
// password; it syncs as enabled (status detail "pending"), changes are
// refused clearly, group membership works, and it can be deleted.
func TestPendingAccounts(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	resp, err := p.cc.CreateAccount(p.ctx, &v2.CreateAccountRequest{
		AccountInfo:       &v2.AccountInfo{Login: "pending.user@acme.example.com", Profile: mustStruct(t, map[string]any{"name": "Pending User"})},
		CredentialOptions: &v2.CredentialOptions{Options: &v2.CredentialOptions_NoPassword_{NoPassword: &v2.CredentialOptions_NoPassword{}}},
		ResourceTypeId:    "user",
	})
	if err != nil {
		t.Fatal(err)
	}
	id := resp.GetSuccess().GetResource().GetId().GetResource()
	if u, _ := userByID(p.Sim.Truth(), id); u.Status != "pending" {
		t.Fatalf("new account status %q", u.Status)
	}
	snap := p.resync(t)
	if st := snap.Resources[synctest.Key("user", id)].GetStatus(); st.GetStatus() != v2.Status_RESOURCE_STATUS_ENABLED || st.GetDetails() != "pending" {
		t.Fatalf("pending account synced as %v", st)
	}
	before := p.Sim.Truth()
	r, err := p.globalAction("disable_user", map[string]any{"user_id": id})
	if code := actionCode(t, r, err); code != codes.FailedPrecondition || !strings.Contains(r.GetResponse().AsMap()["error"].(string), "pending") {
		t.Fatalf("disable a pending user: %v %v", code, r.GetResponse().AsMap())
	}
	if _, err := p.grant(res("user", id), ent("role", "co-admin", "member")); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("co-admin for a pending user: %v", err)
	}
	if !reflect.DeepEqual(before, p.Sim.Truth()) {
		t.Fatal("a refused change to a pending user changed Box")
	}
	g := p.Sim.Truth().Groups[0]
	twice(t, "pending user joins a group", func() (annotations.Annotations, error) { return p.grant(res("user", id), ent("group", g.ID, "member")) }, &v2.GrantAlreadyExists{})
	twice(t, "delete a pending user", func() (annotations.Annotations, error) { return deleteUser(p, id) }, &v2.ResourceDoesNotExist{})
	p.resync(t)
}

// TestCoadminAndGroupAdminAreExclusive: Box does not let a co-admin be a
// group admin; granting co-admin to a group admin ends their group-admin
// rights (the re-sync shows it), and granting group admin to a co-admin is
// refused.
func TestCoadminAndGroupAdminAreExclusive(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	u := pickUsers(t, truth, 1)[0]
	g := groupWithout(t, truth, u.ID)
	if _, err := p.grant(res("user", u.ID), ent("group", g.ID, "admin")); err != nil {
		t.Fatal(err)
	}
	if _, err := p.grant(res("user", u.ID), ent("role", "co-admin", "member")); err != nil {
		t.Fatal(err)
	}
	snap := p.resync(t)
	if _, ok := snap.Grants["group:"+g.ID+":admin:user:"+u.ID]; ok {
		t.Fatal("the new co-admin still holds group admin")
	}
	if _, ok := snap.Grants["group:"+g.ID+":member:user:"+u.ID]; !ok {
		t.Fatal("the new co-admin lost the group membership")
	}
	if _, err := p.grant(res("user", u.ID), ent("group", g.ID, "admin")); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("group admin for a co-admin: %v", err)
	}
}

func mustStruct(t *testing.T, m map[string]any) *structpb.Struct {
	t.Helper()
	s, err := structpb.NewStruct(m)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGroupAdminPrivileges: a granted group admin gets exactly
// --group-admin-permissions (none by default), never Box's all-enabled
// default. (How a sync reads them: TestGroupAdminPrivilegesUnderEveryReading.)
func TestGroupAdminPrivileges(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	users := pickUsers(t, truth, 2)
	g := groupWithout(t, truth, users[0].ID)
	if _, err := p.grant(res("user", users[0].ID), ent("group", g.ID, "admin")); err != nil {
		t.Fatal(err)
	}
	m, _ := membership(p.Sim.Truth(), users[0].ID, g.ID)
	for perm, on := range m.Permissions {
		if on {
			t.Fatalf("a default group admin got %s", perm)
		}
	}
	chosen := p.NewConnector(t, func(c *config.Box) { c.GroupAdminPermissions = []string{"can_run_reports,can_edit_accounts"} })
	pc := &provEnv{Env: p.Env, cc: p.Serve(p.ctx, t, chosen), ctx: p.ctx}
	g2 := groupWithout(t, p.Sim.Truth(), users[1].ID)
	if _, err := pc.grant(res("user", users[1].ID), ent("group", g2.ID, "member")); err != nil {
		t.Fatal(err)
	}
	if _, err := pc.grant(res("user", users[1].ID), ent("group", g2.ID, "admin")); err != nil { // a promotion
		t.Fatal(err)
	}
	m, _ = membership(p.Sim.Truth(), users[1].ID, g2.ID)
	want := map[string]bool{"can_create_accounts": false, "can_edit_accounts": true, "can_instant_login": false, "can_run_reports": true}
	if !reflect.DeepEqual(m.Permissions, want) {
		t.Fatalf("promoted admin's privileges %v, want %v", m.Permissions, want)
	}
	p.resync(t)

	bad := p.NewConnectorErr(func(c *config.Box) { c.GroupAdminPermissions = []string{"can_fly"} })
	if status.Code(bad) != codes.InvalidArgument || !strings.Contains(bad.Error(), "--group-admin-permissions") {
		t.Fatalf("a bad privilege name: %v", bad)
	}
}

// TestCoadminNeedsAVerifiedDomain: Box makes only users with a login on a
// verified domain co-admins; the refusal says so, and nothing changes.
// Box's answer is undocumented: a 400, or a 403 (both simulator readings).
func TestCoadminNeedsAVerifiedDomain(t *testing.T) {
	t.Parallel()
	for _, forbid := range []bool{false, true} {
		env := synctest.New(t, boxsim.Config{Seed: 9, Users: 40, Groups: 2, VerifiedDomains: []string{"acme.example.com"}, UnverifiedCoadminForbidden: forbid}, synctest.Options{})
		p := &provEnv{Env: env, cc: env.ConnectorClient(context.Background(), t), ctx: context.Background()}
		u, ok := findUser(p.Sim.Truth(), func(u boxsim.User) bool {
			return u.Role == "user" && u.Status == "active" && !u.IsPlatformAccessOnly && !strings.HasSuffix(u.Login, "@acme.example.com")
		})
		if !ok {
			t.Fatal("seed has no user off the verified domain")
		}
		p.RequireRefused(t, codes.FailedPrecondition, func() error {
			_, err := p.grant(res("user", u.ID), ent("role", "co-admin", "member"))
			return err
		}, "verified domains")
	}
}

// TestRoleChangesAndDeletesRunTheUserGuard: role changes and deletes run
// the same guard as the actions. Even acting as the primary admin, the
// connector never changes the role of the app's own service account (a
// co-admin to Box), and a pending co-admin is deleted only with
// --primary-admin-id, as every other change to a co-admin.
func TestRoleChangesAndDeletesRunTheUserGuard(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	admin := newProvEnvAsAdmin(t, p)
	sa := res("user", p.Sim.Truth().ServiceAccount.ID)
	deputy, err := p.Sim.AddUser(boxsim.User{Name: "Pending Deputy", Login: "pending.deputy@acme.example.com", Status: "pending", Role: "coadmin"})
	if err != nil {
		t.Fatal(err)
	}
	before := p.Sim.Truth()
	for name, op := range map[string]func() error{
		"revoke co-admin from the service account": func() error {
			_, err := admin.revoke(sa, ent("role", "co-admin", "member"))
			return err
		},
		"grant user to the service account": func() error { _, err := admin.grant(sa, ent("role", "user", "member")); return err },
		"delete a pending co-admin":         func() error { _, err := deleteUser(p, deputy.ID); return err },
	} {
		if err := op(); status.Code(err) != codes.FailedPrecondition {
			t.Errorf("%s: %v, want FailedPrecondition", name, err)
		}
	}
	if !reflect.DeepEqual(before, p.Sim.Truth()) {
		t.Fatal("a refused change changed Box")
	}
}
