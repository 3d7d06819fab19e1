package connector_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"google.golang.org/grpc/codes"
)

// TestRestrictedStatusSurvivesDisableAndEnable: Box has one status field,
// so a user disabled from cannot_delete_edit(_upload) is just inactive.
// disable_user returns the status it found (previous_status), enable_user
// restores it when given back as status, and never widens a restricted
// user on its own: without status only an inactive user changes (to
// active). Through the resource and the global actions alike.
func TestRestrictedStatusSurvivesDisableAndEnable(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	users := pickUsers(t, p.Sim.Truth(), 2)
	boxStatus := func(id string) string { u, _ := userByID(p.Sim.Truth(), id); return u.Status }
	invoke := func(global bool, name string, args map[string]any) map[string]any {
		t.Helper()
		invokeAction := p.action
		if global {
			invokeAction = p.globalAction
		}
		resp, err := invokeAction(name, args)
		if err != nil || resp.GetStatus() != v2.BatonActionStatus_BATON_ACTION_STATUS_COMPLETE {
			t.Fatalf("%s %v: %v %v", name, args, err, resp.GetResponse().AsMap())
		}
		return resp.GetResponse().AsMap()
	}
	for i, restricted := range []string{"cannot_delete_edit", "cannot_delete_edit_upload"} {
		id := users[i].ID
		global := i == 1
		if err := p.Sim.SetUserStatus(id, restricted); err != nil {
			t.Fatal(err)
		}
		// A restricted user is enabled: enable_user without status leaves it.
		if got := invoke(global, "enable_user", map[string]any{"user_id": id}); got["status"] != restricted || boxStatus(id) != restricted {
			t.Fatalf("enable_user on a %s user: %v, Box %q", restricted, got, boxStatus(id))
		}
		for range 2 { // idempotent: the second disable finds inactive
			invoke(global, "disable_user", map[string]any{"user_id": id})
		}
		if boxStatus(id) != "inactive" {
			t.Fatalf("after disable_user: Box %q", boxStatus(id))
		}
		// Once more from the restricted status: the result names it.
		if err := p.Sim.SetUserStatus(id, restricted); err != nil {
			t.Fatal(err)
		}
		got := invoke(global, "disable_user", map[string]any{"user_id": id})
		if got["previous_status"] != restricted || got["status"] != "inactive" || got["success"] != true {
			t.Fatalf("disable_user of a %s user returned %v, want previous_status %s", restricted, got, restricted)
		}
		previous := got["previous_status"]
		for range 2 {
			got = invoke(global, "enable_user", map[string]any{"user_id": id, "status": previous})
		}
		if boxStatus(id) != restricted || got["status"] != restricted {
			t.Fatalf("enable_user with status %s: Box %q, result %v", restricted, boxStatus(id), got)
		}
	}

	// Without status, an inactive user becomes active (Box's own default).
	id := users[0].ID
	invoke(false, "disable_user", map[string]any{"user_id": id})
	if got := invoke(false, "enable_user", map[string]any{"user_id": id}); got["previous_status"] != "inactive" || boxStatus(id) != "active" {
		t.Fatalf("enable_user without status: %v, Box %q", got, boxStatus(id))
	}

	// A status that is not an enabled one is refused, changing nothing.
	before := p.Sim.Truth()
	for _, bad := range []any{"inactive", "pending", "coadmin", "", 3.0} {
		resp, err := p.globalAction("enable_user", map[string]any{"user_id": id, "status": bad})
		if err != nil {
			t.Fatal(err)
		}
		if got := resp.GetResponse().AsMap(); got["error_code"] != codes.InvalidArgument.String() || !strings.Contains(got["error"].(string), "cannot_delete_edit_upload") {
			t.Fatalf("status %v: %v, want InvalidArgument listing the statuses", bad, got)
		}
	}
	if boxStatus(id) != before.Users[slices.IndexFunc(before.Users, func(u boxsim.User) bool { return u.ID == id })].Status {
		t.Fatal("a refused enable_user changed Box")
	}

	// The schemas say so: enable_user takes status, both return previous_status.
	schemas, err := p.cc.ListActionSchemas(p.ctx, &v2.ListActionSchemasRequest{})
	if err != nil {
		t.Fatal(err)
	}
	seen := 0
	for _, s := range schemas.GetSchemas() {
		if s.GetName() != "enable_user" && s.GetName() != "disable_user" {
			continue
		}
		seen++
		var args, returns []string
		for _, f := range s.GetArguments() {
			args = append(args, f.GetName())
		}
		for _, f := range s.GetReturnTypes() {
			returns = append(returns, f.GetName())
		}
		if !slices.Contains(returns, "previous_status") || s.GetName() == "enable_user" && !slices.Contains(args, "status") ||
			!strings.Contains(s.GetDescription(), "previous_status") {
			t.Errorf("%s schema: arguments %v, returns %v, description %q", s.GetName(), args, returns, s.GetDescription())
		}
	}
	if seen < 4 { // resource and global, each two
		t.Fatalf("%d status action schemas listed, want 4", seen)
	}
}

// TestServiceAccountRefusalsSayServiceAccount: the app's service account
// counts as a co-admin in Box (and in the simulator), and refusals to
// change it used to send the operator to the primary admin. Every refusal
// about it says "service account".
func TestServiceAccountRefusalsSayServiceAccount(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	sa := p.Sim.Truth().ServiceAccount
	if sa.Role != "coadmin" {
		t.Fatalf("the simulator's service account has role %q; this test needs coadmin", sa.Role)
	}
	requireMessage := func(what, msg string) {
		t.Helper()
		if !strings.Contains(msg, "service account") || strings.Contains(msg, "primary admin") {
			t.Errorf("%s: %q, want a refusal naming the service account, not the primary admin", what, msg)
		}
	}
	for _, action := range []string{"disable_user", "enable_user", "update_profile", "terminate_sessions"} {
		args := map[string]any{"user_id": sa.ID, "name": "X", "status": "cannot_delete_edit"}
		resp, err := p.action(action, args)
		if err != nil {
			t.Fatal(err)
		}
		got := resp.GetResponse().AsMap()
		if got["error_code"] != codes.FailedPrecondition.String() {
			t.Fatalf("%s: %v, want FailedPrecondition", action, got)
		}
		requireMessage(action, got["error"].(string))
	}
	_, err := p.cc.DeleteResourceV2(p.ctx, &v2.DeleteResourceV2Request{ResourceId: &v2.ResourceId{ResourceType: "user", Resource: sa.ID}})
	requireMessage("delete", errText(err))
	_, err = p.revoke(res("user", sa.ID), ent("role", "co-admin", "member"))
	requireMessage("revoke co-admin", errText(err))
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
