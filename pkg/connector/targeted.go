package connector

import (
	"context"
	"time"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
)

// Get serves targeted syncs: ConductorOne refreshes one user or group (and,
// for a group, its members) after a change, without a full sync.

func (s *userSyncer) Get(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (*v2.Resource, annotations.Annotations, error) {
	userID, err := resourceIDOf("get user", id, userResourceType)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.client.GetUser(ctx, userID)
	if err != nil {
		return nil, nil, wrapf(err, "get user (user %s)", userID)
	}
	r, err := s.resource(u, time.Time{})
	return r, nil, err
}

func (s *groupSyncer) Get(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (*v2.Resource, annotations.Annotations, error) {
	groupID, err := resourceIDOf("get group", id, groupResourceType)
	if err != nil {
		return nil, nil, err
	}
	g, err := s.client.GetGroup(ctx, groupID)
	if err != nil {
		return nil, nil, wrapf(err, "get group (group %s)", groupID)
	}
	r, err := groupResource(g, enterpriseParent(s.enterpriseID))
	return r, nil, err
}
