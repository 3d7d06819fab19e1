package supervisor

import (
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/conductorone/baton-box/pkg/config"
)

// --help as an operator of this connector needs it. The SDK hides the
// flags of its one-shot tasks (--grant-entitlement, --revoke-grant,
// --invoke-action, ...), which the docs' worked examples use, and shows
// flags this connector cannot honour. The supervisor prints the SDK's help
// with those shown, these hidden (and refused when given: checkUnsupported),
// and --workers described as this connector runs it.

// shownFlags are hidden by the SDK and used by an operator of this
// connector.
var shownFlags = []string{
	flagGrantEntitlement, flagGrantPrincipal, flagGrantPrincipalType, flagRevokeGrant,
	flagCreateAccountLogin, flagCreateAccountEmail, flagCreateAccountProfile, flagCreateAccountResourceType,
	flagDeleteResource, flagDeleteResourceType,
	flagInvokeAction, flagInvokeActionArgs, flagInvokeActionResourceType, flagListActionSchemas,
	flagEventFeed, flagEventFeedID, flagEventFeedStartAt,
	flagHealthCheckBindAddress, flagC1ZTempDir, flagSkipGrants,
	config.BaseURLField.FieldName,
}

// noTicketing is why the ticketing flags are refused.
const noTicketing = "Box has no ticketing"

// unsupported are the SDK's flags this connector cannot honour, and why.
// Given, the run is refused before it starts.
var unsupported = map[string]string{
	flagHTTPTimeoutSeconds: "each Box request has its own time limit (a minute; a content transfer 15) within --give-up-after-seconds, " +
		"which bounds how long a run waits for Box",
	flagKeepPreviousSyncC1Z:    "it replays nothing from a previous sync (no ETag replay)",
	flagTicketing:              noTicketing,
	flagCreateTicket:           noTicketing,
	flagBulkCreateTicket:       noTicketing,
	flagBulkTicketTemplatePath: noTicketing,
	flagListTicketSchemas:      noTicketing,
	flagGetTicket:              noTicketing,
	flagTicketID:               noTicketing,
	flagTicketTemplatePath:     noTicketing,
}

// workersUsage is --workers as this connector runs it: 0 is sequential, as
// the SDK's own help says and its runner does not do (workerDefault).
var workersUsage = fmt.Sprintf("Sync workers: %d by default (a sync waits on Box, not on the CPU; the client paces every worker "+
	"to --requests-per-minute); 0 or 1 syncs sequentially; -1 as many as CPUs, at most 4", defaultWorkers)

// printHelp writes --help to w.
func printHelp(w io.Writer) int {
	_, cmd, err := defineCommand()
	if err != nil {
		_, _ = fmt.Fprintln(os.Stderr, "baton-box: "+err.Error())
		return exitUnknown
	}
	forOperators(cmd)
	cmd.SetOut(w)
	if err := cmd.Help(); err != nil {
		return exitUnknown
	}
	return 0
}

// forOperators adjusts cmd's flags for the help: shownFlags shown,
// unsupported hidden, --workers described.
func forOperators(cmd *cobra.Command) {
	each := func(name string, f func(*pflag.Flag)) {
		for _, fs := range []*pflag.FlagSet{cmd.Flags(), cmd.PersistentFlags()} {
			if fl := fs.Lookup(name); fl != nil {
				f(fl)
			}
		}
	}
	for _, name := range shownFlags {
		each(name, func(f *pflag.Flag) { f.Hidden = false })
	}
	for name := range unsupported {
		each(name, func(f *pflag.Flag) { f.Hidden = true })
	}
	each(flagWorkers, func(f *pflag.Flag) { f.Usage = workersUsage + " ($BATON_WORKERS)" })
}

// checkUnsupported refuses a flag this connector cannot honour, given on
// the command line, as its BATON_* variable or in the config file (false
// and empty values are harmless).
func checkUnsupported(cmd *cobra.Command, v *viper.Viper) *exitError {
	for _, name := range slices.Sorted(maps.Keys(unsupported)) {
		f := cmd.Flags().Lookup(name)
		if f == nil || !given(cmd, v, name) {
			continue
		}
		if value := v.GetString(name); value == "" || value == "false" {
			continue
		}
		return usageError("--%s (%s) is not supported by this connector: %s", name, envName(name), unsupported[name])
	}
	return nil
}

// given: the flag is set on the command line, as its BATON_* variable
// (an empty one is not read) or in the config file.
func given(cmd *cobra.Command, v *viper.Viper, name string) bool {
	return cmd.Flags().Changed(name) || os.Getenv(envName(name)) != "" || v.InConfig(name)
}

// envName is the flag's environment variable.
func envName(flag string) string {
	return "BATON_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// helpRequested: the flags ask for help (pflag stops at -h or --help) and
// name no subcommand, whose own help the child prints.
func helpRequested(parseErr error, cmd *cobra.Command, args []string) bool {
	if parseErr != pflag.ErrHelp { //nolint:errorlint // pflag returns the sentinel itself
		return false
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if isSubcommand(cmd, a) {
			return false
		}
	}
	return true
}
