package config

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Settings is the configuration checked and resolved, what the connector is
// built from. Load is the one place a setting is checked and a setting left
// at zero gets its default, so a connector built from a bare Box (tests)
// behaves as one built from the command line's defaults.
type Settings struct {
	ClientID, ClientSecret, EnterpriseID string // trimmed, never empty

	ContentOwnerID        string   // "" when unset: the app's service account
	PrimaryAdminID        string   // "" when unset
	GroupAdminPermissions []string // names from box.GroupAdminPermissions; none when unset
	BaseURL               string   // box.DefaultBaseURL when unset

	RequestsPerMinute    int // 0: no pacing
	MaxRequestsPerMinute int // 0: no ceiling
	GiveUpAfter          time.Duration
	MaxRetryWait         time.Duration

	SyncLastLogin     bool
	LastLoginLookback time.Duration // 0 without SyncLastLogin
	LoginFeedLag      time.Duration

	SyncFolders bool
	// FolderDepth is 1..MaxFolderDepth even without SyncFolders: a
	// resource-type selection that names folders walks them too.
	FolderDepth int

	Skip Exclusions
}

// Exclusions are the --skip-* settings, parsed.
type Exclusions struct {
	AppUsers      bool            // --skip-app-users
	GroupPrefixes []string        // --skip-group-name-prefixes, lower-cased
	OwnerIDs      map[string]bool // --skip-folder-owners: Box user IDs
	OwnerDomains  []string        // --skip-folder-owners: login domains, lower-cased, without "@"
}

// Load checks the configuration and resolves its defaults. Every error is
// InvalidArgument and names the flag and its environment variable.
func Load(cfg *Box) (Settings, error) {
	var s Settings
	for _, load := range []func(*Box) error{s.loadCredentials, s.loadPrincipals, s.loadBaseURL, s.loadNumbers, s.loadExclusions} {
		if err := load(cfg); err != nil {
			return Settings{}, err
		}
	}
	return s, nil
}

func (s *Settings) loadCredentials(cfg *Box) error {
	s.ClientID = strings.TrimSpace(cfg.BoxClientId)
	s.ClientSecret = strings.TrimSpace(cfg.BoxClientSecret)
	s.EnterpriseID = strings.TrimSpace(cfg.EnterpriseId)
	var missing []string
	for _, required := range []struct{ value, flag string }{
		{s.ClientID, "--box-client-id (BATON_BOX_CLIENT_ID)"},
		{s.ClientSecret, "--box-client-secret (BATON_BOX_CLIENT_SECRET)"},
		{s.EnterpriseID, "--enterprise-id (BATON_ENTERPRISE_ID)"},
	} {
		if required.value == "" {
			missing = append(missing, required.flag)
		}
	}
	if len(missing) > 0 {
		return status.Errorf(codes.InvalidArgument, "baton-box: missing configuration: %s", strings.Join(missing, ", "))
	}
	if _, err := box.ParseID("enterprise", s.EnterpriseID); err != nil {
		return fmt.Errorf("baton-box: --enterprise-id (BATON_ENTERPRISE_ID): %w", err)
	}
	return nil
}

func (s *Settings) loadPrincipals(cfg *Box) error {
	var err error
	if s.ContentOwnerID, err = optionalUserID(cfg.ContentOwnerId, "--content-owner-id (BATON_CONTENT_OWNER_ID)"); err != nil {
		return err
	}
	if s.GroupAdminPermissions, err = parseGroupAdminPermissions(cfg.GroupAdminPermissions); err != nil {
		return err
	}
	s.PrimaryAdminID, err = optionalUserID(cfg.PrimaryAdminId, "--primary-admin-id (BATON_PRIMARY_ADMIN_ID)")
	return err
}

func (s *Settings) loadBaseURL(cfg *Box) error {
	if _, err := box.ParseBaseURL(cfg.BaseUrl); err != nil {
		return status.Errorf(codes.InvalidArgument, "baton-box: --base-url (BATON_BASE_URL): %v", err)
	}
	s.BaseURL = cmp.Or(cfg.BaseUrl, box.DefaultBaseURL)
	return nil
}

// loadNumbers refuses numeric settings outside what they can mean, then
// gives those left at 0 their defaults: every one but the paces, whose 0
// means none (an explicit 0 reads as the flag left alone). The durations
// are capped so that seconds and minutes fit a time.Duration (int64
// nanoseconds, about 292 years): --give-up-after-seconds 9300000000
// overflowed into a negative budget, which means "never give up".
func (s *Settings) loadNumbers(cfg *Box) error {
	for _, c := range []struct {
		flag      string
		v, hi, lo int
		meaning   string
		applies   bool
	}{
		{"--last-login-lookback-days (BATON_LAST_LOGIN_LOOKBACK_DAYS)", cfg.LastLoginLookbackDays, MaxLastLoginLookbackDays, 1,
			"Box keeps a year of events; 0 for the default", cfg.SyncLastLogin && cfg.LastLoginLookbackDays != 0},
		{"--login-feed-lag-minutes (BATON_LOGIN_FEED_LAG_MINUTES)", cfg.LoginFeedLagMinutes, MaxLoginFeedLagMinutes, 0, "up to a week; 0 for the default", true},
		{"--folder-depth (BATON_FOLDER_DEPTH)", cfg.FolderDepth, MaxFolderDepth, 1, "1 syncs top-level folders; 0 for the default", cfg.FolderDepth != 0},
		{"--requests-per-minute (BATON_REQUESTS_PER_MINUTE)", cfg.RequestsPerMinute, MaxRequestsPerMinute, 0, "0 disables pacing", true},
		{"--max-requests-per-minute (BATON_MAX_REQUESTS_PER_MINUTE)", cfg.MaxRequestsPerMinute, MaxRequestsPerMinute, 0, "0 sets no ceiling", true},
		{"--give-up-after-seconds (BATON_GIVE_UP_AFTER_SECONDS)", cfg.GiveUpAfterSeconds, MaxGiveUpAfterSeconds, 0, "24 hours; 0 for the default", true},
		{"--max-retry-wait-seconds (BATON_MAX_RETRY_WAIT_SECONDS)", cfg.MaxRetryWaitSeconds, MaxRetryWaitSeconds, 0, "24 hours; 0 for the default", true},
	} {
		if c.applies && (c.v < c.lo || c.v > c.hi) {
			return status.Errorf(codes.InvalidArgument, "baton-box: %s must be between %d and %d (%s), got %d", c.flag, c.lo, c.hi, c.meaning, c.v)
		}
	}
	s.RequestsPerMinute, s.MaxRequestsPerMinute = cfg.RequestsPerMinute, cfg.MaxRequestsPerMinute
	s.GiveUpAfter = time.Duration(cmp.Or(cfg.GiveUpAfterSeconds, DefaultGiveUpAfterSeconds)) * time.Second
	s.MaxRetryWait = time.Duration(cmp.Or(cfg.MaxRetryWaitSeconds, DefaultMaxRetryWaitSeconds)) * time.Second
	s.LoginFeedLag = time.Duration(cmp.Or(cfg.LoginFeedLagMinutes, DefaultLoginFeedLagMinutes)) * time.Minute
	s.SyncFolders, s.FolderDepth = cfg.SyncFolders, cmp.Or(cfg.FolderDepth, DefaultFolderDepth)
	if s.SyncLastLogin = cfg.SyncLastLogin; s.SyncLastLogin {
		s.LastLoginLookback = time.Duration(cmp.Or(cfg.LastLoginLookbackDays, DefaultLastLoginLookbackDays)) * 24 * time.Hour
	}
	return nil
}

// loadExclusions checks the --skip-* settings.
func (s *Settings) loadExclusions(cfg *Box) error {
	x := Exclusions{AppUsers: cfg.SkipAppUsers, OwnerIDs: map[string]bool{}}
	for _, p := range splitList(cfg.SkipGroupNamePrefixes) {
		x.GroupPrefixes = append(x.GroupPrefixes, strings.ToLower(p))
	}
	for _, o := range splitList(cfg.SkipFolderOwners) {
		switch domain, isDomain := strings.CutPrefix(o, "@"); {
		case isDomain && domain != "" && !strings.ContainsAny(domain, "@ /"):
			x.OwnerDomains = append(x.OwnerDomains, strings.ToLower(domain))
		case box.IsID(o):
			x.OwnerIDs[o] = true
		default:
			return status.Errorf(codes.InvalidArgument,
				"baton-box: --skip-folder-owners (BATON_SKIP_FOLDER_OWNERS): %q is neither a Box user ID (digits) nor a login domain (\"@example.com\")", o)
		}
	}
	s.Skip = x
	return nil
}

// optionalUserID checks an optional flag naming a Box user: "" when unset.
func optionalUserID(value, flag string) (string, error) {
	id := strings.TrimSpace(value)
	if id == "" {
		return "", nil
	}
	if _, err := box.ParseID("user", id); err != nil {
		return "", fmt.Errorf("baton-box: %s: %w", flag, err)
	}
	return id, nil
}

// parseGroupAdminPermissions checks --group-admin-permissions: names from
// box.GroupAdminPermissions ("none", or nothing, for none).
func parseGroupAdminPermissions(values []string) ([]string, error) {
	var out []string
	for _, p := range splitList(values) {
		switch {
		case p == "none":
		case slices.Contains(box.GroupAdminPermissions, p):
			out = append(out, p)
		default:
			return nil, status.Errorf(codes.InvalidArgument,
				"baton-box: --group-admin-permissions (BATON_GROUP_ADMIN_PERMISSIONS): %q is not one of %s", p, strings.Join(box.GroupAdminPermissions, ", "))
		}
	}
	return out, nil
}

// splitList reads a list setting: comma-separated values, or several;
// blanks dropped.
func splitList(values []string) []string {
	var out []string
	for _, v := range values {
		for p := range strings.SplitSeq(v, ",") {
			if p = strings.TrimSpace(p); p != "" {
				out = append(out, p)
			}
		}
	}
	return out
}
