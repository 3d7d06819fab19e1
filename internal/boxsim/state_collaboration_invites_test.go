package boxsim

import (
	"slices"
	"testing"
)

// plainUsers are the seed's managed users with role user, but the owner.
func plainUsers(tr Truth, owner string) []User {
	var out []User
	for _, u := range tr.Users {
		if u.ID != owner && u.Role == "user" && !u.IsPlatformAccessOnly {
			out = append(out, u)
		}
	}
	return out
}

// An invitee with auto-accept off, or every invitee of an enterprise that
// asks its invitees to act first, gets a pending collaboration: listed
// as pending, item null, no access until they accept it.
func TestPendingInvitations(t *testing.T) {
	_, _, seed := contentSim(t, ContentConfig{CollaborationsPerFolder: -1})
	f := findFolder(t, seed, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
	plain := plainUsers(seed, f.OwnerID)
	manual, auto := plain[0], plain[1]
	s, tok, _ := contentSim(t, ContentConfig{CollaborationsPerFolder: -1, ManualAcceptUsers: []string{manual.ID}})
	grp, err := s.AddGroup(Group{Name: "Invitees", InvitabilityLevel: "all_managed_users"})
	if err != nil {
		t.Fatal(err)
	}

	res := mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": manual.ID}, "viewer"), 201)
	if res.body["status"] != "pending" || res.body["item"] != nil || res.body["role"] != "viewer" {
		t.Fatalf("invitation of a user who accepts by hand: %s", res.raw)
	}
	pending := res.body["id"].(string)
	listed := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+f.ID+"/collaborations", nil, 200).entries(t)
	if i := slices.Index(ids(listed), pending); i < 0 || listed[i]["status"] != "pending" || listed[i]["item"] != nil {
		t.Fatalf("pending invitation not listed as pending: %v", listed)
	}
	wantError(t, getAs(t, s, tok, manual.ID, "/folders/"+f.ID), 404, "not_found")
	if res := mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": auto.ID}, "viewer"), 201); res.body["status"] != "accepted" {
		t.Fatalf("a user with auto-accept on: %s", res.raw)
	}
	if res := mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": grp.ID}, "viewer"), 201); res.body["status"] != "accepted" {
		t.Fatalf("a group: %s", res.raw)
	}
	// The owner may change the invitation's role; the invitee accepts it.
	mustAs(t, s, tok, f.OwnerID, "PUT", "/collaborations/"+pending, obj{"role": "editor"}, 200)
	mustAs(t, s, tok, manual.ID, "PUT", "/collaborations/"+pending, obj{"status": "accepted"}, 200)
	if c, _ := collabByID(s.Truth(), pending); c.Status != "accepted" || c.Role != "editor" {
		t.Fatalf("accepted invitation: %+v", c)
	}
	mustAs(t, s, tok, manual.ID, "GET", "/folders/"+f.ID, nil, 200)

	// An enterprise that asks every invitee to act first: users pending,
	// groups accepted.
	s, tok, _ = contentSim(t, ContentConfig{CollaborationsPerFolder: -1, InvitesPending: true})
	if res := mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": auto.ID}, "viewer"), 201); res.body["status"] != "pending" {
		t.Fatalf("InvitesPending, a user: %s", res.raw)
	}
	if grp, err = s.AddGroup(Group{Name: "Invitees", InvitabilityLevel: "all_managed_users"}); err != nil {
		t.Fatal(err)
	}
	if res := mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "group", "id": grp.ID}, "viewer"), 201); res.body["status"] != "accepted" {
		t.Fatalf("InvitesPending, a group: %s", res.raw)
	}
}

// An invitation below a folder the grantee collaborates on, under each
// reading: refused, answered as made but ignored, or made.
func TestInviteBelowCollaborator(t *testing.T) {
	for _, mode := range append(InviteBelowModes(), "") {
		t.Run("mode "+mode, func(t *testing.T) {
			s, tok, tr := contentSim(t, ContentConfig{CollaborationsPerFolder: -1, InviteBelowCollaborator: mode})
			f := findFolder(t, tr, "reachable top", func(f Folder) bool { return f.Depth == 1 && f.Reachable })
			sub, err := s.AddFolder(Folder{Name: "Below", ParentID: f.ID})
			if err != nil {
				t.Fatal(err)
			}
			deep, err := s.AddFolder(Folder{Name: "Deeper", ParentID: sub.ID})
			if err != nil {
				t.Fatal(err)
			}
			plain := plainUsers(tr, f.OwnerID)
			above, invited, first := plain[0], plain[1], plain[2]
			grp, err := s.AddGroup(Group{Name: "Above", InvitabilityLevel: "all_managed_users"})
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range []Collaboration{
				{FolderID: f.ID, GranteeType: "user", GranteeID: above.ID, Role: "viewer"},
				{FolderID: f.ID, GranteeType: "group", GranteeID: grp.ID, Role: "viewer"},
				{FolderID: f.ID, GranteeType: "user", GranteeID: invited.ID, Role: "viewer", Status: "pending"},
			} {
				if _, err := s.AddCollaboration(c); err != nil {
					t.Fatal(err)
				}
			}
			// A pending invitation above opens nothing: the invitation
			// below is made under every reading.
			mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(sub.ID, obj{"type": "user", "id": invited.ID}, "editor"), 201)
			// Below first, then above: Box's way to a higher level below.
			mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(sub.ID, obj{"type": "user", "id": first.ID}, "co-owner"), 201)
			mustAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(f.ID, obj{"type": "user", "id": first.ID}, "viewer"), 201)

			for _, grantee := range []obj{{"type": "user", "id": above.ID}, {"type": "group", "id": grp.ID}} {
				before := len(s.Truth().Collaborations)
				res := sendAs(t, s, tok, f.OwnerID, "POST", "/collaborations", collabBody(deep.ID, grantee, "editor"))
				after := s.Truth().Collaborations
				switch mode {
				case InviteBelowRefused, "":
					wantError(t, res, 400, "user_already_collaborator")
					if len(after) != before {
						t.Fatalf("refused invitation of %v stored", grantee)
					}
				case InviteBelowIgnored:
					wantStatus(t, res, "ignored invitation", 201)
					id := res.body["id"].(string)
					if res.body["item"].(map[string]any)["id"] != deep.ID || res.body["status"] != "accepted" || len(after) != before {
						t.Fatalf("ignored invitation of %v: %s (%d -> %d collaborations)", grantee, res.raw, before, len(after))
					}
					if got := ids(mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+deep.ID+"/collaborations", nil, 200).entries(t)); len(got) != 0 {
						t.Fatalf("ignored invitation listed: %v", got)
					}
					wantError(t, getAs(t, s, tok, f.OwnerID, "/collaborations/"+id), 404, "not_found")
				case InviteBelowSeparate:
					wantStatus(t, res, "separate invitation", 201)
					c, ok := collabByID(s.Truth(), res.body["id"].(string))
					if !ok || c.FolderID != deep.ID || c.Role != "editor" || len(after) != before+1 {
						t.Fatalf("separate invitation of %v: %+v %v", grantee, c, ok)
					}
				}
			}
		})
	}
}
