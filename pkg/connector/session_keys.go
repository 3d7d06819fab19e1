package connector

import "strings"

// Every key baton-box keeps in the SDK's session store is built here, one
// method per kind, under "baton-box/": no two kinds can collide, and a
// reader finds what the store holds in one place. The store is scoped to
// one sync by the SDK.
type sessionKeys struct{}

var keys sessionKeys

const keyPrefix = "baton-box/"

func (sessionKeys) of(parts ...string) string { return keyPrefix + strings.Join(parts, "/") }

// userIndex is the listed users' (id, role) list (session.go).
func (k sessionKeys) userIndex() pagedList {
	return pagedList{count: k.of("user-index", "pages"), page: k.of("user-index", "page") + "/"}
}

// lastLogin is a user's last login from the login scan (last_login.go).
func (k sessionKeys) lastLogin(userID string) string { return k.of("last-login", userID) }

// groupSeen marks a group a partitioned group listing has found
// (group_seen.go).
func (k sessionKeys) groupSeen(groupID string) string { return k.of("group-seen", groupID) }

// guardIDs and guardMarker are a listing guard's pages of IDs and the
// markers it sent (listing_guard.go).
func (k sessionKeys) guardIDs(listing string) pagedList {
	return pagedList{page: k.of("guard", listing, "ids") + "/"}
}

func (k sessionKeys) guardMarker(listing, marker string) string {
	return k.of("guard", listing, "marker", marker)
}

// folderMeta is what a folder listing said of a folder (folder_session.go).
func (k sessionKeys) folderMeta(folderID string) string { return k.of("folder", folderID, "meta") }

// folderGrantees is a folder's accepted collaborations (folder_session.go).
func (k sessionKeys) folderGrantees(folderID string) pagedList {
	return pagedList{count: k.of("folder", folderID, "grantees"), page: k.of("folder", folderID, "grantees") + "/"}
}

// collabSeen marks a collaboration read on a folder, with the page it came
// on (folder_collaborations.go).
func (k sessionKeys) collabSeen(folderID, collabID string) string {
	return k.of("folder", folderID, "collab", collabID)
}

// folderBatches is the batches of a user's folders the walk recorded, one
// a walk step (IDs and names; folder_entitlements.go), its count the user's
// key under folderOwnerPrefix. Owners sort before batches and every other
// folder key, so that reading the owners scans nothing else.
func (k sessionKeys) folderOwnerPrefix() string { return k.of("folder-owner") + "/" }

func (k sessionKeys) folderBatches(ownerID string) pagedList {
	return pagedList{count: k.folderOwnerPrefix() + ownerID, page: k.of("folder-step", ownerID) + "/"}
}
