package connector_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/internal/synctest"
	"github.com/conductorone/baton-box/pkg/connector"
)

// With ReportDirEnv set, the connector publishes the sync's progress for the
// CLI (internal/supervisor): at the end it equals what was synced and the calls
// the simulator received.
func TestProgressReportEqualsTheSync(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(connector.ReportDirEnv, dir)
	env := synctest.New(t, folderTenant(), synctest.Options{Configure: syncFolders(1)})
	snap := env.SyncAndRead(context.Background(), t)

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
	truth, st := env.Sim.Truth(), env.Sim.Stats()
	want := connector.Progress{
		Calls: int64(st.Total + st.TokenRequests), RateLimited: int64(st.RateLimited),
		Users: int64(len(truth.Users)), UsersDone: true,
		Groups: count("group"), GroupsDone: true, GroupsRead: count("group"),
		Owners: int64(len(truth.Users)) + 1, OwnersWalked: int64(len(truth.Users)) + 1, Folders: count("folder"),
	}
	if got != want {
		t.Fatalf("progress at the end:\n got %+v\nwant %+v", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, connector.OutcomesFile)); err == nil {
		t.Fatal("a sync noted an outcome")
	}
}
