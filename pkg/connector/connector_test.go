package connector_test

import (
	"context"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/pkg/config"
	"github.com/conductorone/baton-box/pkg/connector"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestUserIDFlagsAreChecked: --content-owner-id and --primary-admin-id are
// optional, trimmed, and refused with InvalidArgument naming the flag when
// they are not Box user IDs (a leading zero would dodge the guards that
// compare IDs).
func TestUserIDFlagsAreChecked(t *testing.T) {
	base := func() *config.Box {
		return &config.Box{BoxClientId: "id", BoxClientSecret: "secret", EnterpriseId: "700001"}
	}
	for name, tc := range map[string]struct {
		set  func(*config.Box)
		flag string // "" = accepted
	}{
		"unset":                   {func(*config.Box) {}, ""},
		"trimmed":                 {func(c *config.Box) { c.ContentOwnerId, c.PrimaryAdminId = " 17000000001 ", "17000000002\n" }, ""},
		"content owner not an ID": {func(c *config.Box) { c.ContentOwnerId = "017000000001" }, "--content-owner-id"},
		"primary admin not an ID": {func(c *config.Box) { c.PrimaryAdminId = "../users/1" }, "--primary-admin-id"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := base()
			tc.set(cfg)
			_, err := connector.NewFromConfig(context.Background(), cfg, connector.Options{})
			switch {
			case tc.flag == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.flag != "" && (status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), tc.flag)):
				t.Fatalf("got %v, want InvalidArgument naming %s", err, tc.flag)
			}
		})
	}
}

// TestNumericFlagsAreBounded: --give-up-after-seconds 9300000000 overflowed
// a time.Duration into a negative budget (never give up); every numeric
// flag is refused outside its range, with InvalidArgument naming the flag
// and the limit. Plain http is refused off this machine.
func TestNumericFlagsAreBounded(t *testing.T) {
	base := func() *config.Box {
		return &config.Box{BoxClientId: "id", BoxClientSecret: "secret", EnterpriseId: "700001"}
	}
	for name, tc := range map[string]struct {
		set  func(*config.Box)
		want []string // "" = accepted
	}{
		"defaults": {func(*config.Box) {}, nil},
		"largest values": {func(c *config.Box) {
			c.GiveUpAfterSeconds, c.MaxRetryWaitSeconds, c.RequestsPerMinute = 86400, 86400, 60000
		}, nil},
		"give-up overflow":           {func(c *config.Box) { c.GiveUpAfterSeconds = 9300000000 }, []string{"--give-up-after-seconds", "86400", "9300000000"}},
		"give-up a day and a second": {func(c *config.Box) { c.GiveUpAfterSeconds = 86401 }, []string{"--give-up-after-seconds", "86400"}},
		"retry wait overflow":        {func(c *config.Box) { c.MaxRetryWaitSeconds = 9300000000 }, []string{"--max-retry-wait-seconds", "86400"}},
		"pace absurd":                {func(c *config.Box) { c.RequestsPerMinute = 9300000000 }, []string{"--requests-per-minute", "60000"}},
		"ceiling negative":           {func(c *config.Box) { c.MaxRequestsPerMinute = -1 }, []string{"--max-requests-per-minute", "60000"}},
		"feed lag overflow":          {func(c *config.Box) { c.LoginFeedLagMinutes = 9300000000 }, []string{"--login-feed-lag-minutes", "10080"}},
		"negative give-up":           {func(c *config.Box) { c.GiveUpAfterSeconds = -1 }, []string{"--give-up-after-seconds"}},
		"http off loopback":          {func(c *config.Box) { c.BaseUrl = "http://box.example.com" }, []string{"--base-url (BATON_BASE_URL)", "https"}},
		"http on loopback":           {func(c *config.Box) { c.BaseUrl = "http://127.0.0.1:8080" }, nil},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := base()
			tc.set(cfg)
			_, err := connector.NewFromConfig(context.Background(), cfg, connector.Options{})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if status.Code(err) != codes.InvalidArgument {
				t.Fatalf("got %v, want InvalidArgument", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("%q lacks %q", err.Error(), w)
				}
			}
		})
	}
}
