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
	var err error
	if tok.Scan == nil {
		grants, err = s.memberPage(ctx, r, &tok)
	} else {
		grants, err = s.scanStep(ctx, r, tok.Scan)
		if err == nil && tok.Scan.Done && len(tok.Scan.Users) == 0 {
			tok.Scan = nil
			return grants, &rs.SyncOpResults{}, nil
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list members (group %s): %w", groupID, err)
	}
	if tok.Scan == nil && tok.Offset == 0 {
		return grants, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(tok)
	return grants, &rs.SyncOpResults{NextPageToken: next}, err
}

// memberPage reads one offset page; tok.Offset is 0 afterwards when done.
func (s *groupSyncer) memberPage(ctx context.Context, group *v2.Resource, tok *memberListToken) ([]*v2.Grant, error) {
	page, err := s.client.ListGroupMemberships(ctx, group.GetId().GetResource(), tok.Offset)
	if err != nil {
		return nil, err
	}
	if tok.Offset == 0 && page.TotalCount > box.MaxOffset {
		// Too large to page by offset; the first page's members come again in the scan.
		tok.Scan = &memberScan{}
		return nil, nil
	}
	tok.Offset = max(page.NextOffset(), 0)
	return membershipGrants(group, page.Memberships, "")
}

// scanStep makes one call of the per-user scan.
func (s *groupSyncer) scanStep(ctx context.Context, group *v2.Resource, scan *memberScan) ([]*v2.Grant, error) {
	if len(scan.Users) == 0 {
		page, err := s.client.ListUsers(ctx, box.UserQuery{Marker: scan.Marker, Limit: scanUserPage, Fields: []string{"id"}})
		if err != nil {
			return nil, err
		}
		for _, u := range page.Users {
			scan.Users = append(scan.Users, u.ID)
		}
		scan.Marker, scan.Done = page.NextMarker, page.NextMarker == ""
		return nil, nil
	}

	userID := scan.Users[0]
	page, err := s.client.ListUserMemberships(ctx, userID, scan.Offset)
	switch {
	case box.IsNotFound(err):
		// Deleted since the user page was read: no memberships to report.
		scan.Users, scan.Offset = scan.Users[1:], 0
		return nil, nil
	case err != nil:
		return nil, err
	case page.TotalCount > box.MaxOffset:
		return nil, status.Errorf(codes.FailedPrecondition,
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
// also `admin`. onlyGroup, when set, drops memberships of other groups.
func membershipGrants(group *v2.Resource, memberships []box.Membership, onlyGroup string) ([]*v2.Grant, error) {
	out := make([]*v2.Grant, 0, len(memberships))
	for _, m := range memberships {
		if m.User == nil || m.User.ID == "" || (onlyGroup != "" && m.Group == nil) {
			return nil, status.Errorf(codes.Internal, "membership %s comes without its user or group", m.ID)
		}
		if onlyGroup != "" && m.Group.ID != onlyGroup {
			continue
		}
		principal := &v2.ResourceId{ResourceType: userResourceType.Id, Resource: m.User.ID}
		out = append(out, grant.NewGrant(group, memberEntitlement, principal))
		if m.Role == box.MembershipRoleAdmin {
			out = append(out, grant.NewGrant(group, adminEntitlement, principal))
		}
	}
	return out, nil
}
