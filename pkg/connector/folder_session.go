package connector

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// The folder walk reads each folder's collaborations once, in the resources
// phase (the folder's profile counts its pending invitations, and external
// collaborators must be resources before any grant names them). It keeps
// what the later phases need in the SDK session store:
//   - each folder's listing facts until its collaborations are read;
//   - each folder's accepted collaborations, page by page as Box gave them,
//     for the folder's grants and its external collaborators.
//
// The walk needs the store (the binary always runs with one); the grants
// fall back to reading Box when an entry is missing.
// grantee is an accepted collaboration, as kept for the grants: the role,
// and who holds it (a user, with what identifies a person from another
// company, or a group).
type grantee struct {
	Role     string `json:"r"`
	Type     string `json:"t"`
	ID       string `json:"i"`
	Login    string `json:"l,omitempty"`
	Name     string `json:"n,omitempty"`
	Inactive bool   `json:"x,omitempty"`
}

// sessionFailed is the walk's error when the session store fails.
func sessionFailed(action string, err error) error {
	return status.Errorf(codes.FailedPrecondition,
		"baton-box: %s: the SDK session store failed (--sync-folders keeps each folder's collaborations there between the folder listing and the grants): %v", action, err)
}

// storeFolderMetas keeps the listing facts of folders found on a page, and
// an empty (complete) list of accepted collaborations for each folder of
// none, whose collaborations are not read.
func storeFolderMetas(ctx context.Context, ss sessions.SessionStore, metas []folderMeta, none []string) error {
	values := make(map[string][]byte, len(metas)+2*len(none))
	for i := range metas {
		raw, err := json.Marshal(&metas[i])
		if err != nil {
			return err
		}
		values[keys.folderMeta(metas[i].ID)] = raw
	}
	for _, id := range none {
		l := keys.folderGrantees(id)
		values[l.pageKey(0)], values[l.count] = []byte("[]"), []byte("1")
	}
	return setValues(ctx, ss, values)
}

// loadFolderMeta returns a folder's listing facts; ok is false on a miss.
func loadFolderMeta(ctx context.Context, ss sessions.SessionStore, folderID string) (folderMeta, bool, error) {
	var m folderMeta
	var raw []byte
	var ok bool
	err := guardSession(func() error {
		var err error
		raw, ok, err = ss.Get(ctx, keys.folderMeta(folderID))
		return err
	})
	if err != nil || !ok {
		return m, false, err
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return m, false, fmt.Errorf("folder %s: undecodable listing facts: %w", folderID, err)
	}
	return m, true, nil
}

// storeGranteePage keeps page n of a folder's accepted collaborations; the
// last page also records the page count, which marks the folder complete.
func storeGranteePage(ctx context.Context, ss sessions.SessionStore, folderID string, n int, page []grantee, last bool) error {
	return storePage(ctx, ss, keys.folderGrantees(folderID), n, page, last)
}

// loadGranteePage returns page n of a folder's accepted collaborations and
// the page count; ok is false when the folder is not complete in the store.
func loadGranteePage(ctx context.Context, ss sessions.SessionStore, folderID string, n int) ([]grantee, int, bool) {
	page, pages, ok, _ := loadPage[grantee](ctx, ss, keys.folderGrantees(folderID), n)
	return page, pages, ok
}
