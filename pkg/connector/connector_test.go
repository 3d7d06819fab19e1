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

// TestConfigurationIsLoaded: NewFromConfig refuses what config.Load
// refuses (TestLoad in pkg/config has every case), with Load's error and
// code unchanged, and builds from what Load accepts.
func TestConfigurationIsLoaded(t *testing.T) {
	t.Parallel()
	base := func() *config.Box {
		return &config.Box{BoxClientId: "id", BoxClientSecret: "secret", EnterpriseId: "700001"}
	}
	for name, set := range map[string]func(*config.Box){
		"unset": func(*config.Box) {},
		"trimmed": func(c *config.Box) {
			c.ContentOwnerId, c.PrimaryAdminId, c.EnterpriseId = " 17000000001 ", "17000000002\n", " 700001"
		},
		"http on loopback":        func(c *config.Box) { c.BaseUrl = "http://127.0.0.1:8080" },
		"missing secret":          func(c *config.Box) { c.BoxClientSecret = " " },
		"content owner not an ID": func(c *config.Box) { c.ContentOwnerId = "017000000001" },
		"primary admin not an ID": func(c *config.Box) { c.PrimaryAdminId = "../users/1" },
		"give-up overflow":        func(c *config.Box) { c.GiveUpAfterSeconds = 9300000000 },
		"http off loopback":       func(c *config.Box) { c.BaseUrl = "http://box.example.com" },
		"bad exclusion":           func(c *config.Box) { c.SkipFolderOwners = []string{"someone@example.com"} },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			cfg := base()
			set(cfg)
			_, want := config.Load(cfg)
			_, err := connector.NewFromConfig(context.Background(), cfg, connector.Options{})
			switch {
			case want == nil && err != nil:
				t.Fatalf("refused: %v", err)
			case want != nil && (err == nil || err.Error() != want.Error() || status.Code(err) != status.Code(want)):
				t.Fatalf("got %v, want config.Load's %v", err, want)
			}
		})
	}
}

// TestFolderDepthIsBoundedForASelection: a resource-type selection that
// names folders walks them without --sync-folders, so --folder-depth is
// bounded then too (it was used unchecked).
func TestFolderDepthIsBoundedForASelection(t *testing.T) {
	t.Parallel()
	cfg := &config.Box{BoxClientId: "id", BoxClientSecret: "secret", EnterpriseId: "700001", FolderDepth: 7}
	_, err := connector.NewFromConfig(context.Background(), cfg, connector.Options{Selection: []string{"user", "folder"}})
	if status.Code(err) != codes.InvalidArgument || !strings.Contains(err.Error(), "--folder-depth") {
		t.Fatalf("got %v, want InvalidArgument naming --folder-depth", err)
	}
}
