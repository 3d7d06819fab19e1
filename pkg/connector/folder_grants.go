package connector

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
)

// A folder's grants: the owner holds `owner`; an open shared link grants
// `open_link` to "anyone with an open shared link"; and everyone who can
// open the folder through a collaboration holds its role: the folder's own
// accepted collaborations and its parents', since access "waterfalls" to
// every folder below (support.box.com article 360043697254, "Understanding
// Item Permissions"), so a review of a sub-folder shows everyone who can
// open it. A grant that comes from a parent carries the parent's ID in its
// metadata (`inherited_from`). A principal with collaborations at several
// levels holds the strongest role; between equals the nearest folder's.
// Users are the enterprise's `user`, an `external_user` or, gone since
// (a deleted user Box keeps on the collaboration), nobody: skipped. Groups
// are expandable to their members, so ConductorOne resolves who is in them.
// Pending and rejected invitations grant nothing.
//
// The collaborations come from the session store, where the folder walk
// left them (no API call). What is missing there (a targeted sync) is
// read from Box into the store first, one page per call.

// grantsPerCall bounds the grants of one Grants call (one gRPC answer).
const grantsPerCall = 500

type folderGrantsToken struct {
	Fetch *grantsFetch `json:"f,omitempty"` // reading a source's collaborations from Box
	Sent  int          `json:"s,omitempty"` // collaboration grants emitted so far
}

// grantsFetch reads the collaborations of one source (an index into the
// folder's sources) from Box into the session store.
type grantsFetch struct {
	Source int        `json:"i"`
	Read   collabRead `json:"r,omitzero"`
}

// folderSources are the folders whose collaborations reach folderID: the
// folder, then its parents, nearest first.
func folderSources(folderID string, parents []string) []string {
	out := make([]string, 0, len(parents)+1)
	out = append(out, folderID)
	for i := len(parents) - 1; i >= 0; i-- {
		out = append(out, parents[i])
	}
	return out
}

func (s *folderSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	s.stats.report(ctx, opts.SyncID, s.client.Pace())
	folderID := r.GetId().GetResource()
	owner, err := folderOwner(r)
	if err != nil {
		return nil, nil, err
	}
	var tok folderGrantsToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	sources := folderSources(folderID, folderParents(r))
	lists, missing, err := loadSources(ctx, opts.Session, sources)
	if err != nil {
		return nil, nil, sessionFailed(fmt.Sprintf("list grants (folder %s)", folderID), err)
	}
	if missing >= 0 {
		// One Box page per call; the grants follow once every source is in.
		if tok.Fetch == nil || tok.Fetch.Source != missing {
			tok.Fetch = &grantsFetch{Source: missing}
		}
		gone, err := s.fetchStep(ctx, opts.Session, owner, sources[missing], &tok.Fetch.Read)
		if err != nil || gone {
			return nil, &rs.SyncOpResults{}, err
		}
		next, err := encodeToken(tok)
		return nil, &rs.SyncOpResults{NextPageToken: next}, err
	}

	effective := effectiveGrantees(lists, sources)
	var out []*v2.Grant
	if tok.Sent == 0 {
		out = append(out, newGrant(r, ownerEntitlement, userPrincipal(owner)))
		if g := openLinkGrant(r); g != nil {
			out = append(out, g)
		}
	}
	end := min(tok.Sent+grantsPerCall, len(effective))
	for i := tok.Sent; i < end; i++ {
		if h := &effective[i]; h.Role == box.RoleOwner && h.ID == owner {
			continue // Box's owner entry: granted above
		}
		g, err := s.collaborationGrant(ctx, opts.Session, opts.SyncID, r, &effective[i])
		if err != nil {
			return nil, nil, err
		}
		if g != nil {
			out = append(out, g)
		}
	}
	if end == len(effective) {
		return out, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(folderGrantsToken{Sent: end})
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

// fetchStep reads one page of source's collaborations from Box into the
// session store. gone: Box confirms the folder no longer exists for owner
// (then it has no grants to list).
func (s *folderSyncer) fetchStep(ctx context.Context, ss sessions.SessionStore, owner, source string, read *collabRead) (bool, error) {
	page, err := s.listCollaborations(ctx, owner, source, read.Marker)
	switch {
	case box.IsNotFound(err):
		// Confirmed through the client the listing used: the as-user
		// header, or the owner's own token when Box refuses it for them.
		var f *box.Folder
		getErr := s.owners.do(ctx, owner, func(c *box.Client) error {
			var err error
			f, err = c.GetFolder(ctx, owner, source)
			return err
		})
		return true, folderGoneAfter(ctx, f, getErr, owner, source, "collaborations", err)
	case err != nil:
		return false, explainContentError(ctx, s.client, err, owner, box.ScopeReadFiles, "list collaborations (folder %s, owner %s)", source, owner)
	}
	_, _, err = readCollabPage(ctx, ss, source, owner, read, page)
	return false, err
}

// loadSources reads every source's accepted grantees from the session
// store; missing is the index of the first source not (wholly) there, -1
// when all are.
func loadSources(ctx context.Context, ss sessions.SessionStore, sources []string) ([][]grantee, int, error) {
	lists := make([][]grantee, len(sources))
	for i, src := range sources {
		for n, pages := 0, 1; n < pages; n++ {
			page, count, ok, err := loadPage[grantee](ctx, ss, keys.folderGrantees(src), n)
			if err != nil {
				return nil, -1, err
			}
			if !ok {
				return nil, i, nil
			}
			pages = count
			lists[i] = append(lists[i], page...)
		}
	}
	return lists, -1, nil
}

// heldGrantee is a grantee as the folder sees it: the strongest role it
// holds there and the folder it comes from ("" for the folder's own).
type heldGrantee struct {
	grantee
	From string
}

// effectiveGrantees merges the sources' grantees (lists[i] of sources[i],
// the folder first, then its parents nearest first) into one per principal,
// ordered by principal.
func effectiveGrantees(lists [][]grantee, sources []string) []heldGrantee {
	best := map[string]heldGrantee{}
	for i, list := range lists {
		from := ""
		if i > 0 {
			from = sources[i]
		}
		for _, g := range list {
			key := g.Type + ":" + g.ID
			if held, ok := best[key]; ok && rankOfGrant(held.Role) >= rankOfGrant(g.Role) {
				continue
			}
			best[key] = heldGrantee{grantee: g, From: from}
		}
	}
	out := make([]heldGrantee, 0, len(best))
	for _, h := range best {
		out = append(out, h)
	}
	slices.SortFunc(out, func(a, b heldGrantee) int { return cmp.Or(cmp.Compare(a.Type, b.Type), cmp.Compare(a.ID, b.ID)) })
	return out
}

// collaborationGrant is the grant of what g holds on the folder; nil for a
// user Box no longer has.
func (s *folderSyncer) collaborationGrant(ctx context.Context, ss sessions.SessionStore, syncID string, folder *v2.Resource, g *heldGrantee) (*v2.Grant, error) {
	slug, _ := slugOfGrant(g.Role) // checked when read
	var opts []grant.GrantOption
	if g.From != "" {
		opts = append(opts, grant.WithGrantMetadata(map[string]any{"inherited_from": g.From}))
	}
	if g.Type == box.GranteeGroup {
		if s.skip.skipsGroup(g.Name) {
			return nil, nil // --skip-group-name-prefixes
		}
		return groupGrant(folder, slug, g.ID, opts...), nil
	}
	if s.skip.skipsLogin(g.Login) {
		return nil, nil // --skip-app-users, whatever enterprise they are of
	}
	kind, err := s.principals.classify(ctx, ss, syncID, g.ID)
	if err != nil {
		return nil, err
	}
	principal := userPrincipal(g.ID)
	switch kind {
	case principalGone, principalSkipped:
		return nil, nil
	case principalExternal:
		principal = &v2.ResourceId{ResourceType: externalUserResourceType.Id, Resource: g.ID}
	case principalManaged, principalUnlisted: // the enterprise's users
	}
	return newGrant(folder, slug, principal, opts...), nil
}

// groupGrant is a group's grant of a folder role, expandable to the group's
// members (`group:<id>:member`).
func groupGrant(folder *v2.Resource, slug, groupID string, opts ...grant.GrantOption) *v2.Grant {
	members := fmt.Sprintf("%s:%s:%s", groupResourceType.Id, groupID, memberEntitlement)
	opts = append(opts, grant.WithAnnotation(&v2.GrantExpandable{EntitlementIds: []string{members}}))
	return newGrant(folder, slug, &v2.ResourceId{ResourceType: groupResourceType.Id, Resource: groupID}, opts...)
}
