// Command baton-box is the ConductorOne Baton connector for Box.
//
// A top-level one-shot run is supervised (internal/supervisor): the work is
// done by this binary again as a child process, and the run's exit status,
// --file, signals, temporary files and what is printed are the
// supervisor's. Everything else (the child, the connector process, daemon
// mode, subcommands) is the SDK's runner.
package main

import (
	"context"
	"os"

	sdkconfig "github.com/conductorone/baton-sdk/pkg/config"

	"github.com/conductorone/baton-box/internal/supervisor"
	"github.com/conductorone/baton-box/pkg/config"
	"github.com/conductorone/baton-box/pkg/connector"
)

// version is stamped at build time with -ldflags "-X main.version=...".
var version = "dev"

func main() {
	args := os.Args[1:]
	if supervisor.Supervises(args) {
		os.Exit(supervisor.Run(args))
	}
	sdkconfig.RunConnector(context.Background(), supervisor.ConnectorName, version, config.Config, connector.New, supervisor.RunnerOptions(args)...)
}
