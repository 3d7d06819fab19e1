package box

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// contentCalls is every content call with each ID it takes set to id.
func contentCalls(c *Client, id string) map[string]func() error {
	ctx := context.Background()
	create := func(in CollaborationCreate) func() error {
		return func() error { _, err := c.CreateCollaboration(ctx, "5", in); return err }
	}
	return map[string]func() error{
		"ListFolderItems/as-user":          func() error { _, err := c.ListFolderItems(ctx, id, "0", ""); return err },
		"ListFolderItems/folder":           func() error { _, err := c.ListFolderItems(ctx, "5", id, ""); return err },
		"GetFolder/folder":                 func() error { _, err := c.GetFolder(ctx, "5", id); return err },
		"ListFolderCollaborations/as-user": func() error { _, err := c.ListFolderCollaborations(ctx, id, "7", ""); return err },
		"ListFolderCollaborations/folder":  func() error { _, err := c.ListFolderCollaborations(ctx, "5", id, ""); return err },
		"CreateCollaboration/as-user": func() error {
			_, err := c.CreateCollaboration(ctx, id, CollaborationCreate{FolderID: "7", GranteeType: GranteeUser, GranteeID: "8", Role: RoleViewer})
			return err
		},
		"CreateCollaboration/folder":   create(CollaborationCreate{FolderID: id, GranteeType: GranteeUser, GranteeID: "8", Role: RoleViewer}),
		"CreateCollaboration/grantee":  create(CollaborationCreate{FolderID: "7", GranteeType: GranteeGroup, GranteeID: id, Role: RoleViewer}),
		"SetCollaborationRole/as-user": func() error { _, err := c.SetCollaborationRole(ctx, id, "9", RoleViewer); return err },
		"SetCollaborationRole/collab":  func() error { _, err := c.SetCollaborationRole(ctx, "5", id, RoleViewer); return err },
		"DeleteCollaboration/as-user":  func() error { return c.DeleteCollaboration(ctx, id, "9") },
		"DeleteCollaboration/collab":   func() error { return c.DeleteCollaboration(ctx, "5", id) },
		"CurrentUserAs":                func() error { _, err := c.CurrentUserAs(ctx, id); return err },
	}
}

func TestContentCallsRefuseHostileIDs(t *testing.T) {
	var seen atomic.Int32
	c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, _ *http.Request, _ string) {
		seen.Add(1)
		w.WriteHeader(http.StatusNoContent)
	}}, nil)
	for _, id := range hostileIDs {
		for name, call := range contentCalls(c, id) {
			var idErr *IDError
			if err := call(); !errors.As(err, &idErr) || status.Code(err) != codes.InvalidArgument {
				t.Errorf("%s(%.30q): got %v, want an InvalidArgument *IDError", name, id, err)
			}
		}
	}
	if n := seen.Load(); n != 0 {
		t.Fatalf("%d requests sent for hostile IDs", n)
	}
}

// TestContentRequests: each call acts as its user (As-User), pages by
// marker (usemarker only where the spec has it), names its fields, and
// sends the body the spec asks for.
func TestContentRequests(t *testing.T) {
	type seenReq struct {
		method, path, asUser string
		query                map[string]string
		body                 map[string]any
	}
	var mu sync.Mutex
	var got []seenReq
	c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, r *http.Request, _ string) {
		raw, _ := io.ReadAll(r.Body)
		req := seenReq{method: r.Method, path: r.URL.Path, asUser: r.Header.Get("As-User"), query: map[string]string{}}
		for k := range r.URL.Query() {
			req.query[k] = r.URL.Query().Get(k)
		}
		_ = json.Unmarshal(raw, &req.body)
		mu.Lock()
		got = append(got, req)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.Method == http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case strings.HasSuffix(r.URL.Path, "/items") || strings.HasSuffix(r.URL.Path, "/collaborations") && r.Method == http.MethodGet:
			_, _ = io.WriteString(w, `{"entries":[],"next_marker":null}`)
		default:
			_, _ = io.WriteString(w, `{"type":"folder","id":"42"}`)
		}
	}}, func(cfg *Config) { cfg.PageSize = 500 })
	ctx := context.Background()
	if _, err := c.ListFolderItems(ctx, "11", "0", "mk"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListFolderCollaborations(ctx, "11", "42", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetFolder(ctx, "11", "42"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCollaboration(ctx, "11", CollaborationCreate{FolderID: "42", GranteeType: GranteeGroup, GranteeID: "77", Role: RolePreviewerUploader}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SetCollaborationRole(ctx, "11", "99", RoleCoOwner); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteCollaboration(ctx, "11", "99"); err != nil {
		t.Fatal(err)
	}
	if len(got) != 6 {
		t.Fatalf("%d requests: %+v", len(got), got)
	}
	for _, r := range got {
		if r.asUser != "11" {
			t.Errorf("%s %s: As-User %q, want 11", r.method, r.path, r.asUser)
		}
	}
	items, collabs, folder, create, put, del := got[0], got[1], got[2], got[3], got[4], got[5]
	if items.path != "/2.0/folders/0/items" || items.query["usemarker"] != "true" || items.query["marker"] != "mk" ||
		items.query["limit"] != "500" || !strings.Contains(items.query["fields"], "owned_by") || !strings.Contains(items.query["fields"], "shared_link") {
		t.Errorf("items request: %+v", items)
	}
	if _, has := collabs.query["usemarker"]; collabs.path != "/2.0/folders/42/collaborations" || has || collabs.query["limit"] != "500" ||
		!strings.Contains(collabs.query["fields"], "accessible_by") {
		t.Errorf("collaborations request: %+v", collabs)
	}
	if folder.path != "/2.0/folders/42" || !strings.Contains(folder.query["fields"], "allowed_invitee_roles") {
		t.Errorf("folder request: %+v", folder)
	}
	wantBody := map[string]any{"item": map[string]any{"type": "folder", "id": "42"}, "accessible_by": map[string]any{"type": "group", "id": "77"}, "role": "previewer uploader"}
	if create.method != http.MethodPost || create.path != "/2.0/collaborations" || create.query["notify"] != "false" || !equalJSON(create.body, wantBody) {
		t.Errorf("create request: %+v", create)
	}
	if put.method != http.MethodPut || put.path != "/2.0/collaborations/99" || put.body["role"] != "co-owner" {
		t.Errorf("role request: %+v", put)
	}
	if del.method != http.MethodDelete || del.path != "/2.0/collaborations/99" {
		t.Errorf("delete request: %+v", del)
	}
}

func equalJSON(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

// TestContentPagesAreStrict: a collaborations or items page without entries,
// or whose next_marker repeats the marker sent, is an error, never "no more
// collaborators" (which would read as their removal).
func TestContentPagesAreStrict(t *testing.T) {
	cases := map[string]string{
		"no entries":      `{"next_marker":null}`,
		"null entries":    `{"entries":null}`,
		"repeated marker": `{"entries":[],"next_marker":"m1"}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, _ *http.Request, _ string) {
				w.Header().Set("Content-Type", "application/json")
				_, _ = io.WriteString(w, body)
			}}, nil)
			_, err1 := c.ListFolderCollaborations(context.Background(), "5", "7", "m1")
			_, err2 := c.ListFolderItems(context.Background(), "5", "7", "m1")
			for _, err := range []error{err1, err2} {
				if status.Code(err) != codes.Internal {
					t.Errorf("got %v, want Internal", err)
				}
			}
		})
	}
}

// TestContentScopeHints: a missing scope names the read scope for reads
// and the read-write scope for collaboration changes.
func TestContentScopeHints(t *testing.T) {
	c := newTestClient(t, &fakeBox{api: func(w http.ResponseWriter, _ *http.Request, _ string) {
		boxError(w, http.StatusForbidden, CodeInsufficientScope, nil)
	}}, nil)
	ctx := context.Background()
	_, readErr := c.ListFolderCollaborations(ctx, "5", "7", "")
	_, writeErr := c.CreateCollaboration(ctx, "5", CollaborationCreate{FolderID: "7", GranteeType: GranteeUser, GranteeID: "8", Role: RoleEditor})
	if !strings.Contains(readErr.Error(), ScopeReadFiles) || strings.Contains(readErr.Error(), ScopeReadWriteFiles) {
		t.Errorf("read: %v", readErr)
	}
	if !strings.Contains(writeErr.Error(), ScopeReadWriteFiles) {
		t.Errorf("write: %v", writeErr)
	}
}

// TestContentAgainstTheSimulator: the calls against the simulator, as a
// user: marker pages of a user's "All Files" reach every folder, a
// collaboration is created, changed and removed, and Box's refusals keep
// their codes (IsAlreadyCollaborator, IsTrashed, as-user refused).
func TestContentAgainstTheSimulator(t *testing.T) {
	disableHTTPCache(t)
	sim := boxsim.New(boxsim.Config{Seed: 12, Users: 30, ExternalUsers: 2, Groups: 3,
		Content: boxsim.ContentConfig{Folders: 40, FolderDepth: 2, GiantRootFolders: 7}})
	cfg := sim.Config()
	c := newBubbleClient(t, handlerTransport{sim}, func(c *Config) {
		c.ClientID, c.ClientSecret, c.EnterpriseID, c.PageSize = cfg.ClientID, cfg.ClientSecret, cfg.EnterpriseID, 3
	})
	ctx := context.Background()
	truth := sim.Truth()
	owned := map[string]int{}
	for _, f := range truth.Folders {
		if f.Depth == 1 {
			owned[f.OwnerID]++
		}
	}
	var owner string
	for id, n := range owned {
		if n >= 7 {
			owner = id
		}
	}
	var ids []string
	for marker, pages := "", 0; ; pages++ {
		p, err := c.ListFolderItems(ctx, owner, RootFolderID, marker)
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range p.Items {
			if it.OwnedBy != nil && it.OwnedBy.ID == owner {
				ids = append(ids, it.ID)
			}
		}
		if marker = p.NextMarker; marker == "" {
			if pages == 0 {
				t.Fatal("one page only: marker paging not exercised")
			}
			break
		}
	}
	if len(ids) != owned[owner] {
		t.Fatalf("listed %d of the %d top-level folders of user %s", len(ids), owned[owner], owner)
	}

	var grantee string
	for _, u := range truth.Users {
		if u.ID != owner && u.Role == RoleUser {
			grantee = u.ID
			break
		}
	}
	in := CollaborationCreate{FolderID: ids[0], GranteeType: GranteeUser, GranteeID: grantee, Role: RoleEditor}
	created, err := c.CreateCollaboration(ctx, owner, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.CreateCollaboration(ctx, owner, in); !IsAlreadyCollaborator(err) {
		t.Fatalf("second invitation: %v, want user_already_collaborator", err)
	}
	if changed, err := c.SetCollaborationRole(ctx, owner, created.ID, RoleViewerUploader); err != nil || changed.Role != RoleViewerUploader {
		t.Fatalf("change role: %+v %v", changed, err)
	}
	if err := c.DeleteCollaboration(ctx, owner, created.ID); err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteCollaboration(ctx, owner, created.ID); !IsNotFound(err) {
		t.Fatalf("second delete: %v, want 404", err)
	}
	if err := sim.DeleteFolder(ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListFolderCollaborations(ctx, owner, ids[1], ""); !IsTrashed(err) {
		t.Fatalf("deleted folder: %v, want 404 trashed", err)
	}
	var admin string
	for _, u := range truth.Users {
		if u.Role == RoleAdmin {
			admin = u.ID
		}
	}
	if _, err := c.ListFolderItems(ctx, admin, RootFolderID, ""); StatusCode(err) != http.StatusForbidden || ErrorCode(err) != CodeAccessDenied {
		t.Fatalf("as-user the admin: %v, want 403 %s", err, CodeAccessDenied)
	}
}
