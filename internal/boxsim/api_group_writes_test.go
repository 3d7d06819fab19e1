package boxsim

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestGroupWrites(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 12, Users: 40, Groups: 8, AvgGroupsPerUser: 3, Now: clock.Now})
	tok := mintToken(t, s)
	tr := s.Truth()

	res := mustSend(t, s, tok, "POST", "/groups", obj{"name": "Incident Response", "description": "On call"}, 201)
	if got := keys(res.body); !sameSet(got, []string{"type", "id", "name", "group_type", "created_at", "modified_at"}) {
		t.Fatalf("POST /groups representation: %v", got)
	}
	gid := res.body["id"].(string)
	if cmpNumeric(gid, tr.Groups[len(tr.Groups)-1].ID) <= 0 || res.body["group_type"] != "managed_group" {
		t.Fatalf("new group: %s", res.raw)
	}
	res = mustSend(t, s, tok, "POST", "/groups?fields=description,provenance,external_sync_identifier,invitability_level,member_viewability_level",
		obj{"name": "Synced", "provenance": "Okta", "external_sync_identifier": "00gABC", "invitability_level": "all_managed_users"}, 201)
	if res.body["provenance"] != "Okta" || res.body["external_sync_identifier"] != "00gABC" ||
		res.body["invitability_level"] != "all_managed_users" || res.body["member_viewability_level"] != "admins_only" || res.body["description"] != "" {
		t.Fatalf("Group--Full fields: %s", res.raw)
	}
	list := mustGet(t, s, tok, "/groups?limit=1000")
	if list.num(t, "total_count") != len(tr.Groups)+2 {
		t.Fatalf("GET /groups total %d", list.num(t, "total_count"))
	}
	if got := ids(mustGet(t, s, tok, "/groups?filter_term=incident").entries(t)); !slices.Equal(got, []string{gid}) {
		t.Fatalf("filter_term: %v", got)
	}

	wantError(t, send(t, s, tok, "POST", "/groups", obj{"name": "INCIDENT response"}), 409, "conflict")
	wantError(t, send(t, s, tok, "POST", "/groups", obj{"name": tr.Groups[0].Name}), 409, "conflict")
	for name, body := range map[string]any{
		"no name":          obj{"description": "x"},
		"empty name":       obj{"name": ""},
		"bad level":        obj{"name": "X", "member_viewability_level": "everyone"},
		"long description": obj{"name": "X", "description": strings.Repeat("d", 256)},
		"not an object":    `"X"`,
	} {
		t.Run(name, func(t *testing.T) { wantError(t, send(t, s, tok, "POST", "/groups", body), 400, "bad_request") })
	}

	clock.Advance(10 * time.Minute)
	res = mustSend(t, s, tok, "PUT", "/groups/"+gid+"?fields=description,modified_at", obj{"name": "IR Team", "description": "Pager"}, 200)
	if res.body["name"] != "IR Team" || res.body["description"] != "Pager" || res.body["modified_at"] != clock.Now().Format("2006-01-02T15:04:05-07:00") {
		t.Fatalf("PUT /groups: %s", res.raw)
	}
	if got := mustGet(t, s, tok, "/groups/"+gid).body["name"]; got != "IR Team" {
		t.Fatalf("GET after rename: %v", got)
	}
	mustSend(t, s, tok, "POST", "/groups", obj{"name": "Incident Response"}, 201) // the old name is free again
	mustSend(t, s, tok, "PUT", "/groups/"+gid, obj{"name": "ir team"}, 200)       // own name, new case
	wantError(t, send(t, s, tok, "PUT", "/groups/"+gid, obj{"name": "Synced"}), 409, "conflict")
	wantError(t, send(t, s, tok, "PUT", "/groups/4000000002", obj{"name": "Nope"}), 404, "not_found")
	wantError(t, send(t, s, tok, "PUT", "/groups/"+gid, obj{"invitability_level": 3}), 400, "bad_request")

	// Deleting a group removes its memberships everywhere.
	victim := tr.Groups[0]
	var members []Membership
	for _, m := range tr.Memberships {
		if m.GroupID == victim.ID {
			members = append(members, m)
		}
	}
	if len(members) == 0 {
		t.Fatal("seed group has no members")
	}
	mustSend(t, s, tok, "DELETE", "/groups/"+victim.ID, nil, 204)
	wantError(t, get(t, s, tok, "/groups/"+victim.ID), 404, "not_found")
	wantError(t, get(t, s, tok, "/groups/"+victim.ID+"/memberships"), 404, "not_found")
	wantError(t, send(t, s, tok, "DELETE", "/groups/"+victim.ID, nil), 404, "not_found")
	for _, m := range members {
		wantError(t, get(t, s, tok, "/group_memberships/"+m.ID), 404, "not_found")
		for _, e := range mustGet(t, s, tok, "/users/"+m.UserID+"/memberships?limit=1000").entries(t) {
			if e["group"].(map[string]any)["id"] == victim.ID {
				t.Fatalf("user %s still lists the deleted group", m.UserID)
			}
		}
	}
	after := s.Truth()
	if len(after.Memberships) != len(tr.Memberships)-len(members) {
		t.Fatalf("Truth: %d memberships, want %d", len(after.Memberships), len(tr.Memberships)-len(members))
	}
	mustSend(t, s, tok, "POST", "/groups", obj{"name": victim.Name}, 201) // its name is free again
}
