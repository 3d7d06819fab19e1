package box

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// offsetListing serves an offset listing of n items whose pages are shaped
// by page (it gets the served entries, the offset and the limit asked for,
// and returns the JSON body).
func offsetListing(n int, page func(entries []map[string]any, offset, limit int) map[string]any) func(w http.ResponseWriter, r *http.Request, _ string) {
	return func(w http.ResponseWriter, r *http.Request, _ string) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		var entries []map[string]any
		for i := offset; i < min(offset+limit, n); i++ {
			id := strconv.Itoa(1000 + i)
			entries = append(entries, map[string]any{"id": id, "type": "group", "name": "g" + id,
				"user": map[string]any{"id": id}, "group": map[string]any{"id": "77"}})
		}
		if entries == nil {
			entries = []map[string]any{}
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(page(entries, offset, limit))
	}
}

func wellFormed(entries []map[string]any, offset, limit int, total int) map[string]any {
	return map[string]any{"entries": entries, "total_count": total, "offset": offset, "limit": limit}
}

// allGroups pages ListGroups to the end the way the connector does.
func allGroups(c *Client) ([]string, error) {
	var ids []string
	for offset := 0; offset >= 0; {
		p, err := c.ListGroups(context.Background(), "", offset)
		if err != nil {
			return ids, err
		}
		for _, g := range p.Groups {
			ids = append(ids, g.ID)
		}
		offset = p.NextOffset()
	}
	return ids, nil
}

func TestMalformedListingPagesAreErrors(t *testing.T) {
	const n = 25
	cases := map[string]struct {
		page func(e []map[string]any, offset, limit int) map[string]any
		code codes.Code
		want string
	}{
		"no entries": {func(e []map[string]any, o, l int) map[string]any {
			return map[string]any{"total_count": n, "offset": o, "limit": l}
		}, codes.Internal, "malformed listing page: no entries"},
		"null entries": {func(e []map[string]any, o, l int) map[string]any {
			return map[string]any{"entries": nil, "total_count": n, "offset": o, "limit": l}
		}, codes.Internal, "malformed listing page: no entries"},
		"no total_count": {func(e []map[string]any, o, l int) map[string]any {
			return map[string]any{"entries": e, "offset": o, "limit": l}
		}, codes.Internal, "malformed listing page: no total_count"},
		"empty page before total_count": {func(e []map[string]any, o, l int) map[string]any {
			if o >= 10 {
				e = []map[string]any{}
			}
			return wellFormed(e, o, l, n)
		}, codes.DataLoss, "no entries at offset 10 although total_count is 25"},
		"empty first page with a total": {func(e []map[string]any, o, l int) map[string]any {
			return wellFormed([]map[string]any{}, o, l, n)
		}, codes.DataLoss, "no entries at offset 0"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, &fakeBox{api: offsetListing(n, tc.page)}, func(cfg *Config) { cfg.PageSize = 10 })
			ids, err := allGroups(c)
			if status.Code(fmt.Errorf("wrapped: %w", err)) != tc.code {
				t.Fatalf("code %v after %d groups, want %v: %v", status.Code(err), len(ids), tc.code, err)
			}
			if !strings.Contains(err.Error(), "GET /2.0/groups") || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error lacks the path or %q: %v", tc.want, err)
			}
		})
	}
}

func TestOffsetListingsAdvanceByEntriesNotEchoedLimit(t *testing.T) {
	const n = 25
	cases := map[string]func(e []map[string]any, offset, limit int) map[string]any{
		"no limit": func(e []map[string]any, o, l int) map[string]any {
			return map[string]any{"entries": e, "total_count": n, "offset": o}
		},
		"larger limit": func(e []map[string]any, o, l int) map[string]any { return wellFormed(e, o, 2*l, n) },
		"short pages":  func(e []map[string]any, o, l int) map[string]any { return wellFormed(e[:min(len(e), 3)], o, l, n) },
		"no offset": func(e []map[string]any, o, l int) map[string]any {
			return map[string]any{"entries": e, "total_count": n}
		},
	}
	for name, page := range cases {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, &fakeBox{api: offsetListing(n, page)}, func(cfg *Config) { cfg.PageSize = 10 })
			ids, err := allGroups(c)
			if err != nil {
				t.Fatal(err)
			}
			if len(ids) != n || ids[0] != "1000" || ids[n-1] != "1024" {
				t.Fatalf("listed %d groups %v, want all %d", len(ids), ids, n)
			}
		})
	}
}

func TestLookupsFailOnShortListings(t *testing.T) {
	// FindMembership pages a user's memberships; a page that stops before
	// total_count must not read as "not a member".
	c := newTestClient(t, &fakeBox{api: offsetListing(30, func(e []map[string]any, o, l int) map[string]any {
		if o > 0 {
			e = []map[string]any{}
		}
		return wellFormed(e, o, l, 30)
	})}, func(cfg *Config) { cfg.PageSize = 10 })
	m, err := c.FindMembership(context.Background(), "5", "99")
	if m != nil || status.Code(err) != codes.DataLoss || !strings.Contains(err.Error(), "GET /2.0/users/5/memberships") {
		t.Fatalf("got %v, %v; want DataLoss naming the path", m, err)
	}
	// And a missing entries field is not "no such group".
	c = newTestClient(t, &fakeBox{api: offsetListing(3, func(e []map[string]any, o, l int) map[string]any {
		return map[string]any{"total_count": 3}
	})}, nil)
	if g, err := c.FindGroupByName(context.Background(), "g1000"); g != nil || status.Code(err) != codes.Internal {
		t.Fatalf("got %v, %v; want Internal", g, err)
	}
}

func TestMalformedMarkerAndEventPagesAreErrors(t *testing.T) {
	cases := map[string]struct {
		body string
		call func(c *Client) error
		path string
	}{
		"users without entries": {`{"limit":1000,"next_marker":null}`, func(c *Client) error {
			_, err := c.ListUsers(context.Background(), UserQuery{})
			return err
		}, "GET /2.0/users"},
		"users with null entries": {`{"entries":null,"limit":1000,"next_marker":null}`, func(c *Client) error {
			_, err := c.ListUsers(context.Background(), UserQuery{})
			return err
		}, "GET /2.0/users"},
		"users whose next marker repeats": {`{"entries":[],"next_marker":"M1"}`, func(c *Client) error {
			_, err := c.ListUsers(context.Background(), UserQuery{Marker: "M1"})
			return err
		}, "GET /2.0/users"},
		"events without entries": {`{"chunk_size":0,"next_stream_position":"5"}`, func(c *Client) error {
			_, err := c.ListEvents(context.Background(), EventQuery{StreamType: StreamAdminLogs})
			return err
		}, "GET /2.0/events"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, r *http.Request, _ string) {
				w.Header().Set("Content-Type", "application/json")
				fmt.Fprint(w, tc.body)
			}}, nil)
			err := tc.call(c)
			if status.Code(err) != codes.Internal || !strings.Contains(err.Error(), tc.path) {
				t.Fatalf("got %v, want Internal naming %s", err, tc.path)
			}
		})
	}
	// An empty last page is fine.
	c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, r *http.Request, _ string) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"entries":[],"limit":1000,"next_marker":null}`)
	}}, nil)
	if p, err := c.ListUsers(context.Background(), UserQuery{}); err != nil || len(p.Users) != 0 || p.NextMarker != "" {
		t.Fatalf("empty last page: %+v %v", p, err)
	}
}

// TestObjectAnswersWithoutAnIDAreErrors: a 2xx whose body is empty, null or
// an object without its id is no answer for a call that returns one object:
// read as a zero value it gave the caller a user, group, membership or
// collaboration with ID "" and no error. Calls that return nothing still
// take an empty 204.
func TestObjectAnswersWithoutAnIDAreErrors(t *testing.T) {
	ctx := context.Background()
	calls := map[string]func(*Client) error{
		"GetUser":     func(c *Client) error { _, err := c.GetUser(ctx, "1"); return err },
		"CurrentUser": func(c *Client) error { _, err := c.CurrentUser(ctx); return err },
		"CreateUser": func(c *Client) error {
			_, err := c.CreateUser(ctx, UserCreate{Name: "A", Login: "a@example.com"})
			return err
		},
		"GetGroup": func(c *Client) error { _, err := c.GetGroup(ctx, "2"); return err },
		"AddMembership": func(c *Client) error {
			_, err := c.AddMembership(ctx, "1", "2", MembershipRoleMember, nil)
			return err
		},
		"CreateCollaboration": func(c *Client) error {
			_, err := c.CreateCollaboration(ctx, "1", CollaborationCreate{FolderID: "3", GranteeType: GranteeUser, GranteeID: "4", Role: RoleViewer})
			return err
		},
		"GetFolder": func(c *Client) error { _, err := c.GetFolder(ctx, "1", "3"); return err },
	}
	for name, body := range map[string]string{"empty": "", "null": "null", "no id": `{"type":"user","name":"A"}`, "empty id": `{"id":"","type":"group"}`} {
		for call, fn := range calls {
			var n int
			c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, _ *http.Request, _ string) {
				n++
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusCreated)
				fmt.Fprint(w, body)
			}}, nil)
			err := fn(c)
			if status.Code(err) != codes.Internal || !strings.Contains(err.Error(), "malformed") {
				t.Errorf("%s, %s: got %v (code %v), want an Internal malformed answer", call, name, err, status.Code(err))
			}
			if n != 1 {
				t.Errorf("%s, %s: %d requests; the same answer would come again", call, name, n)
			}
		}
	}
	c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, _ *http.Request, _ string) { w.WriteHeader(http.StatusNoContent) }}, nil)
	if err := c.DeleteUser(ctx, "1", false); err != nil {
		t.Errorf("an empty 204 to a delete: %v", err)
	}
}
