package supervisor

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A directory named by --file is refused before the sync, in one line, and
// nothing is left beside it.
func TestSyncFileRefusesADirectory(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sync.c1z")
	if err := os.Mkdir(path, 0o700); err != nil {
		t.Fatal(err)
	}
	f, xerr := prepareSyncFile(path, owner{})
	if f != nil || xerr == nil {
		t.Fatalf("a directory was accepted as --file: %+v", f)
	}
	if xerr.code != 9 || !strings.Contains(xerr.msg, path+" (--file): not a regular file") || strings.Contains(xerr.msg, "\n") {
		t.Errorf("exit %d, %q: want 9 (FailedPrecondition) and one line naming the path, --file and why", xerr.code, xerr.msg)
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 {
		t.Errorf("the directory holds %d entries, want only sync.c1z", len(left))
	}
}
