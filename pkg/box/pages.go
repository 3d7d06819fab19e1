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
// users or memberships missing, which reads as their removal. The check is
// part of decoding the answer (Client.result), so every listing gets it.

// page is a decoded listing page: check returns the error of a page that
// lacks what its kind must carry, nil for a complete one.
type page interface {
	check(method, apiPath string) *Error
}

// wire envelopes, as in the spec's Users / Groups / GroupMemberships /
// Events schemas; pointers tell a missing field from an empty one.
type offsetEnvelope[T any] struct {
	Entries    *[]T `json:"entries"`
	TotalCount *int `json:"total_count"`
	offset     int  // the offset asked for
}

func (e *offsetEnvelope[T]) check(method, apiPath string) *Error {
	switch {
	case e.Entries == nil:
		return newMalformedPage(method, apiPath, "no entries")
	case e.TotalCount == nil:
		return newMalformedPage(method, apiPath, "no total_count")
	case len(*e.Entries) == 0 && e.offset < *e.TotalCount:
		return newShortfall(method, apiPath, e.offset, *e.TotalCount)
	}
	return nil
}

type markerEnvelope[T any] struct {
	Entries    *[]T    `json:"entries"`
	NextMarker *string `json:"next_marker"`
	marker     string  // the marker sent
}

// check refuses a next marker equal to the one sent: it would loop forever.
func (e *markerEnvelope[T]) check(method, apiPath string) *Error {
	switch {
	case e.Entries == nil:
		return newMalformedPage(method, apiPath, "no entries")
	case e.next() != "" && e.next() == e.marker:
		return newMalformedPage(method, apiPath, "next_marker repeats the marker sent")
	}
	return nil
}

// next is the next marker, "" at the end.
func (e *markerEnvelope[T]) next() string {
	if e.NextMarker == nil {
		return ""
	}
	return *e.NextMarker
}

// paged is cl as a GET whose query (the caller's own) also carries key
// (unless value is "") and a limit: the client's page size unless the
// caller set one.
func (c *Client) paged(cl call, key, value string) call {
	if cl.query == nil {
		cl.query = url.Values{}
	}
	if value != "" {
		cl.query.Set(key, value)
	}
	if cl.query.Get("limit") == "" {
		cl.query.Set("limit", strconv.Itoa(c.pageSize))
	}
	cl.method = http.MethodGet
	return cl
}

// listOffset reads the offset page of cl (path, query, as-user) at offset.
func listOffset[T any](ctx context.Context, c *Client, cl call, offset int) ([]T, OffsetPage, error) {
	env := offsetEnvelope[T]{offset: offset}
	if err := c.do(ctx, c.paged(cl, "offset", strconv.Itoa(offset)), &env); err != nil {
		return nil, OffsetPage{}, err
	}
	entries := *env.Entries
	return entries, OffsetPage{TotalCount: *env.TotalCount, Offset: offset, Received: len(entries)}, nil
}

// listMarker reads the marker page of cl (path, query, as-user) after
// marker ("" for the first). The next marker is "" at the end.
func listMarker[T any](ctx context.Context, c *Client, cl call, marker string) ([]T, string, error) {
	env := markerEnvelope[T]{marker: marker}
	if err := c.do(ctx, c.paged(cl, "marker", marker), &env); err != nil {
		return nil, "", err
	}
	return *env.Entries, env.next(), nil
}
