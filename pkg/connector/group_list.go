package connector

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Listing groups at any size. GET /groups is offset-only and Box rejects
// offsets beyond 10,000. Up to 10,000 groups the listing is one plain offset
// listing. Beyond that it walks a tree of name prefixes through filter_term:
//   - a prefix whose answer fits under the cap is a leaf, paged by offset;
//   - a larger one is split into one child per character a name can
//     continue with (printable ASCII in both cases, plus what names show).
//
// How Box matches filter_term is not pinned down: the spec says "starts
// with", older docs and Box's SDKs suggest a search (word prefixes,
// trimmed terms, perhaps case-sensitive). So the answer is never trusted:
// each returned group is verified locally against its partition (its name
// starts with the prefix, byte for byte), which makes the partitions
// disjoint whatever Box matched, and groups are de-duplicated by ID through
// the session store. A child whose answer is no narrower than its parent's
// and shows no group of its own (a trimmed term) is not split further.
// Completeness is proven, not assumed: the distinct groups found must equal
// the enterprise's total, or the sync fails with DataLoss naming the count
// rather than miss a group.

// maxPrefixRunes bounds the tree depth; Box group names are far shorter than
// any prefix that could still hold more than 10,000 groups.
const maxPrefixRunes = 64

// partitionAlphabet is what a group name may continue with: printable
// ASCII, upper and lower case (Box may match case-sensitively). Characters
// seen in names at the split position are added, which covers non-ASCII
// names.
var partitionAlphabet = func() []rune {
	var out []rune
	for r := rune(' '); r <= '~'; r++ {
		out = append(out, r)
	}
	return out
}()

type groupListToken struct {
	Pending   []pendingPrefix `json:"q,omitempty"` // prefixes still to visit, popped from the end
	Leaf      *leafState      `json:"l,omitempty"` // the leaf being paged
	RootTotal int             `json:"t,omitempty"` // the enterprise's group total
	Found     int             `json:"c,omitempty"` // distinct groups found so far (partitioned listing)
	Started   bool            `json:"s,omitempty"`
	Split     bool            `json:"x,omitempty"` // the listing is partitioned (more than 10,000 groups)
	Page      int             `json:"n,omitempty"` // pages read of the plain offset listing (for its guard)
}

// pendingPrefix is a prefix to visit and its parent's answer size.
type pendingPrefix struct {
	Prefix      string `json:"p"`
	ParentTotal int    `json:"n,omitempty"`
}

type leafState struct {
	Prefix string `json:"p"`
	Offset int    `json:"o"`
}

func (s *groupSyncer) List(ctx context.Context, parent *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if !s.scope.listsDirectory(parent) { // groups are children of the enterprise
		return nil, &rs.SyncOpResults{}, nil
	}
	parent = enterpriseParent(s.enterpriseID)
	var tok groupListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	if !tok.Started {
		tok = groupListToken{Pending: []pendingPrefix{{}}, Started: true}
	}

	groups, err := s.listStep(ctx, &tok)
	if err != nil {
		return nil, nil, err
	}
	if tok.Split {
		groups = newGroups(ctx, opts.Session, groups)
		tok.Found += len(groups)
	} else {
		// The plain listing: a group listed twice means a page came twice
		// and another never came (listing_guard.go).
		last := tok.Leaf == nil && len(tok.Pending) == 0
		if err := groupsGuard.checkEntries(ctx, opts.Session, tok.Page, idsOf(groups, func(g *box.Group) string { return g.ID }), last); err != nil {
			return nil, nil, fmt.Errorf("baton-box: list groups (page %d): %w", tok.Page, err)
		}
		tok.Page++
	}
	out := make([]*v2.Resource, 0, len(groups))
	for i := range groups {
		if s.scope.skip.skipsGroup(groups[i].Name) {
			continue // --skip-group-name-prefixes: no resource, so no grants either
		}
		r, err := groupResource(&groups[i], parent)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}

	progress.groupsListed(len(out), tok.Leaf == nil && len(tok.Pending) == 0)
	if tok.Leaf != nil || len(tok.Pending) > 0 {
		next, err := encodeToken(tok)
		return out, &rs.SyncOpResults{NextPageToken: next}, err
	}
	if tok.Split && tok.Found != tok.RootTotal {
		return nil, nil, status.Errorf(codes.DataLoss,
			"baton-box: list groups: the name-prefix partitions found %d distinct groups of the enterprise's %d; "+
				"Box's filter_term did not let every group be reached, so the sync stops rather than miss one", tok.Found, tok.RootTotal)
	}
	return out, &rs.SyncOpResults{}, nil
}

// listStep makes exactly one Box call and advances the token. It returns
// the groups that belong to the partition visited.
func (s *groupSyncer) listStep(ctx context.Context, tok *groupListToken) ([]box.Group, error) {
	if leaf := tok.Leaf; leaf != nil {
		page, err := s.client.ListGroups(ctx, leaf.Prefix, leaf.Offset)
		if err != nil {
			return nil, fmt.Errorf("baton-box: list groups (prefix %q, offset %d): %w", leaf.Prefix, leaf.Offset, notFoundListing(err, groupListing))
		}
		if next := page.NextOffset(); next >= 0 {
			leaf.Offset = next
		} else {
			tok.Leaf = nil
		}
		return inPartition(page.Groups, leaf.Prefix), nil
	}

	p := tok.Pending[len(tok.Pending)-1]
	tok.Pending = tok.Pending[:len(tok.Pending)-1]
	page, err := s.client.ListGroups(ctx, p.Prefix, 0)
	if err != nil {
		return nil, fmt.Errorf("baton-box: list groups (prefix %q): %w", p.Prefix, notFoundListing(err, groupListing))
	}
	if p.Prefix == "" {
		tok.RootTotal = page.TotalCount
	}
	mine := inPartition(page.Groups, p.Prefix)
	if page.TotalCount <= box.MaxOffset {
		if next := page.NextOffset(); next >= 0 {
			tok.Leaf = &leafState{Prefix: p.Prefix, Offset: next}
		}
		return mine, nil
	}

	// Too many to page: split, unless the term did not narrow the answer
	// and shows nothing of its own (Box ignored what was added, e.g. a
	// trimmed space): its groups, if any, cannot be reached this way, and
	// the completeness check will say so.
	if p.Prefix != "" && page.TotalCount >= p.ParentTotal && len(mine) == 0 {
		return nil, nil
	}
	if utf8.RuneCountInString(p.Prefix) >= maxPrefixRunes {
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: list groups: more than %d groups share the name prefix %q; cannot partition further", box.MaxOffset, p.Prefix)
	}
	tok.Split = true
	children := childPrefixes(p.Prefix, page.Groups)
	for i := len(children) - 1; i >= 0; i-- {
		tok.Pending = append(tok.Pending, pendingPrefix{Prefix: children[i], ParentTotal: page.TotalCount})
	}
	// A group named exactly like the prefix is in no child: it belongs here.
	var exact []box.Group
	for _, g := range mine {
		if g.Name == p.Prefix {
			exact = append(exact, g)
		}
	}
	return exact, nil
}

// groupListing names GET /groups in errors; groupsGuard guards its plain
// (not partitioned) form.
const groupListing = "the enterprise's group listing"

var groupsGuard = newListingGuard("groups")

// inPartition keeps the groups whose name starts with prefix, byte for
// byte: the answer to filter_term may hold more (a word match, another
// case, a trimmed term), and each group must belong to one partition only.
func inPartition(groups []box.Group, prefix string) []box.Group {
	if prefix == "" {
		return groups
	}
	out := groups[:0:0]
	for _, g := range groups {
		if strings.HasPrefix(g.Name, prefix) {
			out = append(out, g)
		}
	}
	return out
}

// childPrefixes extends prefix by every alphabet character plus every
// character names in the sample continue with, sorted.
func childPrefixes(prefix string, sample []box.Group) []string {
	next := map[rune]struct{}{}
	for _, r := range partitionAlphabet {
		next[r] = struct{}{}
	}
	for _, g := range sample {
		if !strings.HasPrefix(g.Name, prefix) || len(g.Name) == len(prefix) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(g.Name[len(prefix):])
		if r != utf8.RuneError {
			next[r] = struct{}{}
		}
	}
	out := make([]string, 0, len(next))
	for r := range next {
		out = append(out, prefix+string(r))
	}
	slices.Sort(out)
	return out
}
