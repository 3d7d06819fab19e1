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
