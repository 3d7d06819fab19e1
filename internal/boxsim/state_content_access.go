package boxsim

import (
	"cmp"
	"slices"
)

// accessLevel orders what an acting user may do with a folder, after the
// role table of support.box.com article 360044196413 (Understanding
// Collaborator Permission Levels). Ranking the combined roles with their
// reading half is the simulator's simplification.
type accessLevel uint8

const (
	accessNone accessLevel = iota
	accessUploader
	accessPreviewer // previewer, previewer uploader
	accessViewer    // viewer, viewer uploader
	accessEditor
	accessCoOwner
	accessOwner
)

var roleLevels = map[string]accessLevel{
	roleUploader:          accessUploader,
	rolePreviewer:         accessPreviewer,
	rolePreviewerUploader: accessPreviewer,
	roleViewer:            accessViewer,
	roleViewerUploader:    accessViewer,
	roleEditor:            accessEditor,
	roleCoOwner:           accessCoOwner,
}

// actorView is the user a content request acts as (the service account or
// the as-user), with the groups it belongs to at hand.
type actorView struct {
	u      *userRec
	groups map[int64]bool
}

func newActorView(u *userRec) actorView {
	a := actorView{u: u}
	if len(u.memberships) > 0 {
		a.groups = make(map[int64]bool, len(u.memberships))
		for _, m := range u.memberships {
			a.groups[m.group.id] = true
		}
	}
	return a
}

// named reports whether c names the actor, directly or through a group,
// whatever its status.
func (a actorView) named(c *collabRec) bool {
	return c.user == a.u || (c.group != nil && a.groups[c.group.id])
}

// holds reports whether c gives the actor access: accepted and naming it.
func (a actorView) holds(c *collabRec) bool { return c.status == statusAccepted && a.named(c) }

// access is the actor's access to f: owner, or the strongest accepted
// collaboration on f or any parent (access "waterfalls" to sub-folders,
// developer.box.com/platform/box-glossary; pending and rejected ones give none).
func (a actorView) access(f *folderRec) accessLevel {
	if f.owner == a.u {
		return accessOwner
	}
	best := accessNone
	for x := f; x != nil; x = x.parent {
		for _, c := range x.collabs {
			if a.holds(c) {
				best = max(best, roleLevels[c.role])
			}
		}
	}
	return best
}

// visibleFrom is the index in f.ancestors() of the first parent the actor
// can open (len(ancestors) if none): the path a collaborator sees starts
// there, below "All Files".
func (a actorView) visibleFrom(anc []*folderRec) int {
	for i, p := range anc {
		if a.access(p) != accessNone {
			return i
		}
	}
	return len(anc)
}

// canManage: owners and co-owners change and remove collaborations (a
// co-owner "can add new collaborators, change access levels of existing
// collaborators, and remove collaborators", article 360044196413).
func (l accessLevel) canManage() bool { return l >= accessCoOwner }

// canInvite: owners and co-owners invite anyone; editors invite (the
// article's "Invite People"), but not as co-owners (an assumption),
// unless the folder forbids non-owner invitations (can_non_owners_invite).
func (l accessLevel) canInvite(f *folderRec, role string) bool {
	switch {
	case l.canManage():
		return true
	case l == accessEditor:
		return !f.noNonOwnerInvite && role != roleCoOwner
	}
	return false
}

// rootItems lists what the actor's "All Files" shows, by ID: the folders
// it owns at the top level, plus each folder it collaborates on (accepted,
// not is_access_only) that has no parent it can open. Box lists
// collaborated items in the invitee's root (support.box.com article
// 360043696854) unless is_access_only (the spec's Collaboration).
func (st *store) rootItems(a actorView) []*folderRec {
	owned := st.content.roots[a.u.id]
	reach := map[int64]bool{} // folders the actor holds a collaboration on
	shown := map[int64]*folderRec{}
	note := func(cs []*collabRec) {
		for _, c := range cs {
			if c.status != statusAccepted || c.folder.owner == a.u {
				continue
			}
			reach[c.folder.id] = true
			if !c.accessOnly {
				shown[c.folder.id] = c.folder
			}
		}
	}
	note(st.content.byUser[a.u.id])
	for gid := range a.groups {
		note(st.content.byGroup[gid])
	}
	if len(shown) == 0 {
		return owned
	}
	out := slices.Clone(owned)
	for _, f := range shown {
		if !slices.ContainsFunc(f.ancestors(), func(p *folderRec) bool { return reach[p.id] }) {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(x, y *folderRec) int { return cmp.Compare(x.id, y.id) })
	return out
}

// listedCollabs is what GET /folders/{id}/collaborations lists for f:
// its own collaborations, plus its parents' when inherited is set.
func listedCollabs(f *folderRec, inherited bool) []*collabRec {
	if !inherited || f.parent == nil {
		return f.collabs
	}
	var out []*collabRec
	for x := f; x != nil; x = x.parent {
		out = append(out, x.collabs...)
	}
	slices.SortFunc(out, func(x, y *collabRec) int { return cmp.Compare(x.id, y.id) })
	return out
}
