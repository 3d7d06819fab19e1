package supervisor

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
)

// A write that finds no room (the filesystem full, the user's quota used
// up, or the process's file size limit, ulimit -f, reached) ends the child
// with a wall of text: Pebble panics with a 90-line Go trace when its log
// cannot be written, and a failed save of the c1z reports "unsaved data
// preserved under" a temporary directory the supervisor then removes. The
// run ends instead with one line naming the problem and where it struck,
// status 8 (ResourceExhausted), and --file as it was.

// fullErrors are the errors of a write that found no room.
var fullErrors = []syscall.Errno{syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG}

// fullPattern finds such an error in a line of the child's output, as Go
// prints it ("write /tmp/x/000002.log: file too large").
var fullPattern = func() *regexp.Regexp {
	texts := make([]string, len(fullErrors))
	for i, e := range fullErrors {
		texts[i] = regexp.QuoteMeta(e.Error())
	}
	return regexp.MustCompile(`: (` + strings.Join(texts, "|") + `)\b`)
}()

// fullWrite is a write that found no room: the error, and the text before
// it, which names the file.
type fullWrite struct {
	err    string
	before string
}

// findFullWrite returns the write that found no room that line reports, or
// nil.
func findFullWrite(line []byte) *fullWrite {
	loc := fullPattern.FindSubmatchIndex(line)
	if loc == nil {
		return nil
	}
	return &fullWrite{err: string(line[loc[2]:loc[3]]), before: string(line[:loc[0]])}
}

// fileDir is the absolute directory of path, as an operator looks for it.
func fileDir(path string) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	return filepath.Dir(path)
}

// isFull: err is a write that found no room.
func isFull(err error) bool {
	return slices.ContainsFunc(fullErrors, func(e syscall.Errno) bool { return errors.Is(err, e) })
}

// isPanic: line starts the Go runtime's report of a panic or a fatal error.
func isPanic(line []byte) bool {
	return bytes.HasPrefix(line, []byte("panic: ")) || bytes.HasPrefix(line, []byte("fatal error: "))
}

// exitError is the line that ends the run: what happened, where (the
// private temporary directory, or --file's directory) and what became of
// --file.
func (w *fullWrite) exitError(inv invocation, tmp string, out *syncFile) *exitError {
	// The file is the last place the text names before the error (earlier
	// ones can be other paths, e.g. "unsaved data preserved under <tmp>: ...
	// write <file>").
	base, source := tempDirBase(inv)
	places := []struct{ path, where string }{{tmp, fmt.Sprintf("%s (the temporary directory, from %s)", base, source)}}
	if out != nil {
		places = append(places, struct{ path, where string }{out.workDir, fileDir(out.path) + " (--file's directory)"})
	}
	if inv.file != "" {
		places = append(places, struct{ path, where string }{inv.file, fileDir(inv.file) + " (--file's directory)"})
	}
	where, at := "", -1
	for _, p := range places {
		if i := strings.LastIndex(w.before, p.path); i > at {
			where, at = " in "+p.where, i
		}
	}
	limit := ""
	if n, ok := fileSizeLimit(); ok && w.err == syscall.EFBIG.Error() {
		limit = fmt.Sprintf(": the file size limit (ulimit -f) is %s", byteSize(n))
	}
	outcome := "the run could not write its files"
	if out != nil {
		outcome = "the sync could not be written and " + out.unchanged()
	}
	return &exitError{code: exitFull, msg: fmt.Sprintf("baton-box: %s%s%s; %s", w.err, where, limit, outcome)}
}
