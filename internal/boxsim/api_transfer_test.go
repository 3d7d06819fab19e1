package boxsim

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
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

// TestTransferTakesTimeAndSpace: a transfer lasts in proportion to the
// content, blocks a second one meanwhile (409 operation_blocked_temporary),
// goes on after the caller gives up, and must fit the receiver's quota
// (the service account's 10 GB by default: 403 storage_limit_exceeded).
func TestTransferTakesTimeAndSpace(t *testing.T) {
	s := New(Config{Seed: 10, Users: 60, TransferTimePerItem: 2 * time.Millisecond, ServiceAccountQuota: 100 * ItemBytes})
	tok := mintToken(t, s)
	tr := s.Truth()
	svc := tr.ServiceAccount.ID
	big := findUser(t, tr.Users, "big", func(u User) bool { return u.Role == roleUser && u.OwnedItems > 100 })
	small := findUser(t, tr.Users, "small", func(u User) bool { return u.Role == roleUser && u.OwnedItems > 20 && u.OwnedItems <= 100 })
	other := findUser(t, tr.Users, "other", func(u User) bool { return u.Role == roleUser && u.ID != big.ID && u.ID != small.ID })

	wantError(t, send(t, s, tok, "PUT", "/users/"+big.ID+"/folders/0", obj{"owned_by": obj{"id": svc}}), 403, "storage_limit_exceeded")
	if u, _ := userByID(s.Truth(), big.ID); u.OwnedItems != big.OwnedItems {
		t.Fatal("a refused transfer moved content")
	}
	me := mustGet(t, s, tok, "/users/me?fields=space_amount,space_used")
	if me.num(t, "space_amount") != int(100*ItemBytes) {
		t.Fatalf("service account quota %v", me.body["space_amount"])
	}

	// A caller that gives up early: the transfer still completes.
	ctx, cancel := context.WithTimeout(t.Context(), time.Millisecond)
	defer cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPut, "/2.0/users/"+small.ID+"/folders/0", strings.NewReader(`{"owned_by":{"id":"`+other.ID+`"}}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	rec := httptest.NewRecorder()
	go s.ServeHTTP(rec, req)
	// Wait for it to start (not for a fixed time: a busy machine may not
	// have run it yet).
	for started := false; !started; time.Sleep(time.Millisecond) {
		s.mu.RLock()
		u := s.st.user(small.ID)
		moved := u.ownedItems == 0
		started = u.transferring
		s.mu.RUnlock()
		if moved {
			t.Fatal("the transfer ended before the test saw it running")
		}
	}
	wantError(t, send(t, s, tok, "PUT", "/users/"+small.ID+"/folders/0", obj{"owned_by": obj{"id": other.ID}}), 409, "operation_blocked_temporary")
	wantError(t, send(t, s, tok, "DELETE", "/users/"+small.ID, nil), 400, "user_not_deletable")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if u, _ := userByID(s.Truth(), small.ID); u.OwnedItems == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the transfer never completed")
		}
		time.Sleep(10 * time.Millisecond)
	}
	if u, _ := userByID(s.Truth(), other.ID); u.OwnedItems != other.OwnedItems+small.OwnedItems {
		t.Fatalf("receiver owns %d, want %d", u.OwnedItems, other.OwnedItems+small.OwnedItems)
	}
	mustSend(t, s, tok, "DELETE", "/users/"+small.ID, nil, 204)
}
