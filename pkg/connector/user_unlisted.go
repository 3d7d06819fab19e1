package connector

import (
	"context"
	"fmt"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Users of the enterprise that GET /users does not list, with
// --sync-folders: they hold folder access, so they must be resources a
// grant can name.
//   - The app's service account owns what a deleted user's content was
//     transferred to (the default --content-owner-id), collaborations and
//     shared links included (the spec, PUT /users/{id}/folders/0): it is
//     listed with the enterprise's users, and its folders are walked like
//     theirs, so a leaver's external sharing stays reviewable.
//   - Other apps' service accounts collaborate on folders: they are listed
//     under the folders they collaborate on (like external collaborators),
//     from what GET /users/{id} said of them (principals.classify).
// Neither gets role or enterprise grants: Box's listing, which those
// grants follow, does not hold them.

// serviceAccountResource is the app's service account as a user, from
// users/me (read at Validate; no extra call).
func (s *userSyncer) serviceAccountResource(ctx context.Context) (*v2.Resource, error) {
	me, err := s.account.get(ctx)
	if err != nil {
		return nil, fmt.Errorf("baton-box: read the app's service account (users/me): %w", err)
	}
	sa := *me
	if sa.Status == "" {
		sa.Status = box.StatusActive // its token works: it is active (users/me is not asked for the status)
	}
	return s.resource(&sa, time.Time{})
}

// unlistedCollaborators lists, under a folder, its collaborators who are
// the enterprise's users but not in its user listing.
func (s *userSyncer) unlistedCollaborators(ctx context.Context, parent *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	return listCollaboratorsOf(ctx, s.principals, s.scope.skip, parent.GetResource(), opts, principalUnlisted, "list unlisted users among collaborators",
		func(g *grantee) (*v2.Resource, error) {
			u := s.principals.unlistedUser(g.ID)
			if u == nil {
				return nil, status.Errorf(codes.Internal, "baton-box: collaborator %s: read as the enterprise's unlisted user, but not kept", g.ID)
			}
			// Not s.resource: their own folders are not walked (Box's
			// as-user reaches managed and app users, not other apps'
			// service accounts).
			return userResource(u, enterpriseParent(s.enterpriseID), time.Time{})
		})
}
