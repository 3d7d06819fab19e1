package specvalidate

import (
	"net/http"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

const allFolderFields = "id,type,name,sequence_id,etag,created_at,modified_at,description,size,path_collection," +
	"created_by,modified_by,trashed_at,purged_at,content_created_at,content_modified_at,owned_by,shared_link," +
	"folder_upload_email,parent,item_status,item_collection,sync_state,has_collaborations,permissions," +
	"can_non_owners_invite,is_externally_owned,is_collaboration_restricted_to_enterprise," +
	"allowed_shared_link_access_levels,allowed_invitee_roles,watermark_info,is_accessible_via_shared_link," +
	"can_non_owners_view_collaborators,is_associated_with_app_item"

// contentFixture picks, from a seeded enterprise, what the content tests
// need: a reachable owner with a folder that has sub-folders, a shared
// link and collaborations of every kind.
type contentFixture struct {
	tr                 boxsim.Truth
	owner, other, coAd boxsim.User
	folder, sub        boxsim.Folder
	pending, group     boxsim.Collaboration
}

func newContentFixture(t *testing.T, sim *boxsim.Sim) contentFixture {
	t.Helper()
	fx := contentFixture{tr: sim.Truth()}
	users := map[string]boxsim.User{}
	for _, u := range fx.tr.Users {
		users[u.ID] = u
		if u.Role == "coadmin" && fx.coAd.ID == "" {
			fx.coAd = u
		}
	}
	for _, f := range fx.tr.Folders {
		if f.Depth == 2 && f.Reachable && fx.sub.ID == "" {
			fx.sub = f
		}
	}
	for _, f := range fx.tr.Folders {
		if f.ID == fx.sub.ParentID {
			fx.folder = f
		}
	}
	fx.owner = users[fx.folder.OwnerID]
	for _, c := range fx.tr.Collaborations {
		switch {
		case c.Status == "pending" && fx.pending.ID == "" && folderOf(fx.tr, c.FolderID).Reachable:
			fx.pending = c
		case c.GranteeType == "group" && fx.group.ID == "" && folderOf(fx.tr, c.FolderID).Reachable:
			fx.group = c
		}
	}
	for _, u := range fx.tr.Users {
		if u.ID != fx.owner.ID && u.Role == "user" && !u.IsPlatformAccessOnly {
			fx.other = u
			break
		}
	}
	if fx.sub.ID == "" || fx.owner.ID == "" || fx.pending.ID == "" || fx.group.ID == "" || fx.other.ID == "" || fx.coAd.ID == "" {
		t.Fatalf("seed lacks content of some kind: %+v", fx)
	}
	return fx
}

// Every content route, success and error, as owner, collaborator and
// service account, must match the spec.
func TestContentTrafficMatchesSpec(t *testing.T) {
	sim := boxsim.New(boxsim.Config{Seed: 31, Users: 80, ExternalUsers: 4, Groups: 8, AvgGroupsPerUser: 1,
		Content: boxsim.ContentConfig{Folders: 150, CollaborationsPerFolder: 3, PendingShare: 0.3, SharedLinkShare: 0.5}})
	h := newHarness(t, sim)
	tok := h.token(goodForm(sim.Config())).body["access_token"].(string)
	fx := newContentFixture(t, sim)
	own := fx.owner.ID

	// Reads as the owner: root, folders, items in both paginations.
	h.sendAs(tok, own, "GET", "/folders/0", nil, 200)
	h.sendAs(tok, own, "GET", "/folders/0?fields="+allFolderFields, nil, 200)
	h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID, nil, 200)
	h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID+"?fields="+allFolderFields+"&limit=2&offset=1&sort=name&direction=DESC", nil, 200)
	h.sendAs(tok, own, "GET", "/folders/"+fx.sub.ID+"?fields=shared_link,path_collection,parent,permissions", nil, 200)
	h.sendAs(tok, own, "GET", "/folders/0/items", nil, 200)
	h.sendAs(tok, own, "GET", "/folders/0/items?usemarker=true&limit=1&fields=owned_by,shared_link,path_collection", nil, 200)
	r := h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID+"/items?usemarker=true&limit=1", nil, 200)
	if m, _ := r.body["next_marker"].(string); m != "" {
		h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID+"/items?usemarker=true&limit=1&marker="+m, nil, 200)
	}
	h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID+"/items?offset=0&limit=1000&sort=date&fields="+allFolderFields, nil, 200)
	h.sendAs(tok, folderOf(fx.tr, fx.pending.FolderID).OwnerID, "GET", "/folders/"+fx.pending.FolderID+"/collaborations", nil, 200)
	h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID+"/collaborations?limit=1&fields=role,accessible_by,status", nil, 200)
	h.sendAs(tok, own, "GET", "/folders/0/collaborations", nil, 200)

	// Reads of collaborations of every kind, as their folders' owners.
	for _, c := range fx.tr.Collaborations {
		f := folderOf(fx.tr, c.FolderID)
		if !f.Reachable {
			continue
		}
		h.sendAs(tok, f.OwnerID, "GET", "/collaborations/"+c.ID, nil, 200)
	}
	h.sendAs(tok, folderOf(fx.tr, fx.group.FolderID).OwnerID, "GET", "/collaborations/"+fx.group.ID+"?fields=accessible_by,role", nil, http.StatusOK)

	// Errors of the reads.
	h.sendAs(tok, fx.other.ID, "GET", "/folders/"+fx.folder.ID, nil, 404)
	h.send(tok, "GET", "/folders/"+fx.folder.ID, nil, 404)
	h.sendAs(tok, own, "GET", "/folders/12345/items", nil, 404)
	h.sendAs(tok, own, "GET", "/folders/"+fx.folder.ID+"/collaborations?marker=bogus", nil, 400)
	h.sendAs(tok, own, "GET", "/folders/0/items?usemarker=true&sort=name", nil, 400)
	h.sendAs(tok, "abc", "GET", "/folders/0", nil, 400)
	h.sendAs(tok, "17000000001", "GET", "/folders/0", nil, 404)
	h.sendAs(tok, fx.tr.ServiceAccount.ID, "GET", "/folders/0", nil, 403)
	h.sendAs(tok, fx.tr.ExternalUsers[0].ID, "GET", "/folders/0", nil, 403)
	h.sendAs(tok, fx.coAd.ID, "GET", "/folders/0", nil, 403)
	h.sendAs(tok, own, "GET", "/users", nil, 403)
	h.sendAs(tok, own, "GET", "/users/me", nil, 200)
	h.sendInvalid(tok, "GET", "/folders/0/items?limit=many", nil, 400)
	h.sendInvalid(tok, "GET", "/folders/0/items?sort=owner", nil, 400)

	// Writes as the owner: create for a user, a group, an unregistered
	// address; update; delete.
	c := h.sendAs(tok, own, "POST", "/collaborations?notify=false",
		m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "user", "id": fx.other.ID}, "role": "viewer"}, 201)
	cid := c.body["id"].(string)
	h.sendAs(tok, own, "POST", "/collaborations?fields=role,accessible_by",
		m{"item": m{"type": "folder", "id": fx.sub.ID}, "accessible_by": m{"type": "user", "login": "new.person@guest.example.org"}, "role": "editor"}, 201)
	h.sendAs(tok, own, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "user", "login": fx.tr.ExternalUsers[1].Login}, "role": "previewer", "is_access_only": true}, 201)
	h.sendAs(tok, own, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "user", "id": fx.other.ID}, "role": "editor"}, 400)
	h.sendAs(tok, own, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": "0"}, "accessible_by": m{"type": "user", "id": fx.other.ID}, "role": "editor"}, 400)
	h.sendAs(tok, own, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": "12345"}, "accessible_by": m{"type": "user", "id": fx.other.ID}, "role": "editor"}, 404)
	h.sendAs(tok, own, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "group", "id": "12345"}, "role": "editor"}, 404)
	h.sendAs(tok, fx.other.ID, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "user", "id": fx.tr.Users[0].ID}, "role": "editor"}, 403)
	h.sendInvalid(tok, "POST", "/collaborations", m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "user", "id": fx.other.ID}, "role": "owner"}, 400)
	h.sendInvalid(tok, "POST", "/collaborations", m{"item": m{"type": "folder", "id": fx.folder.ID}, "role": "viewer"}, 400)
	h.sendInvalid(tok, "POST", "/collaborations", m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"id": fx.other.ID}, "role": "viewer"}, 400)
	h.sendAs(tok, own, "PUT", "/collaborations/"+cid, m{"role": "editor"}, 200)
	h.sendAs(tok, own, "PUT", "/collaborations/"+cid, m{"status": "accepted"}, 400)
	h.sendAs(tok, fx.other.ID, "PUT", "/collaborations/"+cid, m{"role": "co-owner"}, 403)
	h.sendAs(tok, own, "PUT", "/collaborations/12345", m{"role": "editor"}, 404)
	h.sendInvalid(tok, "PUT", "/collaborations/"+cid, m{"role": "boss"}, 400)
	h.sendAs(tok, fx.other.ID, "GET", "/folders/"+fx.folder.ID+"?fields=permissions,path_collection", nil, 200)
	h.sendAs(tok, fx.other.ID, "GET", "/folders/"+fx.sub.ID, nil, 200)
	h.sendAs(tok, fx.other.ID, "GET", "/folders/0/items?fields=owned_by", nil, 200)
	h.sendAs(tok, own, "DELETE", "/collaborations/"+cid, nil, 204)
	h.sendAs(tok, own, "DELETE", "/collaborations/"+cid, nil, 404)

	// Ownership hand-over answers 204.
	c = h.sendAs(tok, own, "POST", "/collaborations",
		m{"item": m{"type": "folder", "id": fx.folder.ID}, "accessible_by": m{"type": "user", "id": fx.other.ID}, "role": "co-owner"}, 201)
	h.sendAs(tok, own, "PUT", "/collaborations/"+c.body["id"].(string), m{"role": "owner"}, 204)

	// A deleted folder answers 404 "trashed" to its owner.
	if err := sim.DeleteFolder(fx.sub.ID); err != nil {
		t.Fatal(err)
	}
	h.sendAs(tok, fx.other.ID, "GET", "/folders/"+fx.sub.ID, nil, 404)

	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}
}

// Without the content scopes, or without the as-user setting, the content
// routes answer a spec-shaped 403.
func TestContentRefusalsMatchSpec(t *testing.T) {
	content := boxsim.ContentConfig{Folders: 20, AsUserDisabled: true}
	sim := boxsim.New(boxsim.Config{Seed: 5, Users: 20, Groups: 2, Content: content,
		Scopes: []string{boxsim.ScopeManageManagedUsers}})
	h := newHarness(t, sim)
	tok := h.token(goodForm(sim.Config())).body["access_token"].(string)
	for _, c := range []struct {
		method, path string
		body         any
	}{
		{"GET", "/folders/0", nil},
		{"GET", "/folders/0/items", nil},
		{"GET", "/folders/1/collaborations", nil},
		{"GET", "/collaborations/1", nil},
		{"POST", "/collaborations", m{"item": m{"type": "folder", "id": "1"}, "accessible_by": m{"type": "user", "id": "1"}, "role": "viewer"}},
		{"PUT", "/collaborations/1", m{"role": "viewer"}},
		{"DELETE", "/collaborations/1", nil},
	} {
		r := h.send(tok, c.method, c.path, c.body, http.StatusForbidden)
		if r.body["code"] != "insufficient_scope" {
			t.Fatalf("%s %s: %v", c.method, c.path, r.body)
		}
	}
	u := sim.Truth().Users[1].ID
	h.sendAs(tok, u, "GET", "/users/me", nil, http.StatusForbidden)

	sim = boxsim.New(boxsim.Config{Seed: 5, Users: 20, Content: content, Scopes: []string{boxsim.ScopeRootReadonly}})
	h = newHarness(t, sim)
	tok = h.token(goodForm(sim.Config())).body["access_token"].(string)
	h.send(tok, "GET", "/folders/0/items", nil, http.StatusOK)
	h.sendAs(tok, u, "GET", "/folders/0/items", nil, http.StatusForbidden)
	h.send(tok, "DELETE", "/collaborations/1", nil, http.StatusForbidden)
	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}
}

func folderOf(tr boxsim.Truth, id string) boxsim.Folder {
	for _, f := range tr.Folders {
		if f.ID == id {
			return f
		}
	}
	return boxsim.Folder{}
}
