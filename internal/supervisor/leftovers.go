package supervisor

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// A run killed with SIGKILL (by an operator, the OOM killer, a crash of
// the machine's session) cannot clean up: it leaves its private temporary
// directory, with the SDK's c1z-pebble* directory inside (hundreds of MB
// for a large enterprise), and the work directory beside --file. The next
// run removes them, and says so in one line. A directory counts as a dead
// run's only when its name is one a run gives (tempDirPrefix,
// workDirPrefix), it belongs to this user, and its owner file
// (run_owner.go) names a run that is no longer alive; a directory without
// an owner file is left alone, as is anything of a live run.

// tempDirPrefix starts the name of a run's private temporary directory.
const tempDirPrefix = "baton-box-"

// workDirPrefix starts the name of a sync's work directory beside file.
func workDirPrefix(file string) string { return "." + filepath.Base(file) + ".baton-box-" }

// leftovers is what was removed.
type leftovers struct {
	dirs  []string
	bytes int64
}

// removeDead removes the dead runs' directories in dir whose names are
// prefix followed by os.MkdirTemp's random digits.
func (l *leftovers) removeDead(dir, prefix string) {
	des, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, de := range des {
		suffix, ok := strings.CutPrefix(de.Name(), prefix)
		if !ok || suffix == "" || strings.Trim(suffix, "0123456789") != "" || !de.IsDir() {
			continue
		}
		path := filepath.Join(dir, de.Name())
		fi, err := de.Info()
		if err != nil || !ownedByUs(fi) {
			continue
		}
		if o, ok := readOwner(path); !ok || o.alive() {
			continue
		}
		size := diskUsage(path)
		if os.RemoveAll(path) == nil {
			l.dirs = append(l.dirs, path)
			l.bytes += size
		}
	}
}

// report is the line that says what was removed; "" when nothing was.
func (l *leftovers) report() string {
	if len(l.dirs) == 0 {
		return ""
	}
	return fmt.Sprintf("baton-box: removed what killed runs left behind: %s (%s freed)", strings.Join(l.dirs, ", "), byteSize(l.bytes))
}

// diskUsage is the size of the files under dir.
func diskUsage(dir string) int64 {
	var total int64
	_ = filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err == nil && d.Type().IsRegular() {
			if fi, err := d.Info(); err == nil {
				total += fi.Size()
			}
		}
		return nil
	})
	return total
}

// byteSize writes n in the largest unit that keeps it at least 1.
func byteSize(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d bytes", n)
	}
	value, i := float64(n)/unit, 0
	for ; value >= unit && i < 3; i++ {
		value /= unit
	}
	return fmt.Sprintf("%.1f %s", value, []string{"KiB", "MiB", "GiB", "TiB"}[i])
}
