package config_test

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// credentials is the least configuration Load accepts.
func credentials() *config.Box {
	return &config.Box{BoxClientId: "id", BoxClientSecret: "secret", EnterpriseId: "700001"}
}

// resolved is what Load makes of credentials() alone.
func resolved() config.Settings {
	return config.Settings{
		ClientID: "id", ClientSecret: "secret", EnterpriseID: "700001", BaseURL: box.DefaultBaseURL,
		GiveUpAfter: box.DefaultGiveUpAfter, MaxRetryWait: box.DefaultMaxRetryWait,
		LoginFeedLag: 6 * time.Hour, FolderDepth: 1, Skip: config.Exclusions{OwnerIDs: map[string]bool{}},
	}
}

// TestLoad: each setting is trimmed, checked and resolved. A refusal is
// InvalidArgument naming the flag and its environment variable (and the
// limit, for a number); an unset user ID or a number left at 0 gets its
// default. --give-up-after-seconds 9300000000 once overflowed a
// time.Duration into a negative budget (never give up); a user ID with a
// leading zero would dodge the guards that compare IDs.
func TestLoad(t *testing.T) {
	for name, tc := range map[string]struct {
		set  func(*config.Box)
		want func(*config.Settings) // accepted: how the settings differ from resolved()
		errs []string               // refused: what the message names
	}{
		"defaults": {set: func(*config.Box) {}, want: func(*config.Settings) {}},
		"trimmed": {set: func(c *config.Box) {
			c.BoxClientId, c.BoxClientSecret, c.EnterpriseId = " id ", "secret\n", "\t700001 "
			c.ContentOwnerId, c.PrimaryAdminId = " 17000000001 ", "17000000002\n"
		}, want: func(s *config.Settings) { s.ContentOwnerID, s.PrimaryAdminID = "17000000001", "17000000002" }},
		"set values": {set: func(c *config.Box) {
			c.BaseUrl, c.RequestsPerMinute, c.MaxRequestsPerMinute, c.GiveUpAfterSeconds, c.MaxRetryWaitSeconds = "http://127.0.0.1:8080", 500, 2000, 30, 5
			c.SyncLastLogin, c.LastLoginLookbackDays, c.LoginFeedLagMinutes, c.SyncFolders, c.FolderDepth = true, 30, 60, true, 3
		}, want: func(s *config.Settings) {
			s.BaseURL, s.RequestsPerMinute, s.MaxRequestsPerMinute, s.GiveUpAfter, s.MaxRetryWait = "http://127.0.0.1:8080", 500, 2000, 30*time.Second, 5*time.Second
			s.SyncLastLogin, s.LastLoginLookback, s.LoginFeedLag, s.SyncFolders, s.FolderDepth = true, 30*24*time.Hour, time.Hour, true, 3
		}},
		"largest values": {set: func(c *config.Box) {
			c.GiveUpAfterSeconds, c.MaxRetryWaitSeconds, c.RequestsPerMinute, c.MaxRequestsPerMinute = 86400, 86400, 60000, 60000
			c.SyncLastLogin, c.LastLoginLookbackDays, c.LoginFeedLagMinutes = true, 365, 10080
		}, want: func(s *config.Settings) {
			s.GiveUpAfter, s.MaxRetryWait, s.RequestsPerMinute, s.MaxRequestsPerMinute = 24*time.Hour, 24*time.Hour, 60000, 60000
			s.SyncLastLogin, s.LastLoginLookback, s.LoginFeedLag = true, 365*24*time.Hour, 7*24*time.Hour
		}},
		"look-back unused without sync-last-login": {set: func(c *config.Box) { c.LastLoginLookbackDays = 400 }, want: func(*config.Settings) {}},
		"group admin privileges": {set: func(c *config.Box) {
			c.GroupAdminPermissions = []string{"can_run_reports, none", "", " can_edit_accounts"}
		}, want: func(s *config.Settings) { s.GroupAdminPermissions = []string{"can_run_reports", "can_edit_accounts"} }},
		"exclusions": {set: func(c *config.Box) {
			c.SkipAppUsers, c.SkipGroupNamePrefixes = true, []string{"Temp-, Test ", ""}
			c.SkipFolderOwners = []string{"17000001234, @Contractor.Example.com", " 17000001235"}
		}, want: func(s *config.Settings) {
			s.Skip = config.Exclusions{AppUsers: true, GroupPrefixes: []string{"temp-", "test"},
				OwnerIDs: map[string]bool{"17000001234": true, "17000001235": true}, OwnerDomains: []string{"contractor.example.com"}}
		}},

		"nothing": {set: func(c *config.Box) { *c = config.Box{} }, errs: []string{
			"missing configuration", "--box-client-id (BATON_BOX_CLIENT_ID)", "--box-client-secret (BATON_BOX_CLIENT_SECRET)", "--enterprise-id (BATON_ENTERPRISE_ID)",
		}},
		"blank secret":      {set: func(c *config.Box) { c.BoxClientSecret = " \n" }, errs: []string{"missing configuration: --box-client-secret (BATON_BOX_CLIENT_SECRET)"}},
		"enterprise not ID": {set: func(c *config.Box) { c.EnterpriseId = "0700001" }, errs: []string{"--enterprise-id (BATON_ENTERPRISE_ID)", "not a Box ID"}},
		"content owner":     {set: func(c *config.Box) { c.ContentOwnerId = "017000000001" }, errs: []string{"--content-owner-id (BATON_CONTENT_OWNER_ID)", "not a Box ID"}},
		"primary admin":     {set: func(c *config.Box) { c.PrimaryAdminId = "../users/1" }, errs: []string{"--primary-admin-id (BATON_PRIMARY_ADMIN_ID)", "not a Box ID"}},
		"privilege": {set: func(c *config.Box) { c.GroupAdminPermissions = []string{"can_run_reports,can_fly"} },
			errs: []string{"--group-admin-permissions (BATON_GROUP_ADMIN_PERMISSIONS)", `"can_fly"`}},
		"http off loopback":          {set: func(c *config.Box) { c.BaseUrl = "http://box.example.com" }, errs: []string{"--base-url (BATON_BASE_URL)", "https"}},
		"base URL no scheme":         {set: func(c *config.Box) { c.BaseUrl = "api.box.com" }, errs: []string{"--base-url (BATON_BASE_URL)"}},
		"give-up overflow":           {set: func(c *config.Box) { c.GiveUpAfterSeconds = 9300000000 }, errs: []string{"--give-up-after-seconds (BATON_GIVE_UP_AFTER_SECONDS)", "86400", "9300000000"}},
		"give-up a day and a second": {set: func(c *config.Box) { c.GiveUpAfterSeconds = 86401 }, errs: []string{"--give-up-after-seconds", "86400"}},
		"negative give-up":           {set: func(c *config.Box) { c.GiveUpAfterSeconds = -1 }, errs: []string{"--give-up-after-seconds"}},
		"retry wait overflow":        {set: func(c *config.Box) { c.MaxRetryWaitSeconds = 9300000000 }, errs: []string{"--max-retry-wait-seconds (BATON_MAX_RETRY_WAIT_SECONDS)", "86400"}},
		"pace absurd":                {set: func(c *config.Box) { c.RequestsPerMinute = 9300000000 }, errs: []string{"--requests-per-minute (BATON_REQUESTS_PER_MINUTE)", "60000"}},
		"ceiling negative":           {set: func(c *config.Box) { c.MaxRequestsPerMinute = -1 }, errs: []string{"--max-requests-per-minute (BATON_MAX_REQUESTS_PER_MINUTE)", "60000"}},
		"feed lag overflow":          {set: func(c *config.Box) { c.LoginFeedLagMinutes = 9300000000 }, errs: []string{"--login-feed-lag-minutes (BATON_LOGIN_FEED_LAG_MINUTES)", "10080"}},
		"look-back beyond a year": {set: func(c *config.Box) { c.SyncLastLogin, c.LastLoginLookbackDays = true, 400 },
			errs: []string{"--last-login-lookback-days (BATON_LAST_LOGIN_LOOKBACK_DAYS)", "365"}},
		// 0 is the default, as for every number but the paces.
		"look-back zero": {set: func(c *config.Box) { c.SyncLastLogin = true }, want: func(s *config.Settings) {
			s.SyncLastLogin, s.LastLoginLookback = true, config.DefaultLastLoginLookbackDays*24*time.Hour
		}},
		"folder depth zero":     {set: func(c *config.Box) { c.SyncFolders = true }, want: func(s *config.Settings) { s.SyncFolders = true }},
		"folder depth too deep": {set: func(c *config.Box) { c.SyncFolders, c.FolderDepth = true, 4 }, errs: []string{"--folder-depth (BATON_FOLDER_DEPTH)", "between 1 and 3"}},
		// A selection that names folders walks them without --sync-folders.
		"folder depth without sync-folders": {set: func(c *config.Box) { c.FolderDepth = 7 }, errs: []string{"--folder-depth (BATON_FOLDER_DEPTH)", "got 7"}},
		"skip an email":                     {set: func(c *config.Box) { c.SkipFolderOwners = []string{"someone@example.com"} }, errs: []string{"--skip-folder-owners (BATON_SKIP_FOLDER_OWNERS)"}},
		"skip not digits":                   {set: func(c *config.Box) { c.SkipFolderOwners = []string{"17000001234,12ab"} }, errs: []string{"--skip-folder-owners", `"12ab"`}},
		"skip a bare @":                     {set: func(c *config.Box) { c.SkipFolderOwners = []string{"@"} }, errs: []string{"--skip-folder-owners"}},
		"skip a path":                       {set: func(c *config.Box) { c.SkipFolderOwners = []string{"../1"} }, errs: []string{"--skip-folder-owners"}},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := credentials()
			tc.set(cfg)
			got, err := config.Load(cfg)
			if tc.errs != nil {
				if status.Code(err) != codes.InvalidArgument {
					t.Fatalf("got %v, want InvalidArgument", err)
				}
				for _, w := range tc.errs {
					if !strings.Contains(err.Error(), w) {
						t.Errorf("%q lacks %q", err.Error(), w)
					}
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			want := resolved()
			tc.want(&want)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("settings\n%+v\nwant\n%+v", got, want)
			}
		})
	}
}

// TestUnsetMeansTheFlagDefault: a setting left at zero (a config.Box built
// in code) resolves as the flag's default does, so each default, defined
// once, means the same from the command line and from code. The paces are
// the exception: their 0 means "no pacing" and "no ceiling".
func TestUnsetMeansTheFlagDefault(t *testing.T) {
	// The features on, so that the settings they read are resolved too.
	withFeatures := func() *config.Box {
		c := credentials()
		c.SyncLastLogin, c.SyncFolders = true, true
		return c
	}
	defaults := withFeatures()
	v := reflect.ValueOf(defaults).Elem()
	for _, f := range config.Config.Fields {
		for i := range v.NumField() {
			if v.Type().Field(i).Tag.Get("mapstructure") == f.FieldName && v.Field(i).IsZero() && f.DefaultValue != nil {
				v.Field(i).Set(reflect.ValueOf(f.DefaultValue).Convert(v.Field(i).Type()))
			}
		}
	}
	fromFlags, err := config.Load(defaults)
	if err != nil {
		t.Fatalf("the flags' defaults are refused: %v", err)
	}
	if fromFlags.RequestsPerMinute != config.DefaultRequestsPerMinute || fromFlags.MaxRequestsPerMinute != config.DefaultMaxRequestsPerMinute {
		t.Fatalf("paces %d/%d, want the flags' defaults", fromFlags.RequestsPerMinute, fromFlags.MaxRequestsPerMinute)
	}
	fromFlags.RequestsPerMinute, fromFlags.MaxRequestsPerMinute = 0, 0
	unset, err := config.Load(withFeatures())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(unset, fromFlags) {
		t.Fatalf("unset settings\n%+v\ndiffer from the flags' defaults\n%+v", unset, fromFlags)
	}
	if unset.GiveUpAfter != box.DefaultGiveUpAfter || unset.MaxRetryWait != box.DefaultMaxRetryWait || unset.BaseURL != box.DefaultBaseURL {
		t.Fatalf("give up after %v, longest wait %v, base URL %s: not the client's defaults", unset.GiveUpAfter, unset.MaxRetryWait, unset.BaseURL)
	}
}

// TestSkipGroupPrefixExampleMeansWhatItShows: the flag's example once
// ended in "Test " (a space: only "Test something"), but entries are
// trimmed, so it skipped "Testing" too. Each prefix of the example is one
// Load keeps as shown, and the description says entries are trimmed.
func TestSkipGroupPrefixExampleMeansWhatItShows(t *testing.T) {
	desc := config.SkipGroupNamePrefixesField.Description
	_, rest, ok := strings.Cut(desc, `Example: "`)
	example, _, ok2 := strings.Cut(rest, `"`)
	if !ok || !ok2 || example == "" {
		t.Fatalf("no example in %q", desc)
	}
	if !strings.Contains(desc, "trimmed") {
		t.Errorf("%q does not say entries are trimmed", desc)
	}
	cfg := credentials()
	cfg.SkipGroupNamePrefixes = []string{example}
	s, err := config.Load(cfg)
	if err != nil {
		t.Fatal(err)
	}
	want := strings.Split(strings.ToLower(example), ",")
	if !reflect.DeepEqual(s.Skip.GroupPrefixes, want) {
		t.Fatalf("the example %q loads as %q, want %q", example, s.Skip.GroupPrefixes, want)
	}
}
