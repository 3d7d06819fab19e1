package supervisor

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/conductorone/baton-sdk/pkg/connectorstore"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"

	"github.com/conductorone/baton-box/pkg/connector"
)

// A run that succeeds says what happened, once, on stdout: a grant,
// revoke, delete, account creation or action in one line, or that it
// found nothing to do and why; a sync in one line of what it wrote. The
// SDK says nothing of it, and drops what the connector answered (the
// "already exists" annotations, the created account), so the connector
// notes it for the supervisor (pkg/connector/report.go).

// readOutcomes reads what the connector noted, in order.
func readOutcomes(dir string) []connector.Outcome {
	f, err := os.Open(filepath.Join(dir, connector.OutcomesFile))
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []connector.Outcome
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var o connector.Outcome
		if json.Unmarshal(sc.Bytes(), &o) == nil {
			out = append(out, o)
		}
	}
	return out
}

// outcomeLine is the line a successful one-shot task prints: what the
// connector found already done, else what was asked, done. "" for tasks
// whose own output stands (the event feed's events, action schemas).
func outcomeLine(inv invocation, notes []connector.Outcome) string {
	var noop, said, result *connector.Outcome
	for i := range notes {
		n := &notes[i]
		switch {
		case n.NoOp:
			noop = n
		case n.Text != "":
			said = n
		}
		if n.Result != nil {
			result = n
		}
	}
	if noop != nil {
		return noop.Text
	}
	switch inv.task {
	case taskGrant:
		return fmt.Sprintf("granted %s to %s %s", inv.grantEntitlement, inv.grantPrincipalType, inv.grantPrincipal)
	case taskRevoke:
		return "revoked " + describeGrant(inv.revokeGrant)
	case taskDelete:
		return fmt.Sprintf("deleted %s %s", inv.deleteResourceType, inv.deleteResource)
	case taskCreateAccount:
		if said != nil {
			return said.Text
		}
		return "created the account"
	case taskAction:
		line := inv.action + actionSubject(inv.actionArgs) + ": done"
		if result != nil {
			line += " (" + fields(result.Result) + ")"
		}
		return line
	case taskSync, taskEventFeed, taskOther, taskDaemon:
	}
	return ""
}

// describeGrant reads a grant ID ("group:1:member:user:2") as "group:1:member
// from user 2".
func describeGrant(id string) string {
	parts := strings.Split(id, ":")
	if len(parts) < 5 {
		return id
	}
	n := len(parts)
	return fmt.Sprintf("%s from %s %s", strings.Join(parts[:n-2], ":"), parts[n-2], parts[n-1])
}

// actionSubject names the user an action's arguments name, " (user 1)".
func actionSubject(args string) string {
	var a map[string]any
	if json.Unmarshal([]byte(args), &a) != nil {
		return ""
	}
	if id, ok := a["user_id"].(string); ok && id != "" {
		return " for user " + id
	}
	return ""
}

// fields is an action's result as "key: value, ...", keys sorted.
func fields(m map[string]any) string {
	out := make([]string, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s: %v", k, m[k]))
	}
	return strings.Join(out, ", ")
}

// resourceOrder is how the summary lists resource types: the directory,
// then content.
var resourceOrder = []string{"user", "group", "role", "enterprise", "folder", "external_user", "shared_link"}

// syncSummary is the line a finished sync prints: what the file at path
// holds (its latest sync, read through tmp), and the API calls it took.
func syncSummary(ctx context.Context, inv invocation, path, tmp string, calls *connector.Progress, took time.Duration) string {
	what := "synced"
	if len(inv.targets) > 0 {
		what = "synced " + describeTargets(inv.targets) + " (a targeted sync):"
	}
	line := fmt.Sprintf("%s %s into %s in %s", what, fileCounts(ctx, path, tmp), path, roundDuration(took))
	if calls != nil {
		line += fmt.Sprintf("; %s API calls (%s answered 429)", count(calls.Calls), count(calls.RateLimited))
		if len(inv.targets) == 0 {
			line += fmt.Sprintf(", about %s a month at one sync a day", count(connector.MonthlyCalls(calls.Calls)))
		}
	}
	if len(inv.targets) > 0 {
		line += "; " + inv.file + " keeps the last full sync"
	}
	return line
}

// fileCounts says what the latest sync in path holds: "250 users, 40
// groups, ... and 1,027 grants".
func fileCounts(ctx context.Context, path, tmp string) string {
	store, err := dotc1z.NewStore(ctx, path, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(tmp))
	if err != nil {
		return "everything"
	}
	defer func() { _ = store.Close(ctx) }()
	st, err := store.SyncMeta().StatsV2(ctx, connectorstore.SyncTypeAny, "")
	if err != nil {
		return "everything"
	}
	byType := st.GetResourcesByResourceType()
	types := slices.Clone(resourceOrder)
	var others []string
	for rt := range byType {
		if !slices.Contains(types, rt) {
			others = append(others, rt)
		}
	}
	slices.Sort(others)
	var parts []string
	for _, rt := range append(types, others...) {
		if n, ok := byType[rt]; ok && n > 0 {
			parts = append(parts, plural(n, strings.ReplaceAll(rt, "_", " ")))
		}
	}
	parts = append(parts, plural(st.GetGrants(), "grant"))
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}
