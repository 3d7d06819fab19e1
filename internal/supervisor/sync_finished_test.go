package supervisor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/conductorone/baton-sdk/pkg/connectorstore"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"
)

// writeSync writes a c1z at path with one sync, finished when end is true.
func writeSync(t *testing.T, path string, end bool) {
	t.Helper()
	ctx := t.Context()
	store, err := dotc1z.NewStore(ctx, path, dotc1z.WithTmpDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.StartNewSync(ctx, connectorstore.SyncTypeFull, ""); err != nil {
		t.Fatal(err)
	}
	if end {
		if err := store.EndSync(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Close(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestOnlyANewFinishedSyncReplacesTheFile: the work file starts as a copy
// of the previous sync; it replaces --file only when it holds a finished
// sync the previous file does not, whatever the child's exit said.
func TestOnlyANewFinishedSyncReplacesTheFile(t *testing.T) {
	dir := t.TempDir()
	older, newer := filepath.Join(dir, "older.c1z"), filepath.Join(dir, "newer.c1z")
	unfinished := filepath.Join(dir, "unfinished.c1z")
	writeSync(t, older, true)
	writeSync(t, newer, true)
	writeSync(t, unfinished, false)
	copied := filepath.Join(dir, "copied.c1z")
	data, err := os.ReadFile(older)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(copied, data, 0o600); err != nil { //nolint:gosec // G703: a path in t.TempDir()
		t.Fatal(err)
	}

	cases := map[string]struct {
		work, previous string
		want           string // "" = may replace --file
	}{
		"a new sync over an older file":  {newer, older, ""},
		"a first sync":                   {newer, "", ""},
		"the previous file's sync again": {copied, older, "the previous file's"},
		"a sync that did not finish":     {unfinished, older, "holds no finished sync"},
		"a file that cannot be read":     {filepath.Join(dir, "missing.c1z"), older, "cannot be read"},
		"a previous file that is no c1z": {newer, filepath.Join(dir, "missing.c1z"), ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			xerr := finishedHere(t.Context(), tc.work, tc.previous, t.TempDir())
			switch {
			case tc.want == "" && xerr != nil:
				t.Fatalf("refused: %s", xerr.msg)
			case tc.want != "" && (xerr == nil || !strings.Contains(xerr.msg, tc.want)):
				t.Fatalf("want a refusal naming %q, got %+v", tc.want, xerr)
			case tc.want != "" && xerr.code == 0:
				t.Fatal("a refusal with exit status 0")
			}
		})
	}
}
