package supervisor

import (
	"context"
	"errors"

	"github.com/conductorone/baton-sdk/pkg/cli"
	sdkconfig "github.com/conductorone/baton-sdk/pkg/config"
	"github.com/conductorone/baton-sdk/pkg/connectorrunner"
	"github.com/conductorone/baton-sdk/pkg/dotc1z/c1zstore"
	"github.com/conductorone/baton-sdk/pkg/types"
	"github.com/spf13/cobra"
	"github.com/spf13/viper"

	"github.com/conductorone/baton-box/pkg/config"
	"github.com/conductorone/baton-box/pkg/connector"
)

// The SDK runner's options are defined here, once: cmd/baton-box runs the SDK's
// runner with them, and the supervisor builds the same command to read a
// run's flags (invocation.go) and print its help (help.go), so that it reads
// the flags, BATON_* variables and config file exactly as the child will.

// ConnectorName names the connector's command and its logs.
const ConnectorName = "baton-box"

// defaultWorkers: syncs are bound by Box's latency and rate limit, not CPU,
// so they run concurrently by default; the client's pacer keeps the whole
// process under the rate limit. --workers overrides it (1: sequential).
const defaultWorkers = 8

// RunnerOptions are the SDK runner's options for a run with args (the
// command line without the program name).
func RunnerOptions(args []string) []connectorrunner.Option {
	// A default only: a --workers flag is applied after it.
	return append(fixedOptions(), connectorrunner.WithWorkerCount(workerDefault(args)))
}

// fixedOptions are the runner's options that are the same for every run;
// the supervisor builds its command (defineCommand) with them.
func fixedOptions() []connectorrunner.Option {
	return []connectorrunner.Option{
		// Role and enterprise grants reuse the user listing through the
		// session store (which adds the SDK's session store flags).
		connectorrunner.WithSessionStoreEnabled(),
		// `baton-box capabilities` must work without credentials.
		connectorrunner.WithDefaultCapabilitiesConnectorBuilderV2(&connector.Connector{}),
		// SQLite keeps a large sync within 256 MiB a process (the Pebble
		// engine's fixed block cache and memtables alone take more;
		// bench/README.md, "Memory"). A default only: --storage-engine pebble wins.
		connectorrunner.WithStorageEngine(c1zstore.EngineSQLite),
	}
}

// defineCommand is the SDK's command as the runner defines it, with a
// connector that never runs: for reading flags and printing help.
func defineCommand() (*viper.Viper, *cobra.Command, error) {
	return sdkconfig.DefineConfigurationV2(context.Background(), ConnectorName, noConnector, config.Config, fixedOptions()...)
}

// noConnector is the connector of the command the supervisor builds: it
// never runs.
func noConnector(context.Context, *config.Box, cli.RunTimeOpts) (types.ConnectorServer, error) {
	return nil, errors.New("baton-box: the supervisor parses flags only")
}

// workerDefault is the worker count of a run whose --workers does not say
// otherwise. --workers 0 is sequential, as the SDK's help and ours say, but
// the SDK applies --workers only when it is not 0 (cli.MakeMainCommand), so
// a run given 0 gets 1 as its default; in daemon mode too, where no
// supervisor stands between the flags and the SDK.
func workerDefault(args []string) int {
	v, cmd, err := defineCommand()
	if err != nil || cmd.ParseFlags(args) != nil || v.BindPFlags(cmd.Flags()) != nil {
		return defaultWorkers // the run fails on its flags anyway
	}
	if given(cmd, v, flagWorkers) && v.GetInt(flagWorkers) == 0 {
		return 1
	}
	return defaultWorkers
}
