package boxsim

// folderView renders a folder as the acting user sees it: f nil is the
// actor's root, "All Files" (ID "0").
type folderView struct {
	f       *folderRec
	a       actorView
	linkCap string        // the enterprise's shared-link cap
	items   func() object // item_collection (GET /folders/{id} only); nil leaves it out
	// acceptedOnly: ContentConfig.HasCollaborationsAcceptedOnly.
	acceptedOnly bool
}

// folderView renders f as a sees it, under the store's readings.
func (st *store) folderView(f *folderRec, a actorView) folderView {
	return folderView{f: f, a: a, linkCap: st.content.linkCap, acceptedOnly: st.content.hasCollabsAcceptedOnly}
}

const rootName = "All Files"

// rootFolder is the Folder--Mini of a user's root ("All Files", the name
// Box's events show for folder 0, guides/events/event-triggers/
// developer.box.com/guides/events/event-triggers/event-source). Its sequence_id and etag are left out: Box sends
// null, which the spec's Folder--Mini does not allow.
func rootFolder() object {
	return object{{keyType, "folder"}, {"id", "0"}, {keyName, rootName}}
}

// folderMini is Folder--Mini. sequence_id and etag are "0": the simulator
// keeps no versions (an assumption; clients must not read them).
func folderMini(f *folderRec) object {
	if f == nil {
		return rootFolder()
	}
	return object{{keyType, "folder"}, {"id", formatID(f.id)}, {"sequence_id", "0"}, {"etag", "0"}, {keyName, f.name}}
}

// blankUser is the creator of a root folder: the spec's created_by is a
// non-null User--Mini, and the root has no creator, so its fields are
// empty (an assumption; no source shows Box's root folder).
func blankUser() object {
	return object{{keyType, typeUser}, {"id", ""}, {keyName, ""}, {"login", ""}}
}

// path is what path_collection lists: "All Files", then the parents the
// actor can open (a collaborator sees the path from the highest folder it
// has access to; the owner sees all of it). For collaborators this is an
// assumption: the spec says only that can_view_path shows "the entire
// parent path" and is_access_only hides "the path to the root folder",
// neither of which is modelled.
func (v folderView) path() []*folderRec {
	if v.f == nil {
		return nil
	}
	anc := v.f.ancestors()
	if v.f.owner == v.a.u {
		return anc
	}
	return anc[v.a.visibleFrom(anc):]
}

func (v folderView) pathCollection() object {
	if v.f == nil {
		return object{{"total_count", 0}, {keyEntries, []object{}}}
	}
	p := v.path()
	entries := make([]object, 0, len(p)+1)
	entries = append(entries, rootFolder())
	for _, x := range p {
		entries = append(entries, folderMini(x))
	}
	return object{{"total_count", len(entries)}, {keyEntries, entries}}
}

func (v folderView) parent() any {
	if v.f == nil {
		return nil
	}
	if p := v.path(); len(p) > 0 {
		return folderMini(p[len(p)-1])
	}
	return rootFolder()
}

func (v folderView) level() accessLevel {
	if v.f == nil {
		return accessOwner
	}
	return v.a.access(v.f)
}

// permissions are the actor's, from its access level, after the role table
// of support.box.com article 360044196413 (Understanding Collaborator
// Permission Levels): download from viewer up, rename and delete from
// editor up, invite per canInvite. A simplification: the uploader-and-viewer
// roles rank as viewers, so their can_upload is false although Box lets
// them upload; can_set_share_access for co-owners and owners only is an
// assumption.
func (v folderView) permissions() object {
	l, root := v.level(), v.f == nil
	return object{
		{"can_delete", !root && l >= accessEditor},
		{"can_download", l >= accessViewer},
		{"can_invite_collaborator", !root && l.canInvite(v.f, roleEditor)},
		{"can_rename", !root && l >= accessEditor},
		{"can_set_share_access", !root && l >= accessCoOwner},
		{"can_share", !root && l >= accessViewer},
		{"can_upload", l >= accessEditor || l == accessUploader},
	}
}

// sharedLink renders the link (null without one), the spec's fields in
// its order. effective_access is the link's access capped by the
// enterprise setting (the spec: "can be a more restrictive access level
// ... when the enterprise settings restrict the allowed access levels";
// support.box.com article 4404822772755: the setting also restricts
// existing links). effective_permission follows can_download. download_url
// is null ("null for folders", the spec); vanity_url, vanity_name and
// unshared_at are null (custom URLs and expiry are not modelled).
func (v folderView) sharedLink() any {
	if v.f == nil || v.f.link == nil {
		return nil
	}
	l := v.f.link
	return object{
		{"url", l.url},
		{"download_url", nil},
		{"vanity_url", nil},
		{"vanity_name", nil},
		{"access", l.access},
		{"effective_access", effectiveAccess(l.access, v.linkCap)},
		{"effective_permission", l.effectivePermission()},
		{"unshared_at", nil},
		{"is_password_enabled", l.password},
		{"permissions", object{{"can_download", l.canDownload && !l.noAccess}, {"can_preview", !l.noAccess}, {"can_edit", false}}},
		{"download_count", l.downloads},
		{"preview_count", l.previews},
	}
}

// effectivePermission is what the link lets its users do: download, or
// only preview (can_edit is for files).
func (l *linkRec) effectivePermission() string {
	switch {
	case l.noAccess:
		return "no_access"
	case l.canDownload:
		return "can_download"
	}
	return "can_preview"
}

// effectiveAccess caps access at the enterprise's most open level.
func effectiveAccess(access, linkCap string) string {
	rank := func(a string) int {
		for i, x := range linkAccessLevels {
			if x == a {
				return i
			}
		}
		return 0
	}
	if linkCap != "" && rank(access) < rank(linkCap) {
		return linkCap
	}
	return access
}

// creator is created_by (and modified_by): a blank user for the root.
func (v folderView) creator() object {
	if v.f == nil {
		return blankUser()
	}
	return userMini(v.f.creator)
}

func nullableTime(f *folderRec, sec func(*folderRec) int64) any {
	if f == nil {
		return nil // the root has no dates
	}
	return boxTime(sec(f))
}

func created(f *folderRec) int64  { return f.created }
func modified(f *folderRec) int64 { return f.modified }

// folderFields follows the spec: Folder (standard) then Folder--Full
// extras, which appear only when requested.
var folderFields = []field[folderView]{
	{keyCreatedAt, true, func(v folderView) any { return nullableTime(v.f, created) }},
	{keyModifiedAt, true, func(v folderView) any { return nullableTime(v.f, modified) }},
	{"description", true, func(folderView) any { return "" }}, // not modelled; the spec's description is not nullable
	{"size", true, func(v folderView) any {
		if v.f == nil {
			return int64(0)
		}
		return v.f.size()
	}},
	{"path_collection", true, func(v folderView) any { return v.pathCollection() }},
	{"created_by", true, func(v folderView) any { return v.creator() }},
	{"modified_by", true, func(v folderView) any { return v.creator() }}, // no edits are modelled
	{"trashed_at", true, func(folderView) any { return nil }},
	{"purged_at", true, func(folderView) any { return nil }},
	{"content_created_at", true, func(v folderView) any { return nullableTime(v.f, created) }},
	{"content_modified_at", true, func(v folderView) any { return nullableTime(v.f, modified) }},
	{"owned_by", true, func(v folderView) any {
		if v.f == nil {
			return userMini(v.a.u)
		}
		return userMini(v.f.owner)
	}},
	{"shared_link", true, func(v folderView) any { return v.sharedLink() }},
	{"folder_upload_email", true, func(folderView) any { return nil }},
	{"parent", true, func(v folderView) any { return v.parent() }},
	{"item_status", true, func(folderView) any { return "active" }},
	{"item_collection", true, func(v folderView) any {
		if v.items == nil {
			return omitted{}
		}
		return v.items()
	}},
	{"sync_state", false, func(folderView) any { return "not_synced" }},
	{"has_collaborations", false, func(v folderView) any { return v.hasCollaborations() }},
	{"permissions", false, func(v folderView) any { return v.permissions() }},
	{"can_non_owners_invite", false, func(v folderView) any { return v.f == nil || !v.f.noNonOwnerInvite }},
	{"is_externally_owned", false, func(v folderView) any { return v.f != nil && v.f.owner.kind == kindExternal }},
	{"is_collaboration_restricted_to_enterprise", false, func(folderView) any { return false }},
	{"allowed_shared_link_access_levels", false, func(v folderView) any {
		if v.f == nil {
			return []string{} // the root cannot be shared
		}
		return []string{accessOpen, accessCompany, accessCollaborators}
	}},
	{"allowed_invitee_roles", false, func(v folderView) any {
		if v.f == nil {
			return []string{}
		}
		return collaborationRoles()
	}},
	{"watermark_info", false, func(folderView) any { return object{{"is_watermarked", false}} }},
	{"is_accessible_via_shared_link", false, func(v folderView) any { return v.f != nil && v.f.link != nil }},
	{"can_non_owners_view_collaborators", false, func(folderView) any { return true }},
	{"is_associated_with_app_item", false, func(folderView) any { return false }},
}

// renderFolder is Folder--Full: the standard fields, or the mini fields
// plus those named in fs. item_collection appears only when v.items is set.
func renderFolder(v folderView, fs fieldSet) object {
	return dropOmitted(project(folderMini(v.f), folderFields, v, fs))
}

// renderItem is an entry of a folder listing: Folder--Mini plus the
// fields named in fs (Box's listings are mini unless fields= asks).
func renderItem(v folderView, fs fieldSet) object {
	if fs == nil {
		return folderMini(v.f)
	}
	v.items = nil
	return renderFolder(v, fs)
}
