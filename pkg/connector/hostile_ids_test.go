package connector_test

import (
	"reflect"
	"testing"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// hostileIDs are values that are not Box IDs: path tricks, query and
// fragment injection, encodings, whitespace, other scripts, leading zeros
// (which would dodge the guards that compare IDs), and the absurdly long.
func hostileIDs(valid string) []string {
	long := make([]byte, 5000)
	for i := range long {
		long[i] = '9'
	}
	return []string{
		"../users/" + valid, "x/../" + valid, valid + "/../1", "..", "%2e%2e", valid + "?force=true",
		valid + "#x", " " + valid, valid + " ", "0" + valid, "-" + valid, "+" + valid, "١٢٣", valid + "\x00",
		"me", "", string(long),
	}
}

// TestHostileIDsReachNoProvisioningEntryPoint: every provisioning entry
// point refuses a value that is not a Box ID with InvalidArgument, before
// any request: Box is unchanged and not even asked.
func TestHostileIDsReachNoProvisioningEntryPoint(t *testing.T) {
	t.Parallel()
	p := newProvEnv(t)
	truth := p.Sim.Truth()
	u := pickUsers(t, truth, 1)[0]
	g := truth.Groups[0]
	svc := truth.ServiceAccount.ID
	before := p.Sim.Truth()
	calls := p.Sim.Stats().Total

	for _, bad := range append(hostileIDs(u.ID), hostileIDs(svc)...) {
		ops := map[string]func() error{
			"grant group member (principal)": func() error { _, err := p.grant(res("user", bad), ent("group", g.ID, "member")); return err },
			"grant group admin (group)":      func() error { _, err := p.grant(res("user", u.ID), ent("group", bad, "admin")); return err },
			"revoke group member (group)":    func() error { _, err := p.revoke(res("user", u.ID), ent("group", bad, "member")); return err },
			"revoke group admin (principal)": func() error { _, err := p.revoke(res("user", bad), ent("group", g.ID, "admin")); return err },
			"grant role (principal)":         func() error { _, err := p.grant(res("user", bad), ent("role", "co-admin", "member")); return err },
			"revoke role (principal)":        func() error { _, err := p.revoke(res("user", bad), ent("role", "co-admin", "member")); return err },
			"delete user":                    func() error { _, err := deleteUser(p, bad); return err },
			"delete group": func() error {
				_, err := p.cc.DeleteResourceV2(p.ctx, &v2.DeleteResourceV2Request{ResourceId: &v2.ResourceId{ResourceType: "group", Resource: bad}})
				return err
			},
			"get user": func() error {
				_, err := p.cc.GetResource(p.ctx, &v2.ResourceGetterServiceGetResourceRequest{ResourceId: &v2.ResourceId{ResourceType: "user", Resource: bad}})
				return err
			},
		}
		for name, op := range ops {
			if err := op(); status.Code(err) != codes.InvalidArgument {
				t.Errorf("%s with %q: %v, want InvalidArgument", name, bad, err)
			}
		}
		for _, action := range []struct {
			name string
			args map[string]any
		}{
			{"disable_user", map[string]any{"user_id": bad}},
			{"enable_user", map[string]any{"user_id": bad}},
			{"update_profile", map[string]any{"user_id": bad, "job_title": "x"}},
			{"terminate_sessions", map[string]any{"user_id": bad}},
			{"transfer_content", map[string]any{"user_id": bad, "to_user_id": u.ID}},
			{"transfer_content", map[string]any{"user_id": u.ID, "to_user_id": bad}},
			{"disable_user", map[string]any{"resource_id": map[string]any{"resource_type_id": "user", "resource_id": bad}}},
		} {
			for _, global := range []bool{false, true} {
				if global && action.name != "disable_user" && action.name != "enable_user" {
					continue
				}
				invoke := p.action
				if global {
					invoke = p.globalAction
				}
				resp, err := invoke(action.name, action.args)
				if code := actionCode(t, resp, err); code != codes.InvalidArgument {
					t.Errorf("%s (global %v) with %q: %v, want InvalidArgument", action.name, global, bad, code)
				}
			}
		}
	}
	if !reflect.DeepEqual(before, p.Sim.Truth()) {
		t.Fatal("a hostile ID changed Box")
	}
	if got := p.Sim.Stats().Total; got != calls {
		t.Fatalf("%d requests reached Box for hostile IDs; none should", got-calls)
	}
}
