package boxsim

import (
	"testing"
)

func TestTransferContent(t *testing.T) {
	clock := newFakeClock()
	s := New(Config{Seed: 10, Users: 60, ExternalUsers: 1, Now: clock.Now})
	tok := mintToken(t, s)
	tr := s.Truth()
	admin := findUser(t, tr.Users, "admin", func(u User) bool { return u.Role == "admin" })
	src := findUser(t, tr.Users, "owning", func(u User) bool { return u.Role == "user" && u.OwnedItems > 1 })
	dst := findUser(t, tr.Users, "other", func(u User) bool { return u.Role == "user" && u.ID != src.ID })
	co, err := s.AddUser(User{Name: "Co Admin", Login: "co@acme.example.com", Role: "coadmin", OwnedItems: 4})
	if err != nil {
		t.Fatal(err)
	}

	res := mustSend(t, s, tok, "PUT", "/users/"+src.ID+"/folders/0?notify=true", obj{"owned_by": obj{"id": dst.ID}}, 200)
	owned := res.body["owned_by"].(map[string]any)
	if res.body["type"] != "folder" || res.body["name"] != src.Name+"'s Files and Folders" || owned["id"] != dst.ID ||
		res.body["created_by"].(map[string]any)["id"] != tr.ServiceAccount.ID || res.body["item_status"] != "active" ||
		res.body["parent"].(map[string]any)["id"] != "0" {
		t.Fatalf("transfer folder: %s", res.raw)
	}
	folderID := res.body["id"].(string)
	after := s.Truth()
	gotSrc, _ := userByID(after, src.ID)
	gotDst, _ := userByID(after, dst.ID)
	if gotSrc.OwnedItems != 0 || gotDst.OwnedItems != dst.OwnedItems+src.OwnedItems {
		t.Fatalf("owned items after transfer: source %d, target %d (was %d + %d)",
			gotSrc.OwnedItems, gotDst.OwnedItems, dst.OwnedItems, src.OwnedItems)
	}
	// The source now owns nothing, so it can be deleted without force, and
	// nothing is destroyed.
	mustSend(t, s, tok, "DELETE", "/users/"+src.ID, nil, 204)
	if s.Truth().DestroyedItems != 0 {
		t.Fatal("content destroyed although it was transferred")
	}

	// fields= picks the mini fields plus the named ones; folder IDs grow.
	res = mustSend(t, s, tok, "PUT", "/users/"+dst.ID+"/folders/0?fields=owned_by,permissions", obj{"owned_by": obj{"id": tr.ServiceAccount.ID}}, 200)
	if res.body["created_at"] != nil || res.body["permissions"].(map[string]any)["can_upload"] != true ||
		cmpNumeric(res.body["id"].(string), folderID) <= 0 {
		t.Fatalf("fields= transfer: %s", res.raw)
	}
	if sa := s.Truth().ServiceAccount; sa.OwnedItems != gotDst.OwnedItems {
		t.Fatalf("service account owns %d after receiving %d items", sa.OwnedItems, gotDst.OwnedItems)
	}

	other := findUser(t, s.Truth().Users, "plain", func(u User) bool { return u.Role == "user" && u.ID != dst.ID })
	for name, c := range map[string]struct {
		user, target string
		status       int
		code         string
	}{
		"same user":         {other.ID, other.ID, 400, "bad_request"},
		"unknown source":    {"17000000003", other.ID, 404, "not_found"},
		"unknown target":    {other.ID, "17000000003", 404, "not_found"},
		"to the admin":      {other.ID, admin.ID, 403, "access_denied_insufficient_permissions"},
		"from the admin":    {admin.ID, other.ID, 403, "access_denied_insufficient_permissions"},
		"from a co-admin":   {co.ID, other.ID, 403, "access_denied_insufficient_permissions"},
		"to an external":    {other.ID, tr.ExternalUsers[0].ID, 403, "access_denied_insufficient_permissions"},
		"group id as owner": {other.ID, "4000000001", 404, "not_found"},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, send(t, s, tok, "PUT", "/users/"+c.user+"/folders/0", obj{"owned_by": obj{"id": c.target}}), c.status, c.code)
		})
	}
	wantError(t, send(t, s, tok, "PUT", "/users/"+other.ID+"/folders/0", obj{}), 400, "bad_request")
	wantError(t, send(t, s, tok, "PUT", "/users/"+other.ID+"/folders/0", obj{"owned_by": "x"}), 400, "bad_request")
	wantError(t, send(t, s, tok, "PUT", "/users/"+other.ID+"/folders/0?notify=loud", obj{"owned_by": obj{"id": dst.ID}}), 400, "bad_request")
	if c, _ := userByID(s.Truth(), co.ID); c.OwnedItems != 4 {
		t.Fatalf("refused transfer moved content: %+v", c)
	}
	// Only folder 0 exists as a route.
	wantError(t, send(t, s, tok, "PUT", "/users/"+other.ID+"/folders/1", obj{"owned_by": obj{"id": dst.ID}}), 404, "not_found")
}
