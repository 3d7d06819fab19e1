package boxsim

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
)

const codeTrashed = "trashed"

// visibleFolder finds the folder a content request names, as the actor
// sees it: "0" is the actor's root (nil folder). A folder the actor
// neither owns nor collaborates on (accepted, here or on a parent) is a
// 404, as the spec says of GET /folders/{id} ("not found, or the user does
// not have access"). A folder deleted by DeleteFolder is 404 "trashed" to
// its owner (common-errors guide: trashed, "Item is trashed"; a trashed
// folder's listing is a 404, box-java-sdk#1030) and not_found to others,
// who could no longer see it (an assumption).
func (st *store) visibleFolder(a actorView, id string) (*folderRec, *apiError) {
	if id == "0" {
		return nil, nil
	}
	f := st.folder(id)
	if f == nil {
		if n, ok := parseID(id); ok {
			if owner, gone := st.content.trashed[n]; gone && owner == a.u.id {
				return nil, &apiError{status: http.StatusNotFound, code: codeTrashed, message: "Item is trashed"}
			}
		}
		return nil, notFound()
	}
	if a.access(f) == accessNone {
		return nil, notFound()
	}
	return f, nil
}

// folderItems lists the folders folder f (nil: the actor's root) contains,
// by ID. Files are counted (User.OwnedItems), and listed only with
// ContentConfig.FileItems (api_folder_files.go).
func (st *store) folderItems(a actorView, f *folderRec) []*folderRec {
	if f == nil {
		return st.rootItems(a)
	}
	return f.children
}

// itemSort is a parsed sort/direction pair (the spec's sort id, name,
// date, size and direction ASC, DESC); by "" is the default, ID order, the
// spec naming none (an assumption).
type itemSort struct {
	by   string
	desc bool
}

func parseItemSort(q url.Values) (itemSort, *apiError) {
	var s itemSort
	if v, ok := param(q, "sort"); ok {
		if !slices.Contains([]string{"id", keyName, "date", "size"}, v) {
			return s, badParam("sort", fmt.Sprintf("Invalid value '%s'. 'sort' must be one of id, name, date, size", v))
		}
		s.by = v
	}
	if v, ok := param(q, "direction"); ok {
		if v != "ASC" && v != "DESC" {
			return s, badParam("direction", fmt.Sprintf("Invalid value '%s'. 'direction' must be ASC or DESC", v))
		}
		s.desc = v == "DESC"
	}
	return s, nil
}

// apply returns items in the requested order (folders only, so the
// spec's "type first" changes nothing). date is modified_at and size the
// rendered size (assumptions: the spec does not define them); ties go by
// ID.
func (s itemSort) apply(items []*folderRec) []*folderRec {
	if s.by == "" && !s.desc {
		return items
	}
	out := slices.Clone(items)
	slices.SortStableFunc(out, func(x, y *folderRec) int {
		var c int
		switch s.by {
		case keyName:
			c = strings.Compare(x.nameKey, y.nameKey)
		case "date":
			c = cmp.Compare(x.modified, y.modified)
		case "size":
			c = cmp.Compare(x.size(), y.size())
		}
		if c == 0 {
			c = cmp.Compare(x.id, y.id)
		}
		if s.desc {
			c = -c
		}
		return c
	})
	return out
}

func (s itemSort) order() []object {
	by, dir := cmp.Or(s.by, "id"), "ASC"
	if s.desc {
		dir = "DESC"
	}
	return []object{{{"by", keyType}, {"direction", "ASC"}}, {{"by", by}, {"direction", dir}}}
}

// itemsEnvelope renders one page of a folder's items: offset pages carry
// total_count, offset, limit and order; marker pages (ID order) limit,
// next_marker and prev_marker.
func itemsEnvelope(items []*folderRec, pg page, srt itemSort, render func(*folderRec) object) object {
	if pg.useMarker {
		return markerEnvelope(items, pg, folderKey, render)
	}
	body := offsetEnvelope(srt.apply(items), pg, render)
	return append(body, member{"order", srt.order()})
}

// parseItemQuery reads what the folder reads take: fields=, the page (as
// parsePage reads it) and sort/direction.
func parseItemQuery(q url.Values, parsePage func(url.Values) (page, *apiError)) (fieldSet, page, itemSort, *apiError) {
	pg, e := parsePage(q)
	var srt itemSort
	if e == nil {
		srt, e = parseItemSort(q)
	}
	return parseFields(q), pg, srt, e
}

// getFolder serves GET /folders/{folder_id} (Folder--Full). item_collection
// is the first page of the folder's items (offset, limit, sort,
// direction), in their mini representation.
func (s *Sim) getFolder(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs, pg, srt, e := parseItemQuery(r.URL.Query(), parseOffsetPage)
	if e != nil {
		s.fail(w, e)
		return
	}
	s.readFolder(w, r, p, func(st *store, a actorView, f *folderRec) object {
		v := st.folderView(f, a)
		v.items = func() object {
			if st.content.fileItems {
				return st.itemsWithFiles(a, f, pg, srt, folderMini, nil)
			}
			return itemsEnvelope(st.folderItems(a, f), pg, srt, folderMini)
		}
		return renderFolder(v, fs)
	})
}

// readFolder answers a read of the folder named by the path: under the
// read lock, as the acting user, 404 for a folder it cannot open; render
// builds the body (f is nil for the root).
func (s *Sim) readFolder(w http.ResponseWriter, r *http.Request, p pathParams, render func(*store, actorView, *folderRec) object) {
	body, e := s.view(func(st *store) (object, *apiError) {
		a, e := s.actor(st, r)
		if e != nil {
			return nil, e
		}
		f, e := st.visibleFolder(a, p["folder_id"])
		if e != nil {
			return nil, e
		}
		return render(st, a, f), nil
	})
	s.respond(w, http.StatusOK, body, e)
}

// listFolderItems serves GET /folders/{folder_id}/items: offset pages, or
// marker pages with usemarker=true (the spec allows either, not both);
// limit up to 1000. Entries are Folder--Mini plus the fields= named
// (owned_by, shared_link, path_collection...). The root lists what the
// actor owns at the top level and the folders shared with it. sort is not
// supported with marker pagination on the root (the spec: "not supported";
// that Box answers 400 is an assumption).
func (s *Sim) listFolderItems(w http.ResponseWriter, r *http.Request, p pathParams) {
	fs, pg, srt, e := parseItemQuery(r.URL.Query(), parseOffsetOrMarkerPage)
	if e == nil && pg.useMarker && srt.by != "" && p["folder_id"] == "0" {
		e = badParam("sort", "'sort' is not supported with marker-based pagination on the root folder")
	}
	if e != nil {
		s.fail(w, e)
		return
	}
	s.readFolder(w, r, p, func(st *store, a actorView, f *folderRec) object {
		render := func(x *folderRec) object {
			return renderItem(st.folderView(x, a), fs)
		}
		if st.content.fileItems { // api_folder_files.go
			return st.itemsWithFiles(a, f, pg, srt, render, fs)
		}
		return itemsEnvelope(st.folderItems(a, f), pg, srt, render)
	})
}
