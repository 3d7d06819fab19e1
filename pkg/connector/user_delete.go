package connector

import (
	"context"
	"net/http"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Delete removes a user without losing their files: everything the user owns
// is first transferred to the content owner (--content-owner-id, default the
// app's service account), then the user is deleted without force, so Box
// refuses rather than destroy content that has not moved yet.
func (s *userSyncer) Delete(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (annotations.Annotations, error) {
	userID, err := resourceIDOf("delete user", id, userResourceType)
	if err != nil {
		return nil, err
	}
	u, err := s.client.GetUser(ctx, userID)
	if box.IsNotFound(err) {
		return alreadyDeleted(ctx, "user", userID), nil
	}
	if err != nil {
		return nil, wrapf(err, "delete user (user %s): read user", userID)
	}
	if err := s.actions.guard(ctx, "delete user", u); err != nil {
		return nil, err
	}
	me, err := s.account.get(ctx)
	if err != nil {
		return nil, wrapf(err, "delete user (user %s): read the service account", userID)
	}

	owner := s.contentOwnerID
	if owner == "" {
		owner = me.ID
	} else {
		o, err := s.client.GetUser(ctx, owner)
		if err != nil {
			return nil, wrapf(err, "delete user (user %s): check --content-owner-id %s", userID, owner)
		}
		// "You can only transfer content to or from managed users or your
		// own account, not other co-admins or admins" (the spec's 403).
		if (o.Role == box.RoleAdmin || o.Role == box.RoleCoadmin) && !s.actions.asAdmin {
			return nil, status.Errorf(codes.FailedPrecondition,
				"baton-box: delete user (user %s): --content-owner-id %s is an admin or co-admin, to whom Box lets only the primary admin transfer content; "+
					"name a regular managed user, or leave it unset for the app's service account", userID, owner)
		}
	}
	if owner == userID {
		return nil, status.Errorf(codes.FailedPrecondition, "baton-box: delete user (user %s): the user is the configured content owner (--content-owner-id)", userID)
	}
	if err := s.client.TransferOwnedContent(ctx, userID, owner); err != nil {
		if box.IsNotFound(err) {
			return alreadyDeleted(ctx, "user", userID), nil
		}
		return nil, wrapf(err, "delete user (user %s): transfer owned content to user %s", userID, owner)
	}

	err = s.client.DeleteUser(ctx, userID, false)
	switch {
	case box.IsNotFound(err):
		return alreadyDeleted(ctx, "user", userID), nil
	case box.StatusCode(err) == http.StatusBadRequest:
		// Box still counts content as the user's: its transfer runs
		// asynchronously. Unavailable makes the delete be retried later.
		return nil, status.Errorf(codes.Unavailable,
			"baton-box: delete user (user %s): Box has not finished moving the user's content to user %s yet; retry: %v", userID, owner, err)
	case err != nil:
		return nil, wrapf(err, "delete user (user %s)", userID)
	}
	return nil, nil
}
