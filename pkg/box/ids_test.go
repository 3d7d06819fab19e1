package box

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

var hostileIDs = []string{
	"../users/1", "1/../2", "1?x=", "%2e%2e", "", " 1", "1 ", "١٢٣", "1#", "1/", "-1", "+1", "1e3", "0x1F",
	"1\x00", "1\n", "12345678901234567890123", strings.Repeat("9", 100_000),
}

// idCalls is every client method that takes a Box ID, with the ID in each
// position it can take.
func idCalls(c *Client, id string) map[string]func() error {
	ctx := context.Background()
	return map[string]func() error{
		"GetUser":                   func() error { _, err := c.GetUser(ctx, id); return err },
		"UpdateUser":                func() error { _, err := c.UpdateUser(ctx, id, UserUpdate{}); return err },
		"DeleteUser":                func() error { return c.DeleteUser(ctx, id, false) },
		"TransferOwnedContent/from": func() error { return c.TransferOwnedContent(ctx, id, "2") },
		"TransferOwnedContent/to":   func() error { return c.TransferOwnedContent(ctx, "2", id) },
		"TerminateSessions":         func() error { return c.TerminateSessions(ctx, []string{"2", id}) },
		"GetGroup":                  func() error { _, err := c.GetGroup(ctx, id); return err },
		"DeleteGroup":               func() error { return c.DeleteGroup(ctx, id) },
		"ListGroupMemberships":      func() error { _, err := c.ListGroupMemberships(ctx, id, 0); return err },
		"ListUserMemberships":       func() error { _, err := c.ListUserMemberships(ctx, id, 0); return err },
		"AddMembership/user":        func() error { _, err := c.AddMembership(ctx, id, "2", MembershipRoleMember, nil); return err },
		"AddMembership/group":       func() error { _, err := c.AddMembership(ctx, "2", id, MembershipRoleMember, nil); return err },
		"SetMembershipRole":         func() error { _, err := c.SetMembershipRole(ctx, id, MembershipRoleAdmin, nil); return err },
		"DeleteMembership":          func() error { return c.DeleteMembership(ctx, id) },
		"GetMembership":             func() error { _, err := c.GetMembership(ctx, id); return err },
		"AsUser":                    func() error { _, err := c.AsUser(id); return err },
		"FindMembership/user":       func() error { _, err := c.FindMembership(ctx, id, "2"); return err },
		"FindMembership/group":      func() error { _, err := c.FindMembership(ctx, "2", id); return err },
	}
}

func TestHostileIDsAreRefusedBeforeAnyRequest(t *testing.T) {
	var seen atomic.Value
	f := &fakeBox{api: func(w http.ResponseWriter, r *http.Request, _ string) {
		seen.Store(r.URL.String())
		w.WriteHeader(http.StatusNoContent)
	}}
	c := newTestClient(t, f, nil)
	for _, id := range hostileIDs {
		for name, call := range idCalls(c, id) {
			err := call()
			var idErr *IDError
			if !errors.As(err, &idErr) || status.Code(err) != codes.InvalidArgument {
				t.Errorf("%s(%.30q): got %v, want an InvalidArgument *IDError", name, id, err)
				continue
			}
			if len(err.Error()) > 200 {
				t.Errorf("%s: a %d-byte ID made a %d-byte error", name, len(id), len(err.Error()))
			}
		}
	}
	if n := f.minted.Load(); n != 0 || seen.Load() != nil {
		t.Fatalf("%d token requests and API request %v were sent for hostile IDs", n, seen.Load())
	}

	// Good IDs go through, each in its own escaped segment.
	if err := c.DeleteMembership(context.Background(), "6000001012"); err != nil {
		t.Fatal(err)
	}
	if got := seen.Load(); got != "/2.0/group_memberships/6000001012" {
		t.Fatalf("request went to %v", got)
	}
}

func TestPathSegmentsAreEscaped(t *testing.T) {
	c := newTestClient(t, &fakeBox{api: func(http.ResponseWriter, *http.Request, string) {}}, nil)
	// Static segments are constants, IDs are digits; endpoint still escapes
	// every segment, so nothing can leave its place in the path.
	u, apiPath := c.endpoint([]string{"users", "../x?y#z", "memberships"})
	if want := "/2.0/users/..%2Fx%3Fy%23z/memberships"; apiPath != want || !strings.HasSuffix(u.EscapedPath(), want) {
		t.Fatalf("path %q (URL %s), want %q", apiPath, u, want)
	}
	parsed, err := url.Parse(u.String())
	if err != nil || parsed.RawQuery != "" || parsed.Fragment != "" {
		t.Fatalf("escaped URL %s parses with query %q fragment %q (%v)", u, parsed.RawQuery, parsed.Fragment, err)
	}
}

// TestParseID: one spelling per ID (no leading zero), the root folder's
// "0" only as a folder, and every hostile value refused.
func TestParseID(t *testing.T) {
	for _, id := range []string{"1", "17000003160", "9223372036854775807", "12345678901234567890"} {
		if _, err := ParseID("user", id); err != nil || !IsID(id) {
			t.Errorf("%q refused: %v", id, err)
		}
	}
	for _, id := range append([]string{"0", "017000003160", "00"}, hostileIDs...) {
		if _, err := ParseID("user", id); err == nil || IsID(id) {
			t.Errorf("%.30q accepted", id)
		}
	}
	if _, err := ParseID("folder", "0"); err != nil {
		t.Errorf("the root folder refused: %v", err)
	}
	if _, err := ParseID("folder", "00"); err == nil {
		t.Error(`folder "00" accepted`)
	}
}
