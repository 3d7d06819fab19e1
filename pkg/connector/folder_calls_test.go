package connector_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/box"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
)

// Fewer calls per folder: a folder Box says has no collaborations
// (has_collaborations false) costs no collaborations call, and a standard
// folder's items are read only until its files begin (folders come
// first). The root, whose order the spec leaves open, is read to its end.

// sparseTenant is folderTenant with most folders without collaborations
// and, with files, each user's files in their listings.
func sparseTenant(files bool) boxsim.Config {
	cfg := folderTenant()
	cfg.Content.CollaborationsPerFolder = 0.4
	cfg.Content.FileItems = files
	return cfg
}

// syncedFolderStats counts the synced folders (owner readable, within
// depth) and those with collaborations of their own.
func syncedFolderStats(truth boxsim.Truth, depth int) (int, int) {
	synced, withCollabs := 0, 0
	has := map[string]bool{}
	for _, c := range truth.Collaborations {
		has[c.FolderID] = true
	}
	for _, f := range truth.Folders {
		if f.Reachable && f.Depth <= depth {
			synced++
			if has[f.ID] {
				withCollabs++
			}
		}
	}
	return synced, withCollabs
}

// TestFoldersWithoutCollaborationsCostNoCall: collaborations are listed
// only for folders that have some; the others are synced all the same (an
// owner, their links, no collaborators), at exactly the minimum of calls.
// Before, every synced folder cost a collaborations call.
func TestFoldersWithoutCollaborationsCostNoCall(t *testing.T) {
	t.Parallel()
	const depth = 3
	env := synctest.New(t, sparseTenant(false), synctest.Options{Configure: syncFolders(depth)})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(depth))

	truth, st := env.Sim.Truth(), env.Sim.Stats()
	synced, withCollabs := syncedFolderStats(truth, depth)
	got := st.ByRoute["GET /folders/{folder_id}/collaborations"]
	t.Logf("%d folders synced, %d with collaborations: %d collaborations calls", synced, withCollabs, got)
	if withCollabs >= synced*3/4 || withCollabs == 0 {
		t.Fatalf("tenant has %d of %d folders with collaborations: not a test of skipping", withCollabs, synced)
	}
	if got != withCollabs {
		t.Errorf("%d collaborations calls, want one per folder with collaborations (%d)", got, withCollabs)
	}
	calls, minimum := st.Total+st.TokenRequests, synctest.MinimumDirectoryCalls(truth, 1000)+synctest.MinimumFolderCalls(truth, depth, 1000)
	if calls != minimum {
		t.Errorf("%d API calls, want exactly %d: %v", calls, minimum, st.ByRoute)
	}
}

// TestFolderItemsStopWhereFilesBegin: with each user's files in their
// listings and pages of three, a sub-folder's items are read until the
// first page with a file; the root to its end. The sync equals the truth
// at exactly the minimum of calls; before, every page of files was read
// too.
func TestFolderItemsStopWhereFilesBegin(t *testing.T) {
	t.Parallel()
	const depth = 3
	env := synctest.New(t, sparseTenant(true), synctest.Options{Configure: syncFolders(depth), Tuning: box.Config{PageSize: 3}})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(depth))

	truth, st := env.Sim.Truth(), env.Sim.Stats()
	filePages := 0 // pages of files below the synced folders above the depth limit
	for _, f := range truth.Folders {
		if f.Reachable && f.Depth < depth {
			filePages += f.Files / 3
		}
	}
	if filePages < 50 {
		t.Fatalf("only %d pages of files in the synced folders: not a test of stopping", filePages)
	}
	calls, minimum := st.Total+st.TokenRequests, synctest.MinimumDirectoryCalls(truth, 3)+synctest.MinimumFolderCalls(truth, depth, 3)
	t.Logf("%d calls (minimum %d; %d pages of files not read): %v", calls, minimum, filePages, st.ByRoute)
	if calls != minimum {
		t.Errorf("%d API calls, want exactly %d", calls, minimum)
	}
}

// TestRootFilesInterleavedAreReadToTheEnd: where the root lists files
// among its folders (the spec promises no order for it), a root page of
// files is not the end of its folders: the sync still equals the truth.
func TestRootFilesInterleavedAreReadToTheEnd(t *testing.T) {
	t.Parallel()
	cfg := sparseTenant(true)
	cfg.Content.RootFilesInterleaved = true
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(2), Tuning: box.Config{PageSize: 3}})
	snap := env.SyncAndRead(context.Background(), t)
	env.RequireExact(t, snap, synctest.WithFolders(2))
}

// TestHasCollaborationsAcceptedOnly: where Box's has_collaborations counts
// accepted collaborations only, every grant, collaborator and folder is
// still exact (a folder with none accepted grants nothing); only the
// profile's count of pending and rejected invitations of such a folder,
// whose collaborations are not read, is 0.
func TestHasCollaborationsAcceptedOnly(t *testing.T) {
	t.Parallel()
	const depth = 2
	cfg := folderTenant()
	cfg.Content.PendingShare = 0.5
	cfg.Content.HasCollaborationsAcceptedOnly = true
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(depth)})
	snap := env.SyncAndRead(context.Background(), t)

	truth := env.Sim.Truth()
	accepted, invited := map[string]bool{}, map[string]bool{}
	for _, c := range truth.Collaborations {
		invited[c.FolderID] = true
		accepted[c.FolderID] = accepted[c.FolderID] || c.Status == "accepted"
	}
	invitationsOnly := 0
	for _, f := range truth.Folders {
		if f.Reachable && f.Depth <= depth && invited[f.ID] && !accepted[f.ID] {
			invitationsOnly++
		}
	}
	if invitationsOnly == 0 {
		t.Fatal("no synced folder with only pending or rejected invitations")
	}
	counted := 0
	for _, d := range synctest.ExpectedFrom(truth, synctest.WithFolders(depth)).Diff(snap, 1000) {
		id, rest, _ := strings.Cut(strings.TrimPrefix(d, "folder "), ":")
		if strings.HasPrefix(d, "folder ") && invited[id] && !accepted[id] &&
			(strings.Contains(rest, "profile pending_invitations = 0,") || strings.Contains(rest, "profile rejected_invitations = 0,")) {
			counted++
			continue
		}
		t.Errorf("differs from the truth: %s", d)
	}
	t.Logf("%d folders with only invitations, %d profile counts unread", invitationsOnly, counted)
}

// TestParallelWorkersStayAtTheMinimum: eight workers (the binary's
// default) cost no more calls than one: in particular each collaborator
// the user listing does not hold is read once, however many workers meet
// them at the same time. Before, workers that met one together each read
// them.
func TestParallelWorkersStayAtTheMinimum(t *testing.T) {
	t.Parallel()
	const depth = 2
	cfg := folderTenant()
	cfg.ExternalUsers = 12
	cfg.Content.ExternalShare = 0.5
	env := synctest.New(t, cfg, synctest.Options{Configure: syncFolders(depth), SkipSpecValidation: true})
	env.Sim.SetFaults(boxsim.Faults{Latency: 20 * time.Millisecond})
	snap := env.SyncAndRead(context.Background(), t, sdksync.WithWorkerCount(8))
	env.Sim.SetFaults(boxsim.Faults{})
	env.RequireExact(t, snap, synctest.WithFolders(depth))
	truth, st := env.Sim.Truth(), env.Sim.Stats()
	calls, minimum := st.Total+st.TokenRequests, synctest.MinimumDirectoryCalls(truth, 1000)+synctest.MinimumFolderCalls(truth, depth, 1000)
	t.Logf("%d calls (minimum %d): %v", calls, minimum, st.ByRoute)
	if calls != minimum {
		t.Errorf("%d API calls with 8 workers, want exactly %d", calls, minimum)
	}
}
