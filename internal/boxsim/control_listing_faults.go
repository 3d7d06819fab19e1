package boxsim

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Listing faults: wrong answers to a listing that Box's pagination guides
// rule out (developer.box.com/guides/api-calls/pagination/offset-based and developer.box.com/guides/api-calls/pagination/marker-based:
// a page's entries are the next ones, next_marker null means the end) but
// that a Box incident, a caching proxy or a paging bug could send. Box's
// paging has been wrong before: marker pages that duplicated and dropped
// collaborators (box/box-python-sdk#889, 2025), offset loops that inflated
// counts (cburnette/boxr#125). Each exists to prove a client fails such a
// listing rather than sync it as complete.

// ListingFault is one listing fault, on one route.
type ListingFault struct {
	Mode ListingFaultMode
	// Route is the listing, as Stats.ByRoute spells it ("GET /users",
	// "GET /groups/{group_id}/memberships", "GET /folders/{folder_id}/items").
	Route string
	// Parent, when set, limits the fault to requests whose path parameter
	// (the group, user or folder ID) is Parent: one group's memberships.
	Parent string
	// AsUser, when set, limits the fault to requests made as that user (the
	// As-User header): one user's root with Parent "0".
	AsUser string
}

// ListingFaultMode is a way a listing can be wrong.
type ListingFaultMode int

const (
	ListingIntact ListingFaultMode = iota
	// ListingNotFound answers 404 not_found although the parent exists (a
	// Box incident, or a proxy that lost the route).
	ListingNotFound
	// ListingRepeatedPages: each page after the first carries the previous
	// page's entries, its paging fields (offset, total_count, next_marker)
	// unchanged, so an ID comes twice and the last page's entries never
	// come (box-python-sdk#889).
	ListingRepeatedPages
	// ListingMarkerCycle: the page fetched with the second marker points
	// back to the first one (A→B→A), so a client that trusts next_marker
	// never ends.
	ListingMarkerCycle
	// ListingEmptyFirstPage: the first page of a marker listing has
	// entries [] and next_marker null, as if the listing were empty (an
	// index not yet built, a stale cache). Offset pages are left alone: an
	// empty page there either admits total_count 0, which is a valid
	// answer, or contradicts it, which clients already refuse.
	ListingEmptyFirstPage
)

// listingFault returns the fault for this request, if one applies.
func (f Faults) listingFault(key string, r *http.Request, params pathParams) (ListingFault, bool) {
	for _, lf := range f.Listings {
		if lf.Mode == ListingIntact || lf.Route != key {
			continue
		}
		if lf.Parent != "" && !hasParam(params, lf.Parent) {
			continue
		}
		if lf.AsUser != "" && strings.TrimSpace(r.Header.Get(asUserHeader)) != lf.AsUser {
			continue
		}
		return lf, true
	}
	return ListingFault{}, false
}

func hasParam(params pathParams, v string) bool {
	for _, p := range params {
		if p == v {
			return true
		}
	}
	return false
}

// serveListingFault answers a listing request with the fault. The faults
// are stateless: the handler is asked for the page that was requested and,
// where the fault needs it, for another page of the same listing (the
// previous one, the first one), and the answers are spliced. Only 200 pages
// are changed; errors pass as the handler wrote them.
func (s *Sim) serveListingFault(w http.ResponseWriter, r *http.Request, rt *route, params pathParams, lf ListingFault) {
	if lf.Mode == ListingNotFound {
		s.fail(w, notFound())
		return
	}
	q := r.URL.Query()
	status, body := s.capturePage(rt, r, params, q)
	if status == http.StatusOK && body.index(keyEntries) >= 0 {
		body = s.faultPage(rt, r, params, q, body, lf.Mode)
	}
	s.writeJSON(w, status, body)
}

// faultPage changes the page body (answered to query q) as mode says.
func (s *Sim) faultPage(rt *route, r *http.Request, params pathParams, q url.Values, body object, mode ListingFaultMode) object {
	marker, isMarkerPage := q.Get("marker"), body.index("next_marker") >= 0
	offset, _ := strconv.Atoi(q.Get("offset"))
	first := (isMarkerPage && marker == "") || (!isMarkerPage && offset == 0)
	switch {
	case mode == ListingEmptyFirstPage && isMarkerPage && first:
		return body.with(keyEntries, []object{}).with("next_marker", nil)
	case mode == ListingRepeatedPages && !first:
		prev := cloneQuery(q)
		if isMarkerPage {
			prevMarker, _ := body.get("prev_marker").(string)
			prev.Set("marker", prevMarker) // "" (the first page) when there is none
		} else {
			limit, _ := body.get("limit").(int)
			prev.Set("offset", strconv.Itoa(max(0, offset-limit)))
		}
		if status, earlier := s.capturePage(rt, r, params, prev); status == http.StatusOK {
			return body.with(keyEntries, earlier.get(keyEntries))
		}
	case mode == ListingMarkerCycle && isMarkerPage && !first:
		start := cloneQuery(q)
		start.Del("marker")
		_, firstPage := s.capturePage(rt, r, params, start)
		if firstMarker, ok := firstPage.get("next_marker").(string); ok && firstMarker != marker {
			return body.with("next_marker", firstMarker)
		}
	}
	return body
}

// capturePage runs the route's handler for query q and returns what it
// answered, unwritten.
func (s *Sim) capturePage(rt *route, r *http.Request, params pathParams, q url.Values) (int, object) {
	r2 := r.Clone(r.Context())
	r2.URL.RawQuery = q.Encode()
	c := &capturedPage{}
	rt.handle(s, c, r2, params)
	return c.status, c.body
}

func cloneQuery(q url.Values) url.Values {
	out := make(url.Values, len(q))
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}

// capturedPage is a ResponseWriter that keeps the body a handler gives
// writeJSON instead of encoding it (writeJSON knows it).
type capturedPage struct {
	header http.Header
	status int
	body   object
}

func (c *capturedPage) Header() http.Header {
	if c.header == nil {
		c.header = http.Header{}
	}
	return c.header
}

func (c *capturedPage) WriteHeader(int) {}

func (c *capturedPage) Write(b []byte) (int, error) { return len(b), nil }

// get returns the value of key, nil when absent.
func (o object) get(key string) any {
	if i := o.index(key); i >= 0 {
		return o[i].val
	}
	return nil
}

// with returns a copy of o with key set to val (appended if absent).
func (o object) with(key string, val any) object {
	out := append(object(nil), o...)
	if i := out.index(key); i >= 0 {
		out[i].val = val
		return out
	}
	return append(out, member{key, val})
}
