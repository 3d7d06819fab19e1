package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Get serves a targeted sync of one folder. A folder is read as its owner,
// who is its parent resource (`user:<id>`). It reads the folder and all its
// collaborations (for the profile's counts); the grants that follow read
// them again (Get has no session store). It does not list the folder's
// external collaborators as resources: their grants are refreshed, and a
// person new to the enterprise's folders becomes a resource with the next
// full sync.
func (s *folderSyncer) Get(ctx context.Context, id *v2.ResourceId, parent *v2.ResourceId) (*v2.Resource, annotations.Annotations, error) {
	folderID, err := resourceIDOf("get folder", id, folderResourceType)
	if err != nil {
		return nil, nil, err
	}
	if parent.GetResourceType() != userResourceType.Id || validID("user", parent.GetResource()) != nil {
		return nil, nil, status.Errorf(codes.InvalidArgument,
			"baton-box: get folder %s: a folder is read as its owner, so its parent must be the owner (user:<id>), got %s %q",
			folderID, parent.GetResourceType(), parent.GetResource())
	}
	f, owner, err := s.ownerView(ctx, folderID, parent.GetResource(), "get folder")
	if err != nil {
		return nil, nil, err
	}
	above := folderParent(f)
	m := newFolderMeta(&f.Item, owner, &above)

	var counts collabCounts
	for c, err := range s.collaborations(ctx, owner, folderID, "get folder") { // never an entry twice
		if err != nil {
			return nil, nil, err
		}
		counts.count(c)
	}
	r, err := folderResource(&m, counts, false)
	return r, nil, err
}

// ownerView reads a folder as its owner (ownerAccess). When Box says
// someone else owns it now, that user is the owner from then on.
func (s *folderSyncer) ownerView(ctx context.Context, folderID, owner, action string) (*box.Folder, string, error) {
	var f *box.Folder
	err := s.owners.do(ctx, owner, func(c *box.Client) error {
		var err error
		f, err = c.GetFolder(ctx, owner, folderID)
		return err
	})
	switch {
	case err == nil:
	case box.IsAccessDenied(err) && !s.owners.userTokens:
		return nil, "", status.Errorf(codes.FailedPrecondition,
			"baton-box: %s (folder %s): Box refuses the as-user header for its owner, user %s (admins and co-admins cannot be acted as), so the app cannot read or change it; "+
				"set --primary-admin-id (it needs the app's Generate User Access Tokens) to act as them with their own token: %v",
			action, folderID, owner, err)
	default:
		return nil, "", explainContentError(ctx, s.client, err, owner, box.ScopeReadFiles, "%s (folder %s, owner %s)", action, folderID, owner)
	}
	if f.OwnedBy != nil && f.OwnedBy.ID != "" && f.OwnedBy.ID != owner {
		owner = f.OwnedBy.ID
	}
	return f, owner, nil
}
