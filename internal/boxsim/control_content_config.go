package boxsim

import (
	"math"
	"slices"
)

// ContentConfig seeds folders, collaborations and shared links, and holds
// the switches where Box's sources disagree (see docs/boxsim.md, "Content"). The
// zero value seeds no content, so existing configurations are unchanged.
// Shares are fractions in [0,1]: 0 picks the default, a negative value
// means none.
type ContentConfig struct {
	// Folders is how many folders to seed, at every depth, owned by users
	// who own content (0 = none).
	Folders int
	// FolderDepth is the deepest level seeded: 1 = top-level folders
	// only (0 = DefaultFolderDepth; at most MaxFolderDepth).
	FolderDepth int
	// CollaborationsPerFolder is the average number of collaborations on
	// a seeded folder (0 = DefaultCollaborationsPerFolder, negative = none).
	CollaborationsPerFolder float64
	// GroupShare, ExternalShare and PendingShare split the seeded
	// collaborations: granted to a group, to an external user (needs
	// Config.ExternalUsers), and not accepted (pending, a fifth of them
	// rejected; a third of the pending ones invite an address with no Box
	// account). The rest go to managed users.
	GroupShare, ExternalShare, PendingShare float64
	// SharedLinkShare is the share of seeded folders with a shared link;
	// OpenLinkShare the share of those links with access "open".
	SharedLinkShare, OpenLinkShare float64
	// GiantRootFolders > 0 gives one user (the first active managed user
	// who is neither admin nor co-admin) that many more top-level folders
	// ("Archive 0001"...): a root listing beyond one page of 1,000.
	GiantRootFolders int
	// GiantFolderCollaborators > 0 adds a top-level folder "All Hands"
	// owned by that user with that many accepted collaborations, one per
	// listed user then external user (capped by how many exist).
	GiantFolderCollaborators int

	// AsUserDisabled: the app lacks the Developer Console setting "Make
	// API calls using the as-user header". Any as-user header then gets
	// 403 insufficient_scope.
	AsUserDisabled bool
	// AsUserPrivileged lets as-user name the primary admin and co-admins;
	// by default Box refuses them (403).
	AsUserPrivileged bool
	// InactiveUsersRefused: Box will not act as an inactive user. The
	// as-user header naming one gets 403
	// access_denied_insufficient_permissions and a user access token for
	// one invalid_grant. Box documents neither answer; by default both
	// work (see docs/boxsim.md, "Content").
	InactiveUsersRefused bool
	// InheritedCollaborations makes GET /folders/{id}/collaborations on a
	// sub-folder list its parents' collaborations too.
	InheritedCollaborations bool
	// LegacyPendingCollaborations answers accessible_by null for pending
	// collaborations, as Box did in reports up to 2018 (off the spec).
	LegacyPendingCollaborations bool
	// UnpagedFolderCollaborations answers GET /folders/{id}/collaborations
	// unpaged, as Box was seen doing (box-java-sdk#330, box-openapi#152):
	// every collaboration and total_count, no limit or markers, limit
	// ignored (off the spec).
	UnpagedFolderCollaborations bool
	// ManualAcceptUsers are the IDs of users whose account setting
	// "Automatically accept incoming collaboration invitations" is off
	// (on by default: support.box.com articles 200520218, 360044195073):
	// POST /collaborations leaves their invitations pending until they
	// accept (PUT /collaborations/{id} status, or SetCollaborationStatus).
	ManualAcceptUsers []string
	// InvitesPending leaves every invited user's collaboration pending,
	// as when the inviting enterprise has its invitees accept terms of
	// service, enrol in 2FA or set a strong password first (article
	// 360044195073). Groups are accepted at once either way.
	InvitesPending bool
	// InviteBelowCollaborator is how POST /collaborations answers an
	// invitation of a user or group that holds an accepted collaboration
	// on a parent folder: one of InviteBelowModes() ("" or unknown =
	// InviteBelowRefused, Box's documented rule).
	InviteBelowCollaborator string
	// FileItems lists each user's files in their folder listings, after
	// the folders (api_folder_files.go): OwnedItems less the folders counted
	// in it, spread over their "All Files" and folders. Off, listings show
	// folders only, as before.
	FileItems bool
	// RootFilesInterleaved, with FileItems, lists the root's files among
	// its folders (the spec's type-first order is for standard folders).
	RootFilesInterleaved bool
	// SharedLinkAccessCap is the enterprise's most open shared-link
	// access ("", "company" or "collaborators"): effective_access is the
	// link's access capped by it.
	SharedLinkAccessCap string

	// The readings below are where Box's answers are undocumented or
	// off the spec (control_content_readings.go; docs/boxsim.md, "Content readings").

	// OwnerCollaborationListed lists, first on each folder's
	// collaborations, an accepted entry with role "owner" for the
	// folder's owner (the spec's Collaboration.role enum has "owner").
	OwnerCollaborationListed bool
	// UnpagedCollaborationsCap, with UnpagedFolderCollaborations, is the
	// most entries the unpaged answer holds (0 = all); total_count still
	// counts every collaboration.
	UnpagedCollaborationsCap int
	// CollaborationQuirk renders every fifth accepted collaboration (by
	// ID) oddly: one of CollaborationQuirks() ("" = none).
	CollaborationQuirk string
	// NoAccessLinks gives every third shared link (by folder ID) the
	// effective_permission "no_access" (in the spec's enum).
	NoAccessLinks bool
	// DeletedUsersKeepCollaborations: a deleted user's collaborations stay
	// listed, accessible_by.is_active false ("deactivated or deleted", the
	// spec's User--Collaborations), while GET /users/{id} answers 404.
	DeletedUsersKeepCollaborations bool
	// HasCollaborationsAcceptedOnly answers a folder's has_collaborations
	// true only when it has an accepted collaboration of its own: pending
	// and rejected invitations are not "other collaborators" (the spec's
	// Folder--Full.has_collaborations says no more than "Specifies if this
	// folder has any other collaborators"). By default any collaboration
	// of its own counts.
	HasCollaborationsAcceptedOnly bool
	// OtherAppServiceAccounts seeds that many service accounts of other
	// apps of the enterprise: users GET /users does not list, each an
	// accepted editor on a few seeded folders.
	OtherAppServiceAccounts int
}

// Content defaults and limits.
const (
	DefaultFolderDepth             = 3
	MaxFolderDepth                 = 8
	DefaultCollaborationsPerFolder = 2.0
	defaultGroupShare              = 0.2
	defaultExternalShare           = 0.1
	defaultPendingShare            = 0.06
	defaultSharedLinkShare         = 0.2
	defaultOpenLinkShare           = 0.35
	maxCollaborationsPerFolder     = 1000.0
	maxSeededFolders               = 10_000_000 // Folders and GiantRootFolders are clamped to this
	maxOtherAppServiceAccounts     = 100
)

// share normalises a share knob: 0 = def, negative or NaN = none, capped at 1.
func share(v, def float64) float64 {
	switch {
	case v == 0:
		return def
	case v < 0 || math.IsNaN(v):
		return 0
	}
	return min(v, 1)
}

func (c ContentConfig) withDefaults() ContentConfig {
	c.Folders = min(max(c.Folders, 0), maxSeededFolders)
	if c.FolderDepth <= 0 {
		c.FolderDepth = DefaultFolderDepth
	}
	c.FolderDepth = min(c.FolderDepth, MaxFolderDepth)
	switch v := c.CollaborationsPerFolder; {
	case v == 0 || math.IsInf(v, 1):
		c.CollaborationsPerFolder = DefaultCollaborationsPerFolder
	case v < 0 || math.IsNaN(v):
		c.CollaborationsPerFolder = -1
	}
	c.CollaborationsPerFolder = min(c.CollaborationsPerFolder, maxCollaborationsPerFolder)
	c.GroupShare = share(c.GroupShare, defaultGroupShare)
	c.ExternalShare = share(c.ExternalShare, defaultExternalShare)
	c.PendingShare = share(c.PendingShare, defaultPendingShare)
	c.SharedLinkShare = share(c.SharedLinkShare, defaultSharedLinkShare)
	c.OpenLinkShare = share(c.OpenLinkShare, defaultOpenLinkShare)
	c.GiantRootFolders = min(max(c.GiantRootFolders, 0), maxSeededFolders)
	c.GiantFolderCollaborators = max(c.GiantFolderCollaborators, 0)
	c.UnpagedCollaborationsCap = max(c.UnpagedCollaborationsCap, 0)
	c.OtherAppServiceAccounts = min(max(c.OtherAppServiceAccounts, 0), maxOtherAppServiceAccounts)
	if !slices.Contains(CollaborationQuirks(), c.CollaborationQuirk) {
		c.CollaborationQuirk = ""
	}
	if !slices.Contains([]string{accessCompany, accessCollaborators}, c.SharedLinkAccessCap) {
		c.SharedLinkAccessCap = ""
	}
	return c
}
