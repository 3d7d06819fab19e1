package connector

import (
	"context"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Delete removes a user without losing their files. Box deletes a user
// without force only when they own nothing, and a content transfer (PUT
// /users/{id}/folders/0) may run for 10 minutes and carry on in the
// background, so the delete is tried first, as the check of what the user
// still owns:
//
//  1. delete without force: done, unless Box says the user still owns
//     content;
//  2. transfer everything to the content owner (--content-owner-id,
//     default the app's service account), once: a transfer whose outcome
//     is unknown is never sent again blindly; the next attempt starts at 1;
//  3. delete without force again; content still moving makes it
//     Unavailable, to be retried.
//
// The primary admin and the app's service account are never deleted; a
// co-admin only with --primary-admin-id.
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
	if err := s.guard(ctx, "delete user", u, true); err != nil { // a pending user can be deleted
		return nil, err
	}
	owner, err := s.contentOwner(ctx, userID)
	if err != nil {
		return nil, err
	}
	writer := s.writerFor(u)
	if s.admin != nil && s.contentOwnerID != "" && privileged(owner) {
		writer = s.admin // only the primary admin may transfer to an admin or co-admin
	}

	if done, err := s.deleteIfEmpty(ctx, writer, userID); err != nil || done != nil {
		return done, err
	}
	if since, running := s.claimTransfer(userID); running {
		return nil, status.Errorf(codes.Unavailable,
			"baton-box: delete user (user %s): the user still owns content, and the transfer sent %s ago may still be running at Box; "+
				"not sending another before it can be over (%s); retry later", userID, since.Round(time.Second), transferGrace)
	}
	err = writer.TransferOwnedContent(ctx, userID, owner.ID)
	switch {
	case box.IsNotFound(err):
		return alreadyDeleted(ctx, "user", userID), nil
	case box.IsStorageLimit(err):
		s.transfers.Delete(userID) // refused: nothing is running
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: delete user (user %s): the content owner, user %s, has no room for the user's content (Box: storage_limit_exceeded); "+
				"raise that user's storage in the Admin Console, or set --content-owner-id (BATON_CONTENT_OWNER_ID) to a user with room: %v", userID, owner.ID, err)
	case box.IsUnknownOutcome(err):
		return nil, status.Errorf(codes.Unavailable,
			"baton-box: delete user (user %s): the transfer of the user's content to user %s may or may not have happened; "+
				"not sent again: the next attempt checks what the user still owns first: %v", userID, owner.ID, err)
	case box.IsConflict(err):
		return nil, status.Errorf(codes.Unavailable,
			"baton-box: delete user (user %s): a transfer of the user's content is still running at Box; retry later: %v", userID, err)
	case err != nil:
		s.transfers.Delete(userID) // refused: nothing is running
		return nil, wrapf(err, "delete user (user %s): transfer owned content to user %s", userID, owner.ID)
	}
	if done, err := s.deleteIfEmpty(ctx, writer, userID); err != nil || done != nil {
		return done, err
	}
	// Box still counts content as the user's: its transfer carries on in
	// the background. Unavailable makes the delete be retried later.
	return nil, status.Errorf(codes.Unavailable,
		"baton-box: delete user (user %s): Box has not finished moving the user's content to user %s yet; retry", userID, owner.ID)
}

// transferGrace is how long a transfer sent may still be running at Box:
// Box answers within 10 minutes and may carry on after that (the spec).
const transferGrace = 15 * time.Minute

// claimTransfer records a transfer of the user's content as sent now,
// unless this process sent one less than transferGrace ago: then it
// reports that one (running) and how long ago. Another one is not sent
// meanwhile: its outcome may be unknown, and Box is probably still moving
// the content. Checking and recording are one step, so two deletes of the
// user at once send one transfer.
func (s *userSyncer) claimTransfer(userID string) (time.Duration, bool) {
	now := time.Now()
	for {
		v, loaded := s.transfers.LoadOrStore(userID, now)
		if !loaded {
			return 0, false
		}
		sent, _ := v.(time.Time)
		if since := now.Sub(sent); since < transferGrace {
			return since, true
		}
		if s.transfers.CompareAndSwap(userID, v, now) { // an old one: this one replaces it
			return 0, false
		}
	}
}

// deleteIfEmpty deletes the user without force. It returns annotations
// (empty, or ResourceDoesNotExist) when the user is gone, and then forgets
// any transfer sent; nothing when Box refused because the user still owns
// content (a 400, or a 409: Box's code is undocumented, docs/box-behaviour.md
// "Errors").
func (s *userSyncer) deleteIfEmpty(ctx context.Context, writer *box.Client, userID string) (annotations.Annotations, error) {
	var done annotations.Annotations
	switch err := writer.DeleteUser(ctx, userID, false); {
	case err == nil:
		done = annotations.Annotations{}
	case box.IsNotFound(err):
		done = alreadyDeleted(ctx, "user", userID)
	case box.IsOwnsContent(err):
		return nil, nil
	default:
		return nil, wrapf(err, "delete user (user %s)", userID)
	}
	s.transfers.Delete(userID)
	return done, nil
}

// contentOwner is who receives a deleted user's content: --content-owner-id,
// or the app's service account.
func (s *userSyncer) contentOwner(ctx context.Context, userID string) (*box.User, error) {
	if s.contentOwnerID == "" {
		me, err := s.account.get(ctx)
		if err != nil {
			return nil, wrapf(err, "delete user (user %s): read the service account", userID)
		}
		return me, nil
	}
	if s.contentOwnerID == userID {
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: delete user (user %s): the user is the configured content owner (--content-owner-id)", userID)
	}
	o, err := s.client.GetUser(ctx, s.contentOwnerID)
	if err != nil {
		return nil, wrapf(err, "delete user (user %s): check --content-owner-id %s", userID, s.contentOwnerID)
	}
	// "You can only transfer content to or from managed users or your own
	// account, not other co-admins or admins" (the spec's 403).
	if privileged(o) && s.admin == nil {
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: delete user (user %s): --content-owner-id %s is an admin or co-admin, to whom Box lets only the primary admin transfer content; "+
				"name a regular managed user, or leave it unset for the app's service account", userID, s.contentOwnerID)
	}
	return o, nil
}

// privileged: the admin or a co-admin, whom Box lets only the primary admin
// change or transfer content to.
func privileged(u *box.User) bool { return u.Role == box.RoleAdmin || u.Role == box.RoleCoadmin }
