package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
)

// A folder's grants: the owner holds `owner`; every accepted collaboration
// grants its role to its user (the enterprise's `user`, or an
// `external_user`) or group (expandable to the group's members, so
// ConductorOne resolves who is in it); an open shared link grants
// `open_link` to "anyone with an open shared link". Pending and rejected
// invitations grant nothing. The collaborations come from the session store,
// where the folder walk left them (no API call); if they are missing (a
// targeted sync, a lost store) they are read from Box, one page per call.

type folderGrantsToken struct {
	Page   int    `json:"p,omitempty"` // session page
	API    bool   `json:"a,omitempty"` // reading Box instead
	Marker string `json:"m,omitempty"`
}

func (s *folderSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	folderID := r.GetId().GetResource()
	owner, err := folderOwner(r)
	if err != nil {
		return nil, nil, err
	}
	var tok folderGrantsToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	first := tok.Page == 0 && tok.Marker == ""

	var entries []grantee
	var next *folderGrantsToken
	if !tok.API {
		page, pages, ok := loadGranteePage(ctx, opts.Session, folderID, tok.Page)
		if ok {
			entries = page
			if tok.Page+1 < pages {
				next = &folderGrantsToken{Page: tok.Page + 1}
			}
		} else {
			// Grants of earlier pages may come again; the SDK keeps one of each.
			tok = folderGrantsToken{API: true}
		}
	}
	if tok.API {
		page, err := s.listCollaborations(ctx, owner, folderID, tok.Marker)
		switch {
		case box.IsNotFound(err):
			folderGone(ctx, owner, folderID, err)
			return nil, &rs.SyncOpResults{}, nil
		case err != nil:
			return nil, nil, explainContentError(ctx, s.client, err, owner, box.ScopeReadFiles, "list collaborations (folder %s, owner %s)", folderID, owner)
		}
		if entries, err = acceptedGrantees(page, folderID, owner); err != nil {
			return nil, nil, err
		}
		if page.NextMarker != "" {
			next = &folderGrantsToken{API: true, Marker: page.NextMarker}
		}
	}

	out := make([]*v2.Grant, 0, len(entries)+2)
	if first {
		out = append(out, grant.NewGrant(r, ownerEntitlement, userPrincipal(owner)))
		if open := rs.GetProfile(r).GetFields()["open_shared_link"]; open.GetBoolValue() {
			out = append(out, openLinkGrant(r))
		}
	}
	for i := range entries {
		g, err := s.collaborationGrant(ctx, opts.Session, opts.SyncID, r, &entries[i])
		if err != nil {
			return nil, nil, err
		}
		out = append(out, g)
	}
	if next == nil {
		return out, &rs.SyncOpResults{}, nil
	}
	token, err := encodeToken(*next)
	return out, &rs.SyncOpResults{NextPageToken: token}, err
}

// collaborationGrant is the grant of one accepted collaboration.
func (s *folderSyncer) collaborationGrant(ctx context.Context, ss sessions.SessionStore, syncID string, folder *v2.Resource, g *grantee) (*v2.Grant, error) {
	slug, _ := slugOfRole(g.Role) // checked when read
	if g.Type == box.GranteeGroup {
		return groupGrant(folder, slug, g.ID), nil
	}
	ext, err := s.principals.external(ctx, ss, syncID, g.ID)
	if err != nil {
		return nil, err
	}
	principal := userPrincipal(g.ID)
	if ext {
		principal = &v2.ResourceId{ResourceType: externalUserResourceType.Id, Resource: g.ID}
	}
	return grant.NewGrant(folder, slug, principal), nil
}

// groupGrant is a group's grant of a folder role, expandable to the group's
// members (`group:<id>:member`).
func groupGrant(folder *v2.Resource, slug, groupID string) *v2.Grant {
	members := fmt.Sprintf("%s:%s:%s", groupResourceType.Id, groupID, memberEntitlement)
	return grant.NewGrant(folder, slug, &v2.ResourceId{ResourceType: groupResourceType.Id, Resource: groupID},
		grant.WithAnnotation(&v2.GrantExpandable{EntitlementIds: []string{members}}))
}
