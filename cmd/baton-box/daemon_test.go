package main_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	v1 "github.com/conductorone/baton-sdk/pb/c1/connectorapi/baton/v1"
	"google.golang.org/grpc"
	"google.golang.org/grpc/metadata"
	"google.golang.org/protobuf/types/known/durationpb"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// Daemon mode: with --client-id/--client-secret the binary stays up, takes
// its tasks from ConductorOne and (with --health-check) serves /live,
// /ready and /health. ConductorOne itself is not available here, so these
// tests stand up a fake of the two endpoints the SDK talks to: the OAuth
// token endpoint (https://<host>/auth/v1/token, client-assertion JWT signed
// with the client secret's Ed25519 key) and the gRPC BatonService (Hello,
// GetTask, FinishTask). The host comes from the client ID
// (<name>@<host>/<suffix>); TLS is trusted through SSL_CERT_FILE.

func TestDaemonFlagErrors(t *testing.T) {
	t.Parallel()
	_, secret := newC1Credentials(t)
	cases := map[string]struct {
		args []string
		want string
	}{
		"client id without secret":   {[]string{"--client-id", "x@tenant.conductor.one/pcc"}, "[client-id client-secret]"},
		"client secret without id":   {[]string{"--client-secret", secret}, "[client-id client-secret]"},
		"malformed client id":        {[]string{"--client-id", "not-a-client-id", "--client-secret", secret}, "invalid client id"},
		"malformed client secret":    {[]string{"--client-id", "x@tenant.conductor.one/pcc", "--client-secret", "not-a-secret"}, "invalid client secret"},
		"secret that is not Ed25519": {[]string{"--client-id", "x@tenant.conductor.one/pcc", "--client-secret", "secret-token:conductorone.com:v1:e30"}, "invalid client secret"},
	}
	_, env := simEnv(t)
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, binary, tc.args...) //nolint:gosec // G204: the binary this test built, with arguments the test computes
			cmd.Env = daemonEnv(t, env, nil)
			out, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatalf("exit 0, want a failure:\n%s", out)
			}
			if line := lastErrorLine(string(out)); !strings.Contains(line, tc.want) {
				t.Fatalf("error line %q lacks %q", line, tc.want)
			}
		})
	}
}

func TestDaemonRejectedByConductorOne(t *testing.T) {
	t.Parallel()
	requireSSLCertFile(t)
	c1 := newFakeC1(t)
	c1.rejectTokens = true
	_, env := simEnv(t)

	ctx, cancel := context.WithTimeout(t.Context(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = daemonEnv(t, env, c1.env())
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("exit 0 with credentials ConductorOne rejects:\n%s", out)
	}
	line := lastErrorLine(string(out))
	for _, want := range []string{"startup Hello failed", "Unauthenticated", "failed to get token"} {
		if !strings.Contains(line, want) {
			t.Errorf("error line lacks %q:\n%s", want, line)
		}
	}
	if c1.tokenRequestCount() == 0 {
		t.Error("the daemon never asked ConductorOne for a token")
	}
}

func TestDaemonServesHealthAndRunsTasks(t *testing.T) {
	requireSSLCertFile(t)
	sim, env := simEnv(t)
	user, group := userOutsideAGroup(t, sim.Truth())
	grantTask := func(id string) *v1.Task {
		groupRes := &v2.Resource{Id: &v2.ResourceId{ResourceType: "group", Resource: group.ID}, DisplayName: group.Name}
		return v1.Task_builder{
			Id: id,
			Grant: v1.Task_GrantTask_builder{
				Entitlement: &v2.Entitlement{Id: "group:" + group.ID + ":member", Resource: groupRes, Slug: "member"},
				Principal:   &v2.Resource{Id: &v2.ResourceId{ResourceType: "user", Resource: user.ID}},
			}.Build(),
		}.Build()
	}
	isMember := func() bool {
		for _, m := range sim.Truth().Memberships {
			if m.UserID == user.ID && m.GroupID == group.ID {
				return true
			}
		}
		return false
	}

	t.Run("without --provisioning, bad Box secret", func(t *testing.T) {
		c1 := newFakeC1(t)
		c1.queue(grantTask("grant-refused"))
		bad := map[string]string{}
		for k, v := range env {
			bad[k] = v
		}
		bad["BATON_BOX_CLIENT_SECRET"] = "not-the-secret"
		d := startDaemon(t, c1, bad, nil)

		// Liveness and readiness do not depend on Box; /health runs the
		// connector's Validate and reports the Box credentials problem.
		d.expectHealth(t, "/live", http.StatusOK, "alive")
		d.expectHealth(t, "/ready", http.StatusOK, "ready")
		body := d.expectHealth(t, "/health", http.StatusServiceUnavailable, "unhealthy")
		if !strings.Contains(body, "--box-client-secret") || !strings.Contains(body, "invalid_grant") {
			t.Errorf("/health does not explain the bad Box secret: %s", body)
		}
		if strings.Contains(body, "not-the-secret") || strings.Contains(d.logs(), "not-the-secret") {
			t.Error("the Box secret leaks into /health or the logs")
		}

		fin := c1.waitFinished(t, "grant-refused", d)
		if fin.GetStatus() == nil || !strings.Contains(fin.GetStatus().GetMessage(), "provisioning is not enabled") {
			t.Fatalf("a grant without --provisioning finished with %v, want 'provisioning is not enabled'", fin)
		}
		if isMember() {
			t.Fatal("the grant reached Box although provisioning is disabled")
		}
	})

	t.Run("with --provisioning", func(t *testing.T) {
		c1 := newFakeC1(t)
		c1.queue(grantTask("grant-1"))
		d := startDaemon(t, c1, env, map[string]string{"BATON_PROVISIONING": "true"})

		d.expectHealth(t, "/live", http.StatusOK, "alive")
		d.expectHealth(t, "/ready", http.StatusOK, "ready")
		d.expectHealth(t, "/health", http.StatusOK, "healthy")

		// The SDK's own probe command (for exec probes) reads the same port.
		ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
		defer cancel()
		// G204: the binary this test built, with arguments the test computes.
		probe := exec.CommandContext(ctx, binary, "health-check", "--endpoint", "ready", "--health-check-port", strconv.Itoa(d.port)) //nolint:gosec // see above
		probe.Env = daemonEnv(t, nil, nil)
		if out, err := probe.CombinedOutput(); err != nil {
			t.Errorf("baton-box health-check --endpoint ready: %v\n%s", err, out)
		}

		fin := c1.waitFinished(t, "grant-1", d)
		if fin.GetStatus() != nil || fin.GetSuccess() == nil {
			t.Fatalf("grant task failed: %v\nlogs:\n%s", fin, tail(d.logs(), 20))
		}
		if !isMember() {
			t.Fatalf("ConductorOne's grant did not add user %s to group %s in Box", user.ID, group.ID)
		}

		// The handshake: a token minted with a client assertion signed by
		// the client secret's key, and a Hello carrying the connector's
		// metadata with that token.
		if err := c1.verifyTokenRequests(); err != nil {
			t.Error(err)
		}
		hello := c1.firstHello(t)
		if got := hello.req.GetConnectorMetadata().GetDisplayName(); got != "Box" {
			t.Errorf("Hello carries connector display name %q, want Box", got)
		}
		if hello.authorization != "Bearer "+fakeC1AccessToken {
			t.Errorf("Hello was sent with authorization %q, want the minted token", hello.authorization)
		}
	})
}

// A daemon's stderr is the SDK's own, with no relay to redact it (the
// supervisor's package doc says why): what Box echoes is redacted where the
// connector reads it, and neither client secret is ever logged, even at
// debug level. Box's token endpoint here echoes the secret in every form.
func TestDaemonLogsNoSecret(t *testing.T) {
	t.Parallel()
	requireSSLCertFile(t)
	const echoed = "echoed-client-secret"
	c1 := newFakeC1(t)
	echo := echoingTokenServer(t)
	box := map[string]string{"BATON_BOX_CLIENT_ID": "id", "BATON_BOX_CLIENT_SECRET": echoed, "BATON_ENTERPRISE_ID": "1", "BATON_BASE_URL": echo.URL}
	d := startDaemon(t, c1, box, map[string]string{"BATON_LOG_LEVEL": "debug"})
	body := d.expectHealth(t, "/health", http.StatusServiceUnavailable, "unhealthy")
	waitUntil(t, time.Minute, d, "the daemon's own record of Box's refusal", func() bool { return strings.Contains(d.logs(), "invalid_client") })
	for _, secret := range []string{echoed, url.QueryEscape(echoed), "tok-abc-123", c1.clientSecret} {
		if strings.Contains(body, secret) || strings.Contains(d.logs(), secret) {
			t.Errorf("%q is in /health or the daemon's logs", secret)
		}
	}
	if !strings.Contains(d.logs(), "[REDACTED]") {
		t.Errorf("nothing was redacted: the test proves nothing\n%s", tail(d.logs(), 20))
	}
}

// --- the fake ConductorOne ---

const fakeC1AccessToken = "fake-c1-access-token"

type fakeC1 struct {
	v1.UnimplementedBatonServiceServer

	srv          *httptest.Server
	certFile     string
	clientID     string
	clientSecret string
	pub          ed25519.PublicKey
	rejectTokens bool

	mu       sync.Mutex
	tokens   []url.Values
	hellos   []helloCall
	tasks    []*v1.Task
	finished map[string]*v1.BatonServiceFinishTaskRequest
}

type helloCall struct {
	req           *v1.BatonServiceHelloRequest
	authorization string
}

func newFakeC1(t *testing.T) *fakeC1 {
	t.Helper()
	pub, secret := newC1Credentials(t)
	c1 := &fakeC1{clientSecret: secret, pub: pub, finished: map[string]*v1.BatonServiceFinishTaskRequest{}}

	gs := grpc.NewServer()
	v1.RegisterBatonServiceServer(gs, c1)
	mux := http.NewServeMux()
	mux.HandleFunc("POST /auth/v1/token", c1.token)
	c1.srv = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor == 2 && strings.HasPrefix(r.Header.Get("Content-Type"), "application/grpc") {
			gs.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	}))
	c1.srv.EnableHTTP2 = true
	c1.srv.StartTLS()
	t.Cleanup(func() {
		c1.srv.Close()
		gs.Stop()
	})

	c1.certFile = filepath.Join(t.TempDir(), "fake-c1-ca.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c1.srv.Certificate().Raw})
	if err := os.WriteFile(c1.certFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}
	// ConductorOne client IDs are <name>@<tenant host>/<suffix>; the SDK
	// sends its token request and gRPC calls to that host.
	c1.clientID = "baton-box-test@" + strings.TrimPrefix(c1.srv.URL, "https://") + "/pcc"
	return c1
}

// newC1Credentials returns an Ed25519 key pair, the private half formatted
// as a ConductorOne client secret (secret-token:conductorone.com:v1:<JWK>).
func newC1Credentials(t *testing.T) (ed25519.PublicKey, string) {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	b64 := base64.RawURLEncoding.EncodeToString
	jwk, err := json.Marshal(map[string]string{"kty": "OKP", "crv": "Ed25519", "x": b64(pub), "d": b64(priv.Seed())})
	if err != nil {
		t.Fatal(err)
	}
	return pub, "secret-token:conductorone.com:v1:" + b64(jwk)
}

func (c *fakeC1) env() map[string]string {
	return map[string]string{
		"BATON_CLIENT_ID":     c.clientID,
		"BATON_CLIENT_SECRET": c.clientSecret,
		"SSL_CERT_FILE":       c.certFile,
	}
}

func (c *fakeC1) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	c.mu.Lock()
	c.tokens = append(c.tokens, r.PostForm)
	reject := c.rejectTokens
	c.mu.Unlock()
	if reject {
		http.Error(w, `{"error":"invalid_client"}`, http.StatusUnauthorized)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = fmt.Fprintf(w, `{"access_token":%q,"token_type":"Bearer","expires_in":3600}`, fakeC1AccessToken)
}

func (c *fakeC1) tokenRequestCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.tokens)
}

// verifyTokenRequests checks every token request is a client-credentials
// grant whose JWT assertion is signed by the client secret's key and names
// the client ID as issuer and subject.
func (c *fakeC1) verifyTokenRequests() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.tokens) == 0 {
		return fmt.Errorf("no token request reached ConductorOne")
	}
	for _, form := range c.tokens {
		if form.Get("grant_type") != "client_credentials" || form.Get("client_id") != c.clientID {
			return fmt.Errorf("token request with grant_type %q, client_id %q", form.Get("grant_type"), form.Get("client_id"))
		}
		parts := strings.Split(form.Get("client_assertion"), ".")
		if len(parts) != 3 {
			return fmt.Errorf("client_assertion is not a compact JWS")
		}
		sig, err := base64.RawURLEncoding.DecodeString(parts[2])
		if err != nil || !ed25519.Verify(c.pub, []byte(parts[0]+"."+parts[1]), sig) {
			return fmt.Errorf("client_assertion is not signed by the client secret's key")
		}
		payload, err := base64.RawURLEncoding.DecodeString(parts[1])
		if err != nil {
			return fmt.Errorf("client_assertion payload: %w", err)
		}
		var claims struct {
			Iss string `json:"iss"`
			Sub string `json:"sub"`
		}
		if err := json.Unmarshal(payload, &claims); err != nil {
			return fmt.Errorf("client_assertion claims: %w", err)
		}
		if claims.Iss != c.clientID || claims.Sub != c.clientID {
			return fmt.Errorf("client_assertion iss %q sub %q, want the client ID", claims.Iss, claims.Sub)
		}
	}
	return nil
}

func authorization(ctx context.Context) string {
	md, _ := metadata.FromIncomingContext(ctx)
	if v := md.Get("authorization"); len(v) > 0 {
		return v[0]
	}
	return ""
}

func (c *fakeC1) Hello(ctx context.Context, req *v1.BatonServiceHelloRequest) (*v1.BatonServiceHelloResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.hellos = append(c.hellos, helloCall{req: req, authorization: authorization(ctx)})
	return &v1.BatonServiceHelloResponse{}, nil
}

func (c *fakeC1) firstHello(t *testing.T) helloCall {
	t.Helper()
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.hellos) == 0 {
		t.Fatal("the daemon never said Hello")
	}
	return c.hellos[0]
}

func (c *fakeC1) queue(task *v1.Task) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tasks = append(c.tasks, task)
}

func (c *fakeC1) GetTask(context.Context, *v1.BatonServiceGetTaskRequest) (*v1.BatonServiceGetTaskResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	resp := v1.BatonServiceGetTaskResponse_builder{NextPoll: durationpb.New(200 * time.Millisecond)}
	if len(c.tasks) > 0 {
		resp.Task, c.tasks = c.tasks[0], c.tasks[1:]
	}
	return resp.Build(), nil
}

func (c *fakeC1) Heartbeat(context.Context, *v1.BatonServiceHeartbeatRequest) (*v1.BatonServiceHeartbeatResponse, error) {
	return v1.BatonServiceHeartbeatResponse_builder{NextHeartbeat: durationpb.New(time.Second)}.Build(), nil
}

func (c *fakeC1) FinishTask(_ context.Context, req *v1.BatonServiceFinishTaskRequest) (*v1.BatonServiceFinishTaskResponse, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.finished[req.GetTaskId()] = req
	return &v1.BatonServiceFinishTaskResponse{}, nil
}

func (c *fakeC1) waitFinished(t *testing.T, taskID string, d *daemon) *v1.BatonServiceFinishTaskRequest {
	t.Helper()
	var fin *v1.BatonServiceFinishTaskRequest
	waitUntil(t, time.Minute, d, "task "+taskID+" to finish", func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		fin = c.finished[taskID]
		return fin != nil
	})
	return fin
}

// --- the daemon process ---

type daemon struct {
	port   int
	pid    int // the process started, as an operator starts it
	mu     sync.Mutex
	output bytes.Buffer
	exited chan struct{}
	err    error
}

func (d *daemon) Write(p []byte) (int, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.output.Write(p)
}

func (d *daemon) logs() string {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.output.String()
}

func startDaemon(t *testing.T, c1 *fakeC1, boxEnv, extra map[string]string) *daemon {
	t.Helper()
	d := &daemon{port: freePort(t), exited: make(chan struct{})}
	env := map[string]string{
		"BATON_HEALTH_CHECK":      "true",
		"BATON_HEALTH_CHECK_PORT": strconv.Itoa(d.port),
	}
	for k, v := range c1.env() {
		env[k] = v
	}
	for k, v := range extra {
		env[k] = v
	}

	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, binary)
	cmd.Env = daemonEnv(t, boxEnv, env)
	cmd.Stdout, cmd.Stderr = d, d
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 15 * time.Second
	if err := cmd.Start(); err != nil {
		cancel()
		t.Fatal(err)
	}
	d.pid = cmd.Process.Pid
	go func() {
		d.err = cmd.Wait()
		close(d.exited)
	}()
	t.Cleanup(func() {
		cancel()
		<-d.exited
		if t.Failed() {
			t.Logf("daemon output (last lines):\n%s", tail(d.logs(), 30))
		}
	})

	waitUntil(t, 2*time.Minute, d, "the health check server", func() bool {
		resp, err := healthGet(t, d.port, "/live")
		if err != nil {
			return false
		}
		_ = resp.Body.Close()
		return true
	})
	return d
}

func (d *daemon) expectHealth(t *testing.T, path string, wantCode int, wantStatus string) string {
	t.Helper()
	resp, err := healthGet(t, d.port, path)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Status string `json:"status"`
	}
	if err := json.Unmarshal(body, &parsed); err != nil {
		t.Fatalf("GET %s: %d %s: %v", path, resp.StatusCode, body, err)
	}
	if resp.StatusCode != wantCode || parsed.Status != wantStatus {
		t.Fatalf("GET %s: %d %s, want %d with status %q", path, resp.StatusCode, body, wantCode, wantStatus)
	}
	return string(body)
}

func healthGet(t *testing.T, port int, path string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(t.Context(), 45*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://127.0.0.1:"+strconv.Itoa(port)+path, nil)
	if err != nil {
		return nil, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	// Read the body before the request's context is cancelled.
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	return resp, err
}

func waitUntil(t *testing.T, timeout time.Duration, d *daemon, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		select {
		case <-d.exited:
			t.Fatalf("the daemon exited (%v) while waiting for %s:\n%s", d.err, what, tail(d.logs(), 20))
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s:\n%s", what, tail(d.logs(), 20))
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// --- helpers ---

// daemonEnv is a clean environment: HOME, PATH, a TMPDIR, the Box settings and extra.
func daemonEnv(t *testing.T, box, extra map[string]string) []string {
	t.Helper()
	return cleanEnv(t.TempDir(), map[string]string{"TMPDIR": t.TempDir()}, box, extra)
}

// requireSSLCertFile skips where Go ignores SSL_CERT_FILE (macOS and
// Windows verify against the OS trust store), so the fake cannot be trusted.
func requireSSLCertFile(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skipf("the fake ConductorOne is trusted through SSL_CERT_FILE, which Go honours only on Linux (GOOS=%s)", runtime.GOOS)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	var lc net.ListenConfig
	l, err := lc.Listen(t.Context(), "tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return port
}

// userOutsideAGroup picks an active regular user and a group they are not in.
func userOutsideAGroup(t *testing.T, truth boxsim.Truth) (boxsim.User, boxsim.Group) {
	t.Helper()
	member := map[[2]string]bool{}
	for _, m := range truth.Memberships {
		member[[2]string{m.UserID, m.GroupID}] = true
	}
	for _, u := range truth.Users {
		if u.Role != "user" || u.Status != "active" || u.IsPlatformAccessOnly {
			continue
		}
		for _, g := range truth.Groups {
			if !member[[2]string{u.ID, g.ID}] {
				return u, g
			}
		}
	}
	t.Fatal("the simulator has no user outside some group")
	return boxsim.User{}, boxsim.Group{}
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
