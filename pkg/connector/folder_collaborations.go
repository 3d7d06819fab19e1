package connector

import (
	"context"
	"fmt"
	"iter"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Reading a folder's collaborations, shared by the walk, the grants, Get
// and the provisioners. Box lists a parent's collaborations on its
// sub-folders too; each is that parent's grant, so every reader keeps only
// the folder's own (onFolder).

// listCollaborations reads a page of a folder's collaborations as its owner.
func (s *folderSyncer) listCollaborations(ctx context.Context, owner, folderID, marker string) (*box.CollaborationsPage, error) {
	var page *box.CollaborationsPage
	err := s.owners.do(owner, func(c *box.Client) error {
		var err error
		page, err = c.ListFolderCollaborations(ctx, owner, folderID, marker)
		return err
	})
	return page, err
}

// collaborations yields the folder's own collaborations (any status), every
// page, read as its owner. A failed read ends it with the error, explained
// and wrapped as part of action.
func (s *folderSyncer) collaborations(ctx context.Context, owner, folderID, action string) iter.Seq2[*box.Collaboration, error] {
	return func(yield func(*box.Collaboration, error) bool) {
		for marker := ""; ; {
			p, err := s.listCollaborations(ctx, owner, folderID, marker)
			if err != nil {
				yield(nil, explainContentError(ctx, s.client, err, owner, box.ScopeReadFiles,
					"%s: list collaborations (folder %s, owner %s)", action, folderID, owner))
				return
			}
			for i := range p.Collaborations {
				if c := &p.Collaborations[i]; onFolder(c, folderID) && !yield(c, nil) {
					return
				}
			}
			if marker = p.NextMarker; marker == "" {
				return
			}
		}
	}
}

// onFolder: c is the folder's own collaboration, not a parent's. (A
// pending invitation from before 2018 names no item: it counts here.)
func onFolder(c *box.Collaboration, folderID string) bool {
	return c.Item == nil || c.Item.ID == folderID
}

// acceptedGrantees are who the folder's own accepted collaborations on a
// page are for; pending and rejected invitations give no access.
func acceptedGrantees(page *box.CollaborationsPage, folderID, owner string) ([]grantee, error) {
	out := make([]grantee, 0, len(page.Collaborations))
	for i := range page.Collaborations {
		c := &page.Collaborations[i]
		if c.Status != box.CollabAccepted || !onFolder(c, folderID) {
			continue
		}
		g, err := granteeOf(c)
		if err != nil {
			return nil, fmt.Errorf("baton-box: list collaborations (folder %s, owner %s): %w", folderID, owner, err)
		}
		out = append(out, g)
	}
	return out, nil
}

// granteeOf reads who an accepted collaboration is for. One without a user
// or group would be a grant to no one: the page is refused, not skipped.
func granteeOf(c *box.Collaboration) (grantee, error) {
	a := c.AccessibleBy
	if a == nil || a.ID == "" || (a.Type != box.GranteeUser && a.Type != box.GranteeGroup) {
		return grantee{}, status.Errorf(codes.Internal, "Box sent accepted collaboration %s without a user or group it is for", c.ID)
	}
	g := grantee{Role: c.Role, Type: a.Type, ID: a.ID, Login: a.Login, Name: a.Name}
	if a.IsActive != nil && !*a.IsActive {
		g.Inactive = true
	}
	if _, ok := slugOfRole(c.Role); !ok {
		return grantee{}, status.Errorf(codes.Internal, "Box sent collaboration %s with role %q, which is none of %v", c.ID, c.Role, folderSlugs())
	}
	return g, nil
}

// folderGone logs a folder Box no longer has (deleted or moved away since
// it was listed): it is skipped, not an error.
func folderGone(ctx context.Context, owner, folderID string, err error) {
	ctxzap.Extract(ctx).Info("baton-box: folder gone during the sync; skipped",
		zap.String("owner_id", owner), zap.String("folder_id", folderID), zap.String("code", box.ErrorCode(err)))
}
