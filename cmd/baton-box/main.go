// Command baton-box is the ConductorOne Baton connector for Box.
//
// A top-level run supervises its work, done by this binary again as a
// child process: the child's exit status, --file, signals, temporary files
// and what is printed are the supervisor's (supervise.go).
package main

import (
	"context"
	"os"

	"github.com/conductorone/baton-box/pkg/config"
	"github.com/conductorone/baton-box/pkg/connector"
	sdkconfig "github.com/conductorone/baton-sdk/pkg/config"
	"github.com/conductorone/baton-sdk/pkg/connectorrunner"
	"github.com/conductorone/baton-sdk/pkg/dotc1z/c1zstore"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

const connectorName = "baton-box"

// defaultWorkers: syncs are bound by Box's latency and rate limit, not CPU,
// so they run concurrently by default; the client's pacer keeps the whole
// process under the rate limit. --workers overrides it (1: sequential).
const defaultWorkers = 8

func main() {
	if shouldSupervise(os.Args[1:]) {
		os.Exit(supervise())
	}
	sdkconfig.RunConnector(context.Background(), connectorName, version, config.Config, connector.New, runnerOptions()...)
}

// runnerOptions are the SDK runner's options; the supervisor parses flags
// with the same command definition.
func runnerOptions() []connectorrunner.Option {
	return []connectorrunner.Option{
		// Role and enterprise grants reuse the user listing through the session store.
		connectorrunner.WithSessionStoreEnabled(),
		// `baton-box capabilities` must work without credentials.
		connectorrunner.WithDefaultCapabilitiesConnectorBuilderV2(&connector.Connector{}),
		// A default only: a --workers flag is applied after it.
		connectorrunner.WithWorkerCount(defaultWorkers),
		// SQLite keeps a large sync within 256 MiB a process (the Pebble
		// engine's fixed block cache and memtables alone take more; README,
		// "Performance"). A default only: --storage-engine pebble wins.
		connectorrunner.WithStorageEngine(c1zstore.EngineSQLite),
	}
}
