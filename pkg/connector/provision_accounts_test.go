package connector_test

import (
	"reflect"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/protobuf/types/known/structpb"
)

func findUser(truth boxsim.Truth, pred func(boxsim.User) bool) (boxsim.User, bool) {
	for _, u := range truth.Users {
		if pred(u) {
			return u, true
		}
	}
	return boxsim.User{}, false
}

func userByID(truth boxsim.Truth, id string) (boxsim.User, bool) {
	return findUser(truth, func(u boxsim.User) bool { return u.ID == id })
}

func TestCreateAccount(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	profile, err := structpb.NewStruct(map[string]any{"name": "Dana Newhire", "email": "dana.newhire@example.com", "job_title": "Analyst"})
	if err != nil {
		t.Fatal(err)
	}
	req := &v2.CreateAccountRequest{
		AccountInfo:       &v2.AccountInfo{Login: "dana.newhire@example.com", Profile: profile},
		CredentialOptions: &v2.CredentialOptions{Options: &v2.CredentialOptions_NoPassword_{NoPassword: &v2.CredentialOptions_NoPassword{}}},
		ResourceTypeId:    "user",
	}
	first, err := p.cc.CreateAccount(p.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	created := first.GetSuccess().GetResource()
	if created == nil {
		t.Fatalf("first create: want success, got %v", first)
	}
	u, ok := userByID(p.Sim.Truth(), created.GetId().GetResource())
	if !ok || u.Login != "dana.newhire@example.com" || u.Name != "Dana Newhire" || u.JobTitle != "Analyst" {
		t.Fatalf("created user in Box: %+v %v", u, ok)
	}
	second, err := p.cc.CreateAccount(p.ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if got := second.GetAlreadyExists().GetResource().GetId().GetResource(); got != u.ID {
		t.Fatalf("second create: want already-exists with user %s, got %v", u.ID, second)
	}
	p.resync(t)
}

func TestDeleteUserTransfersContentFirst(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	victim, ok := findUser(truth, func(u boxsim.User) bool { return u.Role == "user" && u.OwnedItems > 0 })
	if !ok {
		t.Fatal("seed has no user owning content")
	}
	ownerBefore := truth.ServiceAccount.OwnedItems
	twice(t, "delete user", func() (annotations.Annotations, error) { return deleteUser(p, victim.ID) }, &v2.ResourceDoesNotExist{})
	after := p.Sim.Truth()
	if _, still := userByID(after, victim.ID); still {
		t.Fatal("user still exists")
	}
	if after.DestroyedItems != truth.DestroyedItems {
		t.Fatalf("%d items destroyed: content was not transferred before the delete", after.DestroyedItems-truth.DestroyedItems)
	}
	if got := after.ServiceAccount.OwnedItems - ownerBefore; got != victim.OwnedItems {
		t.Fatalf("service account received %d items, want %d", got, victim.OwnedItems)
	}
	p.resync(t)
}

func TestDeleteUserToConfiguredContentOwner(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	users := pickUsers(t, truth, 2)
	owner := users[0]
	victim, ok := findUser(truth, func(u boxsim.User) bool { return u.ID != owner.ID && u.Role == "user" && u.OwnedItems > 0 })
	if !ok {
		t.Fatal("seed has no user owning content")
	}
	env := newProvEnvWithOwner(t, p, owner.ID)
	if _, err := deleteUser(env, victim.ID); err != nil {
		t.Fatal(err)
	}
	got, _ := userByID(p.Sim.Truth(), owner.ID)
	if got.OwnedItems != owner.OwnedItems+victim.OwnedItems {
		t.Fatalf("content owner has %d items, want %d", got.OwnedItems, owner.OwnedItems+victim.OwnedItems)
	}
}

func TestUserActions(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	u := pickUsers(t, p.Sim.Truth(), 2)
	target, other := u[0], u[1]
	current := func() boxsim.User { x, _ := userByID(p.Sim.Truth(), target.ID); return x }
	run := func(name string, args map[string]any) {
		t.Helper()
		for i := range 2 { // every action is idempotent
			resp, err := p.action(name, args)
			if err != nil {
				t.Fatalf("%s #%d: %v", name, i+1, err)
			}
			if resp.GetStatus() != v2.BatonActionStatus_BATON_ACTION_STATUS_COMPLETE || resp.GetResponse().AsMap()["success"] != true {
				t.Fatalf("%s #%d: status %v response %v", name, i+1, resp.GetStatus(), resp.GetResponse().AsMap())
			}
		}
	}

	// The deployed connector's argument names: the Box user ID as the
	// string user_id (and to_user_id); earlier releases' resource_id object
	// still works.
	run("disable_user", map[string]any{"user_id": target.ID})
	if current().Status != "inactive" {
		t.Fatalf("status %q after disable_user", current().Status)
	}
	p.resync(t)
	run("enable_user", map[string]any{"resource_id": userArg(target.ID)})
	if current().Status != "active" {
		t.Fatalf("status %q after enable_user", current().Status)
	}
	run("update_profile", map[string]any{"user_id": target.ID, "name": "Renamed Person", "job_title": "Director"})
	if c := current(); c.Name != "Renamed Person" || c.JobTitle != "Director" || c.Login != target.Login {
		t.Fatalf("after update_profile: %+v", c)
	}
	run("update_profile", map[string]any{"user_id": target.ID, "job_title": ""})
	if c := current(); c.JobTitle != "" || c.Name != "Renamed Person" {
		t.Fatalf("after clearing the job title: %+v", c)
	}
	before := current().SessionsTerminated
	run("terminate_sessions", map[string]any{"user_id": target.ID})
	if got := current().SessionsTerminated - before; got != 2 {
		t.Fatalf("sessions terminated %d times, want 2", got)
	}
	owned := current().OwnedItems
	otherBefore, _ := userByID(p.Sim.Truth(), other.ID)
	run("transfer_content", map[string]any{"user_id": target.ID, "to_user_id": other.ID})
	otherAfter, _ := userByID(p.Sim.Truth(), other.ID)
	if current().OwnedItems != 0 || otherAfter.OwnedItems != otherBefore.OwnedItems+owned {
		t.Fatalf("transfer: source has %d, target %d (was %d, +%d)", current().OwnedItems, otherAfter.OwnedItems, otherBefore.OwnedItems, owned)
	}
	run("transfer_content", map[string]any{"resource_id": userArg(other.ID), "to_user_id": userArg(target.ID)})
	if x, _ := userByID(p.Sim.Truth(), other.ID); x.OwnedItems != 0 {
		t.Fatalf("transfer with the resource_id alias left %d items", x.OwnedItems)
	}
	p.resync(t)
}

// TestGlobalLifecycleActions: disable_user and enable_user without a
// resource type, with a string user_id, as ConductorOne's lifecycle
// automations call them; the re-sync shows the status change.
func TestGlobalLifecycleActions(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	target := pickUsers(t, truth, 1)[0]
	status := func(snap *synctest.Snapshot) v2.Status_ResourceStatus {
		return snap.Resources[synctest.Key("user", target.ID)].GetStatus().GetStatus()
	}
	for _, step := range []struct {
		action, box string
		want        v2.Status_ResourceStatus
	}{
		{"disable_user", "inactive", v2.Status_RESOURCE_STATUS_DISABLED},
		{"enable_user", "active", v2.Status_RESOURCE_STATUS_ENABLED},
	} {
		for i := range 2 {
			resp, err := p.globalAction(step.action, map[string]any{"user_id": target.ID})
			if err != nil || resp.GetStatus() != v2.BatonActionStatus_BATON_ACTION_STATUS_COMPLETE {
				t.Fatalf("global %s #%d: %v %v", step.action, i+1, err, resp.GetResponse().AsMap())
			}
		}
		if u, _ := userByID(p.Sim.Truth(), target.ID); u.Status != step.box {
			t.Fatalf("after global %s: Box status %q", step.action, u.Status)
		}
		if got := status(p.resync(t)); got != step.want {
			t.Fatalf("after global %s: synced status %v, want %v", step.action, got, step.want)
		}
	}

	// Bad user IDs and protected accounts: a precise code, and no change.
	var admin boxsim.User
	for _, u := range truth.Users {
		if u.Role == "admin" {
			admin = u
		}
	}
	before := p.Sim.Truth()
	for _, tc := range []struct {
		args map[string]any
		code codes.Code
	}{
		{map[string]any{}, codes.InvalidArgument},
		{map[string]any{"user_id": "jane@example.com"}, codes.InvalidArgument},
		{map[string]any{"user_id": "../groups/" + truth.Groups[0].ID}, codes.InvalidArgument},
		{map[string]any{"user_id": "17999999999"}, codes.NotFound},
		{map[string]any{"user_id": admin.ID}, codes.FailedPrecondition},
		{map[string]any{"user_id": truth.ServiceAccount.ID}, codes.FailedPrecondition},
	} {
		resp, err := p.globalAction("disable_user", tc.args)
		if err != nil {
			t.Fatal(err)
		}
		got := resp.GetResponse().AsMap()
		if resp.GetStatus() != v2.BatonActionStatus_BATON_ACTION_STATUS_FAILED || got["error_code"] != tc.code.String() {
			t.Fatalf("args %v: status %v response %v, want %v", tc.args, resp.GetStatus(), got, tc.code)
		}
	}
	if !reflect.DeepEqual(before, p.Sim.Truth()) {
		t.Fatal("a refused global action changed Box")
	}
}

func TestGroupCreateAndDelete(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	create := func() (*v2.Resource, error) {
		resp, err := p.cc.CreateResource(p.ctx, &v2.CreateResourceRequest{Resource: &v2.Resource{
			Id:          &v2.ResourceId{ResourceType: "group"},
			DisplayName: "Incident Response", Description: "On-call responders",
		}})
		return resp.GetCreated(), err
	}
	first, err := create()
	if err != nil {
		t.Fatal(err)
	}
	second, err := create()
	if err != nil {
		t.Fatal(err)
	}
	if first.GetId().GetResource() == "" || first.GetId().GetResource() != second.GetId().GetResource() {
		t.Fatalf("repeated create must return the same group: %v vs %v", first.GetId(), second.GetId())
	}
	p.resync(t)

	del := func() (annotations.Annotations, error) {
		resp, err := p.cc.DeleteResourceV2(p.ctx, &v2.DeleteResourceV2Request{ResourceId: first.GetId()})
		return annotations.Annotations(resp.GetAnnotations()), err
	}
	twice(t, "delete group", del, &v2.ResourceDoesNotExist{})
	for _, g := range p.Sim.Truth().Groups {
		if g.ID == first.GetId().GetResource() {
			t.Fatal("group still exists")
		}
	}
	p.resync(t)
}

// newProvEnvWithOwner serves a second connector, configured with
// --content-owner-id, against the same simulator.
func newProvEnvWithOwner(t *testing.T, p *provEnv, ownerID string) *provEnv {
	t.Helper()
	c := p.NewConnector(t, func(cfg *config.Box) { cfg.ContentOwnerId = ownerID })
	return &provEnv{Env: p.Env, cc: p.Serve(p.ctx, t, c), ctx: p.ctx}
}
