package connector_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/config"
	"github.com/conductorone/baton-box/pkg/connector"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
)

// With ReportDirEnv set, the connector publishes the sync's progress for the
// CLI (internal/supervisor): at the end it equals what was synced and the calls
// the simulator received. Owners are the users whose folders are walked: none
// when a selection leaves folders out, every listed user and the service
// account when it names them (with or without --sync-folders), less the
// --skip-folder-owners.
func TestProgressReportEqualsTheSync(t *testing.T) {
	truth := boxsim.New(folderTenant()).Truth()
	skipped := pickUsers(t, truth, 1)[0].ID
	everyone := int64(len(truth.Users)) + 1
	folderTypes := []string{"user", "group", "folder", "external_user", "shared_link"}
	cases := []struct {
		name      string
		configure func(*config.Box)
		selection []string
		owners    int64
	}{
		{"--sync-folders", syncFolders(1), nil, everyone},
		{"--skip-folder-owners", func(c *config.Box) { syncFolders(1)(c); c.SkipFolderOwners = []string{skipped} }, nil, everyone - 1},
		{"a selection with folder", func(c *config.Box) { c.FolderDepth = 1 }, folderTypes, everyone},
		{"a selection without folder", syncFolders(1), []string{"user", "group"}, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			t.Setenv(connector.ReportDirEnv, dir)
			env := synctest.New(t, folderTenant(), synctest.Options{Configure: tc.configure, Selection: tc.selection})
			var opts []sdksync.SyncOpt
			if tc.selection != nil {
				opts = append(opts, sdksync.WithSyncResourceTypes(tc.selection))
			}
			snap := env.SyncAndRead(context.Background(), t, opts...)

			b, err := os.ReadFile(filepath.Join(dir, connector.ProgressFile))
			if err != nil {
				t.Fatal(err)
			}
			var got connector.Progress
			if err := json.Unmarshal(b, &got); err != nil {
				t.Fatal(err)
			}
			count := func(rt string) int64 {
				n := int64(0)
				for k := range snap.Resources {
					if strings.HasPrefix(k, rt+"/") {
						n++
					}
				}
				return n
			}
			st := env.Sim.Stats()
			want := connector.Progress{
				Calls: int64(st.Total + st.TokenRequests), RateLimited: int64(st.RateLimited),
				Users: int64(len(truth.Users)), UsersDone: true,
				Groups: count("group"), GroupsDone: true, GroupsRead: count("group"),
				Owners: tc.owners, OwnersWalked: tc.owners, Folders: count("folder"),
			}
			if got != want {
				t.Fatalf("progress at the end:\n got %+v\nwant %+v", got, want)
			}
			if _, err := os.Stat(filepath.Join(dir, connector.OutcomesFile)); err == nil {
				t.Fatal("a sync noted an outcome")
			}
		})
	}
}
