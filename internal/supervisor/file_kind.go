package supervisor

import (
	"io/fs"
	"os"
)

// checkFileKind refuses a --file that exists but is not a regular file,
// before anything opens it: opening a named pipe blocks until something
// writes to it (a run that hangs and, blocked in the open, ignores
// SIGTERM), a device or a socket cannot hold a c1z, and a directory is a
// typo. A symlink is judged by its target. A targeted sync's file beside
// --file is checked too: the run opens it the same way.
func checkFileKind(inv invocation) *exitError {
	if inv.file == "" {
		return nil
	}
	// A missing file is for the run to create, or to report.
	if st, err := os.Stat(inv.file); err == nil && !st.Mode().IsRegular() {
		return usageError("%s (--file) is %s, not a regular file: --file names a c1z file", inv.file, fileKind(st.Mode()))
	}
	if out := inv.output(); out != inv.file {
		if st, err := os.Stat(out); err == nil && !st.Mode().IsRegular() {
			return usageError("%s, where a targeted sync with --file %s writes, is %s, not a regular file: remove it or choose another --file",
				out, inv.file, fileKind(st.Mode()))
		}
	}
	return nil
}

// fileKind names what a non-regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}
