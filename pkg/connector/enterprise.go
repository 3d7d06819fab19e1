package connector

import (
	"context"
	"fmt"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	ent "github.com/conductorone/baton-sdk/pkg/types/entitlement"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

type enterpriseSyncer struct {
	account *serviceAccount
	skip    exclusions
}

func newEnterpriseSyncer(account *serviceAccount, skip exclusions) *enterpriseSyncer {
	return &enterpriseSyncer{account: account, skip: skip}
}

func (s *enterpriseSyncer) ResourceType(context.Context) *v2.ResourceType {
	return enterpriseResourceType
}

// List returns the one enterprise. Box has no enterprise endpoint; its id and
// name come with the service account from /users/me, as Validate read it.
func (s *enterpriseSyncer) List(ctx context.Context, _ *v2.ResourceId, _ rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	me, err := s.account.get(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: read enterprise (users/me): %w", err)
	}
	if me.Enterprise == nil || me.Enterprise.ID == "" {
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: read enterprise (users/me): the service account %s has no enterprise; set the app's access level to App + Enterprise Access", me.ID)
	}
	name := me.Enterprise.Name
	if name == "" {
		name = "Box enterprise " + me.Enterprise.ID
	}
	r, err := rs.NewResource(name, enterpriseResourceType, me.Enterprise.ID,
		rs.WithResourceProfile(map[string]any{"enterprise_id": me.Enterprise.ID, "enterprise_name": me.Enterprise.Name}),
		rs.WithAnnotation(enterpriseChildren()...))
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: build enterprise resource (enterprise %s): %w", me.Enterprise.ID, err)
	}
	return []*v2.Resource{r}, &rs.SyncOpResults{}, nil
}

// The enterprise is the parent of users, groups and roles, as in the Box
// connector already deployed, so ConductorOne shows the same tree. The SDK
// lists those types once per enterprise (their top-level listing is empty),
// which costs no extra API calls.
func enterpriseChildren() []proto.Message {
	return []proto.Message{
		&v2.ChildResourceType{ResourceTypeId: userResourceType.Id},
		&v2.ChildResourceType{ResourceTypeId: groupResourceType.Id},
		&v2.ChildResourceType{ResourceTypeId: roleResourceType.Id},
	}
}

// isEnterprise reports whether a List call is for the enterprise's children.
func isEnterprise(parent *v2.ResourceId) bool {
	return parent.GetResourceType() == enterpriseResourceType.Id && parent.GetResource() != ""
}

// enterpriseParent is the parent of every user, group and role resource.
func enterpriseParent(enterpriseID string) *v2.ResourceId {
	return &v2.ResourceId{ResourceType: enterpriseResourceType.Id, Resource: enterpriseID}
}

func (s *enterpriseSyncer) Entitlements(_ context.Context, r *v2.Resource, _ rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	ref := resourceRef(r)
	e := ent.NewAssignmentEntitlement(ref, memberEntitlement,
		ent.WithGrantableTo(grantableTo(userResourceType)...),
		ent.WithDisplayName(fmt.Sprintf("%s enterprise member", r.GetDisplayName())),
		ent.WithDescription(fmt.Sprintf("Member of the Box enterprise %s", r.GetDisplayName())),
	)
	return []*v2.Entitlement{e}, &rs.SyncOpResults{}, nil
}

// Grants: every synced user is a member of the enterprise.
func (s *enterpriseSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	users, next, err := walkUsers(ctx, s.account.client, s.skip, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list enterprise members (enterprise %s): %w", r.GetId().GetResource(), err)
	}
	out := make([]*v2.Grant, 0, len(users))
	for _, u := range users {
		out = append(out, newGrant(r, memberEntitlement, userPrincipal(u.ID)))
	}
	return out, &rs.SyncOpResults{NextPageToken: next}, nil
}
