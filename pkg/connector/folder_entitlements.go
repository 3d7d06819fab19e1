package connector

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	ent "github.com/conductorone/baton-sdk/pkg/types/entitlement"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
)

// A folder's entitlements are listed for the whole type (the SDK's
// TypeScopedEntitlements), a page of folders per call, not one call per
// folder: the SDK writes each call's entitlements in one transaction of
// its store, and one a folder cost the per-user bench 81 s of its 13.6
// minutes at 30,000 folders (bench/README.md). Each walk step records the
// folders it returns as one batch in the session store, and its owner
// with the number of batches (recordFolders); the listing reads a page of
// owners, then their batches by key. The SDK's c1z store reads a prefix
// by scanning the sync's keys from the first, so the listing reads no
// prefix per owner: one read per owner cost 5.6 s a call of 500 folders
// at 10,000 owners (the whole listing now takes 24 s). A folder
// the walk did not return has no entitlements, as it has no resource. A
// targeted sync of a folder lists no entitlements (the SDK leaves
// type-scoped ones to a full sync); its grants are listed as in a full
// sync.

// foldersPerEntitlementsCall bounds the folders of one call: nine
// entitlements each, well within one gRPC answer.
const foldersPerEntitlementsCall = 500

// batchesPerRead bounds the batches read in one session-store call.
const batchesPerRead = 100

// folderEntitlementsToken is where the listing is: in the page of owners
// that Owners (a session-store page token) starts, the owner at Owner, in
// its batch Batch, at Folder.
type folderEntitlementsToken struct {
	Owners string `json:"o,omitempty"`
	Owner  int    `json:"i,omitempty"`
	Batch  int    `json:"b,omitempty"`
	Folder int    `json:"j,omitempty"`
}

// recordedFolder is a folder as a batch holds it.
type recordedFolder struct {
	ID   string `json:"i"`
	Name string `json:"n"`
}

// Entitlements are a folder's entitlements (folderEntitlements). The SDK
// asks for them per type (EntitlementsForResourceType); this answers a
// caller that asks per folder.
func (s *folderSyncer) Entitlements(_ context.Context, r *v2.Resource, _ rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	return folderEntitlements(resourceRef(r)), &rs.SyncOpResults{}, nil
}

// EntitlementsForResourceType lists the entitlements of the folders the
// walk returned, up to foldersPerEntitlementsCall folders a call.
func (s *folderSyncer) EntitlementsForResourceType(ctx context.Context, resourceTypeID string, opts rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	if resourceTypeID != folderResourceType.Id {
		return nil, &rs.SyncOpResults{}, nil
	}
	var tok folderEntitlementsToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	failed := func(err error) error {
		return sessionFailed("list folder entitlements", err)
	}
	page, err := getAll(ctx, opts.Session, keys.folderOwnerPrefix(), tok.Owners)
	if errors.Is(err, errSessionUnavailable) && tok == (folderEntitlementsToken{}) && !s.stats.walked(opts.SyncID) {
		// Served without a store, the walk can have returned no folder
		// (it keeps every folder there): there are none to list.
		return nil, &rs.SyncOpResults{}, nil
	}
	if err != nil {
		return nil, nil, failed(err)
	}
	owners := slices.Sorted(maps.Keys(page.values))
	batches := make(map[string]int, len(owners))
	for _, owner := range owners {
		n, ok := pageCount(page.values[owner])
		if !ok || n < 1 {
			return nil, nil, failed(fmt.Errorf("user %s's folder batch count %q does not read", owner, page.values[owner]))
		}
		batches[owner] = n
	}
	// The walk is over before entitlements are listed, so the store's
	// owners and batches stay as the token left them; a token past them
	// would repeat itself forever.
	if tok.Owner > len(owners) || tok.Owner < len(owners) && tok.Batch >= batches[owners[tok.Owner]] {
		return nil, nil, failed(fmt.Errorf("the page token (owner %d, batch %d) is past the %d owners the walk recorded", tok.Owner, tok.Batch, len(owners)))
	}
	var out []*v2.Entitlement
	for budget := foldersPerEntitlementsCall; budget > 0 && tok.Owner < len(owners); {
		// The next batches in order, from where the listing is.
		var refs []string
		for o, b := tok.Owner, tok.Batch; o < len(owners) && len(refs) < batchesPerRead; o, b = o+1, 0 {
			list := keys.folderBatches(owners[o])
			for ; b < batches[owners[o]] && len(refs) < batchesPerRead; b++ {
				refs = append(refs, list.pageKey(b))
			}
		}
		values, err := getValues(ctx, opts.Session, refs)
		if err != nil {
			return nil, nil, failed(err)
		}
		for _, key := range refs {
			owner := owners[tok.Owner]
			folders, ok := decoded[[]recordedFolder](values[key])
			if !ok {
				// Missing data is never "no folders": the walk recorded it.
				return nil, nil, failed(fmt.Errorf("batch %d of the %d the walk recorded of user %s's folders is missing or does not read", tok.Batch, batches[owner], owner))
			}
			for ; tok.Folder < len(folders) && budget > 0; tok.Folder, budget = tok.Folder+1, budget-1 {
				f := folders[tok.Folder]
				out = append(out, folderEntitlements(&v2.Resource{
					Id:               &v2.ResourceId{ResourceType: folderResourceType.Id, Resource: f.ID},
					ParentResourceId: userPrincipal(owner),
					DisplayName:      f.Name,
				})...)
			}
			if tok.Folder < len(folders) {
				break // the budget ran out within the batch
			}
			tok.Batch, tok.Folder = tok.Batch+1, 0
			if tok.Batch == batches[owner] {
				tok.Owner, tok.Batch = tok.Owner+1, 0
			}
		}
	}
	if tok.Owner == len(owners) {
		if page.next == "" {
			return out, &rs.SyncOpResults{}, nil
		}
		tok = folderEntitlementsToken{Owners: page.next}
	}
	next, err := encodeToken(tok)
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

// recordFolders records the folders a walk step returns as the owner's
// batch n, and the owner with n+1 batches. It reports whether it wrote.
func recordFolders(ctx context.Context, ss sessions.SessionStore, ownerID string, n int, folders []*v2.Resource) (bool, error) {
	if len(folders) == 0 {
		return false, nil
	}
	batch := make([]recordedFolder, 0, len(folders))
	for _, f := range folders {
		batch = append(batch, recordedFolder{ID: f.GetId().GetResource(), Name: f.GetDisplayName()})
	}
	return true, storePage(ctx, ss, keys.folderBatches(ownerID), n, batch, true)
}

// folderEntitlements: the seven collaboration roles (one exclusion group
// per folder: Box gives a user or group one role on a folder), the owner,
// and open_link, held by "anyone with the link" when the folder's shared
// link is open. ref is the folder as its entitlements carry it.
func folderEntitlements(ref *v2.Resource) []*v2.Entitlement {
	name := ref.GetDisplayName()
	group := "folder:" + ref.GetId().GetResource() + ":role"
	out := make([]*v2.Entitlement, 0, len(folderRoles)+2)
	for _, role := range folderRoles {
		out = append(out, ent.NewPermissionEntitlement(ref, role.slug,
			ent.WithGrantableTo(grantableTo(userResourceType, groupResourceType, externalUserResourceType)...),
			ent.WithDisplayName(fmt.Sprintf("%s %s", name, role.boxRole)),
			ent.WithDescription(fmt.Sprintf("Box collaboration role %q on the folder %s: %s, in it and every folder below it", role.boxRole, name, role.description)),
			ent.WithExclusionGroupOrder(group, role.order),
		))
	}
	return append(out,
		ent.NewOwnershipEntitlement(ref, ownerEntitlement,
			ent.WithGrantableTo(grantableTo(userResourceType)...),
			ent.WithDisplayName(name+" owner"),
			ent.WithDescription(fmt.Sprintf("Owns the folder %s (ownership moves by content transfer, not by a grant)", name)),
		),
		ent.NewPermissionEntitlement(ref, openLinkEntitlement,
			ent.WithGrantableTo(grantableTo(sharedLinkResourceType)...),
			ent.WithDisplayName(name+" open shared link"),
			ent.WithDescription(fmt.Sprintf("Anyone with the URL of the folder %s's shared link can open it without signing in (effective access \"open\")", name)),
		),
	)
}

// allPage is one page of the session store's keys under a prefix, without
// the prefix, and the token of the next ("" after the last).
type allPage struct {
	values map[string][]byte
	next   string
}

// getAll reads one page of the keys under prefix. Stores return keys with
// or without the prefix (the SDK's c1z store strips it); both read the same.
func getAll(ctx context.Context, ss sessions.SessionStore, prefix, token string) (allPage, error) {
	var raw map[string][]byte
	var next string
	err := guardSession(func() error {
		var err error
		raw, next, err = ss.GetAll(ctx, token, sessions.WithPrefix(prefix))
		return err
	})
	if err != nil {
		return allPage{}, err
	}
	if next != "" && next == token {
		return allPage{}, fmt.Errorf("the session store gave back the page token it was asked with (%q)", token)
	}
	values := make(map[string][]byte, len(raw))
	for k, v := range raw {
		values[strings.TrimPrefix(k, prefix)] = v
	}
	return allPage{values: values, next: next}, nil
}
