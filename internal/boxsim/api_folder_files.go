package boxsim

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
)

// Files in folder listings (ContentConfig.FileItems). Files are counted,
// not modelled (User.OwnedItems); with the switch the listings show them,
// so a client meets files where Box has them. A user's files are their
// OwnedItems less the folders counted in it, spread evenly over their "All
// Files" and their counted folders in ID order (the root first, at most
// maxFilesPerContainer each). Files are File--Mini (the spec's Items
// entries) plus the fields= named that a file has (no shared link: the
// spec's File--Full.shared_link is not nullable, and files have none).
//
// Order: a standard folder lists its folders first, then its files: "Items
// are always sorted by their type first, with folders listed before files"
// (the spec, GET /folders/{folder_id}/items, parameter sort). The spec says
// nothing of the root's order ("sort" is "not supported for marker-based
// pagination on the root folder"), so by default the root lists type first
// too, and ContentConfig.RootFilesInterleaved lists its files among its
// folders, spread after each in turn.

const (
	// maxFilesPerContainer bounds the files one listing shows (a user
	// given many others' items by transfers could own more).
	maxFilesPerContainer = 60_000
	// fileIDBase starts the file ID range: a file's ID is the base plus
	// its container's ID (a folder's, or its owner's for the root) times
	// 65,536 plus its index.
	fileIDBase int64 = 1 << 58
	// fileKeyBase puts files after every folder in a type-first listing.
	fileKeyBase int64 = 1 << 50
)

// listEntry is an entry of a listing with files: a folder, or the index-th
// file of the listing's container. key orders the listing and is what
// markers name.
type listEntry struct {
	key    int64
	folder *folderRec
	index  int
}

func entryKey(e listEntry) int64 { return e.key }

// filesIn is how many files the listing of f (nil: owner's root) shows.
func (st *store) filesIn(owner *userRec, f *folderRec) int {
	var ids []int64
	for _, top := range st.content.roots[owner.id] {
		for _, x := range subtree(top) {
			if !x.uncounted {
				ids = append(ids, x.id)
			}
		}
	}
	files := max(0, owner.ownedItems-len(ids))
	slot := 0 // the root's
	if f != nil {
		slices.Sort(ids)
		i, found := slices.BinarySearch(ids, f.id)
		if !found {
			return 0 // a transfer's destination: its files stay counted at the root
		}
		slot = i + 1
	}
	n := files / (len(ids) + 1)
	if slot < files%(len(ids)+1) {
		n++
	}
	return min(n, maxFilesPerContainer)
}

// listingWithFiles is the listing of f (nil: the actor's root) with its
// files, in listing order: type first, or for the root with
// RootFilesInterleaved, the files spread after the folders in turn.
func (st *store) listingWithFiles(a actorView, f *folderRec) []listEntry {
	folders := st.folderItems(a, f)
	owner := a.u
	if f != nil {
		owner = f.owner
	}
	files := st.filesIn(owner, f)
	out := make([]listEntry, 0, len(folders)+files)
	if f != nil || !st.content.rootFilesInterleaved {
		for _, x := range folders {
			out = append(out, listEntry{key: x.id, folder: x})
		}
		for i := range files {
			out = append(out, listEntry{key: fileKeyBase + int64(i), index: i})
		}
		return out
	}
	// Interleaved: folder keys are their IDs shifted left 16 bits; file i
	// goes after folder i mod (folders+1) (0: before the first), ranked
	// among that folder's files by i div (folders+1).
	for _, x := range folders {
		out = append(out, listEntry{key: x.id << 16, folder: x})
	}
	slots := int64(len(folders) + 1)
	for i := range files {
		slot, rank := int64(i)%slots, int64(i)/slots
		var anchor int64
		if slot > 0 {
			anchor = folders[slot-1].id
		}
		out = append(out, listEntry{key: anchor<<16 + 1 + rank, index: i})
	}
	slices.SortFunc(out, func(x, y listEntry) int { return cmp.Compare(x.key, y.key) })
	return out
}

// sortEntries orders a listing with files for an offset page with sort:
// type first, the folders as srt orders them, the files by name (their
// index) whatever srt says of dates and sizes (not modelled for files).
func sortEntries(entries []listEntry, srt itemSort) []listEntry {
	if srt.by == "" && !srt.desc {
		return entries
	}
	var folders []*folderRec
	var files []listEntry
	for _, e := range entries {
		if e.folder != nil {
			folders = append(folders, e.folder)
		} else {
			files = append(files, e)
		}
	}
	slices.SortFunc(files, func(x, y listEntry) int { return cmp.Compare(x.index, y.index) })
	if srt.desc {
		slices.Reverse(files)
	}
	out := make([]listEntry, 0, len(entries))
	for _, x := range srt.apply(folders) {
		out = append(out, listEntry{key: x.id, folder: x})
	}
	return append(out, files...)
}

// fileView renders the index-th file of container (nil: owner's root).
type fileView struct {
	owner     *userRec
	container *folderRec
	index     int
}

func (v fileView) id() int64 {
	c := v.owner.id
	if v.container != nil {
		c = v.container.id
	}
	return fileIDBase + c<<16 + int64(v.index)
}

// name is "File 00001.pdf" and so on (unique in the container).
func (v fileView) name() string { return fmt.Sprintf("File %05d.pdf", v.index+1) }

// sha1 is a stable 40-digit hex digest of the file's ID.
func (v fileView) sha1() string {
	x := bits(v.id())
	return strings.ToUpper(fmt.Sprintf("%016x%016x%08x", splitmix(x), splitmix(x^1), uint32(splitmix(x^2)))) //nolint:gosec // G115: display only
}

// dates are the container's (the owner's creation for the root).
func (v fileView) created() int64 {
	if v.container != nil {
		return v.container.created
	}
	return v.owner.created
}

var fileFields = []field[fileView]{
	{keyCreatedAt, true, func(v fileView) any { return boxTime(v.created()) }},
	{keyModifiedAt, true, func(v fileView) any { return boxTime(v.created()) }},
	{"size", true, func(v fileView) any { return int64(splitmix(bits(v.id())) % (10 << 20)) }},
	{"owned_by", true, func(v fileView) any { return userMini(v.owner) }},
	{"has_collaborations", false, func(fileView) any { return false }},
}

// renderFile is File--Mini plus the fields named in fs.
func renderFile(v fileView, fs fieldSet) object {
	id := formatID(v.id())
	mini := object{
		{keyType, "file"}, {"id", id}, {"sequence_id", "0"}, {"etag", "0"}, {"sha1", v.sha1()}, {keyName, v.name()},
		{"file_version", object{{keyType, "file_version"}, {"id", id}, {"sha1", v.sha1()}}},
	}
	if fs == nil {
		return mini
	}
	return project(mini, fileFields, v, fs)
}

// itemsWithFiles renders a page of f's listing (nil: the actor's root)
// with its files, as itemsEnvelope does for folders alone.
func (st *store) itemsWithFiles(a actorView, f *folderRec, pg page, srt itemSort, renderFolder func(*folderRec) object, fs fieldSet) object {
	owner := a.u
	if f != nil {
		owner = f.owner
	}
	render := func(e listEntry) object {
		if e.folder != nil {
			return renderFolder(e.folder)
		}
		return renderFile(fileView{owner: owner, container: f, index: e.index}, fs)
	}
	entries := st.listingWithFiles(a, f)
	if pg.useMarker {
		return markerEnvelope(entries, pg, entryKey, render)
	}
	return append(offsetEnvelope(sortEntries(entries, srt), pg, render), member{"order", srt.order()})
}

// fileTruth fills in the file counts of t (users' roots, folders) when
// listings show files. Callers hold the read lock.
func (st *store) fileTruth(t *Truth) {
	if !st.content.fileItems {
		return
	}
	t.ServiceAccount.RootFiles = st.filesIn(st.service, nil)
	for i, u := range st.users {
		t.Users[i].RootFiles = st.filesIn(u, nil)
	}
	for i := range t.Folders {
		if id, ok := parseID(t.Folders[i].ID); ok {
			if f := st.content.folders[id]; f != nil {
				t.Folders[i].Files = st.filesIn(f.owner, f)
			}
		}
	}
}
