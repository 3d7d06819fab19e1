package connector

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/pagination"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"

	"github.com/conductorone/baton-box/internal/memsession"
)

// listFolderEntitlements pages the type-scoped listing to its end and
// returns every entitlement and the folders of each call.
func listFolderEntitlements(t *testing.T, s *folderSyncer, store *memsession.MemorySessionStore) ([]*v2.Entitlement, []int) {
	t.Helper()
	var all []*v2.Entitlement
	var perCall []int
	token := ""
	for range 1000 {
		out, res, err := s.EntitlementsForResourceType(context.Background(), folderResourceType.Id,
			rs.SyncOpAttrs{SyncID: "sync-1", Session: store, PageToken: pagination.Token{Token: token}})
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, out...)
		perCall = append(perCall, len(out)/(len(folderRoles)+2))
		if res.NextPageToken == token && token != "" {
			t.Fatalf("token %q repeated", token)
		}
		if token = res.NextPageToken; token == "" {
			return all, perCall
		}
	}
	t.Fatal("the listing did not end")
	return nil, nil
}

// Every folder the walk returned has its nine entitlements, once, as the
// per-folder listing builds them, whatever the store's page size, in calls
// of at most foldersPerEntitlementsCall folders; nothing else does.
func TestFolderEntitlementsListedByType(t *testing.T) {
	t.Parallel()
	for _, pageSize := range []int{0, 7, 100} {
		t.Run(fmt.Sprintf("GetAll pages of %d", pageSize), func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			store := memsession.NewMemorySessionStore()
			store.GetAllAtMost = pageSize
			want := map[string]*v2.Resource{}
			record := func(owner string, batch, from, n int) {
				var step []*v2.Resource
				for i := from; i < from+n; i++ {
					id := fmt.Sprintf("3%05d", i)
					r, err := folderResource(&folderMeta{ID: id, Name: "Folder " + id, Path: "/Folder " + id, Depth: 1, OwnerID: owner}, collabCounts{}, false)
					if err != nil {
						t.Fatal(err)
					}
					step = append(step, r)
					want[id] = r
				}
				wrote, err := recordFolders(ctx, store, owner, batch, step)
				if err != nil || wrote != (n > 0) {
					t.Fatalf("recording %d folders: wrote %v, %v", n, wrote, err)
				}
			}
			// One owner with more folders than a call holds, over several
			// walk steps; a few with one; the same step recorded twice (the
			// SDK retrying a call).
			record("17001", 0, 0, 400)
			record("17001", 1, 400, 700)
			record("17001", 1, 400, 700)
			for i := range 12 {
				record(fmt.Sprintf("1700%d", 2+i), 0, 2000+i, 1)
			}
			record("17099", 0, 3000, 0) // returned nothing: recorded nothing
			// Other folder keys are not folders to list.
			if err := storeFolderMetas(ctx, store, []folderMeta{{ID: "999", Name: "not returned", OwnerID: "17001"}}, []string{"999"}); err != nil {
				t.Fatal(err)
			}

			got, perCall := listFolderEntitlements(t, &folderSyncer{}, store)
			for i, n := range perCall {
				if n > foldersPerEntitlementsCall {
					t.Errorf("call %d listed %d folders, more than %d", i, n, foldersPerEntitlementsCall)
				}
			}
			if len(perCall) < 3 {
				t.Errorf("%d calls for %d folders", len(perCall), len(want))
			}
			// One prefix read a call (the owners'), none per owner: the
			// SDK's store scans from a prefix's first key for each.
			if store.GetAllCalls != len(perCall) {
				t.Errorf("%d GetAll calls in %d listing calls", store.GetAllCalls, len(perCall))
			}
			byID := map[string]*v2.Entitlement{}
			for _, e := range got {
				if _, dup := byID[e.GetId()]; dup {
					t.Errorf("entitlement %s listed twice", e.GetId())
				}
				byID[e.GetId()] = e
			}
			if len(byID) != len(want)*(len(folderRoles)+2) {
				t.Errorf("%d entitlements, want %d for %d folders", len(byID), len(want)*(len(folderRoles)+2), len(want))
			}
			for id, r := range want {
				perFolder, _, err := (&folderSyncer{}).Entitlements(ctx, r, rs.SyncOpAttrs{})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range perFolder {
					if g, ok := byID[e.GetId()]; !ok {
						t.Errorf("folder %s: %s not listed", id, e.GetId())
					} else if !proto.Equal(g, e) {
						t.Errorf("folder %s: listed by type as\n%v\nper folder as\n%v", id, g, e)
					}
				}
			}
		})
	}
}

// A batch the walk recorded that the store no longer holds, or that does
// not read, fails the listing: it is never read as "no folders".
func TestFolderEntitlementsMissingBatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	folder := func(id string) []*v2.Resource {
		return []*v2.Resource{{Id: &v2.ResourceId{ResourceType: folderResourceType.Id, Resource: id}, DisplayName: id}}
	}
	for name, damage := range map[string]func(*memsession.MemorySessionStore) error{
		"missing": func(store *memsession.MemorySessionStore) error {
			return store.Delete(ctx, keys.folderBatches("17001").pageKey(1))
		},
		"malformed": func(store *memsession.MemorySessionStore) error {
			return store.Set(ctx, keys.folderBatches("17001").pageKey(1), []byte("{"))
		},
		"bad count": func(store *memsession.MemorySessionStore) error {
			return store.Set(ctx, keys.folderBatches("17001").count, []byte("two"))
		},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			store := memsession.NewMemorySessionStore()
			for n, id := range []string{"300001", "300002"} {
				if _, err := recordFolders(ctx, store, "17001", n, folder(id)); err != nil {
					t.Fatal(err)
				}
			}
			if err := damage(store); err != nil {
				t.Fatal(err)
			}
			out, _, err := (&folderSyncer{}).EntitlementsForResourceType(ctx, folderResourceType.Id, rs.SyncOpAttrs{SyncID: "s", Session: store})
			if status.Code(err) != codes.FailedPrecondition || !strings.Contains(err.Error(), "17001") {
				t.Fatalf("%d entitlements, %v; want FailedPrecondition naming user 17001", len(out), err)
			}
		})
	}
}

// A page token the store does not hold as far fails the listing rather
// than repeating itself.
func TestFolderEntitlementsTokenPastTheStore(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	store := memsession.NewMemorySessionStore()
	f := []*v2.Resource{{Id: &v2.ResourceId{ResourceType: folderResourceType.Id, Resource: "300001"}, DisplayName: "A"}}
	if _, err := recordFolders(ctx, store, "17001", 0, f); err != nil {
		t.Fatal(err)
	}
	for _, tok := range []folderEntitlementsToken{{Owner: 2}, {Owner: 0, Batch: 1}} {
		raw, err := encodeToken(tok)
		if err != nil {
			t.Fatal(err)
		}
		_, res, err := (&folderSyncer{}).EntitlementsForResourceType(ctx, folderResourceType.Id,
			rs.SyncOpAttrs{SyncID: "s", Session: store, PageToken: pagination.Token{Token: raw}})
		if status.Code(err) != codes.FailedPrecondition {
			t.Errorf("token %+v: next %v, %v; want FailedPrecondition", tok, res, err)
		}
	}
}

// A store that fails while folders were returned fails the listing; so
// does one that is missing, unless the walk returned no folder (a
// connector served without a store, which the walk needs for any).
func TestFolderEntitlementsStoreFailure(t *testing.T) {
	t.Parallel()
	store := memsession.NewMemorySessionStore()
	store.GetAllErr = errors.New("disk I/O error")
	_, _, err := (&folderSyncer{}).EntitlementsForResourceType(context.Background(), folderResourceType.Id, rs.SyncOpAttrs{SyncID: "s", Session: store})
	if status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("failing store: %v, want FailedPrecondition", err)
	}

	var none *memsession.MemorySessionStore // panics when used, as no store does
	s := &folderSyncer{}
	out, res, err := s.EntitlementsForResourceType(context.Background(), folderResourceType.Id, rs.SyncOpAttrs{SyncID: "s", Session: none})
	if err != nil || len(out) != 0 || res.NextPageToken != "" {
		t.Fatalf("no store, no folders walked: %d entitlements, %v", len(out), err)
	}
	s.stats.add("s", func(ws *walkCounts) { ws.foldersReturned = 3 })
	if _, _, err := s.EntitlementsForResourceType(context.Background(), folderResourceType.Id, rs.SyncOpAttrs{SyncID: "s", Session: none}); status.Code(err) != codes.FailedPrecondition {
		t.Fatalf("no store, folders walked: %v, want FailedPrecondition", err)
	}
}
