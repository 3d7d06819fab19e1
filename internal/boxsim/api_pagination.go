package boxsim

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

const (
	maxOffset    = 10000 // the spec: offsets "exceeding 10000 will be rejected with a 400"
	defaultLimit = 100
	maxLimit     = 1000 // every listing but events (larger values are clamped)
	markerPrefix = "boxsim:u:"
)

// page is a parsed pagination request.
type page struct {
	limit     int
	offset    int
	useMarker bool
	after     int64 // marker mode: entries with an ID above this
}

// parseOffsetPage reads offset/limit for the offset-only endpoints.
func parseOffsetPage(q url.Values) (page, *apiError) {
	p := page{limit: defaultLimit}
	var e *apiError
	if p.limit, e = parseLimit(q); e != nil {
		return p, e
	}
	if v, ok := param(q, "offset"); ok {
		n, err := strconv.Atoi(v)
		switch {
		case err != nil || n < 0:
			return p, badParam("offset", fmt.Sprintf("Invalid value '%s'. 'offset' must be a non-negative integer", v))
		case n > maxOffset:
			return p, badParam("offset", fmt.Sprintf("Invalid value '%d'. Queries with offset parameter value exceeding %d will be rejected", n, maxOffset))
		}
		p.offset = n
	}
	return p, nil
}

// parseOffsetOrMarkerPage reads the pagination of a listing that offers
// both methods (GET /users, GET /folders/{id}/items): marker mode with
// usemarker=true, else offset mode. Mixing them is rejected, as the spec
// allows one method at a time.
func parseOffsetOrMarkerPage(q url.Values) (page, *apiError) {
	useMarker, e := boolParam(q, "usemarker")
	if e != nil {
		return page{}, e
	}
	if !useMarker {
		if _, hasMarker := param(q, "marker"); hasMarker {
			return page{}, badParam("marker", "'marker' requires 'usemarker' to be true")
		}
		return parseOffsetPage(q)
	}
	if _, ok := param(q, "offset"); ok {
		return page{}, badParam("offset", "Only one pagination method can be used at a time: 'offset' cannot be combined with 'usemarker'")
	}
	return parseMarkerPage(q)
}

// parseMarkerPage reads limit and marker. GET /folders/{id}/collaborations
// is marker-only and calls it directly: the spec offers limit and marker
// there and no usemarker, so usemarker and offset are ignored as unknown.
func parseMarkerPage(q url.Values) (page, *apiError) {
	p := page{useMarker: true}
	var e *apiError
	if p.limit, e = parseLimit(q); e != nil {
		return p, e
	}
	if m, ok := param(q, "marker"); ok {
		id, valid := decodeMarker(m)
		if !valid {
			return p, badParam("marker", fmt.Sprintf("Invalid value '%s'. Marker is not valid", m))
		}
		p.after = id
	}
	return p, nil
}

func parseLimit(q url.Values) (int, *apiError) { return parseLimitUpTo(q, maxLimit) }

// parseLimitUpTo reads `limit`: default 100, clamped to limitMax.
func parseLimitUpTo(q url.Values, limitMax int) (int, *apiError) {
	v, ok := param(q, "limit")
	if !ok {
		return defaultLimit, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		return 0, badParam("limit", fmt.Sprintf("Invalid value '%s'. 'limit' must be a positive integer", v))
	}
	return min(n, limitMax), nil
}

// boolParam reads an optional boolean query parameter (any
// strconv.ParseBool form; 400 if malformed).
func boolParam(q url.Values, name string) (bool, *apiError) {
	v, ok := param(q, name)
	if !ok {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, badParam(name, fmt.Sprintf("Invalid value '%s'. '%s' must be true or false", v, name))
	}
	return b, nil
}

// param returns the first value of a present, non-empty parameter.
func param(q url.Values, name string) (string, bool) {
	v := q.Get(name)
	return v, v != ""
}

func encodeMarker(afterID int64) string {
	return base64.RawURLEncoding.EncodeToString([]byte(markerPrefix + strconv.FormatInt(afterID, 10)))
}

func decodeMarker(m string) (int64, bool) {
	raw, err := base64.RawURLEncoding.DecodeString(m)
	if err != nil {
		return 0, false
	}
	rest, ok := strings.CutPrefix(string(raw), markerPrefix)
	if !ok {
		return 0, false
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if err != nil || id < 0 {
		return 0, false
	}
	return id, true
}

// offsetEnvelope renders one offset page of items (already filtered and
// sorted by ID).
func offsetEnvelope[T any](items []T, p page, render func(T) object) object {
	lo := min(p.offset, len(items))
	hi := min(lo+p.limit, len(items))
	return object{
		{"total_count", len(items)},
		{"limit", p.limit},
		{"offset", p.offset},
		{keyEntries, renderAll(items[lo:hi], render)},
	}
}

// markerEnvelope renders one marker page. A marker names the last ID seen,
// so pages stay stable when items before it are added or removed.
func markerEnvelope[T any](items []T, p page, id func(T) int64, render func(T) object) object {
	start, _ := slices.BinarySearchFunc(items, p.after+1, func(e T, k int64) int { return cmp.Compare(id(e), k) })
	end := min(start+p.limit, len(items))
	var next, prev any // JSON null unless there is a page that way
	if end < len(items) {
		next = encodeMarker(id(items[end-1]))
	}
	if start > 0 {
		prevStart := max(0, start-p.limit)
		var after int64
		if prevStart > 0 {
			after = id(items[prevStart-1])
		}
		prev = encodeMarker(after)
	}
	return object{
		{"limit", p.limit},
		{"next_marker", next},
		{"prev_marker", prev},
		{keyEntries, renderAll(items[start:end], render)},
	}
}

func renderAll[T any](items []T, render func(T) object) []object {
	out := make([]object, len(items))
	for i, it := range items {
		out[i] = render(it)
	}
	return out
}
