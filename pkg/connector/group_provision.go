package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Grant adds the user to the group (member) or makes them a group admin
// (adding or promoting). The membership is looked up freshly every time. A
// new group admin gets exactly the privileges of --group-admin-permissions
// (none by default: least privilege), never Box's all-enabled default.
func (s *groupSyncer) Grant(ctx context.Context, principal *v2.Resource, ent *v2.Entitlement) ([]*v2.Grant, annotations.Annotations, error) {
	slug := entitlementSlug(ent)
	if slug != memberEntitlement && slug != adminEntitlement {
		return nil, nil, unknownEntitlement(ent, memberEntitlement, adminEntitlement)
	}
	userID, err := principalUserID(principal)
	if err != nil {
		return nil, nil, err
	}
	group := ent.GetResource()
	groupID, err := resourceIDOf("grant group "+slug, group.GetId(), groupResourceType)
	if err != nil {
		return nil, nil, err
	}

	if slug == adminEntitlement {
		u, err := s.client.GetUser(ctx, userID)
		if err != nil {
			return nil, nil, wrapf(err, "grant group admin (group %s, user %s): read user", groupID, userID)
		}
		if u.Role == box.RoleCoadmin {
			// Box: a user cannot be a group admin and a co-admin at once.
			return nil, nil, status.Errorf(codes.FailedPrecondition,
				"baton-box: grant group admin (group %s, user %s): the user is a co-admin, and Box does not let a co-admin be a group admin; revoke co-admin first", groupID, userID)
		}
	}
	m, err := s.client.FindMembership(ctx, userID, groupID)
	if err != nil {
		return nil, nil, wrapf(err, "grant group %s (group %s, user %s): look up membership", slug, groupID, userID)
	}
	if m == nil {
		m, err = s.client.AddMembership(ctx, userID, groupID, membershipRole(slug), s.adminPerms)
		switch {
		case box.IsConflict(err):
			// Added meanwhile (or a retried request that did land): look again.
			if m, err = s.client.FindMembership(ctx, userID, groupID); err == nil && m == nil {
				err = status.Errorf(codes.Aborted, "Box reported a conflict but shows no membership")
			}
		case err == nil && slug == adminEntitlement:
			return grantsOf(group, userID, memberEntitlement, adminEntitlement), nil, nil
		case err == nil:
			return grantsOf(group, userID, memberEntitlement), nil, nil
		}
		if err != nil {
			return nil, nil, wrapf(err, "grant group %s (group %s, user %s)", slug, groupID, userID)
		}
	}
	if slug == memberEntitlement || m.Role == box.MembershipRoleAdmin {
		return nil, alreadyExists(ctx, "user %s is already a group %s of group %s (membership %s, role %s)", userID, slug, groupID, m.ID, m.Role), nil
	}
	if _, err := s.client.SetMembershipRole(ctx, m.ID, box.MembershipRoleAdmin, s.adminPerms); err != nil {
		return nil, nil, wrapf(err, "grant group admin (group %s, user %s, membership %s): promote", groupID, userID, m.ID)
	}
	return grantsOf(group, userID, adminEntitlement), nil, nil
}

// Revoke of `admin` demotes the user to member (they stay in the group);
// revoke of `member` removes the membership, admin rights with it.
func (s *groupSyncer) Revoke(ctx context.Context, g *v2.Grant) (annotations.Annotations, error) {
	ent := g.GetEntitlement()
	slug := entitlementSlug(ent)
	if slug != memberEntitlement && slug != adminEntitlement {
		return nil, unknownEntitlement(ent, memberEntitlement, adminEntitlement)
	}
	userID, err := principalUserID(g.GetPrincipal())
	if err != nil {
		return nil, err
	}
	groupID, err := resourceIDOf("revoke group "+slug, ent.GetResource().GetId(), groupResourceType)
	if err != nil {
		return nil, err
	}

	m, err := s.client.FindMembership(ctx, userID, groupID)
	if box.IsNotFound(err) {
		// A 404 on the listing is not "no membership": only a user Box no
		// longer has makes the grant gone (confirmGone).
		_, getErr := s.client.GetUser(ctx, userID)
		if err = confirmGone(ctx, getErr, "user", userID); err == nil {
			return alreadyRevoked(ctx, "user %s no longer exists, nor do their group memberships", userID), nil
		}
		return nil, wrapf(err, "revoke group %s (group %s, user %s): list the user's memberships (after a 404)", slug, groupID, userID)
	}
	switch {
	case err != nil:
		return nil, wrapf(err, "revoke group %s (group %s, user %s): look up membership", slug, groupID, userID)
	case m == nil:
		return alreadyRevoked(ctx, "user %s is not a member of group %s", userID, groupID), nil
	case slug == adminEntitlement && m.Role != box.MembershipRoleAdmin:
		return alreadyRevoked(ctx, "user %s is not a group admin of group %s (role %s)", userID, groupID, m.Role), nil
	}

	if slug == adminEntitlement {
		_, err = s.client.SetMembershipRole(ctx, m.ID, box.MembershipRoleMember, nil)
	} else {
		err = s.client.DeleteMembership(ctx, m.ID)
	}
	if box.IsNotFound(err) {
		return alreadyRevoked(ctx, "membership %s of user %s in group %s is already gone", m.ID, userID, groupID), nil
	}
	if err != nil {
		return nil, wrapf(err, "revoke group %s (group %s, user %s, membership %s)", slug, groupID, userID, m.ID)
	}
	return nil, nil
}

func membershipRole(slug string) string {
	if slug == adminEntitlement {
		return box.MembershipRoleAdmin
	}
	return box.MembershipRoleMember
}

// Create makes a group from the resource's display name and description. A
// group of that name already there is returned as is: creating is idempotent.
func (s *groupSyncer) Create(ctx context.Context, r *v2.Resource) (*v2.Resource, annotations.Annotations, error) {
	name := r.GetDisplayName()
	if name == "" {
		return nil, nil, status.Error(codes.InvalidArgument, "baton-box: create group: a display name is required")
	}
	g, err := s.client.CreateGroup(ctx, box.GroupCreate{Name: name, Description: r.GetDescription()})
	if box.IsConflict(err) {
		g, err = s.client.FindGroupByName(ctx, name)
		if err == nil && g == nil {
			err = status.Errorf(codes.Aborted, "Box reported a conflict but shows no group named %q", name)
		}
	}
	if err != nil {
		return nil, nil, wrapf(err, "create group (name %q)", name)
	}
	out, err := groupResource(g, enterpriseParent(s.enterpriseID))
	return out, nil, err
}

// Delete removes a group (and its memberships); a missing group is already
// deleted.
func (s *groupSyncer) Delete(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (annotations.Annotations, error) {
	groupID, err := resourceIDOf("delete group", id, groupResourceType)
	if err != nil {
		return nil, err
	}
	err = s.client.DeleteGroup(ctx, groupID)
	if box.IsNotFound(err) {
		return alreadyDeleted(ctx, "group", groupID), nil
	}
	if err != nil {
		return nil, wrapf(err, "delete group (group %s)", groupID)
	}
	return nil, nil
}
