package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// Open shared links. A folder whose shared link's effective access is
// "open" can be opened by anyone who has the URL, signed in or not, unless
// its effective permission is no_access (the spec's enum), which opens
// nothing. That audience is one principal, `shared_link:open` ("Anyone
// with an open shared link"), which holds the folder's `open_link`
// entitlement; the grant's metadata says what the link allows
// (effective_permission: can_download, can_preview or can_edit) and
// whether it asks for a password. So a reviewer sees it among who can
// open the folder, and finds the open links of every synced folder (to
// --folder-depth; links of files are not read) in one place: the grants
// of that principal. The folder's profile carries the link's facts
// (access, effective access and permission, password).

const openLinkAudienceID = "open"

var sharedLinkResourceType = &v2.ResourceType{
	Id:          "shared_link",
	DisplayName: "Shared link audience",
	Description: "Everyone a Box shared link lets in: `open` is anyone with the URL (with --sync-folders). The grants it holds list every folder with an open link.",
	Traits:      []v2.ResourceType_Trait{v2.ResourceType_TRAIT_GROUP},
	Annotations: annotations.New(&v2.SkipEntitlementsAndGrants{}, &v2.OptInRequired{}, permissions(box.ScopeReadFiles)),
}

// openLinkAudience is the principal of every open_link grant.
var openLinkAudience = &v2.ResourceId{ResourceType: sharedLinkResourceType.Id, Resource: openLinkAudienceID}

// sharedLinkSyncer serves the audience; listed: folders are synced.
type sharedLinkSyncer struct{ listed bool }

func (sharedLinkSyncer) ResourceType(context.Context) *v2.ResourceType { return sharedLinkResourceType }

// List returns the one audience, at the top of the tree (it is no part of
// the enterprise), when folders are synced. No API call.
func (s sharedLinkSyncer) List(_ context.Context, parent *v2.ResourceId, _ rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if parent != nil || !s.listed {
		return nil, &rs.SyncOpResults{}, nil
	}
	r, err := rs.NewGroupResource("Anyone with an open shared link", sharedLinkResourceType, openLinkAudienceID, nil,
		rs.WithResourceProfile(map[string]any{"access": "open"}),
		rs.WithDescription("Anyone who has the URL of a Box shared link whose effective access is open, signed in or not"))
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: build the open shared link audience: %w", err)
	}
	return []*v2.Resource{r}, &rs.SyncOpResults{}, nil
}

func (sharedLinkSyncer) Entitlements(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

func (sharedLinkSyncer) Grants(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

// openLinkGrant is the folder's open_link grant to the audience, from its
// profile; nil when its link opens nothing to anyone with the URL.
func openLinkGrant(folder *v2.Resource) *v2.Grant {
	profile := rs.GetProfile(folder).GetFields()
	if !profile["open_shared_link"].GetBoolValue() {
		return nil
	}
	permission := profile["shared_link_effective_permission"].GetStringValue()
	password := profile["shared_link_password"].GetBoolValue()
	return newGrant(folder, openLinkEntitlement, openLinkAudience,
		grant.WithGrantMetadata(map[string]any{"effective_permission": permission, "password_required": password}))
}
