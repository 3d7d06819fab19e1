package connector

import (
	"context"
	"fmt"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// External collaborators: people from other companies on synced folders.
// Box cannot list them (its user listing holds the enterprise's users
// only), so they are found where they hold access: a folder whose accepted
// collaborators may include one announces this type as its child, and the
// child listing returns those of its collaborators who are external, from
// what the folder walk kept in the session store (no API call). A person on
// many folders is returned by each of them: the SDK stores one resource per
// Box user ID, so there is exactly one resource per person. They hold only
// their folder grants: no enterprise, role or group grants, and the `user`
// type is unchanged.

var externalUserResourceType = &v2.ResourceType{
	Id:          "external_user",
	DisplayName: "External collaborator",
	Description: "A person from another company who collaborates on a synced Box folder (with --sync-folders).",
	Traits:      []v2.ResourceType_Trait{v2.ResourceType_TRAIT_USER},
	Annotations: annotations.New(&v2.SkipEntitlementsAndGrants{}, &v2.OptInRequired{}, permissions(box.ScopeReadFiles)),
}

type externalUserSyncer struct {
	principals *principals
	skip       exclusions
}

func newExternalUserSyncer(p *principals, skip exclusions) *externalUserSyncer {
	return &externalUserSyncer{principals: p, skip: skip}
}

func (s *externalUserSyncer) ResourceType(context.Context) *v2.ResourceType {
	return externalUserResourceType
}

// List returns the external people among one page of a folder's accepted
// collaborators. Only folders list them.
func (s *externalUserSyncer) List(ctx context.Context, parent *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if parent.GetResourceType() != folderResourceType.Id {
		return nil, &rs.SyncOpResults{}, nil
	}
	return listCollaboratorsOf(ctx, s.principals, s.skip, parent.GetResource(), opts, principalExternal, "list external collaborators", externalUserResource)
}

type collaboratorListToken struct {
	Page int `json:"p,omitempty"`
}

// listCollaboratorsOf returns the users of kind among one page of a
// folder's accepted collaborators, as the walk kept them in the session
// store (no API call but classify's), built with build.
func listCollaboratorsOf(ctx context.Context, p *principals, skip exclusions, folderID string, opts rs.SyncOpAttrs, kind principalKind, action string,
	build func(*grantee) (*v2.Resource, error)) ([]*v2.Resource, *rs.SyncOpResults, error) {
	var tok collaboratorListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	page, pages, ok := loadGranteePage(ctx, opts.Session, folderID, tok.Page)
	if !ok {
		// The walk stored the page before it returned the folder: without
		// it the folder's collaborators would be missing.
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s (folder %s, page %d): the folder's collaborations are not in the SDK session store", action, folderID, tok.Page)
	}
	var out []*v2.Resource
	for i := range page {
		g := &page[i]
		if g.Type != box.GranteeUser || skip.skipsLogin(g.Login) {
			continue
		}
		k, err := p.classify(ctx, opts.Session, opts.SyncID, g.ID)
		if err != nil {
			return nil, nil, err
		}
		if k != kind {
			continue
		}
		r, err := build(g)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	if tok.Page+1 >= pages {
		return out, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(collaboratorListToken{Page: tok.Page + 1})
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

// externalUserResource describes a person from what their collaboration
// shows: login (their e-mail), name and whether the account is active.
// They have no parent: they belong to no part of this enterprise.
func externalUserResource(g *grantee) (*v2.Resource, error) {
	name := strings.TrimSpace(g.Name)
	if name == "" {
		name = g.Login
	}
	userStatus := v2.UserTrait_Status_STATUS_ENABLED
	if g.Inactive {
		userStatus = v2.UserTrait_Status_STATUS_DISABLED
	}
	first, last := rs.SplitFullName(g.Name)
	profile := map[string]any{
		"user_id":    g.ID,
		"login":      g.Login,
		"name":       g.Name,
		"first_name": first,
		"last_name":  last,
		"external":   true,
		"is_active":  !g.Inactive,
	}
	if _, domain, ok := strings.Cut(g.Login, "@"); ok {
		profile["domain"] = strings.ToLower(domain)
	}
	traitOpts := []rs.UserTraitOption{
		rs.WithUserLogin(g.Login),
		rs.WithAccountType(v2.UserTrait_ACCOUNT_TYPE_HUMAN),
		rs.WithStatus(userStatus), //nolint:staticcheck // the trait status is still what older readers use (see user.go)
	}
	if g.Login != "" {
		traitOpts = append(traitOpts, rs.WithEmail(g.Login, true))
	}
	r, err := rs.NewUserResource(name, externalUserResourceType, g.ID, traitOpts, rs.WithResourceProfile(profile),
		rs.WithDescription("External collaborator"))
	if err != nil {
		return nil, fmt.Errorf("baton-box: build external collaborator resource (user %s): %w", g.ID, err)
	}
	return r, nil
}

func (s *externalUserSyncer) Entitlements(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

func (s *externalUserSyncer) Grants(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}
