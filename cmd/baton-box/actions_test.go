package main_test

import (
	"bufio"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// `baton-box --list-action-schemas` lists disable_user and enable_user as
// global actions (no resource type) with a required string user_id and the
// ACCOUNT plus ACCOUNT_DISABLE / ACCOUNT_ENABLE action types, as ConductorOne's
// lifecycle automations expect, next to the user resource actions.
func TestGlobalLifecycleActionsAreListed(t *testing.T) {
	t.Parallel()
	_, env := simEnv(t)
	r := runBinary(t, env, "--list-action-schemas")
	succeeded(t, "--list-action-schemas", r)
	type argument struct {
		Name       string          `json:"name"`
		IsRequired bool            `json:"is_required"`
		Field      json.RawMessage `json:"Field"`
	}
	type schema struct {
		Name           string     `json:"name"`
		Arguments      []argument `json:"arguments"`
		ActionType     []int      `json:"action_type"`
		ResourceTypeID string     `json:"resource_type_id"`
	}
	var schemas []schema
	sc := bufio.NewScanner(strings.NewReader(r.stderr))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var line struct {
			Msg     string   `json:"msg"`
			Schemas []schema `json:"schemas"`
		}
		if json.Unmarshal(sc.Bytes(), &line) == nil && line.Msg == "Action Schemas" {
			schemas = line.Schemas
		}
	}
	// ActionType enum values (c1.connector.v2.ActionType).
	const account, accountDisable, accountEnable = 2, 4, 5
	want := map[string][]int{"disable_user": {account, accountDisable}, "enable_user": {account, accountEnable}}
	found := map[string]bool{}
	resourceScoped := map[string]bool{}
	for _, s := range schemas {
		if s.ResourceTypeID == "user" {
			resourceScoped[s.Name] = true
			continue
		}
		types, ok := want[s.Name]
		if !ok || s.ResourceTypeID != "" {
			continue
		}
		found[s.Name] = true
		if !slices.Equal(s.ActionType, types) {
			t.Errorf("global %s: action types %v, want %v", s.Name, s.ActionType, types)
		}
		// enable_user also takes an optional status (a restricted one to restore).
		others := slices.ContainsFunc(s.Arguments[min(1, len(s.Arguments)):], func(a argument) bool {
			return a.IsRequired || s.Name != "enable_user" || a.Name != "status"
		})
		if len(s.Arguments) == 0 || s.Arguments[0].Name != "user_id" || !s.Arguments[0].IsRequired || !strings.Contains(string(s.Arguments[0].Field), "StringField") || others {
			t.Errorf("global %s: arguments %+v, want one required string user_id (enable_user: and an optional status)", s.Name, s.Arguments)
		}
	}
	for name := range want {
		if !found[name] {
			t.Errorf("global action %s is not listed (%d schemas)", name, len(schemas))
		}
	}
	for _, name := range []string{"disable_user", "enable_user", "update_profile", "terminate_sessions", "transfer_content"} {
		if !resourceScoped[name] {
			t.Errorf("user resource action %s is not listed", name)
		}
	}
}
