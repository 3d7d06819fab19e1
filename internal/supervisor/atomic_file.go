package supervisor

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/conductorone/baton-sdk/pkg/dotc1z"
	"google.golang.org/grpc/codes"
)

// syncFile is --file for a sync run. The SDK saves its sync into the file
// it is given even when the sync fails, so the child gets a work copy in a
// private directory beside --file (same filesystem, so the final rename is
// atomic), and only a finished run is renamed into place. A failed or
// interrupted run leaves the previous file byte for byte, or no file.
//
// What the child starts from follows the SDK's storage engines (baton-sdk
// pkg/dotc1z): a Pebble (c1z v3) file holds exactly one sync, which the
// next sync wipes, so the child starts from no file, and the SDK does not
// unpack the previous sync only to discard it. Any other file (SQLite, c1z
// v1) is copied: SQLite keeps the previous sync beside the new one
// (`baton diff` compares them), the SDK keeps writing a file in the engine
// it was written in, and a file that is not a c1z at all fails the run as
// it always did, instead of being replaced.
type syncFile struct {
	path    string // where the finished sync goes (a symlink's target)
	workDir string // private directory beside path, removed at the end
	work    string // the file the child writes
	existed bool   // path held a file before the run
}

// workFileMode: the c1z lists every identity and grant of the enterprise.
const workFileMode = 0o600

// prepareSyncFile checks that --file can be written before any sync runs
// and sets up the work copy, owned by run.
func prepareSyncFile(path string, run owner) (*syncFile, *exitError) {
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target // replace the file a symlink points to, not the link
	}
	dir, base := filepath.Dir(path), filepath.Base(path)
	workDir, err := os.MkdirTemp(dir, workDirPrefix(path))
	if err != nil {
		return nil, fileError(err, "cannot write %s (--file): cannot create files in %s", path, dir)
	}
	run.write(workDir)
	f := &syncFile{path: path, workDir: workDir, work: filepath.Join(workDir, base)}
	if err := f.copyPrevious(); err != nil {
		f.discard()
		if pe := (*fs.PathError)(nil); errors.As(err, &pe) && pe.Path == f.work {
			e := fileError(err, "cannot copy the previous sync in %s (--file) to %s (--file's directory)", path, fileDir(path))
			e.msg += "; " + path + " was left unchanged"
			return nil, e
		}
		return nil, fileError(err, "cannot read the previous sync in %s (--file)", path)
	}
	return f, nil
}

func (f *syncFile) copyPrevious() error {
	src, err := os.Open(f.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	defer src.Close()
	st, err := src.Stat()
	if err != nil {
		return err
	}
	if !st.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	f.existed = true
	if format, err := dotc1z.ReadHeaderFormat(src); err == nil && format == dotc1z.C1ZFormatV3 {
		return nil
	}
	if _, err := src.Seek(0, io.SeekStart); err != nil {
		return err
	}
	dst, err := os.OpenFile(f.work, os.O_WRONLY|os.O_CREATE|os.O_EXCL, workFileMode)
	if err != nil {
		return err
	}
	if _, err := io.Copy(dst, src); err != nil {
		_ = dst.Close()
		return err
	}
	return dst.Close()
}

// commit moves the finished sync into place.
func (f *syncFile) commit() *exitError {
	defer f.discard()
	if _, err := os.Stat(f.work); err != nil {
		// The child reported success without writing a file: a failure.
		return &exitError{code: int(codes.Internal), msg: "baton-box: the sync ended without writing its file; " + f.unchanged()}
	}
	// The SDK writes the file 0644; make it private before it is visible.
	if err := os.Chmod(f.work, workFileMode); err != nil {
		return fileError(err, "cannot write %s (--file)", f.path)
	}
	if err := os.Rename(f.work, f.path); err != nil {
		return fileError(err, "cannot write %s (--file)", f.path)
	}
	syncDir(filepath.Dir(f.path))
	return nil
}

// discard removes the work directory, and with it anything the SDK left
// there (its own "<file>.tmp" of an interrupted save).
func (f *syncFile) discard() { _ = os.RemoveAll(f.workDir) }

// unchanged says what a failed or interrupted run did to --file.
// previous is the file the work copy began as; "" when there was none.
func (f *syncFile) previous() string {
	if f.existed {
		return f.path
	}
	return ""
}

func (f *syncFile) unchanged() string {
	if f.existed {
		return f.path + " was left unchanged"
	}
	return "no file was written to " + f.path
}

// removeIfNew returns a function that removes path unless it existed
// already. A grant or revoke on a file in an older layout saves the
// migrated file through "<file>.tmp", which an interrupted save leaves.
func removeIfNew(path string) func() {
	if _, err := os.Lstat(path); err == nil {
		return func() {}
	}
	return func() { _ = os.Remove(path) }
}

// syncDir makes a rename durable. Best effort: not every OS can sync a
// directory, and the rename itself has already happened.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
