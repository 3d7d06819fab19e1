package connector

import (
	"context"
	"time"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Get serves targeted syncs: ConductorOne refreshes one user or group (and,
// for a group, its members) after a change, without a full sync.

func (s *userSyncer) Get(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (*v2.Resource, annotations.Annotations, error) {
	if id.GetResourceType() != userResourceType.Id || id.GetResource() == "" {
		return nil, nil, status.Errorf(codes.InvalidArgument, "baton-box: get user: not a user: %s %q", id.GetResourceType(), id.GetResource())
	}
	u, err := s.client.GetUser(ctx, id.GetResource())
	if err != nil {
		return nil, nil, wrapf(err, "get user (user %s)", id.GetResource())
	}
	r, err := userResource(u, time.Time{})
	return r, nil, err
}

func (s *groupSyncer) Get(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (*v2.Resource, annotations.Annotations, error) {
	if id.GetResourceType() != groupResourceType.Id || id.GetResource() == "" {
		return nil, nil, status.Errorf(codes.InvalidArgument, "baton-box: get group: not a group: %s %q", id.GetResourceType(), id.GetResource())
	}
	g, err := s.client.GetGroup(ctx, id.GetResource())
	if err != nil {
		return nil, nil, wrapf(err, "get group (group %s)", id.GetResource())
	}
	r, err := groupResource(g)
	return r, nil, err
}
