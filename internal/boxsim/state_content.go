package boxsim

import (
	"slices"
	"strings"
)

// collaborationIDBase starts the collaboration ID range (see state_store.go for
// the others): an ID of one type is never a valid ID of another.
const collaborationIDBase int64 = 50_000_000_000

// Collaboration roles as the spec's POST /collaborations enum names them,
// and statuses.
const (
	roleEditor            = "editor"
	roleViewer            = "viewer"
	rolePreviewer         = "previewer"
	roleUploader          = "uploader"
	rolePreviewerUploader = "previewer uploader"
	roleViewerUploader    = "viewer uploader"
	roleCoOwner           = "co-owner"
	roleOwner             = "owner" // PUT /collaborations only: ownership transfer

	statusAccepted = "accepted"
	statusPending  = "pending"
	statusRejected = "rejected"
)

// collaborationRoles lists the roles a collaboration can hold, in the
// spec's order (POST /collaborations).
func collaborationRoles() []string {
	return []string{roleEditor, roleViewer, rolePreviewer, roleUploader, rolePreviewerUploader, roleViewerUploader, roleCoOwner}
}

var collabStatuses = []string{statusAccepted, statusPending, statusRejected}

// Shared-link access levels, most open first.
const (
	accessOpen          = "open"
	accessCompany       = "company"
	accessCollaborators = "collaborators"
)

var linkAccessLevels = []string{accessOpen, accessCompany, accessCollaborators}

// folderRec is a stored folder. Every folder of a tree has its top-level
// folder's owner (in Box the folder owner owns what is inside).
type folderRec struct {
	id               int64
	name, nameKey    string
	owner, creator   *userRec
	parent           *folderRec // nil: directly under the owner's root ("0")
	children         []*folderRec
	collabs          []*collabRec // created on this folder, sorted by id
	created          int64
	modified         int64
	link             *linkRec
	noNonOwnerInvite bool // can_non_owners_invite false
	uncounted        bool // a transfer's destination: not in the owner's ownedItems
}

// linkRec is a folder's shared link.
type linkRec struct {
	url         string
	access      string
	password    bool
	canDownload bool
	downloads   int
	previews    int
	noAccess    bool // effective_permission no_access (ContentConfig.NoAccessLinks)
}

// collabRec is a stored collaboration. Exactly one of user, group and
// inviteEmail (an address with no Box account) names the grantee.
type collabRec struct {
	id           int64
	folder       *folderRec
	user         *userRec
	group        *groupRec
	inviteEmail  string
	role, status string
	accessOnly   bool
	creator      *userRec
	created      int64
	modified     int64
	acknowledged int64 // when accepted or rejected; 0 while pending
	owner        bool  // the listed owner entry (ownerEntry), never stored
}

// contentStore holds folders and collaborations with the indexes that
// keep listings O(page): each owner's top-level folders, each grantee's
// collaborations. Callers hold Sim.mu.
type contentStore struct {
	folders map[int64]*folderRec
	roots   map[int64][]*folderRec // owner id -> top-level folders, sorted by id
	collabs map[int64]*collabRec
	byUser  map[int64][]*collabRec // grantee user id -> collaborations, sorted by id
	byGroup map[int64][]*collabRec // grantee group id -> collaborations, sorted by id
	trashed map[int64]int64        // deleted folder id -> its owner's id then
	linkCap string                 // the enterprise's cap on shared-link access ("" = none)
	// fileItems, rootFilesInterleaved: ContentConfig.FileItems and
	// RootFilesInterleaved (api_folder_files.go).
	fileItems, rootFilesInterleaved bool
	// hasCollabsAcceptedOnly: ContentConfig.HasCollaborationsAcceptedOnly.
	hasCollabsAcceptedOnly bool
	// keepDeletedGrantees: ContentConfig.DeletedUsersKeepCollaborations.
	keepDeletedGrantees bool
	nextID              int64 // next collaboration id
}

// newContentStore is an empty store; seedFolders sizes the maps it fills.
func newContentStore() contentStore {
	return contentStore{
		folders: map[int64]*folderRec{},
		roots:   map[int64][]*folderRec{},
		collabs: map[int64]*collabRec{},
		byUser:  map[int64][]*collabRec{},
		byGroup: map[int64][]*collabRec{},
		trashed: map[int64]int64{},
	}
}

func folderKey(f *folderRec) int64 { return f.id }
func collabKey(c *collabRec) int64 { return c.id }

func (st *store) folder(id string) *folderRec {
	n, ok := parseID(id)
	if !ok {
		return nil
	}
	return st.content.folders[n]
}

func (st *store) collaboration(id string) *collabRec {
	n, ok := parseID(id)
	if !ok {
		return nil
	}
	return st.content.collabs[n]
}

// siblings are the folders next to f's position: the parent's children or
// the owner's top-level folders.
func (st *store) siblings(owner *userRec, parent *folderRec) []*folderRec {
	if parent != nil {
		return parent.children
	}
	return st.content.roots[owner.id]
}

// nameTaken reports whether a sibling already uses name (case-insensitive,
// as Box compares folder names).
func (st *store) nameTaken(owner *userRec, parent *folderRec, name string) bool {
	key := strings.ToLower(name)
	return slices.ContainsFunc(st.siblings(owner, parent), func(f *folderRec) bool { return f.nameKey == key })
}

// linkFolder places f under parent (nil: the owner's root) and indexes it.
func (st *store) linkFolder(f *folderRec) {
	f.nameKey = strings.ToLower(f.name)
	st.content.folders[f.id] = f
	if f.parent != nil {
		f.parent.children = insertSorted(f.parent.children, f, folderKey)
		return
	}
	st.content.roots[f.owner.id] = insertSorted(st.content.roots[f.owner.id], f, folderKey)
}

// unlinkFolder detaches f from its parent or its owner's root.
func (st *store) unlinkFolder(f *folderRec) {
	if f.parent != nil {
		f.parent.children = removeSorted(f.parent.children, f.id, folderKey)
		return
	}
	roots := removeSorted(st.content.roots[f.owner.id], f.id, folderKey)
	if len(roots) == 0 {
		delete(st.content.roots, f.owner.id)
	} else {
		st.content.roots[f.owner.id] = roots
	}
}

// subtree returns f and everything below it, parents before children.
func subtree(f *folderRec) []*folderRec {
	out := []*folderRec{f}
	for i := 0; i < len(out); i++ {
		out = append(out, out[i].children...)
	}
	return out
}

// counted is how many folders of tree count in their owner's ownedItems.
func counted(tree []*folderRec) int {
	n := 0
	for _, x := range tree {
		if !x.uncounted {
			n++
		}
	}
	return n
}

// removeFolder deletes f's subtree and its collaborations; the owner owns
// that many items fewer.
func (st *store) removeFolder(f *folderRec) {
	st.unlinkFolder(f)
	tree := subtree(f)
	for _, x := range tree {
		for _, c := range slices.Clone(x.collabs) {
			st.removeCollab(c)
		}
		delete(st.content.folders, x.id)
	}
	f.owner.ownedItems = max(0, f.owner.ownedItems-counted(tree))
}

// trashFolder is DeleteFolder: the subtree goes, and its IDs answer 404
// "trashed" to the owner from then on.
func (st *store) trashFolder(f *folderRec) {
	for _, x := range subtree(f) {
		st.content.trashed[x.id] = f.owner.id
	}
	st.removeFolder(f)
}

func (st *store) addCollab(c *collabRec) {
	cs := &st.content
	cs.collabs[c.id] = c
	c.folder.collabs = insertSorted(c.folder.collabs, c, collabKey)
	switch {
	case c.user != nil:
		cs.byUser[c.user.id] = insertSorted(cs.byUser[c.user.id], c, collabKey)
	case c.group != nil:
		cs.byGroup[c.group.id] = insertSorted(cs.byGroup[c.group.id], c, collabKey)
	}
}

func (st *store) removeCollab(c *collabRec) {
	cs := &st.content
	delete(cs.collabs, c.id)
	c.folder.collabs = removeSorted(c.folder.collabs, c.id, collabKey)
	drop := func(m map[int64][]*collabRec, id int64) {
		if rest := removeSorted(m[id], c.id, collabKey); len(rest) > 0 {
			m[id] = rest
		} else {
			delete(m, id)
		}
	}
	switch {
	case c.user != nil:
		drop(cs.byUser, c.user.id)
	case c.group != nil:
		drop(cs.byGroup, c.group.id)
	}
}

// collabFor finds the collaboration on f naming the same grantee as c
// would (user, group or invite address), if any.
func (f *folderRec) collabFor(u *userRec, g *groupRec, email string) *collabRec {
	for _, c := range f.collabs {
		switch {
		case u != nil && c.user == u, g != nil && c.group == g,
			email != "" && c.inviteEmail != "" && strings.EqualFold(c.inviteEmail, email):
			return c
		}
	}
	return nil
}

// dropGrantee removes every collaboration granted to u (a deleted user
// holds no access; see docs/boxsim.md, "Content").
func (st *store) dropGrantee(u *userRec) {
	for _, c := range slices.Clone(st.content.byUser[u.id]) {
		st.removeCollab(c)
	}
}

// dropGroupCollabs removes a deleted group's collaborations.
func (st *store) dropGroupCollabs(g *groupRec) {
	for _, c := range slices.Clone(st.content.byGroup[g.id]) {
		st.removeCollab(c)
	}
}

// destroyOwnedFolders removes every folder u owns (DELETE /users with
// force, DeleteUser): collaborators lose access with them.
func (st *store) destroyOwnedFolders(u *userRec) {
	for _, f := range slices.Clone(st.content.roots[u.id]) {
		st.removeFolder(f)
	}
}

// countedFolders is how many of the folders u owns count in ownedItems.
func (st *store) countedFolders(u *userRec) int {
	n := 0
	for _, f := range st.content.roots[u.id] {
		n += counted(subtree(f))
	}
	return n
}

// ownsContent: items counted, or folders (a transfer's destination
// folder, even empty, is content too).
func (st *store) ownsContent(u *userRec) bool {
	return u.ownedItems > 0 || len(st.content.roots[u.id]) > 0
}

// depth is f's level: 1 at the top, directly in the owner's "All Files".
func (f *folderRec) depth() int {
	n := 1
	for p := f.parent; p != nil; p = p.parent {
		n++
	}
	return n
}

// ancestors returns f's parents from the top-level folder down.
func (f *folderRec) ancestors() []*folderRec {
	var out []*folderRec
	for p := f.parent; p != nil; p = p.parent {
		out = append(out, p)
	}
	slices.Reverse(out)
	return out
}

// moveTree moves f and everything below it under parent (nil: the top
// level) and gives it to owner, whose own collaborations inside it go (an
// owner needs none): a transfer or an ownership hand-over. It returns how
// many of the moved folders count in OwnedItems; the caller moves counts.
func (st *store) moveTree(f, parent *folderRec, owner *userRec) int {
	st.unlinkFolder(f) // from the old parent or owner's root
	f.parent = parent
	tree := subtree(f)
	for _, x := range tree {
		x.owner = owner
	}
	st.linkFolder(f)
	for _, x := range tree {
		for _, c := range slices.Clone(x.collabs) {
			if c.user == owner {
				st.removeCollab(c)
			}
		}
	}
	return counted(tree)
}

// setStatus changes c's status: accepting or rejecting sets
// acknowledged_at, pending clears it.
func (c *collabRec) setStatus(status string, now int64) {
	c.status, c.acknowledged = status, 0
	if status != statusPending {
		c.acknowledged = now
	}
}

// size is a folder's reported size: files are counted, not stored, so it
// is derived from the ID (stable, up to 50 GiB).
func (f *folderRec) size() int64 { return int64(splitmix(bits(f.id)) % (50 << 30)) }
