// Package connector maps Box onto Baton: resource types, entitlements, grants
// and provisioning of the enterprise, its users, groups and roles, and, with
// --sync-folders, of users' folders, their collaborators (external people
// included) and open shared links (folder*.go, external_user.go). It knows
// nothing of HTTP; pkg/box does the talking.
package connector

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/cli"
	"github.com/conductorone/baton-sdk/pkg/connectorbuilder"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

const timeLayout = time.RFC3339

// Connector is the Box connector.
type Connector struct {
	client          *box.Client
	enterpriseID    string
	baseURL         string
	contentOwnerID  string
	lastLogin       *lastLoginConfig // nil unless --sync-last-login
	feed            *loginFeed
	account         *serviceAccount
	admin           *box.Client   // acts as the primary admin (--primary-admin-id); nil if unset
	groupAdminPerms []string      // --group-admin-permissions
	folders         *folderConfig // nil unless --sync-folders
	principals      *principals   // tells external collaborators from the enterprise's users
	scope           syncScope     // the selected resource types and the --skip-* exclusions (scope.go)
}

// Options holds settings that are not user configuration: client tuning,
// and a clock and feed lag for tests.
type Options struct {
	Client box.Config
	// Now is the connector's clock (default time.Now).
	Now func() time.Time
	// Selection is the resource types the sync lists (the SDK's
	// --sync-resource-types); empty for every type.
	Selection []string
	// FeedLag is how far behind now the login feed reads (default
	// --login-feed-lag-minutes, else DefaultFeedLag), so late-recorded
	// events are never skipped.
	FeedLag time.Duration
}

var _ connectorbuilder.ConnectorBuilderV2 = (*Connector)(nil)

// New is the SDK's constructor. It does no network I/O: the SDK runs it in
// the parent and again in the child process, and credentials are proven by
// Validate.
func New(ctx context.Context, cfg *config.Box, cliOpts *cli.ConnectorOpts) (connectorbuilder.ConnectorBuilderV2, []connectorbuilder.Opt, error) {
	var opts Options
	if cliOpts != nil {
		opts.Selection = cliOpts.SyncResourceTypeIDs
	}
	c, err := NewFromConfig(ctx, cfg, opts)
	if err != nil {
		return nil, nil, err
	}
	return c, nil, nil
}

// NewFromConfig builds the connector from its configuration and options.
func NewFromConfig(ctx context.Context, cfg *config.Box, opts Options) (*Connector, error) {
	clientID := strings.TrimSpace(cfg.BoxClientId)
	secret := strings.TrimSpace(cfg.BoxClientSecret)
	enterpriseID := strings.TrimSpace(cfg.EnterpriseId)
	var missing []string
	if clientID == "" {
		missing = append(missing, "--box-client-id (BATON_BOX_CLIENT_ID)")
	}
	if secret == "" {
		missing = append(missing, "--box-client-secret (BATON_BOX_CLIENT_SECRET)")
	}
	if enterpriseID == "" {
		missing = append(missing, "--enterprise-id (BATON_ENTERPRISE_ID)")
	}
	if len(missing) > 0 {
		return nil, status.Errorf(codes.InvalidArgument, "baton-box: missing configuration: %s", strings.Join(missing, ", "))
	}
	if err := validID("enterprise", enterpriseID); err != nil {
		return nil, fmt.Errorf("baton-box: --enterprise-id (BATON_ENTERPRISE_ID): %w", err)
	}
	contentOwnerID, err := optionalUserID(cfg.ContentOwnerId, "--content-owner-id (BATON_CONTENT_OWNER_ID)")
	if err != nil {
		return nil, err
	}
	groupAdminPerms, err := parseGroupAdminPermissions(cfg.GroupAdminPermissions)
	if err != nil {
		return nil, err
	}
	primaryAdminID, err := optionalUserID(cfg.PrimaryAdminId, "--primary-admin-id (BATON_PRIMARY_ADMIN_ID)")
	if err != nil {
		return nil, err
	}
	if _, err := box.ParseBaseURL(cfg.BaseUrl); err != nil {
		return nil, status.Errorf(codes.InvalidArgument, "baton-box: --base-url (BATON_BASE_URL): %v", err)
	}
	if err := checkRanges(cfg); err != nil {
		return nil, err
	}
	skip, err := parseExclusions(cfg.SkipAppUsers, cfg.SkipGroupNamePrefixes, cfg.SkipFolderOwners)
	if err != nil {
		return nil, err
	}
	scope, err := newSyncScope(opts.Selection, skip)
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FeedLag <= 0 {
		opts.FeedLag = DefaultFeedLag
		if cfg.LoginFeedLagMinutes > 0 {
			opts.FeedLag = time.Duration(cfg.LoginFeedLagMinutes) * time.Minute
		}
	}

	// Options (tests) win over the configuration; 0 in either means the
	// client's default.
	tuning := opts.Client
	if tuning.RequestsPerMinute == 0 {
		tuning.RequestsPerMinute = cfg.RequestsPerMinute
	}
	if tuning.MaxRequestsPerMinute == 0 {
		tuning.MaxRequestsPerMinute = cfg.MaxRequestsPerMinute
	}
	if tuning.GiveUpAfter == 0 {
		tuning.GiveUpAfter = time.Duration(cfg.GiveUpAfterSeconds) * time.Second
	}
	if tuning.MaxRetryWait == 0 {
		tuning.MaxRetryWait = time.Duration(cfg.MaxRetryWaitSeconds) * time.Second
	}
	tuning.BaseURL, tuning.ClientID, tuning.ClientSecret, tuning.EnterpriseID = cfg.BaseUrl, clientID, secret, enterpriseID
	client, err := box.New(ctx, tuning)
	if err != nil {
		return nil, fmt.Errorf("baton-box: create Box client: %w", err)
	}
	c := &Connector{client: client, enterpriseID: enterpriseID, baseURL: cfg.BaseUrl, contentOwnerID: contentOwnerID, groupAdminPerms: groupAdminPerms,
		feed:    &loginFeed{client: client, enterpriseID: enterpriseID, now: opts.Now, lag: opts.FeedLag},
		account: &serviceAccount{client: client}}
	if primaryAdminID != "" {
		if c.admin, err = client.AsUser(primaryAdminID); err != nil {
			return nil, fmt.Errorf("baton-box: --primary-admin-id (BATON_PRIMARY_ADMIN_ID): %w", err)
		}
	}
	c.scope = scope
	if scope.syncsFolders(cfg.SyncFolders) {
		c.folders = &folderConfig{depth: cfg.FolderDepth}
	}
	c.principals = newPrincipals(client, c.account, enterpriseID)
	reportProgress(client, cfg.SyncFolders)
	if cfg.SyncLastLogin {
		c.lastLogin = &lastLoginConfig{lookback: time.Duration(cfg.LastLoginLookbackDays) * 24 * time.Hour, now: opts.Now}
	}
	return c, nil
}

// userActions serves the user actions, resource-scoped and global. The
// zero-value connector that `capabilities` uses gets handlers that are never
// called.
func (c *Connector) userActions() *userActions {
	return &userActions{client: c.client, account: c.account, admin: c.admin, scope: c.scope}
}

// EventFeeds exposes the login usage feed (`--event-feed`).
func (c *Connector) EventFeeds(context.Context) []connectorbuilder.EventFeed {
	if c.feed == nil { // the zero-value connector that `capabilities` uses
		return []connectorbuilder.EventFeed{&loginFeed{}}
	}
	return []connectorbuilder.EventFeed{c.feed}
}

func (c *Connector) ResourceSyncers(context.Context) []connectorbuilder.ResourceSyncerV2 {
	actions := c.userActions()
	users := newUserSyncer(actions, c.enterpriseID, c.contentOwnerID, c.lastLogin)
	syncers := []connectorbuilder.ResourceSyncerV2{
		newEnterpriseSyncer(c.account, c.scope.skip),
		users,
		newGroupSyncer(c.client, c.enterpriseID, c.groupAdminPerms, c.scope),
		newRoleSyncer(actions, c.enterpriseID),
	}
	// Folders, external collaborators and the open-link audience are
	// opt-in types (OptInRequired): always served, so folder grants and
	// revokes work whatever the sync covers, but listed only with
	// --sync-folders or a selection that names folder. Without either a
	// sync is what it was.
	cfg := folderConfig{depth: config.DefaultFolderDepth}
	if c.folders != nil {
		cfg, users.folders, users.principals = *c.folders, true, c.principals
	}
	return append(syncers, newFolderSyncer(c.client, c.account, cfg, c.principals, c.admin != nil, c.scope.skip),
		newExternalUserSyncer(c.principals, c.scope.skip), sharedLinkSyncer{listed: c.folders != nil})
}

func (c *Connector) Metadata(context.Context) (*v2.ConnectorMetadata, error) {
	return &v2.ConnectorMetadata{
		DisplayName: "Box",
		Description: "Syncs and provisions Box users, groups, group memberships and admins, enterprise roles and the enterprise; " +
			"optionally folders, their collaborators and open shared links.",
		AccountCreationSchema: accountCreationSchema,
	}, nil
}

// Validate proves the credentials for real: it mints a token and reads the
// service account, then checks the account's enterprise is the configured one.
func (c *Connector) Validate(ctx context.Context) (annotations.Annotations, error) {
	me, err := c.account.refresh(ctx)
	if err != nil {
		return nil, c.explain(err)
	}
	if me.Enterprise == nil || me.Enterprise.ID == "" {
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: validate: Box's users/me names no enterprise for the app's service account (user %s), so it cannot read enterprise %s; "+
				"set the app's App Access Level to App + Enterprise Access and have a Box admin authorise it in Admin Console > Apps > Custom Apps Manager",
			me.ID, c.enterpriseID)
	}
	if me.Enterprise.ID != c.enterpriseID {
		got := me.Enterprise.ID
		return nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: validate: the app's service account belongs to enterprise %s, but --enterprise-id (BATON_ENTERPRISE_ID) is %s; set it to %s",
			got, c.enterpriseID, got)
	}
	if c.admin != nil {
		return nil, c.validatePrimaryAdmin(ctx)
	}
	return nil, nil
}

// explain turns a failed first contact into one actionable line naming the
// flag or the Box admin step to fix. The gRPC code of the cause is kept.
func (c *Connector) explain(err error) error {
	var authErr *box.AuthError
	var apiErr *box.Error
	switch {
	case errors.As(err, &authErr):
		switch authErr.Code {
		case box.TokenErrInvalidClient:
			return fmt.Errorf("baton-box: validate: Box rejected the client credentials; check --box-client-id and --box-client-secret (BATON_BOX_CLIENT_ID, BATON_BOX_CLIENT_SECRET): %w", err)
		case box.TokenErrInvalidGrant:
			return fmt.Errorf("baton-box: validate: Box refused a token for enterprise %s; check --box-client-id and --box-client-secret "+
				"(BATON_BOX_CLIENT_ID, BATON_BOX_CLIENT_SECRET), --enterprise-id (BATON_ENTERPRISE_ID), the app's access level and its authorisation: %w", c.enterpriseID, err)
		case box.TokenErrUnauthorizedClient:
			return fmt.Errorf("baton-box: validate: the Box app may not use the client-credentials grant here: %w", err)
		case "":
			if authErr.Invalid {
				// Something answers, but not Box's token endpoint (a proxy's page, a wrong path).
				return status.Errorf(codes.FailedPrecondition,
					"baton-box: validate: Box's token endpoint at %s returned an invalid response; check --base-url (BATON_BASE_URL) and any proxy in between: %v",
					c.tokenHost(), err)
			}
			if authErr.StatusCode == 0 {
				return c.unreachable(err)
			}
			return fmt.Errorf("baton-box: validate: Box's token endpoint at %s failed: %w", c.tokenHost(), err)
		}
		return fmt.Errorf("baton-box: validate: %w", err)
	case errors.As(err, &apiErr) && apiErr.StatusCode == 0:
		return c.unreachable(err)
	}
	return fmt.Errorf("baton-box: validate: read the app's service account (users/me): %w", err)
}

// unreachable reports that no HTTP answer came back even after the client's
// retries. It is FailedPrecondition, not Unavailable: the SDK would otherwise
// retry Validate five more times, each with the client's own retries, before
// telling the operator that the base URL is wrong.
func (c *Connector) unreachable(err error) error {
	return status.Errorf(codes.FailedPrecondition,
		"baton-box: validate: cannot reach Box at %s; check --base-url (BATON_BASE_URL) and the network: %v", c.tokenHost(), err)
}

func (c *Connector) tokenHost() string {
	if c.baseURL == "" {
		return box.DefaultBaseURL
	}
	return c.baseURL
}

// checkRanges refuses numeric settings outside what they can mean. The
// durations are capped so that seconds and minutes fit a time.Duration
// (int64 nanoseconds, about 292 years): --give-up-after-seconds 9300000000
// overflowed into a negative budget, which means "never give up".
func checkRanges(cfg *config.Box) error {
	type check struct {
		flag      string
		v, hi, lo int
		meaning   string
		applies   bool
	}
	for _, c := range []check{
		{"--last-login-lookback-days (BATON_LAST_LOGIN_LOOKBACK_DAYS)", cfg.LastLoginLookbackDays, 365, 1, "Box keeps a year of events", cfg.SyncLastLogin},
		{"--login-feed-lag-minutes (BATON_LOGIN_FEED_LAG_MINUTES)", cfg.LoginFeedLagMinutes, config.MaxLoginFeedLagMinutes, 0, "up to a week; 0 for the default", true},
		{"--folder-depth (BATON_FOLDER_DEPTH)", cfg.FolderDepth, config.MaxFolderDepth, 1, "1 syncs top-level folders", cfg.SyncFolders},
		{"--requests-per-minute (BATON_REQUESTS_PER_MINUTE)", cfg.RequestsPerMinute, config.MaxRequestsPerMinute, 0, "0 disables pacing", true},
		{"--max-requests-per-minute (BATON_MAX_REQUESTS_PER_MINUTE)", cfg.MaxRequestsPerMinute, config.MaxRequestsPerMinute, 0, "0 sets no ceiling", true},
		{"--give-up-after-seconds (BATON_GIVE_UP_AFTER_SECONDS)", cfg.GiveUpAfterSeconds, config.MaxGiveUpAfterSeconds, 0, "24 hours; 0 for the default", true},
		{"--max-retry-wait-seconds (BATON_MAX_RETRY_WAIT_SECONDS)", cfg.MaxRetryWaitSeconds, config.MaxRetryWaitSeconds, 0, "24 hours; 0 for the default", true},
	} {
		if c.applies && (c.v < c.lo || c.v > c.hi) {
			return status.Errorf(codes.InvalidArgument, "baton-box: %s must be between %d and %d (%s), got %d", c.flag, c.lo, c.hi, c.meaning, c.v)
		}
	}
	return nil
}

// optionalUserID checks an optional flag naming a Box user: "" when unset.
func optionalUserID(value, flag string) (string, error) {
	id := strings.TrimSpace(value)
	if id == "" {
		return "", nil
	}
	if err := validID("user", id); err != nil {
		return "", fmt.Errorf("baton-box: %s: %w", flag, err)
	}
	return id, nil
}

// parseGroupAdminPermissions checks --group-admin-permissions: names from
// box.GroupAdminPermissions ("none", or nothing, for none).
func parseGroupAdminPermissions(values []string) ([]string, error) {
	var out []string
	for _, v := range values {
		for p := range strings.SplitSeq(v, ",") {
			p = strings.TrimSpace(p)
			switch {
			case p == "" || p == "none":
			case slices.Contains(box.GroupAdminPermissions, p):
				out = append(out, p)
			default:
				return nil, status.Errorf(codes.InvalidArgument,
					"baton-box: --group-admin-permissions (BATON_GROUP_ADMIN_PERMISSIONS): %q is not one of %s", p, strings.Join(box.GroupAdminPermissions, ", "))
			}
		}
	}
	return out, nil
}
