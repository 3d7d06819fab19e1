package connector

import (
	"context"
	"fmt"
	"regexp"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

type userSyncer struct {
	client         *box.Client
	contentOwnerID string // receives a deleted user's content; "" = the service account
}

func newUserSyncer(client *box.Client, contentOwnerID string) *userSyncer {
	return &userSyncer{client: client, contentOwnerID: contentOwnerID}
}

func (s *userSyncer) ResourceType(context.Context) *v2.ResourceType { return userResourceType }

type userListToken struct {
	Marker string `json:"m,omitempty"`
	Page   int    `json:"p,omitempty"`
}

// List fetches one marker page of users (marker paging has no offset cap)
// and records it in the user index for the role and enterprise grants.
func (s *userSyncer) List(ctx context.Context, _ *v2.ResourceId, opts rs.SyncOpAttrs) ([]*v2.Resource, *rs.SyncOpResults, error) {
	var tok userListToken
	if err := decodeToken(opts.PageToken.Token, &tok); err != nil {
		return nil, nil, err
	}
	page, err := s.client.ListUsers(ctx, box.UserQuery{Marker: tok.Marker})
	if err != nil {
		return nil, nil, fmt.Errorf("baton-box: list users (page %d): %w", tok.Page, err)
	}
	out := make([]*v2.Resource, 0, len(page.Users))
	for i := range page.Users {
		r, err := userResource(&page.Users[i])
		if err != nil {
			return nil, nil, err
		}
		out = append(out, r)
	}
	last := page.NextMarker == ""
	storeUserIndexPage(ctx, opts.Session, tok.Page, page.Users, last)
	if last {
		return out, &rs.SyncOpResults{}, nil
	}
	next, err := encodeToken(userListToken{Marker: page.NextMarker, Page: tok.Page + 1})
	return out, &rs.SyncOpResults{NextPageToken: next}, err
}

func (s *userSyncer) Entitlements(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

func (s *userSyncer) Grants(context.Context, *v2.Resource, rs.SyncOpAttrs) ([]*v2.Grant, *rs.SyncOpResults, error) {
	return nil, &rs.SyncOpResults{}, nil
}

// nonHumanLogin matches the logins Box gives app users and the service
// account (box-api-notes.md, "Users").
var nonHumanLogin = regexp.MustCompile(`(?i)^(AppUser|AutomationUser)_[^@]*@boxdevedition\.com$`)

func userAccountType(u *box.User) v2.UserTrait_AccountType {
	if u.IsPlatformAccessOnly || nonHumanLogin.MatchString(u.Login) {
		return v2.UserTrait_ACCOUNT_TYPE_SERVICE
	}
	return v2.UserTrait_ACCOUNT_TYPE_HUMAN
}

// userStatus maps Box's status. The restricted statuses can still log in, so
// they are enabled; unknown values (Box mentions a transient "pending") are
// unspecified, with the raw value kept in the profile.
func userStatus(status string) v2.UserTrait_Status_Status {
	switch status {
	case box.StatusActive, box.StatusCannotDeleteEdit, box.StatusCannotDeleteEditUpload:
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

func userResource(u *box.User) (*v2.Resource, error) {
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
	resOpts := []rs.ResourceOption{rs.WithResourceProfile(userProfile(u))}
	if u.CreatedAt != nil {
		resOpts = append(resOpts, rs.WithResourceCreatedAt(*u.CreatedAt))
	}
	r, err := rs.NewUserResource(name, userResourceType, u.ID, traitOpts, resOpts...)
	if err != nil {
		return nil, fmt.Errorf("baton-box: build user resource (user %s): %w", u.ID, err)
	}
	return r, nil
}
