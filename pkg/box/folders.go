package box

import (
	"context"
	"net/http"
	"time"
)

// Folders. The app's service account sees only its own content (docs/box-behaviour.md,
// "Acting as a user"), so every folder call names the user it acts as: the As-User
// header, which needs the app setting "Make API calls using the as-user
// header" (Developer Console > Configuration > Advanced Features) and Box
// refuses for admins and co-admins. A folder the acting user cannot open is
// a 404, as is a deleted one (code "trashed" to its owner).

const (
	// asUserHeader is the header Box's SDKs send (box-python-sdk-gen
	// with_as_user_header); the spec declares none.
	asUserHeader = "As-User"
	// RootFolderID is a user's "All Files".
	RootFolderID = "0"
	// ItemTypeFolder is the type of folder items (listings also hold
	// files and web links, which the connector does not sync).
	ItemTypeFolder = "folder"
	// CodeTrashed is the 404 code of a deleted item (common-errors guide).
	CodeTrashed = "trashed"

	segFolders = "folders"
)

// Shared-link access levels (Folder--Full.shared_link.access).
const (
	LinkAccessOpen          = "open"
	LinkAccessCompany       = "company"
	LinkAccessCollaborators = "collaborators"

	// LinkNoAccess is an effective_permission that lets a link's users
	// open nothing (the spec's enum: can_edit, can_download, can_preview,
	// no_access).
	LinkNoAccess = "no_access"
)

// ItemFields is what the connector asks for on folder listings: Box's items
// are mini (type, id, name) unless fields= names more; type and id come
// with every item. has_collaborations tells which folders have
// collaborations of their own to read (the spec's Folder--Full: "Specifies
// if this folder has any other collaborators").
var ItemFields = []string{"name", "owned_by", "shared_link", "created_at", "modified_at", "has_collaborations"}

// FolderFields is what GetFolder asks for: ItemFields, the path and the
// roles the folder admits.
var FolderFields = append(append([]string{}, ItemFields...), "path_collection", "allowed_invitee_roles")

// SharedLink is an item's shared link (the fields the connector reads).
type SharedLink struct {
	URL                 string `json:"url,omitempty"`
	Access              string `json:"access,omitempty"`
	EffectiveAccess     string `json:"effective_access,omitempty"`
	EffectivePermission string `json:"effective_permission,omitempty"`
	IsPasswordEnabled   bool   `json:"is_password_enabled,omitempty"`
}

// Item is an entry of a folder listing: a folder, file or web link.
type Item struct {
	Type       string      `json:"type"`
	ID         string      `json:"id"`
	Name       string      `json:"name,omitempty"`
	OwnedBy    *MiniUser   `json:"owned_by,omitempty"`
	SharedLink *SharedLink `json:"shared_link,omitempty"`
	CreatedAt  *time.Time  `json:"created_at,omitempty"`
	ModifiedAt *time.Time  `json:"modified_at,omitempty"`
	// HasCollaborations is nil when Box did not say.
	HasCollaborations *bool `json:"has_collaborations,omitempty"`
}

// Folder is a folder read with FolderFields.
type Folder struct {
	Item
	PathCollection *struct {
		Entries []Item `json:"entries"`
	} `json:"path_collection,omitempty"`
	AllowedInviteeRoles []string `json:"allowed_invitee_roles,omitempty"`
}

// ItemsPage is one marker page of a folder's items; NextMarker is empty at
// the end.
type ItemsPage struct {
	Items      []Item
	NextMarker string
}

// ListFolderItems returns one marker page of a folder's items ("0": the
// user's "All Files", which also shows folders shared with the user),
// acting as asUser. Marker pagination has no offset cap.
func (c *Client) ListFolderItems(ctx context.Context, asUser, folderID, marker string) (*ItemsPage, error) {
	if err := checkActing(asUser, "folder", folderID); err != nil {
		return nil, err
	}
	q := fieldsQuery(ItemFields)
	q.Set("usemarker", "true")
	items, next, err := listMarker[Item](ctx, c, call{path: []string{segFolders, folderID, "items"}, query: q, asUser: asUser}, marker)
	if err != nil {
		return nil, err
	}
	return &ItemsPage{Items: items, NextMarker: next}, nil
}

// GetFolder reads one folder with FolderFields, acting as asUser.
func (c *Client) GetFolder(ctx context.Context, asUser, folderID string) (*Folder, error) {
	if err := checkActing(asUser, "folder", folderID); err != nil {
		return nil, err
	}
	return doDecode[Folder](ctx, c, call{method: http.MethodGet, path: []string{segFolders, folderID}, query: fieldsQuery(FolderFields), asUser: asUser})
}

// CurrentUserAs reads /users/me acting as asUser. Box honours the header
// there and needs no scope, so one call tells whether the app may use the
// as-user header at all (without the setting: 403 insufficient_scope).
func (c *Client) CurrentUserAs(ctx context.Context, asUser string) (*User, error) {
	if err := CheckIDs("as-user", asUser); err != nil {
		return nil, err
	}
	q := fieldsQuery([]string{"id", "type", "name", "login", "role"})
	return doDecode[User](ctx, c, call{method: http.MethodGet, path: []string{segUsers, "me"}, query: q, asUser: asUser})
}

// checkActing checks the acting user and the ID of what a content call
// acts on (ParseID: a folder may be "0", the root).
func checkActing(asUser, kind, id string) error {
	if err := CheckIDs("as-user", asUser); err != nil {
		return err
	}
	return CheckIDs(kind, id)
}

// IsTrashed reports Box's 404 for a deleted item.
func IsTrashed(err error) bool { return IsNotFound(err) && ErrorCode(err) == CodeTrashed }
