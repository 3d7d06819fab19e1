package box

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// TestUserTokenClientDropsItsOwnAsUserHeader: a client acting through a
// user's own token mints for that user and sends no as-user header naming
// them (Box refuses one naming the token's user); naming anyone else, and
// any name from the service account's client, still sends the header.
func TestUserTokenClientDropsItsOwnAsUserHeader(t *testing.T) {
	var mu sync.Mutex
	var headers []string
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		mu.Lock()
		headers = append(headers, token+" "+r.Header.Get("As-User"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"id":"42","type":"user","name":"A","login":"a@example.com","role":"admin"}`)
	}}
	c := newTestClient(t, f, nil)
	admin, err := c.AsUser("42")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, call := range []struct {
		c      *Client
		asUser string
	}{{admin, "42"}, {admin, "43"}, {c, "42"}} {
		if _, err := call.c.CurrentUserAs(ctx, call.asUser); err != nil {
			t.Fatal(err)
		}
	}
	// tok-1 is the admin's (minted first), tok-2 the service account's.
	want := []string{"tok-1 ", "tok-1 43", "tok-2 42"}
	if fmt.Sprint(headers) != fmt.Sprint(want) {
		t.Errorf("token and As-User per call = %q, want %q", headers, want)
	}
	if got := f.tokenForms[0]; got["box_subject_type"] != "user" || got["box_subject_id"] != "42" {
		t.Errorf("the admin's token form = %v, want box_subject_type user, box_subject_id 42", got)
	}
}

// TestInsufficientScopeAsUserNamesTheSetting: Box refuses a request with
// the As-User header alike for a missing scope and for the app setting
// "Make API calls using the as-user header" being off; the hint of such a
// refusal names both, and a request without the header only the scope.
func TestInsufficientScopeAsUserNamesTheSetting(t *testing.T) {
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		boxError(w, http.StatusForbidden, CodeInsufficientScope, nil)
	}}
	c := newTestClient(t, f, nil)
	ctx := context.Background()
	_, err := c.GetFolder(ctx, "17000000042", "300000000001")
	if !IsInsufficientScope(err) {
		t.Fatalf("got %v", err)
	}
	for _, want := range []string{`"Make API calls using the as-user header"`, "user 17000000042", `"Read all files and folders stored in Box" scope`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %s", err.Error(), want)
		}
	}
	_, err = c.GetUser(ctx, "17000000042")
	if !IsInsufficientScope(err) || strings.Contains(err.Error(), "as-user") || !strings.Contains(err.Error(), `"Manage users" scope`) {
		t.Errorf("without As-User: %v", err)
	}
}

// TestUsersMeRefusedAsUserNamesOnlyTheSetting: /users/me needs no scope,
// so Box refusing it with insufficient_scope for a request acting as a
// user means the as-user setting is off; the hint names that setting and
// no scope (the "Manage users" scope named before sent admins re-scoping
// the app for nothing).
func TestUsersMeRefusedAsUserNamesOnlyTheSetting(t *testing.T) {
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, token string) {
		boxError(w, http.StatusForbidden, CodeInsufficientScope, nil)
	}}
	c := newTestClient(t, f, nil)
	_, err := c.CurrentUserAs(context.Background(), "17000000042")
	if !IsInsufficientScope(err) {
		t.Fatalf("got %v", err)
	}
	msg := err.Error()
	for _, want := range []string{strconv.Quote(AsUserSetting), "user 17000000042"} {
		if !strings.Contains(msg, want) {
			t.Errorf("%q lacks %s", msg, want)
		}
	}
	if strings.Contains(msg, "scope\"") || strings.Contains(msg, ScopeManageUsers) {
		t.Errorf("%q names a scope", msg)
	}
}
