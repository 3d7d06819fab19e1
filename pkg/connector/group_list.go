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
// offsets beyond 10,000, so the listing walks a tree of name prefixes
// (`filter_term`, a case-insensitive "name starts with" match):
//   - a prefix whose total fits under the cap is a leaf, paged by offset;
//   - a larger prefix is split into one child per character a name can
//     continue with.
//
// The root is the empty prefix, so an enterprise with up to 10,000 groups is a
// single plain offset listing with no extra calls. A split costs one call per
// child. Completeness is checked, not assumed: the leaf totals must add up to
// the enterprise's total, or the sync fails rather than miss a group.

// maxPrefixRunes bounds the tree depth; Box group names are far shorter than
// any prefix that could still hold more than 10,000 groups.
const maxPrefixRunes = 64

// partitionAlphabet is what a group name may continue with, case-folded:
// printable ASCII without upper case. Characters seen in names at the split
// position are added, which covers non-ASCII names.
var partitionAlphabet = func() []rune {
	var out []rune
	for r := rune(' '); r <= '~'; r++ {
		if r < 'A' || r > 'Z' {
			out = append(out, r)
		}
	}
	return out
}()

type groupListToken struct {
	Pending   []string   `json:"q,omitempty"` // prefixes still to visit, popped from the end
	Leaf      *leafState `json:"l,omitempty"` // the leaf being paged
	RootTotal int        `json:"t,omitempty"` // the enterprise's group total
	Covered   int        `json:"c,omitempty"` // groups accounted for by leaves and exact matches
	Started   bool       `json:"s,omitempty"`
}

type leafState struct {
	Prefix string `json:"p"`
	Offset int    `json:"o"`
}

func (s *groupSyncer) List(ctx context.Context, parent *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if !isEnterprise(parent) { // groups are children of the enterprise
		return nil, &rs.SyncOpResults{}, nil
	}
	var tok groupListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	if !tok.Started {
		tok = groupListToken{Pending: []string{""}, Started: true}
	}

	groups, err := s.listStep(ctx, &tok)
	if err != nil {
		return nil, nil, err
	}
	out := make([]*v2.Resource, 0, len(groups))
	for i := range groups {
		r, err := groupResource(&groups[i], parent)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}

	if tok.Leaf != nil || len(tok.Pending) > 0 {
		next, err := encodeToken(tok)
		return out, &rs.SyncOpResults{NextPageToken: next}, err
	}
	if tok.Covered < tok.RootTotal {
		return nil, nil, status.Errorf(codes.DataLoss,
			"baton-box: list groups: the name-prefix partitions account for %d of %d groups; "+
				"some group names start with characters the partitioning did not try, so the sync stops rather than miss them",
			tok.Covered, tok.RootTotal)
	}
	return out, &rs.SyncOpResults{}, nil
}

// listStep makes exactly one Box call and advances the token.
func (s *groupSyncer) listStep(ctx context.Context, tok *groupListToken) ([]box.Group, error) {
	if leaf := tok.Leaf; leaf != nil {
		page, err := s.client.ListGroups(ctx, leaf.Prefix, leaf.Offset)
		if err != nil {
			return nil, fmt.Errorf("baton-box: list groups (prefix %q, offset %d): %w", leaf.Prefix, leaf.Offset, err)
		}
		if next := page.NextOffset(); next >= 0 {
			leaf.Offset = next
		} else {
			tok.Leaf = nil
		}
		return page.Groups, nil
	}

	prefix := tok.Pending[len(tok.Pending)-1]
	tok.Pending = tok.Pending[:len(tok.Pending)-1]
	page, err := s.client.ListGroups(ctx, prefix, 0)
	if err != nil {
		return nil, fmt.Errorf("baton-box: list groups (prefix %q): %w", prefix, err)
	}
	if prefix == "" {
		tok.RootTotal = page.TotalCount
	}
	if page.TotalCount <= box.MaxOffset {
		tok.Covered += page.TotalCount
		if next := page.NextOffset(); next >= 0 {
			tok.Leaf = &leafState{Prefix: prefix, Offset: next}
		}
		return page.Groups, nil
	}

	// Too many to page: split. A group named exactly like the prefix is in no
	// child; emit it now if this page shows it.
	if utf8.RuneCountInString(prefix) >= maxPrefixRunes {
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: list groups: more than %d groups share the name prefix %q; cannot partition further", box.MaxOffset, prefix)
	}
	var exact []box.Group
	for _, g := range page.Groups {
		if prefix != "" && strings.ToLower(g.Name) == prefix {
			exact = append(exact, g)
		}
	}
	tok.Covered += len(exact)
	children := childPrefixes(prefix, page.Groups)
	for i := len(children) - 1; i >= 0; i-- {
		tok.Pending = append(tok.Pending, children[i])
	}
	return exact, nil
}

// childPrefixes extends prefix by every alphabet character plus every
// character names in the sample continue with, case-folded and sorted.
func childPrefixes(prefix string, sample []box.Group) []string {
	next := map[rune]struct{}{}
	for _, r := range partitionAlphabet {
		next[r] = struct{}{}
	}
	for _, g := range sample {
		name := strings.ToLower(g.Name)
		if !strings.HasPrefix(name, prefix) || len(name) == len(prefix) {
			continue
		}
		r, _ := utf8.DecodeRuneInString(name[len(prefix):])
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
