package box

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Box IDs (users, groups, memberships, folders) are numeric strings. Every ID
// the client puts into a URL path or a request body is checked here first,
// so a hostile value such as "../users/1" or "1?x=" is refused with
// InvalidArgument before any request, token request included, is sent. The
// paths themselves are built from segments, each escaped (see endpoint), so
// even a check that let something through could not leave its segment.

// maxIDLen bounds an ID: Box's are 64-bit integers (at most 19 digits).
const maxIDLen = 20

// IDError is an ID that cannot be a Box ID.
type IDError struct {
	Kind string // what the ID names: "user", "group", "membership", "folder", "collaboration", "as-user"
	ID   string
}

func (e *IDError) Error() string {
	return fmt.Sprintf("box: %s ID %s is not a Box ID (Box IDs are 1 to %d ASCII digits)", e.Kind, quoteID(e.ID), maxIDLen)
}

// GRPCStatus: a malformed ID is the caller's mistake and is never retried.
func (e *IDError) GRPCStatus() *status.Status { return status.New(codes.InvalidArgument, e.Error()) }

// IsID reports whether id can be a Box ID: 1 to 20 ASCII digits.
func IsID(id string) bool {
	if id == "" || len(id) > maxIDLen {
		return false
	}
	for i := range len(id) {
		if id[i] < '0' || id[i] > '9' {
			return false
		}
	}
	return true
}

// CheckIDs returns an *IDError for the first of ids that is not a Box ID.
func CheckIDs(kind string, ids ...string) error {
	for _, id := range ids {
		if !IsID(id) {
			return &IDError{Kind: kind, ID: id}
		}
	}
	return nil
}

// quoteID quotes an ID for a message, cut short if it is long (a hostile
// ID may be megabytes).
func quoteID(id string) string {
	const keep = 40
	if len(id) <= keep {
		return strconv.Quote(id)
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(id[:keep]), len(id))
}

// endpoint builds the URL of an API path from its segments, each escaped,
// and the escaped path under /2.0 that errors and logs name.
func (c *Client) endpoint(segments []string) (*url.URL, string) {
	raw := make([]string, len(segments))
	for i, s := range segments {
		raw[i] = url.PathEscape(s)
	}
	u := *c.apiBase
	u.Path = "/" + strings.Trim(c.apiBase.Path, "/") + "/" + strings.Join(segments, "/")
	u.RawPath = "/" + strings.Trim(c.apiBase.EscapedPath(), "/") + "/" + strings.Join(raw, "/")
	return &u, "/2.0/" + strings.Join(raw, "/")
}
