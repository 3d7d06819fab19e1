package connector

import (
	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
)

// Resource type IDs and entitlement slugs are a public API: ConductorOne keys
// its history on them, and they match the Box connector already deployed.
const (
	memberEntitlement = "member"
	adminEntitlement  = "admin"
)

var (
	userResourceType = &v2.ResourceType{
		Id:          "user",
		DisplayName: "User",
		Description: "A managed user or app user of the Box enterprise.",
		Traits:      []v2.ResourceType_Trait{v2.ResourceType_TRAIT_USER},
		// Read/write files only for deleting users (their content is
		// transferred first) and transfer_content; enterprise properties
		// only for --sync-last-login and the login usage feed.
		Annotations: annotations.New(&v2.SkipEntitlementsAndGrants{}, permissions(box.ScopeManageUsers, box.ScopeReadWriteFiles, box.ScopeEnterpriseProperties)),
	}
	groupResourceType = &v2.ResourceType{
		Id:          "group",
		DisplayName: "Group",
		Description: "A Box group; its members and group admins.",
		Traits:      []v2.ResourceType_Trait{v2.ResourceType_TRAIT_GROUP},
		Annotations: annotations.New(permissions(box.ScopeManageGroups)),
	}
	roleResourceType = &v2.ResourceType{
		Id:          "role",
		DisplayName: "Role",
		Description: "A Box enterprise role: admin, co-admin or user.",
		Traits:      []v2.ResourceType_Trait{v2.ResourceType_TRAIT_ROLE},
		Annotations: annotations.New(permissions(box.ScopeManageUsers)),
	}
	enterpriseResourceType = &v2.ResourceType{
		Id:          "enterprise",
		DisplayName: "Enterprise",
		Description: "The Box enterprise; every synced user is a member.",
		Annotations: annotations.New(permissions(box.ScopeManageUsers)),
	}
)

func permissions(names ...string) *v2.CapabilityPermissions {
	out := &v2.CapabilityPermissions{}
	for _, n := range names {
		out.Permissions = append(out.Permissions, &v2.CapabilityPermission{Permission: n})
	}
	return out
}
