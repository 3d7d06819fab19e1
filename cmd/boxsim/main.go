// Command boxsim runs the Box API simulator as a process, for demos and
// manual runs of baton-box against a known enterprise.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/conductorone/baton-box/pkg/boxsim"
	"github.com/conductorone/baton-box/pkg/boxsim/specvalidate"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "boxsim:", err)
		os.Exit(1)
	}
}

func run() error {
	var (
		cfg      boxsim.Config
		faults   boxsim.Faults
		addr     = flag.String("addr", "127.0.0.1:8765", "listen address")
		truthOut = flag.String("truth-out", "", "write the seeded Truth as JSON to this file at start")
		validate = flag.Bool("validate", false, "validate traffic against Box's OpenAPI spec; log violations to stderr")
	)
	flag.Int64Var(&cfg.Seed, "seed", 1, "seed for deterministic data")
	flag.IntVar(&cfg.Users, "users", 250, "users listed by GET /users (managed + app users)")
	flag.IntVar(&cfg.AppUsers, "app-users", 5, "how many of -users are app users")
	flag.IntVar(&cfg.ExternalUsers, "external-users", 3, "users of other enterprises")
	flag.IntVar(&cfg.Groups, "groups", 40, "managed groups")
	flag.Float64Var(&cfg.AvgGroupsPerUser, "avg-groups-per-user", 2, "average groups per listed user")
	flag.IntVar(&cfg.GiantGroupMembers, "giant-group-members", 0, "if > 0, add an \"All Staff\" group with the first N users")
	flag.StringVar(&cfg.EnterpriseID, "enterprise-id", boxsim.DefaultEnterpriseID, "enterprise ID (the box_subject_id to use)")
	flag.StringVar(&cfg.EnterpriseName, "enterprise-name", boxsim.DefaultEnterpriseName, "enterprise name")
	flag.StringVar(&cfg.ClientID, "client-id", boxsim.DefaultClientID, "accepted client_id")
	flag.StringVar(&cfg.ClientSecret, "client-secret", boxsim.DefaultClientSecret, "accepted client_secret")
	flag.DurationVar(&cfg.TokenTTL, "token-ttl", 0, "access token lifetime (0 = about an hour, like Box)")
	flag.DurationVar(&faults.Latency, "latency", 0, "delay added to every response")
	flag.IntVar(&faults.RequestsPerMinute, "requests-per-minute", 0, "rate limit for /2.0 calls (0 = unlimited)")
	flag.IntVar(&faults.RateLimitEvery, "rate-limit-every", 0, "answer every Nth /2.0 call with 429 (0 = off)")
	flag.Float64Var(&faults.ServerErrorRate, "server-error-rate", 0, "fraction of /2.0 calls answered 500/502/503")
	flag.Parse()

	sim := boxsim.New(cfg)
	sim.SetFaults(faults)
	truth := sim.Truth()
	if *truthOut != "" {
		if err := writeTruth(*truthOut, truth); err != nil {
			return err
		}
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	var handler http.Handler = sim
	if *validate {
		v, err := specvalidate.New(base)
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("spec validator: %w", err)
		}
		logger := log.New(os.Stderr, "boxsim: spec violation: ", log.LstdFlags)
		// kin-openapi errors span lines (schema dumps): keep one line per violation.
		handler = v.Middleware(sim, func(vi specvalidate.Violation) { logger.Println(strings.Join(strings.Fields(vi.String()), " ")) })
	}

	// /_boxsim/ is not Box's: it lets benchmarks read the request counters.
	mux := http.NewServeMux()
	mux.Handle("/", handler)
	mux.HandleFunc("GET /_boxsim/stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(sim.Stats())
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	fmt.Printf("boxsim listening on %s (enterprise %s, %d users, %d groups, %d memberships)\n",
		base, truth.Enterprise.ID, len(truth.Users), len(truth.Groups), len(truth.Memberships))

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

func writeTruth(path string, t boxsim.Truth) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("encode truth: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("write truth to %s: %w", path, err)
	}
	return nil
}
