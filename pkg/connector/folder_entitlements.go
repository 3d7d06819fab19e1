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
// minutes at 30,000 folders (bench/README.md). The walk records every
// folder it returns, under its owner, in the session store
// (recordFolders); the listing reads them back, owner by owner. A folder
// the walk did not return has no entitlements, as it has no resource.
// A targeted sync of a folder lists no entitlements (the SDK leaves
// type-scoped ones to a full sync); its grants are listed as in a full
// sync.

// foldersPerEntitlementsCall bounds the folders of one call: nine
// entitlements each, well within one gRPC answer.
const foldersPerEntitlementsCall = 500

// folderEntitlementsToken is where the listing is: in the page of owners
// that Owners (a session-store page token) starts, the owner at Owner, in
// the page of that owner's folders that Folders starts, at Folder.
type folderEntitlementsToken struct {
	Owners  string `json:"o,omitempty"`
	Owner   int    `json:"i,omitempty"`
	Folders string `json:"f,omitempty"`
	Folder  int    `json:"j,omitempty"`
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
	owners, nextOwners, err := sortedKeys(ctx, opts.Session, keys.folderOwnerPrefix(), tok.Owners)
	if errors.Is(err, errSessionUnavailable) && tok == (folderEntitlementsToken{}) && !s.stats.walked(opts.SyncID) {
		// Served without a store, the walk can have returned no folder
		// (it keeps every folder there): there are none to list.
		return nil, &rs.SyncOpResults{}, nil
	}
	if err != nil {
		return nil, nil, failed(err)
	}
	var out []*v2.Entitlement
	for budget := foldersPerEntitlementsCall; tok.Owner < len(owners) && budget > 0; {
		owner := owners[tok.Owner]
		prefix := keys.folderOfPrefix(owner)
		page, err := getAll(ctx, opts.Session, prefix, tok.Folders)
		if err != nil {
			return nil, nil, failed(err)
		}
		ids := slices.Sorted(maps.Keys(page.values))
		for ; tok.Folder < len(ids) && budget > 0; tok.Folder, budget = tok.Folder+1, budget-1 {
			id := ids[tok.Folder]
			out = append(out, folderEntitlements(&v2.Resource{
				Id:               &v2.ResourceId{ResourceType: folderResourceType.Id, Resource: id},
				ParentResourceId: userPrincipal(owner),
				DisplayName:      string(page.values[id]),
			})...)
		}
		switch {
		case tok.Folder < len(ids): // the budget ran out within the page
		case page.next != "":
			tok.Folders, tok.Folder = page.next, 0
		default:
			tok.Owner, tok.Folders, tok.Folder = tok.Owner+1, "", 0
		}
	}
	if tok.Owner == len(owners) {
		if nextOwners == "" {
			return out, &rs.SyncOpResults{}, nil
		}
		tok = folderEntitlementsToken{Owners: nextOwners}
	}
	next, err := encodeToken(tok)
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

// recordFolders records the folders a walk step returns, for their
// entitlements.
func recordFolders(ctx context.Context, ss sessions.SessionStore, ownerID string, folders []*v2.Resource) error {
	if len(folders) == 0 {
		return nil
	}
	values := map[string][]byte{keys.folderOwner(ownerID): {'1'}}
	for _, f := range folders {
		values[keys.folderOf(ownerID, f.GetId().GetResource())] = []byte(f.GetDisplayName())
	}
	return setValues(ctx, ss, values)
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

// sortedKeys reads one page of the keys under prefix, in order.
func sortedKeys(ctx context.Context, ss sessions.SessionStore, prefix, token string) ([]string, string, error) {
	page, err := getAll(ctx, ss, prefix, token)
	if err != nil {
		return nil, "", err
	}
	return slices.Sorted(maps.Keys(page.values)), page.next, nil
}
