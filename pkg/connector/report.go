package connector

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// What a supervised run's connector tells the CLI (internal/supervisor) that the
// SDK does not pass on: the outcome of a one-shot operation (the SDK drops
// the response, its annotations and a created account) and how far a sync
// has come (progress.go). Both are files in the directory the CLI names in
// ReportDirEnv, inside the run's private temporary directory. Log lines
// would not do: the operator's --log-level may hide them. Without the
// variable (daemon mode, the hosted runner, tests) nothing is written.
const (
	// ReportDirEnv names the directory.
	ReportDirEnv = "BATON_BOX_REPORT_DIR"
	// OutcomesFile holds one JSON Outcome per line, in the order noted.
	OutcomesFile = "outcomes.jsonl"
	// ProgressFile holds the latest Progress, replaced whole.
	ProgressFile = "progress.json"
)

// Outcome is what one operation did, or found already done.
type Outcome struct {
	// Text says it in one line ("user 1 is already a member of group 2").
	Text string `json:"text,omitempty"`
	// NoOp: nothing was changed, it already held.
	NoOp bool `json:"noop,omitempty"`
	// Result is an action's response, for the line that reports it.
	Result map[string]any `json:"result,omitempty"`
}

func reportDir() string { return os.Getenv(ReportDirEnv) }

// noteOutcome records o for the CLI. Best effort: a run that cannot write
// its report still did what it did.
func noteOutcome(ctx context.Context, o Outcome) {
	dir := reportDir()
	if dir == "" {
		return
	}
	o.Text = strings.Join(strings.Fields(o.Text), " ") // one line
	b, err := json.Marshal(o)
	if err == nil {
		err = appendLine(filepath.Join(dir, OutcomesFile), b)
	}
	if err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: cannot note the outcome for the CLI", zap.Error(err))
	}
}

func appendLine(path string, b []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	if err != nil {
		return err
	}
	_, err = f.Write(append(b, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// noteAccount records a created account, or the existing one that a
// creation found (created false).
func noteAccount(ctx context.Context, u *box.User, created bool) {
	if created {
		noteOutcome(ctx, Outcome{Text: fmt.Sprintf("created Box user %s (login %s)", u.ID, u.Login)})
		return
	}
	noteOutcome(ctx, Outcome{Text: fmt.Sprintf("Box user %s (login %s) already exists; nothing was created", u.ID, u.Login), NoOp: true})
}
