package connector

import (
	"context"
	"sync"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/types/grant"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// Group admins' privileges (configurable_permissions). Where Box shows them
// is undocumented (internal/boxsim/state_group_admin.go has the sources): with the
// membership listings, only where fields= names them, only on GET
// /group_memberships/{id}, or nowhere (the spec's GroupMembership schema has
// no such field). The listings ask for them (box.MembershipFields); an admin
// membership that still comes without them is read on its own, one call
// each. If that read does not show them either, Box shows them nowhere: the
// admin grant is emitted with the privileges marked unknown (never made
// up), a warning is logged once, and no further admin is read in that sync.
// The first read of a sync goes alone (adminPrivileges.turn), so learning
// this costs one call whatever the number of workers.

// pendingAdmin is an admin membership a listing showed without privileges.
type pendingAdmin struct {
	Membership string `json:"m"`
	User       string `json:"u"`
}

// adminPrivileges remembers, per sync, whether Box shows admins'
// privileges on GET /group_memberships/{id}. Until the first read has
// answered, it is the only one out (later ones wait for it), so however
// many workers the SDK runs, learning that Box shows them nowhere costs
// one call.
type adminPrivileges struct {
	mu      sync.Mutex
	syncID  string
	shown   bool          // a read showed them
	unknown bool          // a read did not: Box shows them nowhere
	probing chan struct{} // the first read is out; closed when it answered
}

// forSync forgets another sync's answer. Callers hold p.mu.
func (p *adminPrivileges) forSync(syncID string) {
	if p.syncID != syncID {
		p.syncID, p.shown, p.unknown, p.probing = syncID, false, false, nil
	}
}

// unknownIn reports whether Box has shown them nowhere in sync syncID.
func (p *adminPrivileges) unknownIn(syncID string) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.unknown && p.syncID == syncID
}

// readTurn is what turn lets a membership read do.
type readTurn int

const (
	turnProbe readTurn = iota // the sync's first read: it goes alone
	turnRead                  // a read showed them: read
	turnSkip                  // Box shows them nowhere: read nothing
)

// turn waits until the caller may read a membership: the first read of a
// sync is the probe and goes alone, the others wait for its answer.
func (p *adminPrivileges) turn(ctx context.Context, syncID string) (readTurn, error) {
	for {
		p.mu.Lock()
		p.forSync(syncID)
		wait := p.probing
		switch {
		case p.unknown:
			p.mu.Unlock()
			return turnSkip, nil
		case p.shown:
			p.mu.Unlock()
			return turnRead, nil
		case wait == nil:
			p.probing = make(chan struct{})
			p.mu.Unlock()
			return turnProbe, nil
		}
		p.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return turnSkip, ctx.Err()
		}
	}
}

// settle records what a read answered: the privileges shown, not shown
// (from then on unknown; the first time in a sync it warns), or nothing
// either way (an error, a membership gone or demoted: the next read probes
// again). A probe's settle lets the waiting reads go.
func (p *adminPrivileges) settle(ctx context.Context, syncID, membershipID string, probe, answered, shown bool) {
	p.mu.Lock()
	p.forSync(syncID)
	warn := answered && !shown && !p.unknown
	if answered {
		p.shown, p.unknown = shown, !shown
	}
	if probe && p.probing != nil {
		close(p.probing)
		p.probing = nil
	}
	p.mu.Unlock()
	if warn {
		ctxzap.Extract(ctx).Warn("baton-box: Box does not show group admins' configurable_permissions, not even on GET /group_memberships/{id}; "+
			"admin grants carry configurable_permissions_known=false for the rest of this sync",
			zap.String("membership_id", membershipID))
	}
}

// adminLookup reads the privileges of the first admin membership the
// listing showed without them, and emits its admin grant. Once Box has
// shown them nowhere, it emits every pending admin's grant without a call.
func (s *groupSyncer) adminLookup(ctx context.Context, group *v2.Resource, tok *memberListToken, syncID string) ([]*v2.Grant, error) {
	turn, err := s.privileges.turn(ctx, syncID)
	if err != nil {
		return nil, err
	}
	if turn == turnSkip {
		out := make([]*v2.Grant, 0, len(tok.Lookups))
		for _, a := range tok.Lookups {
			out = append(out, adminGrant(group, a.User, nil))
		}
		tok.Lookups = nil
		return out, nil
	}
	a := tok.Lookups[0]
	m, err := s.client.GetMembership(ctx, a.Membership)
	answered := err == nil && m.Role == box.MembershipRoleAdmin
	s.privileges.settle(ctx, syncID, a.Membership, turn == turnProbe, answered, answered && m.ConfigurablePermissions != nil)
	switch {
	case box.IsNotFound(err):
		// Removed since the page was read: the member grant already
		// emitted goes with the next sync; no admin grant to report.
		tok.Lookups = tok.Lookups[1:]
		return nil, nil
	case err != nil:
		return nil, err
	case m.Role != box.MembershipRoleAdmin:
		tok.Lookups = tok.Lookups[1:] // demoted meanwhile
		return nil, nil
	case m.ConfigurablePermissions == nil:
		return s.adminLookup(ctx, group, tok, syncID) // now unknown: every pending grant at once
	}
	tok.Lookups = tok.Lookups[1:]
	return []*v2.Grant{adminGrant(group, a.User, m.ConfigurablePermissions)}, nil
}

// adminGrant is a group admin's grant, with their privileges as grant
// metadata (kept in the c1z, shown by `baton grants`): reviewers see who
// may create or edit accounts, run reports or log in as the group's
// members (can_instant_login). perms nil: Box did not say;
// configurable_permissions_known is false and no privilege is listed.
func adminGrant(group *v2.Resource, userID string, perms map[string]bool) *v2.Grant {
	md := map[string]any{"configurable_permissions_known": perms != nil}
	if perms != nil {
		named := make(map[string]any, len(box.GroupAdminPermissions))
		for _, p := range box.GroupAdminPermissions {
			named[p] = perms[p]
		}
		md["configurable_permissions"] = named
	}
	return newGrant(group, adminEntitlement, userPrincipal(userID), grant.WithGrantMetadata(md))
}
