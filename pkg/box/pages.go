package box

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// Listing pages. A 200 is only read as a page when it carries what every
// page of its kind carries: `entries` always (absent or null is not "no
// entries"), `total_count` on offset pages. Anything less is a malformed page
// (Internal), and an offset page with no entries before total_count is a
// shortfall (DataLoss): read as empty, either would sync an enterprise with
// users or memberships missing, which reads as their removal.

// wire envelopes, as in the spec's Users / Groups / GroupMemberships /
// Events schemas; pointers tell a missing field from an empty one.
type offsetEnvelope[T any] struct {
	Entries    *[]T `json:"entries"`
	TotalCount *int `json:"total_count"`
}

type markerEnvelope[T any] struct {
	Entries    *[]T    `json:"entries"`
	NextMarker *string `json:"next_marker"`
}

// listOffset reads one offset page at offset.
func listOffset[T any](ctx context.Context, c *Client, path []string, q url.Values, offset int) ([]T, OffsetPage, error) {
	q.Set("offset", strconv.Itoa(offset))
	if q.Get("limit") == "" {
		q.Set("limit", strconv.Itoa(c.pageSize))
	}
	var env offsetEnvelope[T]
	if err := c.do(ctx, call{method: http.MethodGet, path: path, query: q}, &env); err != nil {
		return nil, OffsetPage{}, err
	}
	_, apiPath := c.endpoint(path)
	switch {
	case env.Entries == nil:
		return nil, OffsetPage{}, newMalformedPage(http.MethodGet, apiPath, "no entries")
	case env.TotalCount == nil:
		return nil, OffsetPage{}, newMalformedPage(http.MethodGet, apiPath, "no total_count")
	case len(*env.Entries) == 0 && offset < *env.TotalCount:
		return nil, OffsetPage{}, newShortfall(http.MethodGet, apiPath, offset, *env.TotalCount)
	}
	entries := *env.Entries
	return entries, OffsetPage{TotalCount: *env.TotalCount, Offset: offset, Received: len(entries)}, nil
}

// listMarker reads one marker page after marker ("" for the first). The
// next marker is "" at the end; a next marker equal to the one sent would
// loop forever and is malformed.
func listMarker[T any](ctx context.Context, c *Client, path []string, q url.Values, marker string) ([]T, string, error) {
	return listMarkerAs[T](ctx, c, "", path, q, marker)
}

// listMarkerAs is listMarker acting as asUser ("" for the service account).
func listMarkerAs[T any](ctx context.Context, c *Client, asUser string, path []string, q url.Values, marker string) ([]T, string, error) {
	if marker != "" {
		q.Set("marker", marker)
	}
	var env markerEnvelope[T]
	if err := c.do(ctx, call{method: http.MethodGet, path: path, query: q, asUser: asUser}, &env); err != nil {
		return nil, "", err
	}
	_, apiPath := c.endpoint(path)
	if env.Entries == nil {
		return nil, "", newMalformedPage(http.MethodGet, apiPath, "no entries")
	}
	next := ""
	if env.NextMarker != nil {
		next = *env.NextMarker
	}
	if next != "" && next == marker {
		return nil, "", newMalformedPage(http.MethodGet, apiPath, "next_marker repeats the marker sent")
	}
	return *env.Entries, next, nil
}
