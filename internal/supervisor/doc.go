// Package supervisor supervises a top-level one-shot run of baton-box: a
// sync, a grant or revoke, an account creation, a delete, an action. It
// runs the work as a child (this binary again, with the operator's
// arguments and flags of its own) and owns everything about the run's
// outcome. cmd/baton-box/main.go asks Supervises whether a run is the
// supervisor's and, if so, exits with Run's status; any other run (the
// child, the SDK's connector process, subcommands, daemon mode) is the
// SDK's runner with RunnerOptions. The supervisor exports those options,
// rather than taking them as an argument, so that there is one definition
// of the SDK's command: the one main.go runs, and the one the supervisor
// builds to read a run's flags exactly as the child will (runner_options.go).
//
// # What a supervised run gets
//
//   - Its exit status: the child's, corrected where the SDK reports it
//     wrongly (explain.go, exit_codes.go; see the SDK behaviour below).
//   - --file (atomic_file.go): a sync writes a work copy that is renamed
//     into place only when the run succeeded.
//   - Signals (signals.go, process_*.go): the child runs in its own process
//     group, which a stop signal kills as a whole; the run exits 128+n.
//   - Temporary files: the child tree gets a private TMPDIR, removed at the
//     end whatever happened; what a killed run could not remove, the next
//     one does (leftovers.go, run_owner.go).
//   - What is printed (relay.go): every stderr line is redacted, noise is
//     left out below --log-level debug (logline.go), a failed run ends in
//     one plain line (explain.go, missing_from_file.go, file_system_full.go),
//     a sync reports its progress (progress.go), and a successful run says
//     on stdout what it did (outcome.go), from what the connector notes in
//     the run's report directory (pkg/connector/report.go).
//   - Flag checks the SDK lacks, made before the child starts
//     (invocation.go, file_kind.go), and --help as this connector's operator
//     needs it (help.go).
//   - A targeted sync's file, written beside --file (targeted.go).
//
// The texts of the SDK it depends on (flags, log messages, wrappers) are in
// sdk_strings.go, each found in the pinned SDK's source by a test.
//
// # Daemon mode
//
// A daemon (--client-id and --client-secret) is not supervised: the SDK's
// runner runs in the process the operator started, its connector process
// its direct child. SIGINT reaches the SDK, which cancels its context,
// stops its health check server and exits 0 (connectorRunner.Run in
// pkg/connectorrunner/runner.go). SIGTERM, which the SDK does not listen
// for (it would take the SDK's runner listening for it as for SIGINT),
// ends it at once, as the supervisor's kill did; its connector process then
// exits as its stdin, a pipe from the daemon, closes (pkg/cli/commands.go,
// the connector service). TestDaemonStopSignalsReachTheSDK (cmd/baton-box)
// holds both. A daemon still passes through Supervises:
// --help, a flag this connector refuses (help.go, invocation.go) and flags
// the SDK refuses are the supervisor's, and end before anything runs; and
// --workers 0 is sequential through RunnerOptions, as in a one-shot run.
//
// What a daemon does not get from the supervisor:
//   - The atomic --file: moot, a daemon writes no --file (its syncs go to
//     ConductorOne), nor progress lines or a line on stdout.
//   - The relay. Its stderr is the SDK's own: gRPC's chatter and uhttp's
//     warnings are not left out, errors are as the SDK prints them, and
//     lines are not redacted one by one. Redaction stays where it matters
//     without the relay: what Box sends back (an OAuth error echoing the
//     request, an API error) is redacted where pkg/box reads it, before it
//     enters an error or a log line, and the SDK logs neither
//     --box-client-secret nor --client-secret (TestDaemonLogsNoSecret, with
//     a token endpoint that echoes the secret, at debug level). A relay
//     would put a parent process back between the signals and the SDK.
//   - The private TMPDIR: a daemon's sync tasks use the SDK's temporary
//     directory (--c1z-temp-dir, BATON_TMPDIR, TMPDIR), and what a failed
//     task leaves there stays, as the SDK leaves it.
//   - Corrections of its exit status, which it never got: a daemon exits as
//     the SDK does (pkg/exit: the gRPC code of its error); the supervisor
//     corrects failed one-shot tasks only.
//
// # SDK behaviour the supervisor works around (baton-sdk v0.26.0)
//
// Each with what would remove the work-around.
//
//   - A failed one-shot run can exit 0. internal/connector/connector.go,
//     (*wrapper).runServer: the goroutine that waits for the connector
//     process calls os.Exit(0) when the process ends after the runner's
//     context was cancelled ("connector service quit expectedly"). When a
//     one-shot task fails, the runner returns and cancels that context, and
//     this exit races the CLI's exit.LogExit with the error's code
//     (pkg/config/config.go, RunConnector); about one failed run in fifteen
//     exited 0. The supervisor treats a 0 from a child that logged the
//     runner's failure event (taskFailedEvent) as that failure, with the
//     status its text carries (relay.go, explain.go runError). Removed by an
//     SDK fix: the goroutine does not exit the process when the runner
//     itself ended it (it logs and returns), so the CLI's exit stands.
//   - A failed sync is saved into --file. pkg/tasks/local/syncer.go,
//     (*localSyncer).Process: after a failed Sync it still closes the
//     syncer, which saves the store into --file, so the last good sync is
//     lost. The supervisor gives the child a work copy and renames it into
//     place only after a successful run (atomic_file.go). Removed by an SDK
//     option (or fix) that writes the file through a temporary one renamed
//     on success, or does not save a failed sync.
//   - Its temporary directories are left behind. pkg/dotc1z/pebble_store.go
//     (c1z-pebble*, kept "unsaved data preserved under" it after a failed
//     save) and pkg/dotc1z/file.go (c1z*, the unpacked file) are removed
//     only on a clean close: a failed, interrupted or killed run leaves
//     them, hundreds of MB for a large enterprise. The supervisor gives the
//     child tree a private TMPDIR and removes it (supervise.go), and a later
//     run removes a killed run's (leftovers.go). Removed by the SDK removing
//     them on every way out, signals included; what SIGKILL leaves stays a
//     supervisor's (or the system's temporary-file cleaner's) job.
//   - NotFound is a warning. pkg/sync/syncer.go: isWarning, and
//     getResourceFromConnector skips a resource the connector answers
//     NotFound for ("skipping resource due to not found"); a targeted sync
//     of a resource Box does not have, or of a type the run does not sync,
//     exits 0 having synced nothing. The supervisor checks that the
//     targeted sync's file holds every target (targeted.go, unsynced).
//     Removed by an SDK option that fails a targeted sync whose target is
//     not found. (The connector keeps the same rule in mind: a listing that
//     must fail a sync must not carry NotFound; pkg/connector.)
//   - SIGINT does not fail a one-shot run. connectorRunner.Run
//     (pkg/connectorrunner/runner.go) answers it by cancelling the run's
//     context with ErrSigTerm; the connector process dies with the context,
//     and the wrapper's os.Exit(0) above can end the run with status 0,
//     whatever the interrupted task had done, a sync being saved into
//     --file included. The supervisor kills the tree instead, keeps --file
//     and exits 128+n (signals.go). Removed by the SDK ending an interrupted
//     one-shot run with a non-zero status, without saving it.
//   - Smaller ones, each where it is handled: --workers 0 read as not given
//     (runner_options.go); an empty one-shot ID read as not given, which
//     turns --delete-resource "" into a full sync (invocation.go); a failed
//     action's gRPC code lost in "action invoke failed: %v" (explain.go);
//     "pebble: not found" for an ID the local file lacks
//     (missing_from_file.go); --help hiding the one-shot flags (help.go).
package supervisor
