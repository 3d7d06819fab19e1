package main

import (
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strings"

	sdkconfig "github.com/conductorone/baton-sdk/pkg/config"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
	"github.com/spf13/viper"

	"github.com/conductorone/baton-box/pkg/config"
)

// --help as an operator of this connector needs it. The SDK hides the
// flags of its one-shot tasks (--grant-entitlement, --revoke-grant,
// --invoke-action, ...), which the README's worked examples use, and shows
// flags this connector cannot honour. The supervisor prints the SDK's help
// with those shown, these hidden (and refused when given: checkUnsupported),
// and --workers described as this connector runs it.

// shownFlags are hidden by the SDK and used by an operator of this
// connector.
var shownFlags = []string{
	"grant-entitlement", "grant-principal", "grant-principal-type", "revoke-grant",
	"create-account-login", "create-account-email", "create-account-profile", "create-account-resource-type",
	"delete-resource", "delete-resource-type",
	"invoke-action", "invoke-action-args", "invoke-action-resource-type", "list-action-schemas",
	"event-feed", "event-feed-id", "event-feed-start-at",
	"health-check-bind-address", "c1z-temp-dir", "skip-grants",
	config.BaseURLField.FieldName,
}

// noTicketing is why the ticketing flags are refused.
const noTicketing = "Box has no ticketing"

// unsupported are the SDK's flags this connector cannot honour, and why.
// Given, the run is refused before it starts.
var unsupported = map[string]string{
	"http-timeout-seconds": "each Box request has its own time limit (a minute; a content transfer 15) within --give-up-after-seconds, " +
		"which bounds how long a run waits for Box",
	"keep-previous-sync-c1z":    "it replays nothing from a previous sync (no ETag replay)",
	"ticketing":                 noTicketing,
	"create-ticket":             noTicketing,
	"bulk-create-ticket":        noTicketing,
	"bulk-ticket-template-path": noTicketing,
	"list-ticket-schemas":       noTicketing,
	"get-ticket":                noTicketing,
	"ticket-id":                 noTicketing,
	"ticket-template-path":      noTicketing,
}

// workersUsage is --workers as this connector runs it: the SDK's own help
// says 0 is sequential, but the SDK reads 0 as "not given" and runs the
// connector's default (main.go); the supervisor passes 0 on as 1.
var workersUsage = fmt.Sprintf("Sync workers: %d by default (a sync waits on Box, not on the CPU; the client paces every worker "+
	"to --requests-per-minute); 0 or 1 syncs sequentially; -1 as many as CPUs, at most 4", defaultWorkers)

// printHelp writes --help to w.
func printHelp(w io.Writer) int {
	_, cmd, err := sdkconfig.DefineConfigurationV2(context.Background(), connectorName, noConnector, config.Config, runnerOptions()...)
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
	each("workers", func(f *pflag.Flag) { f.Usage = workersUsage + " ($BATON_WORKERS)" })
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

// workersFlags is what the child gets for --workers: 0 given means
// sequential (the SDK would run the default), so the child gets 1.
func workersFlags(cmd *cobra.Command, v *viper.Viper) []string {
	if given(cmd, v, "workers") && v.GetInt("workers") == 0 {
		return []string{"--workers=1"}
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
