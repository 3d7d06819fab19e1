package box

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"google.golang.org/grpc/codes"
)

// Content events: the enterprise events that change who can open a folder
// (docs/box-behaviour.md, "Events"; the event_type enum of GET /events in the spec).
const (
	EventCollaborationInvite     = "COLLABORATION_INVITE"
	EventCollaborationAccept     = "COLLABORATION_ACCEPT"
	EventCollaborationRemove     = "COLLABORATION_REMOVE"
	EventCollaborationRoleChange = "COLLABORATION_ROLE_CHANGE"
	EventCollaborationExpiration = "COLLABORATION_EXPIRATION"
	EventGroupAddItem            = "GROUP_ADD_ITEM"    // a group's collaboration created
	EventGroupRemoveItem         = "GROUP_REMOVE_ITEM" // a group's collaboration removed
	EventGroupDeletion           = "GROUP_DELETION"
	EventShare                   = "SHARE"
	EventUnshare                 = "UNSHARE"
	EventItemSharedUpdate        = "ITEM_SHARED_UPDATE"
	EventShareExpiration         = "SHARE_EXPIRATION"
	EventMove                    = "MOVE"
)

// EventSubject is what a content event is about, as far as its source and
// additional_details tell; fields it does not carry are "". Box sends
// several source shapes (docs/box-behaviour.md, "Events"): an item ({item_type,
// item_id, parent, owned_by}, the spec's EventSource), a collaboration
// ({folder_id or file_id, user_id or group_id, parent, owned_by}: Box's
// .NET SDK, *CollaborationEventSource.cs), a group ({group_id, user_id})
// or a user ({type: user, id}). A collaboration's ID is in
// additional_details.collab_id (Box staff, box-windows-sdk-v2#542).
type EventSubject struct {
	ItemType        string // ItemTypeFolder, "file", "web_link"; "" when not an item
	ItemID          string
	ParentID        string
	OwnerID         string // owned_by.id
	GroupID         string
	UserID          string
	CollaborationID string
}

// eventSource reads every source shape.
type eventSource struct {
	Type     string  `json:"type"`
	ID       flexID  `json:"id"`
	ItemType string  `json:"item_type"`
	ItemID   flexID  `json:"item_id"`
	FolderID flexID  `json:"folder_id"`
	FileID   flexID  `json:"file_id"`
	GroupID  flexID  `json:"group_id"`
	UserID   flexID  `json:"user_id"`
	Parent   *idOnly `json:"parent"`
	OwnedBy  *idOnly `json:"owned_by"`
}

type idOnly struct {
	ID flexID `json:"id"`
}

// flexID is an ID Box may send as a string or a number.
type flexID string

func (f *flexID) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*f = flexID(strings.TrimSpace(s))
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return fmt.Errorf("an ID is neither a string nor a number: %s", b)
	}
	*f = flexID(n.String())
	return nil
}

// Subject reads what e is about. An event without a source has an empty
// subject; a source or additional_details that is not an object is an
// error (what it names cannot be told).
func (e *Event) Subject() (EventSubject, error) {
	var s EventSubject
	var src eventSource
	if len(e.Source) > 0 && !bytes.Equal(e.Source, []byte("null")) {
		if err := json.Unmarshal(e.Source, &src); err != nil {
			return s, errorf(codes.Internal, "box: event %s (%s): unreadable source: %w", e.ID, e.Type, err)
		}
	}
	var details struct {
		CollabID flexID `json:"collab_id"`
	}
	if len(e.AdditionalDetails) > 0 && !bytes.Equal(e.AdditionalDetails, []byte("null")) {
		if err := json.Unmarshal(e.AdditionalDetails, &details); err != nil {
			return s, errorf(codes.Internal, "box: event %s (%s): unreadable additional_details: %w", e.ID, e.Type, err)
		}
	}
	switch {
	case src.ItemID != "":
		s.ItemType, s.ItemID = src.ItemType, string(src.ItemID)
	case src.FolderID != "":
		s.ItemType, s.ItemID = ItemTypeFolder, string(src.FolderID)
	case src.FileID != "":
		s.ItemType, s.ItemID = "file", string(src.FileID)
	case src.Type == ItemTypeFolder || src.Type == "file":
		s.ItemType, s.ItemID = src.Type, string(src.ID)
	case src.Type == "user":
		s.UserID = string(src.ID)
	}
	if src.Parent != nil {
		s.ParentID = string(src.Parent.ID)
	}
	if src.OwnedBy != nil {
		s.OwnerID = string(src.OwnedBy.ID)
	}
	s.GroupID, s.CollaborationID = string(src.GroupID), string(details.CollabID)
	if src.UserID != "" {
		s.UserID = string(src.UserID)
	}
	return s, nil
}
