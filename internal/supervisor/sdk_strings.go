package supervisor

import (
	"regexp"
	"strings"
)

// The texts of the SDK (and of the libraries it logs through) that the
// supervisor depends on: the flags it reads and passes, the log messages it
// recognises, the wrappers it strips. Each names its source; a test
// (TestSDKStringsAreInThePinnedSources) finds each one in a string literal
// of that file in the module go.mod pins, so an SDK upgrade that changes
// one fails a test instead of silently breaking the supervisor.

// The SDK's flags the supervisor reads, checks or passes to the child.
// Source: github.com/conductorone/baton-sdk pkg/field/defaults.go.
const (
	flagFile                      = "file"
	flagC1ZTempDir                = "c1z-temp-dir"
	flagClientID                  = "client-id"
	flagClientSecret              = "client-secret"
	flagLogLevel                  = "log-level"
	flagAuthMethod                = "auth-method"
	flagWorkers                   = "workers"
	flagSyncResources             = "sync-resources"
	flagSkipGrants                = "skip-grants"
	flagHealthCheckBindAddress    = "health-check-bind-address"
	flagGrantEntitlement          = "grant-entitlement"
	flagGrantPrincipal            = "grant-principal"
	flagGrantPrincipalType        = "grant-principal-type"
	flagRevokeGrant               = "revoke-grant"
	flagDeleteResource            = "delete-resource"
	flagDeleteResourceType        = "delete-resource-type"
	flagInvokeAction              = "invoke-action"
	flagInvokeActionArgs          = "invoke-action-args"
	flagInvokeActionResourceType  = "invoke-action-resource-type"
	flagListActionSchemas         = "list-action-schemas"
	flagEventFeed                 = "event-feed"
	flagEventFeedID               = "event-feed-id"
	flagEventFeedStartAt          = "event-feed-start-at"
	flagCreateAccountLogin        = "create-account-login"
	flagCreateAccountEmail        = "create-account-email"
	flagCreateAccountProfile      = "create-account-profile"
	flagCreateAccountResourceType = "create-account-resource-type"
	flagRotateCredentials         = "rotate-credentials"      //nolint:gosec // G101: a flag's name, not a credential
	flagRotateCredentialsType     = "rotate-credentials-type" //nolint:gosec // G101: a flag's name, not a credential
	flagCompactSyncs              = "compact-syncs"
	flagHTTPTimeoutSeconds        = "http-timeout-seconds"
	flagKeepPreviousSyncC1Z       = "keep-previous-sync-c1z"
	flagTicketing                 = "ticketing"
	flagCreateTicket              = "create-ticket"
	flagBulkCreateTicket          = "bulk-create-ticket"
	flagBulkTicketTemplatePath    = "bulk-ticket-template-path"
	flagListTicketSchemas         = "list-ticket-schemas"
	flagGetTicket                 = "get-ticket"
	flagTicketID                  = "ticket-id"
	flagTicketTemplatePath        = "ticket-template-path"
)

// The keys of a JSON log entry as the SDK's logger writes them (zap's
// production encoder, pkg/logging).
// Source: go.uber.org/zap config.go.
const (
	logKeyLevel  = "level"
	logKeyCaller = "caller"
	logKeyMsg    = "msg"
)

// logKeyError holds a log entry's error (zap.Error).
// Source: go.uber.org/zap error.go.
const logKeyError = "error"

// connectorServiceCommand is the hidden subcommand the SDK runs its
// connector process with: a run with it is never supervised.
// Source: github.com/conductorone/baton-sdk pkg/config/config.go.
const connectorServiceCommand = "_connector-service"

// The SDK runner's records of a failed one-shot task.
// Source: github.com/conductorone/baton-sdk pkg/connectorrunner/runner.go.
const (
	// taskFailedEvent is what the runner logs when a one-shot task fails
	// (connectorRunner.run). It is written before the SDK's racing exit
	// (doc.go), so it is the one record of a failure that every failed
	// one-shot run leaves.
	taskFailedEvent = "runner: error processing on-demand task"
	// runnerTaskError wraps the task's error on its way to the exit
	// (connectorRunner.processTask).
	runnerTaskError = "runner: error processing task: "
)

// actionFailedEvent is what the SDK's parallel syncer logs for the first
// failed action before it cancels the others. A cancelled sibling can then
// fail with "context canceled" and be the one the runner reports; this
// event keeps the cause.
// Source: github.com/conductorone/baton-sdk pkg/sync/parallel_syncer.go.
const actionFailedEvent = "cancelling context due to error in action"

// unaryCallFinished starts the connector's gRPC server's record of each
// call, with the call's error when it failed.
// Source: github.com/conductorone/baton-sdk pkg/ugrpc/logging.go.
const unaryCallFinished = "finished unary call with code "

// rateLimitRequestFailed is the SDK's rate limiter's record of a failed
// call to the connector.
// Source: github.com/conductorone/baton-sdk pkg/ratelimit/grpc.go.
const rateLimitRequestFailed = "ratelimit: error running client request"

// connectorRunFailed is the SDK CLI's record of the error it exits with.
// Source: github.com/conductorone/baton-sdk pkg/cli/commands.go.
const connectorRunFailed = "error running connector"

// httpErrorStatus is uhttp's warning for every HTTP answer that is not a
// success.
// Source: github.com/conductorone/baton-sdk pkg/uhttp/wrapper.go.
const httpErrorStatus = "base-http-client: HTTP error status"

// actionFailedPrefix is how the SDK reports a failed action: "action invoke
// failed: %v" of the action's response (actionInvoker.Process), a protobuf
// Struct in text form.
// Source: github.com/conductorone/baton-sdk pkg/tasks/local/action_invoker.go.
const actionFailedPrefix = "action invoke failed: "

// The connector builder's wrappers of a connector's error: "error: listing
// resources failed: %w", "grant failed: %w", ...
// Source: github.com/conductorone/baton-sdk pkg/connectorbuilder/resource_syncer.go.
const (
	builderErrorPrefix = "error: "
	// operationFailed ends the wrappers named for an operation ("grant
	// failed: ", "listing resources failed: ").
	operationFailed = " failed: "
)

// grpcStatusFormat is the text of a gRPC status error (status.Error). The
// first one in an error's text is the outermost status in its chain, the
// one the SDK exits with.
// Source: google.golang.org/grpc internal/status/status.go.
const grpcStatusFormat = "rpc error: code = %s desc = %s"

// grpcLogField marks the entries of gRPC's own logger, which the SDK routes
// through zap.
// Source: github.com/grpc-ecosystem/go-grpc-middleware logging/zap/grpclogger.go.
const grpcLogField = "grpc_log"

// grpcLogCaller starts the caller of gRPC's own log entries (the package
// directory zap names): a console-format entry over several lines has its
// fields, grpcLogField among them, on its last line only.
// Source: google.golang.org/grpc grpclog/.
const grpcLogCaller = "grpclog/"

// pebbleWALsFormat is what Pebble's default logger (the standard library's
// log) prints each time a c1z is opened.
// Source: github.com/cockroachdb/pebble/v2 open.go.
const pebbleWALsFormat = "Found %d WALs"

// statusPattern finds a gRPC status in an error's text and captures its
// code's name.
var statusPattern = regexp.MustCompile(formatPattern(grpcStatusFormat, `([A-Za-z]+)`, ""))

// sdkWrapping is one of the prefixes the SDK puts before a connector's
// error on its way to the exit: the runner's, a gRPC status's text (the
// code is kept as the exit status), the connector builder's.
var sdkWrapping = regexp.MustCompile(`^(?:` + regexp.QuoteMeta(runnerTaskError) + `|` +
	formatPattern(grpcStatusFormat, `[A-Za-z]+`, "") + `|` + regexp.QuoteMeta(builderErrorPrefix) +
	`|[a-z][a-z -]*?` + regexp.QuoteMeta(operationFailed) + `)`)

// pebbleWALs is Pebble's line as the standard logger prints it: "2026/12/01
// 09:00:00 Found 0 WALs".
var pebbleWALs = regexp.MustCompile(`^\d{4}/\d\d/\d\d \d\d:\d\d:\d\d ` + formatPattern(pebbleWALsFormat, `\d+`) + `$`)

// formatVerb is a verb of a format string (%s, %d).
var formatVerb = regexp.MustCompile(`%[a-z]`)

// formatPattern is a regular expression for the text a format string
// prints: its text quoted, its verbs replaced in order by verbs.
func formatPattern(format string, verbs ...string) string {
	parts := formatVerb.Split(format, -1)
	var b strings.Builder
	b.WriteString(regexp.QuoteMeta(parts[0]))
	for i, p := range parts[1:] {
		b.WriteString(verbs[i])
		b.WriteString(regexp.QuoteMeta(p))
	}
	return b.String()
}
