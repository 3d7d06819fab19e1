package supervisor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/conductorone/baton-sdk/pkg/tempdir"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/connector"
)

// supervisedEnv marks the child of a supervising run. Its value is one
// only that run can give (run_owner.go, supervisedByParent): a marker set
// from outside would skip supervision, and with it the atomic replace of
// --file.
const supervisedEnv = "BATON_BOX_SUPERVISED"

// Supervises reports whether the run with args (the command line without
// the program name) is Run's: a top-level one-shot run. It is not for the
// connector process, subcommands (capabilities, config, lambda,
// health-check), a run already supervised, or a daemon (--client-id), which
// the SDK runs directly (doc.go). A daemon run that asks for help, or whose
// flags are refused, is Run's: it ends before anything runs.
func Supervises(args []string) bool {
	return topLevel(args) && !parseInvocation(args).runsDirectly()
}

// topLevel: the operator's command, not the connector subprocess, a
// subcommand or the child of a supervising run.
func topLevel(args []string) bool {
	marker, _ := os.LookupEnv(supervisedEnv)
	tmpDir, _ := os.LookupEnv(tempdir.EnvVar) // the private one its parent gave it
	if supervisedByParent(marker, tmpDir) || slices.Contains(args, connectorServiceCommand) {
		return false
	}
	return len(args) == 0 || strings.HasPrefix(args[0], "-") || isHelpCommand(args)
}

// isHelpCommand: `baton-box help`, the same as --help.
func isHelpCommand(args []string) bool { return len(args) == 1 && args[0] == "help" }

// Run supervises the run with args: it runs this binary again as a child
// with args (and flags of its own), and returns the exit status to use.
func Run(args []string) int {
	inv := parseInvocation(args)
	if inv.help || isHelpCommand(args) {
		return printHelp(os.Stdout)
	}
	rel := &relay{out: &lockedWriter{w: os.Stderr}, redact: box.NewRedactor(inv.secrets...),
		quiet: !inv.verbose, oneShot: inv.task != taskDaemon}
	if !inv.verbose {
		// Pebble logs through the standard logger when the supervisor
		// reads a c1z ("Found 0 WALs").
		log.SetOutput(io.Discard)
	}
	code, last := superviseRun(inv, args, rel)
	if last != nil {
		rel.finish(last.msg)
		return last.code
	}
	rel.finish("")
	return code
}

// superviseRun returns the child's exit status when the child's output
// stands as it is, else the line that ends the run and its status: an error
// before or after the child, or explain's better account of a failure.
func superviseRun(inv invocation, args []string, rel *relay) (int, *exitError) {
	began := time.Now()
	ctx := context.Background()
	if inv.usageErr != nil {
		return 0, inv.usageErr
	}
	if xerr := checkFileKind(inv); xerr != nil {
		return 0, xerr
	}
	stops := watchInterrupts()
	defer stops.stop()

	if line := removeLeftovers(inv); line != "" {
		_, _ = fmt.Fprintln(rel.out, line)
	}
	run := thisRun()
	tmp, xerr := privateTempDir(inv, run)
	if xerr != nil {
		return 0, xerr
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	report := reportDir(inv, tmp)
	if xerr := findOwners(ctx, inv.targets, inv.file, tmp); xerr != nil {
		return 0, xerr
	}
	out, extra, xerr := prepareFile(inv, run)
	if xerr != nil {
		return 0, xerr
	}
	if out != nil {
		defer out.discard()
	}
	if inv.mode == modeReadsFile {
		defer removeIfNew(inv.file + ".tmp")()
	}
	if inv.mode != modeUnknown {
		extra = append(extra, "--"+flagC1ZTempDir+"="+tmp)
	}
	if len(inv.targets) > 0 {
		args = withoutFlag(args, flagSyncResources)
		extra = append(extra, targetArgs(inv.targets)...)
	}

	self, err := os.Executable()
	if err != nil {
		return 0, &exitError{code: exitUnknown, msg: "baton-box: cannot find own executable: " + err.Error()}
	}
	cmd := exec.Command(self, childArgs(args, extra, inv.trailingDash)...) //nolint:noctx // this same binary; its lifetime is managed by signals, not a context
	cmd.Env = append(environWithout(supervisedEnv, connector.ReportDirEnv), supervisedEnv+"="+run.marker(),
		"TMPDIR="+tmp, "TMP="+tmp, "TEMP="+tmp, tempdir.EnvVar+"="+tmp)
	if report != "" {
		cmd.Env = append(cmd.Env, connector.ReportDirEnv+"="+report)
	}
	cmd.Stdout = os.Stdout
	ownProcessGroup(cmd)
	var progress *progressReporter
	if report != "" && inv.task == taskSync {
		progress = startProgress(report, rel.out, inv.syncFolders)
	}
	end, xerr := runChild(cmd, rel, func(cmd *exec.Cmd) {
		stops.started(cmd)
		// The child's process group is the run's too, should the
		// supervisor be killed and the child linger.
		run.Child = cmd.Process.Pid
		run.write(tmp)
		if out != nil {
			run.write(out.workDir)
		}
	})
	if progress != nil {
		progress.halt()
	}
	if xerr != nil {
		return 0, xerr
	}

	if sig := stops.commit(); sig != nil {
		return 0, &exitError{code: signalExitCode(sig), msg: fmt.Sprintf("baton-box: interrupted by %s: %s", signalName(sig), stopped(out))}
	}
	if end.signal != nil { // killed by someone else, e.g. the OOM killer
		return 0, &exitError{code: end.code, msg: fmt.Sprintf("baton-box: the run was killed by %s: %s", signalName(end.signal), stopped(out))}
	}
	failed := end.code != 0 || rel.failure != ""
	if rel.full != nil && failed {
		rel.trace = nil // a panic over a full disk says nothing more
		return 0, rel.full.exitError(inv, tmp, out)
	}
	if inv.badFlags && failed {
		return exitBadInput, nil // the child has said what is wrong with the flags
	}
	if !failed {
		return 0, succeeded(ctx, inv, out, report, tmp, began)
	}
	return end.code, explain(ctx, inv, rel.failure, rel.cause, end.code, tmp)
}

// succeeded ends a successful run: a sync's file goes into place, and one
// line on stdout says what the run did (outcome.go).
func succeeded(ctx context.Context, inv invocation, out *syncFile, report, tmp string, began time.Time) *exitError {
	if out != nil {
		if xerr := finishedHere(ctx, out.work, out.previous(), tmp); xerr != nil {
			xerr.msg += "; " + out.unchanged()
			return xerr
		}
		if len(inv.targets) > 0 {
			if xerr := unsynced(ctx, inv.targets, out.work, tmp); xerr != nil {
				xerr.msg += "; " + out.unchanged()
				return xerr
			}
		}
		if xerr := out.commit(); xerr != nil {
			return xerr
		}
	}
	if report == "" {
		return nil
	}
	var line string
	if inv.task == taskSync {
		var calls *connector.Progress
		if p, ok := readProgress(report); ok {
			calls = &p
		}
		line = syncSummary(ctx, inv, inv.output(), tmp, calls, time.Since(began))
	} else {
		line = outcomeLine(inv, readOutcomes(report))
	}
	if line != "" {
		_, _ = fmt.Fprintln(os.Stdout, line)
	}
	return nil
}

// reportDir makes the directory where the connector notes what it did
// (pkg/connector/report.go), inside tmp; "" for a run that reports nothing
// (daemon mode, a subcommand).
func reportDir(inv invocation, tmp string) string {
	if inv.mode == modeUnknown || inv.task == taskDaemon {
		return ""
	}
	dir := filepath.Join(tmp, "report")
	if os.Mkdir(dir, 0o700) != nil {
		return ""
	}
	return dir
}

// prepareFile sets up --file for the child: a sync gets a work copy, a
// grant or revoke needs the file to exist. It returns the flags to add.
func prepareFile(inv invocation, run owner) (*syncFile, []string, *exitError) {
	switch inv.mode {
	case modeSync:
		out, xerr := prepareSyncFile(inv.output(), run)
		if xerr != nil {
			return nil, nil, xerr
		}
		return out, []string{"--" + flagFile + "=" + out.work}, nil
	case modeReadsFile:
		if _, err := os.Stat(inv.file); errors.Is(err, os.ErrNotExist) {
			return nil, nil, fileMissing(inv)
		}
	case modeUnknown, modeOther: // nothing of --file to prepare
	}
	return nil, nil, nil
}

// stopped says what a stopped run did.
func stopped(out *syncFile) string {
	if out == nil {
		return "the run was stopped"
	}
	return "the sync was interrupted and " + out.unchanged()
}

// childEnd is how the child ended: its exit status, and the signal that
// killed it, if one did.
type childEnd struct {
	code   int
	signal os.Signal
}

// runChild starts cmd with its stderr relayed, tells started, and waits
// until the child has exited, its process tree is gone and all of its
// output is relayed.
func runChild(cmd *exec.Cmd, rel *relay, started func(*exec.Cmd)) (childEnd, *exitError) {
	// A pipe of our own rather than cmd.StderrPipe: the connector process
	// inherits it too, and the relay must read to the end after Wait.
	pr, pw, err := os.Pipe()
	if err != nil {
		return childEnd{}, &exitError{code: exitUnknown, msg: "baton-box: " + err.Error()}
	}
	defer pr.Close()
	cmd.Stderr = pw
	err = cmd.Start()
	_ = pw.Close()
	if err != nil {
		return childEnd{}, &exitError{code: exitUnknown, msg: "baton-box: start: " + err.Error()}
	}
	started(cmd)
	copied := make(chan struct{})
	go func() {
		rel.copy(pr)
		close(copied)
	}()
	waitErr := cmd.Wait()
	// The child is done; nothing it started may outlive it.
	killTree(cmd)
	<-copied

	var ee *exec.ExitError
	switch {
	case errors.As(waitErr, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return childEnd{code: signalExitCode(ws.Signal()), signal: ws.Signal()}, nil
		}
		return childEnd{code: ee.ExitCode()}, nil
	case waitErr != nil:
		return childEnd{}, &exitError{code: exitUnknown, msg: "baton-box: " + waitErr.Error()}
	}
	return childEnd{}, nil
}

// childArgs adds the supervisor's flags to the operator's. The SDK's flags
// take the last value given, so appended flags win; a trailing "--" must
// stay last.
func childArgs(args, extra []string, trailingDash bool) []string {
	out := append([]string{}, args...)
	if trailingDash {
		out = out[:len(out)-1]
	}
	out = append(out, extra...)
	if trailingDash {
		out = append(out, "--")
	}
	return out
}

// privateTempDir makes the child tree's temporary directory inside the one
// the SDK would use.
func privateTempDir(inv invocation, run owner) (string, *exitError) {
	base, source := tempDirBase(inv)
	dir, err := os.MkdirTemp(base, tempDirPrefix)
	if err != nil {
		return "", fileError(err, "cannot create a temporary directory in %s (%s)", base, source)
	}
	run.write(dir)
	return dir, nil
}

// tempDirBase is the directory the SDK would put its temporary files in,
// and where that comes from.
func tempDirBase(inv invocation) (string, string) {
	if inv.tempDirBase != "" {
		return inv.tempDirBase, "--c1z-temp-dir"
	}
	if dir, ok := os.LookupEnv(tempdir.EnvVar); ok && dir != "" {
		return tempdir.Resolve(""), tempdir.EnvVar
	}
	return tempdir.Resolve(""), "TMPDIR"
}

// removeLeftovers removes what killed runs left in the temporary directory
// and beside --file, and returns the line that says so ("" if nothing).
func removeLeftovers(inv invocation) string {
	var gone leftovers
	base, _ := tempDirBase(inv)
	gone.removeDead(base, tempDirPrefix)
	for _, file := range slices.Compact([]string{inv.file, inv.output()}) {
		if file == "" {
			continue
		}
		if target, err := filepath.EvalSymlinks(file); err == nil {
			file = target // the work directory is beside a symlink's target
		}
		gone.removeDead(filepath.Dir(file), workDirPrefix(file))
	}
	return gone.report()
}

// environWithout is this process's environment without the variables
// names.
func environWithout(names ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if k, _, _ := strings.Cut(kv, "="); !slices.Contains(names, k) {
			env = append(env, kv)
		}
	}
	return env
}
