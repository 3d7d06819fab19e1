package boxsim

import (
	"testing"
)

// typesOf lists the entries' types in listing order.
func typesOf(entries []map[string]any) []string {
	out := make([]string, len(entries))
	for i, e := range entries {
		out[i], _ = e["type"].(string)
	}
	return out
}

// filesFirstAt is the index of the first file (-1 without one), then of
// the last folder.
func filesFirstAt(types []string) (int, int) {
	firstFile, lastFolder := -1, -1
	for i, ty := range types {
		switch {
		case ty == "file" && firstFile < 0:
			firstFile = i
		case ty == "folder":
			lastFolder = i
		}
	}
	return firstFile, lastFolder
}

// TestFileItems: with FileItems a user's listings show their files (their
// counted items less their folders, spread over the root and the folders)
// after the folders, across marker pages; the truth counts them.
func TestFileItems(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{FileItems: true, FolderDepth: 2})
	owners := map[string]int{} // user ID -> folders they own
	for _, f := range tr.Folders {
		owners[f.OwnerID]++
	}
	checked := 0
	for _, u := range tr.Users {
		if owners[u.ID] == 0 || u.Role != roleUser || u.Status != "active" {
			continue
		}
		files := u.RootFiles
		root := walkMarker(t, s, tok, u.ID, "/folders/0/items?usemarker=true&limit=7&fields=name,owned_by,has_collaborations")
		types := typesOf(root)
		first, lastFolder := filesFirstAt(types)
		if n := len(types) - max(0, first); first >= 0 && n != u.RootFiles {
			t.Errorf("user %s: the root lists %d files, the truth %d", u.ID, n, u.RootFiles)
		}
		if first >= 0 && lastFolder > first {
			t.Errorf("user %s: a folder after a file in the root: %v", u.ID, types)
		}
		for _, e := range root {
			if e["type"] == "file" && (e["sha1"] == "" || e["name"] == "" || e["has_collaborations"] != false) {
				t.Fatalf("file entry %v", e)
			}
		}
		for _, f := range tr.Folders {
			if f.OwnerID != u.ID {
				continue
			}
			files += f.Files
			types := typesOf(walkMarker(t, s, tok, u.ID, "/folders/"+f.ID+"/items?usemarker=true&limit=3"))
			first, lastFolder := filesFirstAt(types)
			if n := len(types) - max(0, first); first >= 0 && n != f.Files || first < 0 && f.Files > 0 {
				t.Errorf("folder %s: lists %v, the truth %d files", f.ID, types, f.Files)
			}
			if first >= 0 && lastFolder > first {
				t.Errorf("folder %s: a folder after a file: %v", f.ID, types)
			}
		}
		if want := u.OwnedItems - owners[u.ID]; files != want {
			t.Errorf("user %s: %d files listed, want owned items %d less folders %d", u.ID, files, u.OwnedItems, owners[u.ID])
		}
		checked++
	}
	if checked < 5 {
		t.Fatalf("checked %d owners", checked)
	}

	// Without the switch the listings hold folders only.
	plain, ptok, ptr := contentSim(t, ContentConfig{FolderDepth: 2})
	for _, u := range ptr.Users[:20] {
		if u.RootFiles != 0 {
			t.Fatalf("user %s: %d root files without FileItems", u.ID, u.RootFiles)
		}
		if u.Role == roleUser && u.Status == "active" {
			for _, ty := range typesOf(walkMarker(t, plain, ptok, u.ID, "/folders/0/items?usemarker=true")) {
				if ty != "folder" {
					t.Fatalf("user %s: a %s listed without FileItems", u.ID, ty)
				}
			}
		}
	}
}

// TestRootFilesInterleaved: the root lists files among its folders, other
// folders still type first.
func TestRootFilesInterleaved(t *testing.T) {
	s, tok, tr := contentSim(t, ContentConfig{FileItems: true, RootFilesInterleaved: true, FolderDepth: 2})
	roots := map[string]int{}
	for _, f := range tr.Folders {
		if f.Depth == 1 {
			roots[f.OwnerID]++
		}
	}
	interleaved := false
	for _, u := range tr.Users {
		if roots[u.ID] < 2 || u.RootFiles < 2 || u.Role != roleUser || u.Status != "active" {
			continue
		}
		types := typesOf(walkMarker(t, s, tok, u.ID, "/folders/0/items?usemarker=true&limit=5"))
		first, lastFolder := filesFirstAt(types)
		interleaved = interleaved || (first >= 0 && lastFolder > first)
		files := 0
		for _, ty := range types {
			if ty == "file" {
				files++
			}
		}
		if files != u.RootFiles {
			t.Errorf("user %s: %d root files listed, the truth %d", u.ID, files, u.RootFiles)
		}
	}
	if !interleaved {
		t.Fatal("no root listed a folder after a file")
	}
}

// TestHasCollaborationsAcceptedOnly: by default a folder with only
// pending or rejected invitations has collaborations; under the reading,
// only an accepted one counts.
func TestHasCollaborationsAcceptedOnly(t *testing.T) {
	for _, acceptedOnly := range []bool{false, true} {
		s, tok, tr := contentSim(t, ContentConfig{HasCollaborationsAcceptedOnly: acceptedOnly})
		statuses := map[string]map[string]bool{}
		for _, c := range tr.Collaborations {
			if statuses[c.FolderID] == nil {
				statuses[c.FolderID] = map[string]bool{}
			}
			statuses[c.FolderID][c.Status] = true
		}
		seen := map[bool]bool{}
		for _, f := range tr.Folders {
			if f.Depth != 1 || !f.Reachable {
				continue
			}
			res := mustAs(t, s, tok, f.OwnerID, "GET", "/folders/"+f.ID+"?fields=has_collaborations", nil, 200)
			pendingOnly := len(statuses[f.ID]) > 0 && !statuses[f.ID][statusAccepted]
			want := len(statuses[f.ID]) > 0 && (!acceptedOnly || !pendingOnly)
			if got := res.body["has_collaborations"]; got != want {
				t.Errorf("accepted only %v: folder %s (statuses %v): has_collaborations %v, want %v", acceptedOnly, f.ID, statuses[f.ID], got, want)
			}
			seen[pendingOnly] = true
		}
		if !seen[true] {
			t.Fatal("no folder with only pending or rejected invitations")
		}
	}
}
