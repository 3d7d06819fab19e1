// Package synctest runs whole syncs in-process against the Box simulator:
// the connector served over in-memory gRPC, driven by the SDK's syncer, into
// a real c1z file that is then read back. Tests, the demo checks and the
// benchmarks share it.
package synctest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/boxsim/specvalidate"
	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
	"github.com/conductorone/baton-box/pkg/connector"
	"github.com/conductorone/baton-sdk/pkg/connectorbuilder"
	sdksync "github.com/conductorone/baton-sdk/pkg/sync"
	"github.com/conductorone/baton-sdk/pkg/types"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Options tune an Env.
type Options struct {
	// Tuning is passed to the Box client (page size, retry delays, pacing).
	Tuning box.Config
	// SkipSpecValidation turns off validating traffic against the OpenAPI
	// spec (benchmarks: validation costs more than the sync).
	SkipSpecValidation bool
	// NoSessionStore runs the connector without a session store.
	NoSessionStore bool
	// Config overrides the connector configuration (defaults: the sim's).
	Config *config.Box
	// Configure edits the configuration after the defaults are applied
	// (e.g. --sync-folders).
	Configure func(*config.Box)
	// Intercept, when set, sees every request before the simulator (and
	// the spec validator) does: tests change Box in the middle of a sync.
	Intercept func(*http.Request)
	// Now, FeedLag and Selection are passed to the connector (see
	// connector.Options); a sync with a Selection also needs the SDK's
	// sdksync.WithSyncResourceTypes.
	Now       func() time.Time
	FeedLag   time.Duration
	Selection []string
}

// Env is a simulator behind an HTTP server plus a connector pointed at it.
type Env struct {
	Sim       *boxsim.Sim
	Server    *httptest.Server
	Connector *connector.Connector
	Sessions  *MemorySessionStore
	opts      Options
	config    config.Box

	mu         sync.Mutex
	violations []specvalidate.Violation
}

// New starts a simulator and builds a connector for it.
func New(tb testing.TB, simCfg boxsim.Config, opts Options) *Env {
	tb.Helper()
	e := &Env{Sim: boxsim.New(simCfg), opts: opts, Sessions: NewMemorySessionStore()}
	var handler http.Handler = e.Sim
	srv := httptest.NewUnstartedServer(nil)
	baseURL := "http://" + srv.Listener.Addr().String()
	if !opts.SkipSpecValidation {
		v, err := specvalidate.New(baseURL)
		if err != nil {
			tb.Fatalf("spec validator: %v", err)
		}
		handler = v.Middleware(e.Sim, func(v specvalidate.Violation) {
			e.mu.Lock()
			e.violations = append(e.violations, v)
			e.mu.Unlock()
		})
	}
	if opts.Intercept != nil {
		inner := handler
		handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			opts.Intercept(r)
			inner.ServeHTTP(w, r)
		})
	}
	srv.Config.Handler = handler
	srv.Start()
	tb.Cleanup(srv.Close)
	e.Server = srv

	cfg := opts.Config
	if cfg == nil {
		sc := e.Sim.Config()
		cfg = &config.Box{BoxClientId: sc.ClientID, BoxClientSecret: sc.ClientSecret, EnterpriseId: sc.EnterpriseID}
	}
	if cfg.BaseUrl == "" {
		cfg.BaseUrl = srv.URL
	}
	e.config = *cfg
	if opts.Configure != nil {
		opts.Configure(&e.config)
	}
	e.Connector = e.NewConnector(tb, nil)
	return e
}

// NewConnector builds another connector for the same simulator; edit
// changes its configuration first.
func (e *Env) NewConnector(tb testing.TB, edit func(*config.Box)) *connector.Connector {
	tb.Helper()
	c, err := e.newConnector(edit)
	if err != nil {
		tb.Fatalf("connector: %v", err)
	}
	return c
}

// NewConnectorErr builds a connector like NewConnector and returns its
// configuration error, for tests of bad settings.
func (e *Env) NewConnectorErr(edit func(*config.Box)) error {
	_, err := e.newConnector(edit)
	return err
}

// SelectionErr builds a connector for a sync of the resource types
// selection and returns its configuration error.
func (e *Env) SelectionErr(selection []string) error {
	_, err := e.newConnectorFor(nil, selection)
	return err
}

func (e *Env) newConnector(edit func(*config.Box)) (*connector.Connector, error) {
	return e.newConnectorFor(edit, e.opts.Selection)
}

func (e *Env) newConnectorFor(edit func(*config.Box), selection []string) (*connector.Connector, error) {
	cfg := e.config
	if edit != nil {
		edit(&cfg)
	}
	tuning := e.opts.Tuning
	if tuning.RetryBaseDelay == 0 {
		tuning.RetryBaseDelay = 10 * time.Millisecond // tests inject 5xx on purpose
	}
	return connector.NewFromConfig(context.Background(), &cfg, connector.Options{Client: tuning, Now: e.opts.Now, FeedLag: e.opts.FeedLag, Selection: selection})
}

// RequireExact fails tb unless the snapshot is exactly what ExpectedFrom
// (with opts) derives from the simulator's truth and the traffic kept to
// the spec.
func (e *Env) RequireExact(tb testing.TB, snap *Snapshot, opts ...ExpectOption) {
	tb.Helper()
	if diff := ExpectedFrom(e.Sim.Truth(), opts...).Diff(snap, 40); len(diff) > 0 {
		tb.Fatalf("sync differs from the simulator's truth:\n  %s", strings.Join(diff, "\n  "))
	}
	if v := e.Violations(); len(v) > 0 {
		tb.Fatalf("%d responses or requests violate the Box OpenAPI spec, first: %s %s (%d): %v", len(v), v[0].Method, v[0].Path, v[0].Status, v[0].Err)
	}
}

// RequireRefused runs op, which must fail with code and a "baton-box:"
// error that names each of names, and leave Box as it was.
func (e *Env) RequireRefused(tb testing.TB, code codes.Code, op func() error, names ...string) {
	tb.Helper()
	before := e.Sim.Truth()
	err := op()
	if status.Code(err) != code {
		tb.Fatalf("code %v, want %v: %v", status.Code(err), code, err)
	}
	if !strings.Contains(err.Error(), "baton-box:") {
		tb.Errorf("error lacks the baton-box prefix: %v", err)
	}
	for _, name := range names {
		if !strings.Contains(err.Error(), name) {
			tb.Errorf("error does not name %s: %v", name, err)
		}
	}
	if !reflect.DeepEqual(before, e.Sim.Truth()) {
		tb.Fatal("a refused operation changed Box")
	}
}

// Violations returns the spec violations seen so far.
func (e *Env) Violations() []specvalidate.Violation {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]specvalidate.Violation(nil), e.violations...)
}

// ConnectorClient serves the env's connector in-process and returns a client.
func (e *Env) ConnectorClient(ctx context.Context, tb testing.TB) types.ConnectorClient {
	tb.Helper()
	return e.Serve(ctx, tb, e.Connector)
}

// Serve serves a connector in-process, with the env's session store.
func (e *Env) Serve(ctx context.Context, tb testing.TB, c *connector.Connector) types.ConnectorClient {
	tb.Helper()
	var builderOpts []connectorbuilder.Opt
	if !e.opts.NoSessionStore {
		builderOpts = append(builderOpts, connectorbuilder.WithSessionStore(e.Sessions))
	}
	srv, err := connectorbuilder.NewConnector(ctx, c, builderOpts...)
	if err != nil {
		tb.Fatalf("connector server: %v", err)
	}
	cc, stop, err := Serve(ctx, srv)
	if err != nil {
		tb.Fatalf("serve connector: %v", err)
	}
	tb.Cleanup(stop)
	return cc
}

// Sync runs a full sync into a fresh c1z file and returns its path.
func (e *Env) Sync(ctx context.Context, tb testing.TB, syncOpts ...sdksync.SyncOpt) (string, error) {
	tb.Helper()
	dir := tb.TempDir()
	path := filepath.Join(dir, "sync.c1z")
	cc := e.ConnectorClient(ctx, tb)
	opts := append([]sdksync.SyncOpt{sdksync.WithC1ZPath(path), sdksync.WithTmpDir(dir)}, syncOpts...)
	s, err := sdksync.NewSyncer(ctx, cc, opts...)
	if err != nil {
		return "", err
	}
	syncErr := s.Sync(ctx)
	closeErr := s.Close(ctx)
	if syncErr != nil {
		return path, syncErr
	}
	return path, closeErr
}

// SyncAndRead runs a sync that must succeed and reads its result back.
func (e *Env) SyncAndRead(ctx context.Context, tb testing.TB, syncOpts ...sdksync.SyncOpt) *Snapshot {
	tb.Helper()
	path, err := e.Sync(ctx, tb, syncOpts...)
	if err != nil {
		tb.Fatalf("sync: %v", err)
	}
	snap, err := ReadC1Z(ctx, path, tb.TempDir())
	if err != nil {
		tb.Fatalf("read c1z: %v", err)
	}
	return snap
}
