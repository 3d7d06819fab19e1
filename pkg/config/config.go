// Package config holds baton-box's configuration schema and Load, which
// checks a configuration and resolves its defaults into Settings, what the
// connector is built from. The flag and environment names are those of the
// Box connector already deployed, so existing configurations keep working
// unchanged.
package config

import (
	"fmt"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/field"
)

// The defaults of the numeric flags, each defined once: the flag's default
// (field.WithDefaultValue), and the value Load gives a setting left at zero
// (a connector built from a config.Box in tests), except the paces, whose 0
// means "no pacing" and "no ceiling".
const (
	DefaultLastLoginLookbackDays = 90
	DefaultLoginFeedLagMinutes   = 6 * 60
	DefaultFolderDepth           = 1
	// DefaultRequestsPerMinute is what Box allows each rate-limit budget
	// (developer.box.com/guides/api-calls/permissions-and-errors/rate-limits).
	DefaultRequestsPerMinute = 1000
	// DefaultMaxRequestsPerMinute is the whole process's ceiling over every
	// rate-limit budget. Box publishes a per-user limit (about 1,000 a
	// minute) but no number for the quality-of-service limits it may impose
	// "when load spikes" (same guide); six users' worth is more than the
	// default eight workers reach against Box's usual latency, and the
	// ceiling is cut when 429s come for several users at once.
	DefaultMaxRequestsPerMinute = 6000
	// The client's own defaults, for callers that pass it 0.
	DefaultGiveUpAfterSeconds  = int(box.DefaultGiveUpAfter / time.Second)
	DefaultMaxRetryWaitSeconds = int(box.DefaultMaxRetryWait / time.Second)
)

// The largest values of the numeric flags. Durations are capped well below
// what overflows a time.Duration (an absurd --give-up-after-seconds became
// a negative budget: never give up); the pace, at 60 times the 1,000 a
// minute Box allows an app's service account; the look-back, at the year of
// events Box keeps.
const (
	MaxLastLoginLookbackDays = 365
	MaxLoginFeedLagMinutes   = 7 * 24 * 60
	MaxFolderDepth           = 3
	MaxRequestsPerMinute     = 60000
	MaxGiveUpAfterSeconds    = 24 * 60 * 60
	MaxRetryWaitSeconds      = 24 * 60 * 60
)

var (
	ClientIDField = field.StringField(
		"box-client-id",
		field.WithDisplayName("Client ID"),
		field.WithDescription("Client ID of the Box custom app (Client Credentials Grant)."),
		field.WithRequired(true),
	)
	ClientSecretField = field.StringField(
		"box-client-secret",
		field.WithDisplayName("Client secret"),
		field.WithDescription("Client secret of the Box custom app."),
		field.WithRequired(true),
		field.WithIsSecret(true),
	)
	EnterpriseIDField = field.StringField(
		"enterprise-id",
		field.WithDisplayName("Enterprise ID"),
		field.WithDescription("ID of the Box enterprise (Admin Console > Account & Billing)."),
		field.WithRequired(true),
	)
	ContentOwnerIDField = field.StringField(
		"content-owner-id",
		field.WithDisplayName("Content owner ID"),
		field.WithDescription("Box user ID that receives a deleted user's files and folders. Default: the app's service account."),
	)
	PrimaryAdminIDField = field.StringField(
		"primary-admin-id",
		field.WithDisplayName("Primary admin ID"),
		field.WithDescription("Box user ID of the enterprise's primary admin. Box lets only the primary admin change a co-admin "+
			"(revoke co-admin, disable, edit, delete one, or transfer content from or to one); with this set, the connector makes those changes with a "+
			"user access token for that admin, and with sync-folders reads and changes admins' and co-admins' folders with their own "+
			"user access tokens. Needs the app's Generate User Access Tokens setting. Without it such changes are refused and those folders are not synced."),
	)
	GroupAdminPermissionsField = field.StringSliceField(
		"group-admin-permissions",
		field.WithDisplayName("Group admin privileges"),
		field.WithDescription("Privileges a group admin granted by the connector gets: any of can_create_accounts, can_edit_accounts, "+
			"can_instant_login (log in as the group's members), can_run_reports. Default none (least privilege); "+
			"Box's own default, when nothing is sent, is all four."),
	)
	SyncLastLoginField = field.BoolField(
		"sync-last-login",
		field.WithDisplayName("Sync last login"),
		field.WithDescription("Read each user's last login from the enterprise event stream "+
			"(needs the Manage enterprise properties scope; costs about one API call per 500 logins in the look-back window)."),
	)
	LastLoginLookbackDaysField = field.IntField(
		"last-login-lookback-days",
		field.WithDisplayName("Last login look-back (days)"),
		field.WithDescription("How many days of login events to read for --sync-last-login (1-365)."),
		field.WithDefaultValue(DefaultLastLoginLookbackDays),
		field.WithInt(func(r *field.IntRuler) { r.Gte(1).Lte(MaxLastLoginLookbackDays) }),
	)
	LoginFeedLagMinutesField = field.IntField(
		"login-feed-lag-minutes",
		field.WithDisplayName("Login feed lag (minutes)"),
		field.WithDescription(fmt.Sprintf("How far behind now the login usage feed reads. Box can record admin events hours late, "+
			"and the feed never goes back, so a login recorded later than this would be missed (default %d, %d hours).",
			DefaultLoginFeedLagMinutes, DefaultLoginFeedLagMinutes/60)),
		field.WithDefaultValue(DefaultLoginFeedLagMinutes),
		field.WithInt(func(r *field.IntRuler) { r.Gte(1).Lte(MaxLoginFeedLagMinutes) }),
	)
	SyncFoldersField = field.BoolField(
		"sync-folders",
		field.WithDisplayName("Sync folders"),
		field.WithDescription("Sync the folders managed users own, their collaborations (who else can open them, external people included) "+
			"and open shared links, reading each user's folders with the as-user header. Needs the app setting "+
			"\"Make API calls using the as-user header\" and the \"Read all files and folders stored in Box\" scope "+
			"(\"Read and write all files and folders stored in Box\" to change collaborations). Costs one call per page of each "+
			"user's top-level items plus one per page of the collaborations of each synced folder that has any."),
	)
	FolderDepthField = field.IntField(
		"folder-depth",
		field.WithDisplayName("Folder depth"),
		field.WithDescription("How deep --sync-folders goes: 1 syncs each user's top-level folders, 2 and 3 their sub-folders too "+
			"(one more call per page of each synced folder's sub-folders above the deepest level; its files are not read)."),
		field.WithDefaultValue(DefaultFolderDepth),
		field.WithInt(func(r *field.IntRuler) { r.Gte(1).Lte(MaxFolderDepth) }),
	)
	RequestsPerMinuteField = field.IntField(
		"requests-per-minute",
		field.WithDisplayName("Requests per minute"),
		field.WithDescription("Client-side pace of Box API calls per Box rate-limit budget: the app's service account's (the directory), "+
			"and each user's whose folders are read as them (Box counts as-user calls against that user). "+
			"Box allows about 1,000 a minute for each; lower it if other tools share the app. 0 disables pacing (at most 60000)."),
		field.WithDefaultValue(DefaultRequestsPerMinute),
		field.WithInt(func(r *field.IntRuler) { r.Gte(0).Lte(MaxRequestsPerMinute) }),
	)
	MaxRequestsPerMinuteField = field.IntField(
		"max-requests-per-minute",
		field.WithDisplayName("Most requests per minute"),
		field.WithDescription("Ceiling on Box API calls a minute for the whole process, over every budget together (with sync-folders "+
			"several users' budgets are in use at once). Box publishes no number for its quality-of-service limits; the ceiling is lowered "+
			"by itself when Box refuses calls of several users at once. 0 sets no ceiling (at most 60000)."),
		field.WithDefaultValue(DefaultMaxRequestsPerMinute),
		field.WithInt(func(r *field.IntRuler) { r.Gte(0).Lte(MaxRequestsPerMinute) }),
	)
	GiveUpAfterSecondsField = field.IntField(
		"give-up-after-seconds",
		field.WithDisplayName("Give up after (seconds)"),
		field.WithDescription("How long a run keeps retrying while Box gives no successful answer "+
			"(server errors, timeouts, an unreachable host, rate limiting that does not end) before it fails with the last Box error. "+
			"No request, wait or back-off outlasts what is left of this budget (1 to 86400, 24 hours)."),
		field.WithDefaultValue(DefaultGiveUpAfterSeconds),
		field.WithInt(func(r *field.IntRuler) { r.Gte(1).Lte(MaxGiveUpAfterSeconds) }),
	)
	MaxRetryWaitSecondsField = field.IntField(
		"max-retry-wait-seconds",
		field.WithDisplayName("Longest Retry-After wait (seconds)"),
		field.WithDescription("Longest single pause when Box asks to wait (429 or 503 with Retry-After); a longer request is cut to this and logged. "+
			"If Box keeps asking, the run fails after --give-up-after-seconds (1 to 86400)."),
		field.WithDefaultValue(DefaultMaxRetryWaitSeconds),
		field.WithInt(func(r *field.IntRuler) { r.Gte(1).Lte(MaxRetryWaitSeconds) }),
	)
	SkipAppUsersField = field.BoolField(
		"skip-app-users",
		field.WithDisplayName("Skip app users"),
		field.WithDescription("Do not sync app users and service accounts (platform-access-only users, AppUser_ and AutomationUser_ logins): "+
			"no account, role, enterprise, group or folder grants for them, and their folders are not read."),
	)
	SkipGroupNamePrefixesField = field.StringSliceField(
		"skip-group-name-prefixes",
		field.WithDisplayName("Skip groups named"),
		field.WithDescription("Do not sync groups whose name starts with any of these prefixes (case-insensitive), nor their members, "+
			"admins or folder grants. Comma-separated; each entry is trimmed of surrounding spaces. Example: \"Temp-,Test-\"."),
	)
	SkipFolderOwnersField = field.StringSliceField(
		"skip-folder-owners",
		field.WithDisplayName("Skip folders of users"),
		field.WithDescription("With sync-folders: do not read the folders these users own, by Box user ID or by login domain "+
			"(\"17000001234\", \"@contractor.example.com\"). Their accounts and grants are synced as usual."),
	)
	BaseURLField = field.StringField(
		"base-url",
		field.WithDescription("Override the Box API base URL (tests and the built-in simulator); https, or http only for localhost, 127.0.0.0/8 and ::1."),
		field.WithDefaultValue(box.DefaultBaseURL),
		field.WithHidden(true),
		field.WithExportTarget(field.ExportTargetCLIOnly),
	)
)

// Config is the schema passed to the SDK.
//
//go:generate go run ./gen
var Config = field.NewConfiguration(
	[]field.SchemaField{
		ClientIDField,
		ClientSecretField,
		EnterpriseIDField,
		ContentOwnerIDField,
		PrimaryAdminIDField,
		GroupAdminPermissionsField,
		SyncLastLoginField,
		LastLoginLookbackDaysField,
		LoginFeedLagMinutesField,
		SyncFoldersField,
		FolderDepthField,
		RequestsPerMinuteField,
		MaxRequestsPerMinuteField,
		GiveUpAfterSecondsField,
		MaxRetryWaitSecondsField,
		SkipAppUsersField,
		SkipGroupNamePrefixesField,
		SkipFolderOwnersField,
		BaseURLField,
	},
	field.WithConnectorDisplayName("Box"),
	field.WithHelpUrl("/docs/baton/box"),
	field.WithIconUrl("/static/app-icons/box.svg"),
)
