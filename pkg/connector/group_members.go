package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Group members. GET /groups/{id}/memberships is offset-only, so a group with
// more than 10,000 members cannot be paged to its end. For such a group the
// listing switches to a per-user scan: page through /users and read each
// user's memberships (GET /users/{id}/memberships), keeping this group's.
// That costs one call per user, which is why it is used only when needed.

// scanUserPage is how many user IDs one scan step carries in its page token.
const scanUserPage = 100

type memberListToken struct {
	Offset int         `json:"o,omitempty"`
	Scan   *memberScan `json:"s,omitempty"`
	// Lookups are admin memberships whose privileges the listing left out:
	// each is read on its own (GET /group_memberships/{id}) before the
	// next page, and its admin grant emitted then.
	Lookups []string `json:"a,omitempty"`
}

type memberScan struct {
	Marker string   `json:"m,omitempty"` // /users marker of the next user page
	Done   bool     `json:"d,omitempty"` // no user pages left
	Users  []string `json:"u,omitempty"` // users of the current page still to visit
	Offset int      `json:"o,omitempty"` // offset into the first user's memberships
}

func (s *groupSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	var tok memberListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	groupID := r.GetId().GetResource()

	var grants []*v2.Grant
	var lookups []string
	var err error
	switch {
	case len(tok.Lookups) > 0:
		grants, err = s.adminLookup(ctx, r, &tok)
	case tok.Scan == nil:
		grants, lookups, err = s.memberPage(ctx, r, &tok)
	default:
		grants, lookups, err = s.scanStep(ctx, r, tok.Scan)
		if err == nil && tok.Scan.Done && len(tok.Scan.Users) == 0 {
			tok.Scan = nil
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list members (group %s): %w", groupID, err)
	}
	tok.Lookups = append(tok.Lookups, lookups...)
	if tok.Scan == nil && tok.Offset == 0 && len(tok.Lookups) == 0 {
		return grants, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(tok)
	return grants, &rs.SyncOpResults{NextPageToken: next}, err
}

// adminLookup reads the privileges of one admin membership the listing
// showed without them, and emits its admin grant.
func (s *groupSyncer) adminLookup(ctx context.Context, group *v2.Resource, tok *memberListToken) ([]*v2.Grant, error) {
	id := tok.Lookups[0]
	m, err := s.client.GetMembership(ctx, id)
	switch {
	case box.IsNotFound(err):
		// Removed since the page was read: the member grant already
		// emitted goes with the next sync; no admin grant to report.
		tok.Lookups = tok.Lookups[1:]
		return nil, nil
	case err != nil:
		return nil, err
	case m.ConfigurablePermissions == nil || m.User == nil:
		return nil, status.Errorf(codes.Internal, "membership %s: Box did not return the group admin's configurable_permissions", id)
	}
	tok.Lookups = tok.Lookups[1:]
	if m.Role != box.MembershipRoleAdmin {
		return nil, nil // demoted meanwhile
	}
	return []*v2.Grant{adminGrant(group, m)}, nil
}

// memberPage reads one offset page; tok.Offset is 0 afterwards when done.
func (s *groupSyncer) memberPage(ctx context.Context, group *v2.Resource, tok *memberListToken) ([]*v2.Grant, []string, error) {
	page, err := s.client.ListGroupMemberships(ctx, group.GetId().GetResource(), tok.Offset)
	if err != nil {
		return nil, nil, err
	}
	if tok.Offset == 0 && page.TotalCount > box.MaxOffset {
		// Too large to page by offset; the first page's members come again in the scan.
		tok.Scan = &memberScan{}
		return nil, nil, nil
	}
	tok.Offset = max(page.NextOffset(), 0)
	return membershipGrants(group, page.Memberships, "")
}

// scanStep makes one call of the per-user scan.
func (s *groupSyncer) scanStep(ctx context.Context, group *v2.Resource, scan *memberScan) ([]*v2.Grant, []string, error) {
	if len(scan.Users) == 0 {
		page, err := s.client.ListUsers(ctx, box.UserQuery{Marker: scan.Marker, Limit: scanUserPage, Fields: []string{"id"}})
		if err != nil {
			return nil, nil, err
		}
		for _, u := range page.Users {
			scan.Users = append(scan.Users, u.ID)
		}
		scan.Marker, scan.Done = page.NextMarker, page.NextMarker == ""
		return nil, nil, nil
	}

	userID := scan.Users[0]
	page, err := s.client.ListUserMemberships(ctx, userID, scan.Offset)
	switch {
	case box.IsNotFound(err):
		// Deleted since the user page was read: no memberships to report.
		scan.Users, scan.Offset = scan.Users[1:], 0
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	case page.TotalCount > box.MaxOffset:
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"user %s belongs to %d groups, more than one offset listing can reach (%d)", userID, page.TotalCount, box.MaxOffset)
	}
	if next := page.NextOffset(); next >= 0 {
		scan.Offset = next
	} else {
		scan.Users, scan.Offset = scan.Users[1:], 0
	}
	return membershipGrants(group, page.Memberships, group.GetId().GetResource())
}

// membershipGrants: every membership grants `member`, an admin membership
// also `admin`, carrying the admin's privileges. An admin membership
// without them (a listing that leaves them out) is returned for a lookup
// instead. onlyGroup, when set, drops memberships of other groups.
func membershipGrants(group *v2.Resource, memberships []box.Membership, onlyGroup string) ([]*v2.Grant, []string, error) {
	out := make([]*v2.Grant, 0, len(memberships))
	var lookups []string
	for i := range memberships {
		m := &memberships[i]
		if m.User == nil || m.User.ID == "" || (onlyGroup != "" && m.Group == nil) {
			return nil, nil, status.Errorf(codes.Internal, "membership %s comes without its user or group", m.ID)
		}
		if onlyGroup != "" && m.Group.ID != onlyGroup {
			continue
		}
		out = append(out, grant.NewGrant(group, memberEntitlement, userPrincipal(m.User.ID)))
		switch {
		case m.Role != box.MembershipRoleAdmin:
		case m.ConfigurablePermissions == nil:
			lookups = append(lookups, m.ID)
		default:
			out = append(out, adminGrant(group, m))
		}
	}
	return out, lookups, nil
}

// adminGrant is a group admin's grant, with their privileges as grant
// metadata (kept in the c1z, shown by `baton grants`): reviewers see who
// may create or edit accounts, run reports or log in as the group's
// members (can_instant_login).
func adminGrant(group *v2.Resource, m *box.Membership) *v2.Grant {
	perms := make(map[string]any, len(box.GroupAdminPermissions))
	for _, p := range box.GroupAdminPermissions {
		perms[p] = m.ConfigurablePermissions[p]
	}
	g := grant.NewGrant(group, adminEntitlement, userPrincipal(m.User.ID),
		grant.WithGrantMetadata(map[string]any{"configurable_permissions": perms}))
	return g
}
