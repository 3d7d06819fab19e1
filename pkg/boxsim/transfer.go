package boxsim

import (
	"fmt"
	"net/http"
	"strconv"
)

// folderRec is a transfer's destination folder. Folders are not stored:
// the response is their only trace (content is counted, not modelled).
type folderRec struct {
	id             int64
	name           string
	owner, creator *userRec
	created        int64
	size           int64
}

// transferContent serves PUT /users/{user_id}/folders/0: everything the
// user owns moves, synchronously, into a new folder "<name>'s Files and
// Folders" owned by owned_by.id (Box may finish later, with no signal).
// The target's owned items grow by exactly the moved ones (the new folder
// is not counted, so counts add up across transfers). As the spec
// says, the caller (the service account, a co-admin) cannot move content
// from or to an admin or another co-admin: 403
// access_denied_insufficient_permissions. Both users must belong to this
// enterprise (external: 403); source == target is a 400.
func (s *Sim) transferContent(w http.ResponseWriter, r *http.Request, p pathParams) {
	q := r.URL.Query()
	fs := parseFields(q)
	if v, ok := param(q, "notify"); ok {
		if _, err := strconv.ParseBool(v); err != nil {
			s.fail(w, badParam("notify", fmt.Sprintf("Invalid value '%s'. 'notify' must be true or false", v)))
			return
		}
	}
	b, e := readBody(w, r)
	if e != nil {
		s.fail(w, e)
		return
	}
	targetID, ok, e := b.ref("owned_by")
	if e == nil && !ok {
		e = missingParam("owned_by")
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	body, e := s.update(func(st *store, now int64) (object, *apiError) {
		src, dst := st.user(p["user_id"]), st.user(targetID)
		switch {
		case src == nil || dst == nil:
			return nil, notFound()
		case src == dst:
			return nil, badParam("owned_by.id", "Content cannot be transferred to the user who owns it")
		case src.kind == kindExternal || dst.kind == kindExternal:
			return nil, forbidden(codeAccessDenied, "Content can only be transferred between users of this enterprise")
		case st.privileged(src) || st.privileged(dst):
			return nil, forbidden(codeAccessDenied, "Cannot transfer files from/to higher privileged accounts")
		}
		f := &folderRec{
			id:      st.nextFolderID,
			name:    src.name + "'s Files and Folders",
			owner:   dst,
			creator: st.service,
			created: now,
		}
		if src.ownedItems > 0 {
			f.size = int64(splitmix(bits(src.id)) % (50 << 30))
		}
		st.nextFolderID++
		dst.ownedItems += src.ownedItems
		src.ownedItems = 0
		return renderFolder(f, fs), nil
	})
	s.respond(w, http.StatusOK, body, e)
}

// privileged: an admin or co-admin other than the caller's own account.
func (st *store) privileged(u *userRec) bool {
	return u != st.service && (u.role == roleAdmin || u.role == roleCoadmin)
}

// rootFolder is the Folder--Mini of a user's root ("All Files"). Its
// sequence_id and etag are left out: Box sends null, which the spec's
// Folder--Mini does not allow.
func rootFolder() object {
	return object{{keyType, "folder"}, {"id", "0"}, {keyName, "All Files"}}
}

// folderFields follows the spec: Folder (standard) then Folder--Full
// extras, which appear only when requested.
var folderFields = []field[*folderRec]{
	{"created_at", true, func(f *folderRec) any { return boxTime(f.created) }},
	{"modified_at", true, func(f *folderRec) any { return boxTime(f.created) }},
	{"description", true, func(*folderRec) any { return "" }},
	{"size", true, func(f *folderRec) any { return f.size }},
	{"path_collection", true, func(*folderRec) any {
		return object{{"total_count", 1}, {"entries", []object{rootFolder()}}}
	}},
	{"created_by", true, func(f *folderRec) any { return userMini(f.creator) }},
	{"modified_by", true, func(f *folderRec) any { return userMini(f.creator) }},
	{"trashed_at", true, func(*folderRec) any { return nil }},
	{"purged_at", true, func(*folderRec) any { return nil }},
	{"content_created_at", true, func(f *folderRec) any { return boxTime(f.created) }},
	{"content_modified_at", true, func(f *folderRec) any { return boxTime(f.created) }},
	{"owned_by", true, func(f *folderRec) any { return userMini(f.owner) }},
	{"shared_link", true, func(*folderRec) any { return nil }},
	{"folder_upload_email", true, func(*folderRec) any { return nil }},
	{"parent", true, func(*folderRec) any { return rootFolder() }},
	{"item_status", true, func(*folderRec) any { return "active" }},
	{"sync_state", false, func(*folderRec) any { return "not_synced" }},
	{"has_collaborations", false, func(*folderRec) any { return false }},
	{"permissions", false, func(*folderRec) any {
		return object{{"can_delete", true}, {"can_download", true}, {"can_invite_collaborator", true},
			{"can_rename", true}, {"can_set_share_access", true}, {"can_share", true}, {"can_upload", true}}
	}},
	{"can_non_owners_invite", false, func(*folderRec) any { return true }},
	{"is_externally_owned", false, func(*folderRec) any { return false }},
	{"is_collaboration_restricted_to_enterprise", false, func(*folderRec) any { return false }},
	{"allowed_shared_link_access_levels", false, func(*folderRec) any { return []string{"open", "company", "collaborators"} }},
	{"allowed_invitee_roles", false, func(*folderRec) any {
		return []string{"editor", "viewer", "previewer", "uploader", "previewer uploader", "viewer uploader", "co-owner"}
	}},
	{"watermark_info", false, func(*folderRec) any { return object{{"is_watermarked", false}} }},
	{"is_accessible_via_shared_link", false, func(*folderRec) any { return false }},
	{"can_non_owners_view_collaborators", false, func(*folderRec) any { return true }},
	{"is_associated_with_app_item", false, func(*folderRec) any { return false }},
}

func renderFolder(f *folderRec, fs fieldSet) object {
	mini := object{{keyType, "folder"}, {"id", formatID(f.id)}, {"sequence_id", "0"}, {"etag", "0"}, {keyName, f.name}}
	return project(mini, folderFields, f, fs)
}
