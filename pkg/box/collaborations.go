package box

import (
	"context"
	"net/http"
	"time"
)

// Collaborations: who else than the owner may open a folder, and how. Every
// call acts as a user (As-User): the owner, or a co-owner, is who Box lets
// list and change a folder's collaborations (docs/box-behaviour.md, "Collaboration writes").

// Collaboration roles as Box spells them (the spec's Collaboration.role).
// RoleOwner is only ever read: ownership moves by transfer.
const (
	RoleEditor            = "editor"
	RoleViewer            = "viewer"
	RolePreviewer         = "previewer"
	RoleUploader          = "uploader"
	RolePreviewerUploader = "previewer uploader"
	RoleViewerUploader    = "viewer uploader"
	RoleCoOwner           = "co-owner"
	RoleOwner             = "owner"
)

// Collaboration statuses.
const (
	CollabAccepted = "accepted"
	CollabPending  = "pending"
	CollabRejected = "rejected"
)

// GroupTypeAllUsers is the group_type of Box's built-in group of every
// user of the enterprise (the spec's Group--Mini enum).
const GroupTypeAllUsers = "all_users_group"

// Grantee types (accessible_by.type).
const (
	GranteeUser  = "user"
	GranteeGroup = "group"
)

// Collaboration error codes (common-errors guide).
const (
	CodeAlreadyCollaborator = "user_already_collaborator"
)

const segCollaborations = "collaborations"

// CollaborationFields is what the connector reads of a collaboration (type
// and id come with every one).
var CollaborationFields = []string{"item", "accessible_by", "invite_email", "role", "status", "is_access_only", "created_at"}

// Grantee is a collaboration's accessible_by: a user (User--Collaborations:
// id, name, login, is_active) or a group (Group--Mini). Box gives no
// enterprise: whether a user is external is for the caller to tell.
type Grantee struct {
	Type      string `json:"type"`
	ID        string `json:"id"`
	Name      string `json:"name,omitempty"`
	Login     string `json:"login,omitempty"`
	IsActive  *bool  `json:"is_active,omitempty"`
	GroupType string `json:"group_type,omitempty"`
}

// Collaboration is one grant of a role on a folder. Item is null while
// pending (the spec); AccessibleBy is absent for an invitation to an
// address with no Box account (InviteEmail names it) and, in Box's older
// answers, null while pending.
type Collaboration struct {
	ID           string     `json:"id"`
	Item         *Item      `json:"item,omitempty"`
	AccessibleBy *Grantee   `json:"accessible_by,omitempty"`
	InviteEmail  string     `json:"invite_email,omitempty"`
	Role         string     `json:"role,omitempty"`
	Status       string     `json:"status,omitempty"`
	IsAccessOnly bool       `json:"is_access_only,omitempty"`
	CreatedAt    *time.Time `json:"created_at,omitempty"`
}

// CollaborationsPage is one marker page of a folder's collaborations.
// TotalCount is set when Box sent one: it has been seen answering this
// listing unpaged, with total_count and every entry, limit ignored
// (box-java-sdk#330, box-openapi#152), which the caller checks what it
// read against.
type CollaborationsPage struct {
	Collaborations []Collaboration
	NextMarker     string
	TotalCount     *int
}

// collabEnvelope is a marker page that may also carry total_count.
type collabEnvelope struct {
	markerEnvelope[Collaboration]
	TotalCount *int `json:"total_count"`
}

// ListFolderCollaborations returns one marker page (limit up to 1000) of a
// folder's collaborations, pending and rejected ones included, acting as
// asUser. The endpoint is marker-only and has no usemarker parameter.
func (c *Client) ListFolderCollaborations(ctx context.Context, asUser, folderID, marker string) (*CollaborationsPage, error) {
	if err := checkActing(asUser, "folder", folderID); err != nil {
		return nil, err
	}
	env := collabEnvelope{markerEnvelope: markerEnvelope[Collaboration]{marker: marker}}
	cl := call{path: []string{segFolders, folderID, segCollaborations}, query: fieldsQuery(CollaborationFields), asUser: asUser}
	if err := c.do(ctx, c.paged(cl, "marker", marker), &env); err != nil {
		return nil, err
	}
	return &CollaborationsPage{Collaborations: *env.Entries, NextMarker: env.next(), TotalCount: env.TotalCount}, nil
}

// CollaborationCreate is the body of POST /collaborations for a folder.
type CollaborationCreate struct {
	FolderID    string
	GranteeType string // GranteeUser or GranteeGroup
	GranteeID   string
	Role        string
}

// CreateCollaboration invites a user or group to a folder, acting as asUser
// (the owner). A grantee already on the folder, whatever its status, is a
// 400 user_already_collaborator (IsAlreadyCollaborator).
func (c *Client) CreateCollaboration(ctx context.Context, asUser string, in CollaborationCreate) (*Collaboration, error) {
	if err := checkActing(asUser, "folder", in.FolderID); err != nil {
		return nil, err
	}
	if err := CheckIDs(in.GranteeType, in.GranteeID); err != nil {
		return nil, err
	}
	q := fieldsQuery(CollaborationFields)
	q.Set("notify", "false")
	body := map[string]any{
		"item":          map[string]string{"type": ItemTypeFolder, "id": in.FolderID},
		"accessible_by": map[string]string{"type": in.GranteeType, "id": in.GranteeID},
		"role":          in.Role,
	}
	return doDecode[Collaboration](ctx, c, call{method: http.MethodPost, path: []string{segCollaborations}, query: q, body: body, asUser: asUser})
}

// SetCollaborationRole changes a collaboration's role, acting as asUser.
func (c *Client) SetCollaborationRole(ctx context.Context, asUser, collaborationID, role string) (*Collaboration, error) {
	if err := checkActing(asUser, "collaboration", collaborationID); err != nil {
		return nil, err
	}
	body := map[string]string{"role": role}
	return doDecode[Collaboration](ctx, c, call{method: http.MethodPut, path: []string{segCollaborations, collaborationID}, body: body, asUser: asUser})
}

// DeleteCollaboration removes a collaboration, acting as asUser.
func (c *Client) DeleteCollaboration(ctx context.Context, asUser, collaborationID string) error {
	if err := checkActing(asUser, "collaboration", collaborationID); err != nil {
		return err
	}
	return c.do(ctx, call{method: http.MethodDelete, path: []string{segCollaborations, collaborationID}, asUser: asUser}, nil)
}

// IsAlreadyCollaborator reports Box's answer to inviting someone already on
// the folder (400 user_already_collaborator, the common-errors guide).
func IsAlreadyCollaborator(err error) bool {
	return StatusCode(err) == http.StatusBadRequest && ErrorCode(err) == CodeAlreadyCollaborator
}
