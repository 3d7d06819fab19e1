// Package connector maps Box onto Baton: resource types, entitlements, grants
// and provisioning of the enterprise, its users, groups and roles, and, with
// --sync-folders, of users' folders, their collaborators (external people
// included) and open shared links (folder*.go, external_user.go). It knows
// nothing of HTTP; pkg/box does the talking.
package connector

import (
	"cmp"
	"context"
	"errors"
	"fmt"
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
	// --login-feed-lag-minutes), so late-recorded events are never skipped.
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

// NewFromConfig builds the connector from its configuration (checked and
// resolved by config.Load) and options, which win where they are set.
func NewFromConfig(ctx context.Context, cfg *config.Box, opts Options) (*Connector, error) {
	settings, err := config.Load(cfg)
	if err != nil {
		return nil, err
	}
	scope, err := newSyncScope(opts.Selection, exclusions(settings.Skip))
	if err != nil {
		return nil, err
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FeedLag <= 0 {
		opts.FeedLag = settings.LoginFeedLag
	}
	client, err := box.New(ctx, clientConfig(settings, opts.Client))
	if err != nil {
		return nil, fmt.Errorf("baton-box: create Box client: %w", err)
	}
	account := &serviceAccount{client: client}
	c := &Connector{client: client, enterpriseID: settings.EnterpriseID, baseURL: settings.BaseURL, contentOwnerID: settings.ContentOwnerID,
		groupAdminPerms: settings.GroupAdminPermissions, scope: scope, account: account, principals: newPrincipals(client, account, settings.EnterpriseID),
		feed: &loginFeed{client: client, enterpriseID: settings.EnterpriseID, now: opts.Now, lag: opts.FeedLag}}
	if settings.PrimaryAdminID != "" {
		if c.admin, err = client.AsUser(settings.PrimaryAdminID); err != nil {
			return nil, fmt.Errorf("baton-box: --primary-admin-id (BATON_PRIMARY_ADMIN_ID): %w", err)
		}
	}
	if scope.syncsFolders(settings.SyncFolders) {
		c.folders = &folderConfig{depth: settings.FolderDepth}
	}
	if settings.SyncLastLogin {
		c.lastLogin = &lastLoginConfig{lookback: settings.LastLoginLookback, now: opts.Now}
	}
	reportProgress(client) // owners: the users whose folders are walked (user.go)
	return c, nil
}

// clientConfig is the Box client's configuration: the settings, under the
// tuning the options set (tests).
func clientConfig(settings config.Settings, tuning box.Config) box.Config {
	tuning.BaseURL, tuning.ClientID, tuning.ClientSecret, tuning.EnterpriseID = settings.BaseURL, settings.ClientID, settings.ClientSecret, settings.EnterpriseID
	tuning.RequestsPerMinute = cmp.Or(tuning.RequestsPerMinute, settings.RequestsPerMinute)
	tuning.MaxRequestsPerMinute = cmp.Or(tuning.MaxRequestsPerMinute, settings.MaxRequestsPerMinute)
	tuning.GiveUpAfter = cmp.Or(tuning.GiveUpAfter, settings.GiveUpAfter)
	tuning.MaxRetryWait = cmp.Or(tuning.MaxRetryWait, settings.MaxRetryWait)
	return tuning
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
	folders := newFolderSyncer(c.client, c.account, cfg, c.principals, c.admin != nil, c.scope.skip)
	folders.byType = c.folders != nil
	return append(syncers, folders, newExternalUserSyncer(c.principals, c.scope.skip), sharedLinkSyncer{listed: c.folders != nil})
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
					c.baseURL, err)
			}
			if authErr.StatusCode == 0 {
				return c.unreachable(err)
			}
			return fmt.Errorf("baton-box: validate: Box's token endpoint at %s failed: %w", c.baseURL, err)
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
		"baton-box: validate: cannot reach Box at %s; check --base-url (BATON_BASE_URL) and the network: %v", c.baseURL, err)
}
