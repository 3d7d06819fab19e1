package connector

import (
	"context"
	"fmt"
	"slices"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Group members. GET /groups/{id}/memberships is offset-only, so a group with
// more than 10,000 members cannot be paged to its end. For such a group the
// listing switches to a per-user scan: page through /users and read each
// user's memberships (GET /users/{id}/memberships), keeping this group's.
// That costs one call per user, which is why it is used only when needed.
//
// Every listing here is guarded (listing_guard.go): an ID twice fails the
// sync, and a 404 for a listed group's (or user's) memberships is skipped
// only once a fresh GET of the group (or user) answers 404 too; that GET is
// the next call's, as each call makes one Box request.

// scanUserPage is how many user IDs one scan step carries in its page token.
const scanUserPage = 100

type memberListToken struct {
	Offset int         `json:"o,omitempty"`
	Page   int         `json:"p,omitempty"` // pages read (the listing guard counts them)
	Scan   *memberScan `json:"s,omitempty"`
	// Lookups are admin memberships whose privileges the listing left out:
	// each is read on its own (GET /group_memberships/{id}) before the
	// next page, and its admin grant emitted then (group_admins.go).
	Lookups []pendingAdmin `json:"a,omitempty"`
	// Gone: Box answered 404 for the listing; the group is read before
	// its members are skipped.
	Gone bool `json:"g,omitempty"`
}

// done: nothing left to read.
func (t *memberListToken) done() bool {
	return t.Scan == nil && t.Offset == 0 && len(t.Lookups) == 0 && !t.Gone
}

type memberScan struct {
	Marker string   `json:"m,omitempty"` // /users marker of the next user page
	Done   bool     `json:"d,omitempty"` // no user pages left
	Users  []string `json:"u,omitempty"` // users of the current page still to visit
	Offset int      `json:"o,omitempty"` // offset into the first user's memberships
	Page   int      `json:"p,omitempty"` // user pages read (the guard counts them)
	Listed int      `json:"n,omitempty"` // users on those pages
	// UserPage counts the first user's membership pages read; Gone: Box
	// answered 404 for them, and the user is read before being skipped.
	UserPage int  `json:"up,omitempty"`
	Gone     bool `json:"g,omitempty"`
}

func (s *groupSyncer) Grants(ctx context.Context, r *v2.Resource, opts rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	var tok memberListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	groupID := r.GetId().GetResource()

	var grants []*v2.Grant
	var lookups []pendingAdmin
	var err error
	switch {
	case len(tok.Lookups) > 0:
		grants, err = s.adminLookup(ctx, r, &tok, opts.SyncID)
	case tok.Gone:
		_, err = s.client.GetGroup(ctx, groupID)
		err = confirmGone(ctx, err, "group", groupID)
		tok = memberListToken{} // gone: no members to report
	case tok.Scan == nil:
		grants, lookups, err = s.memberPage(ctx, r, &tok, opts)
	default:
		grants, lookups, err = s.scanStep(ctx, r, tok.Scan, opts)
		if err == nil && tok.Scan.Done && len(tok.Scan.Users) == 0 {
			tok.Scan = nil
		}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list members (group %s): %w", groupID, err)
	}
	tok.Lookups = append(tok.Lookups, lookups...)
	if tok.done() {
		progress.groupRead()
		return grants, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(tok)
	return grants, &rs.SyncOpResults{NextPageToken: next}, err
}

// memberPage reads one offset page; tok.Offset is 0 afterwards when done.
func (s *groupSyncer) memberPage(ctx context.Context, group *v2.Resource, tok *memberListToken, opts rs.SyncOpAttrs) ([]*v2.Grant, []pendingAdmin, error) {
	groupID := group.GetId().GetResource()
	page, err := s.client.ListGroupMemberships(ctx, groupID, tok.Offset)
	switch {
	case box.IsNotFound(err):
		tok.Gone = true
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	case tok.Offset == 0 && page.TotalCount > box.MaxOffset:
		// Too large to page by offset; the first page's members come again in the scan.
		tok.Scan = &memberScan{}
		return nil, nil, nil
	}
	next := page.NextOffset()
	if err := newListingGuard("members/"+groupID).checkEntries(ctx, opts.Session, tok.Page, membershipIDs(page.Memberships), next < 0); err != nil {
		return nil, nil, err
	}
	tok.Offset, tok.Page = max(next, 0), tok.Page+1
	return membershipGrants(group, s.kept(page.Memberships), "", s.privileges.unknownIn(opts.SyncID))
}

// scanStep makes one call of the per-user scan.
func (s *groupSyncer) scanStep(ctx context.Context, group *v2.Resource, scan *memberScan, opts rs.SyncOpAttrs) ([]*v2.Grant, []pendingAdmin, error) {
	groupID := group.GetId().GetResource()
	if scan.Gone {
		userID := scan.Users[0]
		_, err := s.client.GetUser(ctx, userID)
		if err := confirmGone(ctx, err, "user", userID); err != nil {
			return nil, nil, err
		}
		scan.Users, scan.Offset, scan.UserPage, scan.Gone = scan.Users[1:], 0, 0, false
		return nil, nil, nil
	}
	if len(scan.Users) == 0 {
		page, err := s.client.ListUsers(ctx, box.UserQuery{Marker: scan.Marker, Limit: scanUserPage, Fields: []string{"id"}})
		if err = checkUserPage(ctx, opts.Session, newListingGuard("member-scan/"+groupID), scan.Page, scan.Listed, page, err); err != nil {
			return nil, nil, err
		}
		for _, u := range page.Users {
			scan.Users = append(scan.Users, u.ID)
		}
		scan.Marker, scan.Done = page.NextMarker, page.NextMarker == ""
		scan.Page, scan.Listed = scan.Page+1, scan.Listed+len(page.Users)
		return nil, nil, nil
	}

	userID := scan.Users[0]
	page, err := s.client.ListUserMemberships(ctx, userID, scan.Offset)
	switch {
	case box.IsNotFound(err):
		scan.Gone = true
		return nil, nil, nil
	case err != nil:
		return nil, nil, err
	case page.TotalCount > box.MaxOffset:
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"user %s belongs to %d groups, more than one offset listing can reach (%d)", userID, page.TotalCount, box.MaxOffset)
	}
	next := page.NextOffset()
	guard := newListingGuard("member-scan/" + groupID + "/user/" + userID)
	if err := guard.checkEntries(ctx, opts.Session, scan.UserPage, membershipIDs(page.Memberships), next < 0); err != nil {
		return nil, nil, fmt.Errorf("memberships of user %s: %w", userID, err)
	}
	if next >= 0 {
		scan.Offset, scan.UserPage = next, scan.UserPage+1
	} else {
		scan.Users, scan.Offset, scan.UserPage = scan.Users[1:], 0, 0
	}
	return membershipGrants(group, s.kept(page.Memberships), groupID, s.privileges.unknownIn(opts.SyncID))
}

func membershipIDs(ms []box.Membership) []string {
	return idsOf(ms, func(m *box.Membership) string { return m.ID })
}

// membershipGrants: every membership grants `member`, an admin membership
// also `admin`, carrying the admin's privileges. An admin membership
// without them is returned for a lookup instead, unless Box has shown them
// nowhere in this sync (privilegesUnknown): its grant then says they are
// unknown. onlyGroup, when set, drops memberships of other groups.
// kept drops the memberships of users the sync leaves out
// (--skip-app-users: Box names app users and service accounts by login).
func (s *groupSyncer) kept(memberships []box.Membership) []box.Membership {
	if !s.scope.skip.AppUsers {
		return memberships
	}
	return slices.DeleteFunc(memberships, func(m box.Membership) bool { return m.User != nil && s.scope.skip.skipsLogin(m.User.Login) })
}

func membershipGrants(group *v2.Resource, memberships []box.Membership, onlyGroup string, privilegesUnknown bool) ([]*v2.Grant, []pendingAdmin, error) {
	out := make([]*v2.Grant, 0, len(memberships))
	var lookups []pendingAdmin
	for i := range memberships {
		m := &memberships[i]
		if m.User == nil || m.User.ID == "" || (onlyGroup != "" && m.Group == nil) {
			return nil, nil, status.Errorf(codes.Internal, "membership %s comes without its user or group", m.ID)
		}
		if onlyGroup != "" && m.Group.ID != onlyGroup {
			continue
		}
		out = append(out, newGrant(group, memberEntitlement, userPrincipal(m.User.ID)))
		switch {
		case m.Role != box.MembershipRoleAdmin:
		case m.ConfigurablePermissions == nil && !privilegesUnknown:
			lookups = append(lookups, pendingAdmin{Membership: m.ID, User: m.User.ID})
		default:
			out = append(out, adminGrant(group, m.User.ID, m.ConfigurablePermissions))
		}
	}
	return out, lookups, nil
}
