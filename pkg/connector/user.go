package connector

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
)

type userSyncer struct {
	*userActions   // the Box client, the service account, the primary admin and the guards
	enterpriseID   string
	contentOwnerID string           // receives a deleted user's content; "" = the service account
	transfers      *sync.Map        // user ID -> when this process sent a transfer of their content (user_delete.go)
	lastLogin      *lastLoginConfig // nil: last login is not synced
	folders        bool             // --sync-folders: each user's folders are its child listing (folder_walk.go)
	principals     *principals      // with folders: the enterprise's unlisted users among collaborators (user_unlisted.go)
}

func newUserSyncer(actions *userActions, enterpriseID, contentOwnerID string, lastLogin *lastLoginConfig) *userSyncer {
	return &userSyncer{userActions: actions,
		enterpriseID: enterpriseID, contentOwnerID: contentOwnerID, lastLogin: lastLogin, transfers: &sync.Map{}}
}

func (s *userSyncer) ResourceType(context.Context) *v2.ResourceType { return userResourceType }

type userListToken struct {
	Marker string `json:"m,omitempty"`
	Page   int    `json:"p,omitempty"`
	Listed int    `json:"n,omitempty"` // users on the pages before this one
	// The login pass that precedes the users when last login is synced.
	Logins     *loginScan `json:"l,omitempty"`
	LoginsDone bool       `json:"ld,omitempty"`
}

// List fetches one marker page of users (marker paging has no offset cap)
// and records it in the user index for the role and enterprise grants.
// With --sync-last-login the listing first pages through the login events.
// Users are children of the enterprise (enterprise.go).
func (s *userSyncer) List(ctx context.Context, parent *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	if parent.GetResourceType() == folderResourceType.Id && s.folders {
		return s.unlistedCollaborators(ctx, parent, opts)
	}
	if !s.scope.listsDirectory(parent) {
		return nil, &rs.SyncOpResults{}, nil
	}
	var tok userListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	if s.lastLogin != nil && !tok.LoginsDone {
		if err := s.lastLogin.scanStep(ctx, s.client, opts.Session, &tok); err != nil {
			return nil, nil, err
		}
		next, err := encodeToken(tok)
		return nil, &rs.SyncOpResults{NextPageToken: next}, err
	}

	page, err := s.client.ListUsers(ctx, box.UserQuery{Marker: tok.Marker})
	if err = checkUserPage(ctx, opts.Session, usersGuard, tok.Page, tok.Listed, page, err); err != nil {
		return nil, nil, fmt.Errorf("baton-box: list users (page %d): %w", tok.Page, err)
	}
	var lastLogins map[string]time.Time
	if s.lastLogin != nil {
		if lastLogins, err = loadLastLogins(ctx, opts.Session, page.Users); err != nil {
			return nil, nil, err
		}
	}
	out := make([]*v2.Resource, 0, len(page.Users))
	for i := range page.Users {
		if s.scope.skip.skipsUser(&page.Users[i]) {
			continue // --skip-app-users; still in the user index, marked skipped
		}
		r, err := s.resource(&page.Users[i], lastLogins[page.Users[i].ID])
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	if s.folders && tok.Page == 0 && !s.scope.skip.AppUsers {
		sa, err := s.serviceAccountResource(ctx)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, sa)
	}
	last := page.NextMarker == ""
	storeUserIndexPage(ctx, opts.Session, tok.Page, page.Users, s.scope.skip, last)
	progress.usersListed(len(page.Users), out, last)
	if last {
		return out, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(userListToken{Marker: page.NextMarker, Page: tok.Page + 1, Listed: tok.Listed + len(page.Users), LoginsDone: tok.LoginsDone})
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

// userListing names GET /users in errors; usersGuard guards it, with the
// user index's IDs.
const userListing = "the enterprise's user listing"

var usersGuard = newListingGuard("users").over(userIndex)

// checkUserPage refuses page n of a /users listing that cannot be right
// (listing_guard.go): a 404 for the enterprise's users, a user listed
// twice, a marker that comes back, or a listing without a single user (the
// primary admin is always listed). listed counts the users of the pages
// before; err is the answer's error.
func checkUserPage(ctx context.Context, ss sessions.SessionStore, g listingGuard, n, listed int, page *box.UsersPage, err error) error {
	if err != nil {
		return notFoundListing(err, userListing)
	}
	last := page.NextMarker == ""
	if last && listed+len(page.Users) == 0 {
		return wrongListing(nil, "Box listed no users at all, though the enterprise's primary admin is always listed")
	}
	if err := g.checkMarker(ctx, ss, n, page.NextMarker); err != nil {
		return err
	}
	return g.checkEntries(ctx, ss, n, idsOf(page.Users, func(u *box.User) string { return u.ID }), last)
}

func (s *userSyncer) Entitlements(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

func (s *userSyncer) Grants(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

// nonHumanLogin matches the logins Box gives app users and the service
// account (docs/box-behaviour.md, "Users").
var nonHumanLogin = regexp.MustCompile(`(?i)^(AppUser|AutomationUser)_[^@]*@boxdevedition\.com$`)

func userAccountType(u *box.User) v2.UserTrait_AccountType {
	if u.IsPlatformAccessOnly || nonHumanLogin.MatchString(u.Login) {
		return v2.UserTrait_ACCOUNT_TYPE_SERVICE
	}
	return v2.UserTrait_ACCOUNT_TYPE_HUMAN
}

// userStatus maps Box's status. The restricted statuses can still log in,
// so they are enabled. A pending user (created, password not set yet) is
// enabled too: the account is provisioned, holds its seat and its access,
// and nobody disabled it; the detailed status keeps "pending". Unknown
// values are unspecified, with the raw value kept in the profile.
func userStatus(status string) v2.UserTrait_Status_Status {
	switch status {
	case box.StatusActive, box.StatusCannotDeleteEdit, box.StatusCannotDeleteEditUpload, box.StatusPending:
		return v2.UserTrait_Status_STATUS_ENABLED
	case box.StatusInactive:
		return v2.UserTrait_Status_STATUS_DISABLED
	default:
		return v2.UserTrait_Status_STATUS_UNSPECIFIED
	}
}

func userProfile(u *box.User) map[string]any {
	first, last := rs.SplitFullName(u.Name)
	p := map[string]any{
		"user_id":                 u.ID,
		"login":                   u.Login,
		"first_name":              first,
		"last_name":               last,
		"status":                  u.Status,
		"role":                    u.Role,
		"job_title":               u.JobTitle,
		"is_platform_access_only": u.IsPlatformAccessOnly,
		"language":                u.Language,
		"timezone":                u.Timezone,
	}
	if u.CreatedAt != nil {
		p["created_at"] = u.CreatedAt.UTC().Format(timeLayout)
	}
	if u.ModifiedAt != nil {
		p["modified_at"] = u.ModifiedAt.UTC().Format(timeLayout)
	}
	if u.ExternalAppUserID != "" {
		p["external_app_user_id"] = u.ExternalAppUserID
	}
	if u.NotificationEmail != nil && u.NotificationEmail.Email != "" {
		p["notification_email"] = u.NotificationEmail.Email
	}
	return p
}

// resource is the user resource every path emits (the listing, a targeted
// Get, a created account): under the enterprise and, with --sync-folders,
// with the user's folders as its child listing (folder_walk.go).
func (s *userSyncer) resource(u *box.User, lastLogin time.Time) (*v2.Resource, error) {
	r, err := userResource(u, enterpriseParent(s.enterpriseID), lastLogin)
	if err != nil || !s.folders || s.scope.skip.skipsFolderOwner(u) {
		return r, err
	}
	annos := annotations.Annotations(r.GetAnnotations())
	annos.Append(&v2.ChildResourceType{ResourceTypeId: folderResourceType.Id})
	r.SetAnnotations(annos)
	return r, nil
}

// userResource maps a Box user under its enterprise; lastLogin is zero when
// unknown.
func userResource(u *box.User, parent *v2.ResourceId, lastLogin time.Time) (*v2.Resource, error) {
	name := strings.TrimSpace(u.Name)
	if name == "" {
		name = u.Login
	}
	traitOpts := []rs.UserTraitOption{
		rs.WithEmail(u.Login, true),
		rs.WithUserLogin(u.Login),
		rs.WithAccountType(userAccountType(u)),
		// The trait status is still what older readers use, and NewUserTrait
		// would otherwise default it to enabled; the SDK mirrors it onto the
		// resource.
		rs.WithDetailedStatus(userStatus(u.Status), u.Status), //nolint:staticcheck // see above
	}
	if !lastLogin.IsZero() {
		traitOpts = append(traitOpts, rs.WithLastLogin(lastLogin))
	}
	resOpts := []rs.ResourceOption{rs.WithResourceProfile(userProfile(u)), rs.WithParentResourceID(parent)}
	if u.CreatedAt != nil {
		resOpts = append(resOpts, rs.WithResourceCreatedAt(*u.CreatedAt))
	}
	r, err := rs.NewUserResource(name, userResourceType, u.ID, traitOpts, resOpts...)
	if err != nil {
		return nil, fmt.Errorf("baton-box: build user resource (user %s): %w", u.ID, err)
	}
	return r, nil
}
