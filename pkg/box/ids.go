package box

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Box IDs (users, groups, memberships, folders) are numeric strings (ParseID). Every ID
// the client puts into a URL path or a request body is checked here first,
// so a hostile value such as "../users/1" or "1?x=" is refused with
// InvalidArgument before any request, token request included, is sent. The
// paths themselves are built from segments, each escaped (see endpoint), so
// even a check that let something through could not leave its segment.

// maxIDLen bounds an ID: Box's IDs are 64-bit integers, at most 20 digits.
const maxIDLen = 20

// IDError is an ID that cannot be a Box ID.
type IDError struct {
	Kind string // what the ID names: "user", "group", "membership", "folder", "collaboration", "as-user"
	ID   string
}

func (e *IDError) Error() string {
	return fmt.Sprintf("box: %s ID %s is not a Box ID (Box IDs are 1 to %d ASCII digits without a leading zero, like 17000000001)", e.Kind, quoteID(e.ID), maxIDLen)
}

// GRPCStatus: a malformed ID is the caller's mistake and is never retried.
func (e *IDError) GRPCStatus() *status.Status { return status.New(codes.InvalidArgument, e.Error()) }

// ParseID is the one rule for a Box ID, the client's and the connector's:
// 1 to 20 ASCII digits without a leading zero, so that every ID has one
// spelling and the guards that compare IDs (the service account, the
// content owner) cannot be bypassed by "017000000001". The one exception is
// a folder's "0", every user's "All Files". It returns the ID, or an
// *IDError (InvalidArgument) naming kind.
func ParseID(kind, id string) (string, error) {
	if !IsID(id) && (id != RootFolderID || kind != "folder") {
		return "", &IDError{Kind: kind, ID: id}
	}
	return id, nil
}

// IsID reports whether id is a canonical Box ID (ParseID's rule, without
// the root folder's "0").
func IsID(id string) bool {
	if id == "" || len(id) > maxIDLen || id[0] == '0' {
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
		if _, err := ParseID(kind, id); err != nil {
			return err
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
