package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	ent "github.com/conductorone/baton-sdk/pkg/types/entitlement"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

type groupSyncer struct {
	client       *box.Client
	enterpriseID string
	adminPerms   []string         // a new group admin's privileges (--group-admin-permissions)
	privileges   *adminPrivileges // whether this sync's Box shows admins' privileges (group_admins.go)
	scope        syncScope        // where groups are listed, and which are skipped (scope.go)
}

func newGroupSyncer(client *box.Client, enterpriseID string, adminPerms []string, scope syncScope) *groupSyncer {
	return &groupSyncer{client: client, enterpriseID: enterpriseID, adminPerms: adminPerms, privileges: &adminPrivileges{}, scope: scope}
}

func (s *groupSyncer) ResourceType(context.Context) *v2.ResourceType { return groupResourceType }

// Entitlements: every membership is `member`; an admin membership is also
// `admin` (the group admin can manage the group's members).
func (s *groupSyncer) Entitlements(_ context.Context, r *v2.Resource, _ rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	ref := resourceRef(r)
	member := ent.NewAssignmentEntitlement(ref, memberEntitlement,
		ent.WithGrantableTo(grantableTo(userResourceType)...),
		ent.WithDisplayName(fmt.Sprintf("%s group member", r.GetDisplayName())),
		ent.WithDescription(fmt.Sprintf("Member of the Box group %s", r.GetDisplayName())),
	)
	admin := ent.NewPermissionEntitlement(ref, adminEntitlement,
		ent.WithGrantableTo(grantableTo(userResourceType)...),
		ent.WithDisplayName(fmt.Sprintf("%s group admin", r.GetDisplayName())),
		ent.WithDescription(fmt.Sprintf("Admin of the Box group %s: can manage its members; each grant's metadata lists the admin's "+
			"privileges (can_create_accounts, can_edit_accounts, can_instant_login: log in as the members, can_run_reports)", r.GetDisplayName())),
	)
	return []*v2.Entitlement{member, admin}, &rs.SyncOpResults{}, nil
}

func groupProfile(g *box.Group) map[string]any {
	p := map[string]any{
		"group_id":   g.ID,
		"group_name": g.Name,
		"group_type": g.GroupType,
	}
	for k, v := range map[string]string{
		"description":              g.Description,
		"provenance":               g.Provenance,
		"external_sync_identifier": g.ExternalSyncIdentifier,
		"invitability_level":       g.InvitabilityLevel,
		"member_viewability_level": g.MemberViewabilityLevel,
	} {
		if v != "" {
			p[k] = v
		}
	}
	if g.CreatedAt != nil {
		p["created_at"] = g.CreatedAt.UTC().Format(timeLayout)
	}
	if g.ModifiedAt != nil {
		p["modified_at"] = g.ModifiedAt.UTC().Format(timeLayout)
	}
	return p
}

// groupResource maps a Box group under its enterprise.
func groupResource(g *box.Group, parent *v2.ResourceId) (*v2.Resource, error) {
	opts := []rs.ResourceOption{rs.WithResourceProfile(groupProfile(g)), rs.WithParentResourceID(parent)}
	if g.Description != "" {
		opts = append(opts, rs.WithDescription(g.Description))
	}
	if g.CreatedAt != nil {
		opts = append(opts, rs.WithResourceCreatedAt(*g.CreatedAt))
	}
	r, err := rs.NewGroupResource(g.Name, groupResourceType, g.ID, nil, opts...)
	if err != nil {
		return nil, fmt.Errorf("baton-box: build group resource (group %s): %w", g.ID, err)
	}
	return r, nil
}
