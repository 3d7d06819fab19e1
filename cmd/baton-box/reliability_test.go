package main_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	reader_v2 "github.com/conductorone/baton-sdk/pb/c1/reader/v2"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// The unhappy paths of a run, through the built binary: --file only ever
// holds a finished sync, signals end the run with 128+n and nothing left
// behind, failures say what to do and exit with their gRPC code, and no
// secret is printed.

// faultySim serves the simulator; once its mode is set, group listings
// fail (403), hang (the simulator's latency fault, set from the first
// group listing: the sync is then midway, with users written) or wait until
// release is closed.
type faultySim struct {
	sim     *boxsim.Sim
	mode    atomic.Value // "", "fail", "hang" or "block"
	reached chan struct{}
	once    sync.Once
	release chan struct{}
}

func (f *faultySim) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/2.0/groups" {
		switch f.mode.Load() {
		case "fail":
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, `{"type":"error","status":403,"code":"forbidden","message":"Access denied","request_id":"faulty"}`)
			return
		case "hang":
			f.sim.SetFaults(boxsim.Faults{Latency: time.Hour}) // the sleep ends when the client goes away
			f.once.Do(func() { close(f.reached) })
		case "block":
			f.once.Do(func() { close(f.reached) })
			select {
			case <-f.release:
			case <-r.Context().Done():
				return
			}
		}
	}
	f.sim.ServeHTTP(w, r)
}

func newFaultySim(t *testing.T) (*faultySim, map[string]string) {
	t.Helper()
	cfg := smallEnterprise()
	cfg.Seed = 2
	f := &faultySim{sim: boxsim.New(cfg), reached: make(chan struct{}), release: make(chan struct{})}
	f.mode.Store("")
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, boxEnv(f.sim.Config(), srv.URL)
}

// operator runs the binary in a directory of its own with exactly the
// given arguments, and a TMPDIR of its own that every run must leave empty.
type operator struct {
	t   *testing.T
	dir string
	tmp string
	env map[string]string
}

func newOperator(t *testing.T, env map[string]string) *operator {
	t.Helper()
	return &operator{t: t, dir: t.TempDir(), tmp: t.TempDir(), env: env}
}

func (o *operator) command(extraEnv map[string]string, args ...string) (*exec.Cmd, *bytes.Buffer) {
	cmd := exec.CommandContext(o.t.Context(), binary, args...)
	cmd.Dir = o.dir
	cmd.Env = cleanEnv(o.dir, map[string]string{"TMPDIR": o.tmp}, o.env, extraEnv)
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &bytes.Buffer{}, &stderr
	return cmd, &stderr
}

func (o *operator) run(extraEnv map[string]string, args ...string) run {
	o.t.Helper()
	cmd, stderr := o.command(extraEnv, args...)
	return o.wait(cmd, cmd.Run(), stderr)
}

func (o *operator) wait(cmd *exec.Cmd, err error, stderr *bytes.Buffer) run {
	o.t.Helper()
	r := run{stderr: stderr.String(), exitCode: exitCode(o.t, cmd, err)}
	if stdout, ok := cmd.Stdout.(*bytes.Buffer); ok {
		r.stdout = stdout.String()
	}
	if left := entries(o.t, o.tmp); len(left) > 0 {
		o.t.Errorf("the run left %v in TMPDIR", left)
	}
	return r
}

// succeed runs the binary like run and fails the test unless it exits 0.
func (o *operator) succeed(extraEnv map[string]string, args ...string) {
	o.t.Helper()
	succeeded(o.t, "baton-box "+strings.Join(args, " "), o.run(extraEnv, args...))
}

func entries(t *testing.T, dir string) []string {
	t.Helper()
	des, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, de := range des {
		names = append(names, de.Name())
	}
	return names
}

func digest(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

func TestFailedSyncKeepsTheLastGoodFile(t *testing.T) {
	t.Parallel()
	// Every way of naming the file; path is relative to the run's directory.
	cases := map[string]struct {
		args []string
		env  map[string]string
		path string
	}{
		"--file":       {[]string{"--file", "out.c1z"}, nil, "out.c1z"},
		"-f":           {[]string{"-f", "out.c1z"}, nil, "out.c1z"},
		"--file=":      {[]string{"--file=out.c1z"}, nil, "out.c1z"},
		"BATON_FILE":   {nil, map[string]string{"BATON_FILE": "out.c1z"}, "out.c1z"},
		"default file": {nil, nil, "sync.c1z"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			sim, env := newFaultySim(t)
			op := newOperator(t, env)
			path := filepath.Join(op.dir, tc.path)
			op.succeed(tc.env, tc.args...)
			st, err := os.Stat(path)
			if err != nil {
				t.Fatal(err)
			}
			if st.Mode().Perm() != 0o600 {
				t.Errorf("the c1z is mode %v, want 0600", st.Mode().Perm())
			}
			good := digest(t, path)

			// Fails at flag validation, after the SDK has opened the file.
			if r := op.run(tc.env, append(slices.Clone(tc.args), "--sync-resource-types", "usr")...); r.exitCode == 0 {
				t.Fatal("a sync of an unknown resource type exited 0")
			}
			if digest(t, path) != good {
				t.Fatal("a sync that failed at flag validation changed the file")
			}
			// Fails midway: users are listed, group listings are refused.
			sim.mode.Store("fail")
			if r := op.run(tc.env, tc.args...); r.exitCode == 0 {
				t.Fatal("a sync refused by Box exited 0")
			}
			if digest(t, path) != good {
				t.Fatal("a sync that failed midway changed the file")
			}
			if left := entries(t, op.dir); !slices.Equal(left, []string{tc.path}) {
				t.Fatalf("the directory holds %v, want only %s", left, tc.path)
			}
		})
	}
}

func TestFailedFirstSyncWritesNoFile(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	if r := op.run(nil, "-f", "new.c1z", "--sync-resource-types", "usr"); r.exitCode == 0 {
		t.Fatal("exit 0")
	}
	sim.mode.Store("fail")
	if r := op.run(nil, "-f", "new.c1z"); r.exitCode == 0 {
		t.Fatal("exit 0")
	}
	if left := entries(t, op.dir); len(left) > 0 {
		t.Fatalf("failed first syncs left %v", left)
	}
}

func TestUnwritableFileFailsBeforeTheSync(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	notADir := filepath.Join(op.dir, "plain")
	if err := os.WriteFile(notADir, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{filepath.Join(op.dir, "missing", "sync.c1z"), filepath.Join(notADir, "sync.c1z")} {
		r := op.run(nil, "--file", path)
		line := lastErrorLine(r.stderr)
		if r.exitCode == 0 || !strings.Contains(line, path) || !strings.Contains(line, "--file") {
			t.Errorf("--file %s: exit %d, %q: want a failure naming the path and --file", path, r.exitCode, line)
		}
	}
	if st := sim.sim.Stats(); st.TokenRequests != 0 || st.Total != 0 {
		t.Fatalf("the sync ran before the file was checked: %+v", st)
	}
}

func TestInterruptedSyncLeavesNothingBehind(t *testing.T) {
	t.Parallel()
	if runtime.GOOS != "linux" {
		t.Skip("checks for leftover processes through /proc")
	}
	for sig, want := range map[syscall.Signal]int{syscall.SIGINT: 130, syscall.SIGTERM: 143, syscall.SIGHUP: 129} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			sim, env := newFaultySim(t)
			op := newOperator(t, env)
			path := filepath.Join(op.dir, "sync.c1z")
			op.succeed(nil, "--file", path)
			good := digest(t, path)

			sim.mode.Store("hang")
			cmd, stderr := op.command(nil, "--file", path)
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			select {
			case <-sim.reached:
			case <-t.Context().Done():
				t.Fatal("the sync never reached the group listing")
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			r := op.wait(cmd, cmd.Wait(), stderr)

			if r.exitCode != want {
				t.Errorf("exit %d, want %d", r.exitCode, want)
			}
			if line := lastErrorLine(r.stderr); !strings.Contains(line, "interrupted") || !strings.Contains(line, path+" was left unchanged") {
				t.Errorf("last line %q: want it to say the sync was interrupted and the file left unchanged", line)
			}
			if digest(t, path) != good {
				t.Error("the interrupted sync changed the file")
			}
			if left := entries(t, op.dir); !slices.Equal(left, []string{"sync.c1z"}) {
				t.Errorf("the directory holds %v", left)
			}
			if procs := processesNaming(t, path); len(procs) > 0 {
				t.Errorf("processes outlived the run: %v", procs)
			}
		})
	}
}

// processesNaming lists running processes whose command line mentions s.
func processesNaming(t *testing.T, s string) []string {
	t.Helper()
	pids, err := filepath.Glob("/proc/[0-9]*/cmdline")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, p := range pids {
		b, err := os.ReadFile(p)
		if err == nil && bytes.Contains(b, []byte(s)) { // a zombie's is empty
			out = append(out, strings.ReplaceAll(string(b), "\x00", " "))
		}
	}
	return out
}

func TestProvisioningSaysWhatTheFileLacks(t *testing.T) {
	t.Parallel()
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")
	var user boxsim.User
	for _, u := range sim.sim.Truth().Users {
		if u.Role == "user" {
			user = u
		}
	}
	group := sim.sim.Truth().Groups[0]
	grant := []string{"--grant-entitlement", "group:" + group.ID + ":member", "--grant-principal", user.ID, "--grant-principal-type", "user"}

	check := func(r run, code int, wants ...string) {
		t.Helper()
		line := lastErrorLine(r.stderr)
		if r.exitCode != code {
			t.Errorf("exit %d, want %d: %s", r.exitCode, code, line)
		}
		for _, w := range append(wants, "run a sync first") {
			if !strings.Contains(line, w) {
				t.Errorf("last line lacks %q: %s", w, line)
			}
		}
	}
	check(op.run(nil, append([]string{"--file", path}, grant...)...), 9, path, "--file", "does not exist")
	check(op.run(nil, "--file", path, "--revoke-grant", "group:"+group.ID+":member:user:"+user.ID), 9, path, "does not exist")
	if _, err := os.Stat(path); err == nil {
		t.Fatal("a provisioning run created the file")
	}

	op.succeed(nil, "--file", path)
	before := sim.sim.Truth()
	check(op.run(nil, "--file", path, "--grant-entitlement", "group:1:member", "--grant-principal", user.ID, "--grant-principal-type", "user"),
		5, `entitlement "group:1:member"`, "--grant-entitlement", path)
	check(op.run(nil, "--file", path, "--grant-entitlement", "group:"+group.ID+":member", "--grant-principal", "17", "--grant-principal-type", "user"),
		5, `principal user "17"`, "--grant-principal")
	check(op.run(nil, "--file", path, "--revoke-grant", "group:"+group.ID+":member:user:17"),
		5, `grant "group:`+group.ID+`:member:user:17"`, "--revoke-grant")
	if after := sim.sim.Truth(); len(after.Memberships) != len(before.Memberships) {
		t.Fatal("a refused provisioning run changed Box")
	}
}

func TestActionErrorIsTextWithItsCode(t *testing.T) {
	t.Parallel()
	_, env := newFaultySim(t)
	op := newOperator(t, env)
	r := op.run(nil, "--invoke-action", "disable_user", "--invoke-action-resource-type", "user",
		"--invoke-action-args", `{"resource_id":{"resource_type_id":"user","resource_id":"99999"}}`)
	line := lastErrorLine(r.stderr)
	if r.exitCode != 5 {
		t.Errorf("exit %d, want 5 (NotFound, Box's 404)", r.exitCode)
	}
	if !strings.HasPrefix(line, "baton-box: disable_user (user 99999)") || strings.Contains(line, "string_value") {
		t.Errorf("last line is not the connector's error as text: %s", line)
	}
}

func TestFlagErrorsStopBeforeBox(t *testing.T) {
	sim, env := newFaultySim(t)
	op := newOperator(t, env)
	cases := map[string]struct {
		args  []string
		wants []string
	}{
		"unparsable feed start": {
			[]string{"--event-feed=true", "--event-feed-id", "box_login_usage", "--event-feed-start-at", "last tuesday"},
			[]string{"--event-feed-start-at", "last tuesday"},
		},
		"login and e-mail differ": {
			[]string{"--create-account-resource-type", "user", "--create-account-login", "new.one@example.com",
				"--create-account-email", "other.one@example.com", "--create-account-profile", `{"name":"New One"}`},
			[]string{"--create-account-login", "--create-account-email", "new.one@example.com", "other.one@example.com"},
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			r := op.run(nil, tc.args...)
			line := lastErrorLine(r.stderr)
			if r.exitCode != 3 {
				t.Errorf("exit %d, want 3 (InvalidArgument): %s", r.exitCode, line)
			}
			for _, w := range tc.wants {
				if !strings.Contains(line, w) {
					t.Errorf("last line lacks %q: %s", w, line)
				}
			}
		})
	}
	if st := sim.sim.Stats(); st.TokenRequests != 0 {
		t.Fatalf("a refused run reached Box: %+v", st)
	}
}

func TestSecretsAreNeverPrinted(t *testing.T) {
	t.Parallel()
	const echoed = "echoed-client-secret"
	echo := echoingTokenServer(t)
	base := map[string]string{"BATON_BOX_CLIENT_ID": "id", "BATON_BOX_CLIENT_SECRET": echoed, "BATON_ENTERPRISE_ID": "1"}
	cases := map[string]struct {
		baseURL, secret string
		never           []string
	}{
		"user-info in a malformed --base-url": {"ftp://box-user:url-password@box.example", "", []string{"box-user", "url-password"}},
		"user-info in --base-url":             {strings.Replace(echo.URL, "://", "://box-user:url-password@", 1) + "/no-box-here", "", []string{"box-user", "url-password"}},
		"server echo":                         {echo.URL, "", []string{echoed, "tok-abc-123"}},
		// Shorter than 4 characters, and changed by URL-encoding.
		"server echo of a short secret": {echo.URL, "a/b", []string{" a/b ", "a%2Fb"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			op := newOperator(t, base)
			env := map[string]string{"BATON_BASE_URL": tc.baseURL}
			if tc.secret != "" {
				env["BATON_BOX_CLIENT_SECRET"] = tc.secret
			}
			r := op.run(env, "--log-level", "debug")
			if r.exitCode == 0 {
				t.Fatal("exit 0")
			}
			for _, s := range tc.never {
				if strings.Contains(r.stderr, s) {
					t.Errorf("%q printed:\n%s", s, r.stderr)
				}
			}
			if !strings.Contains(r.stderr, "[REDACTED]") {
				t.Errorf("nothing was redacted: the test proves nothing\n%s", r.stderr)
			}
		})
	}
}

// echoingTokenServer is a Box token endpoint that refuses every request,
// echoing it in its error: the secret as it is and URL-encoded, and a
// token (tok-abc-123).
func echoingTokenServer(t *testing.T) *httptest.Server {
	t.Helper()
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/oauth2/token" {
			http.NotFound(w, r)
			return
		}
		body, _ := io.ReadAll(r.Body)
		form, _ := url.ParseQuery(string(body))
		secret := form.Get("client_secret")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		desc := "rejected " + string(body) + " access_token=tok-abc-123; client " + secret + " (/" + url.PathEscape(secret) + ")"
		b, _ := json.Marshal(map[string]string{"error": "invalid_client", "error_description": desc})
		_, _ = w.Write(b)
	}))
	t.Cleanup(echo.Close)
	return echo
}

// A SQLite c1z keeps the previous sync beside the new one (`baton diff`
// compares them), and later runs keep writing SQLite: the work copy starts
// from the previous file, so both survive the atomic write.
func TestSQLiteFileKeepsItsPreviousSync(t *testing.T) {
	t.Parallel()
	_, env := newFaultySim(t)
	op := newOperator(t, env)
	path := filepath.Join(op.dir, "sync.c1z")
	for _, args := range [][]string{{"--storage-engine", "sqlite"}, nil} {
		op.succeed(nil, append([]string{"--file", path}, args...)...)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	format, err := dotc1z.ReadHeaderFormat(f)
	_ = f.Close()
	if err != nil || format != dotc1z.C1ZFormatV1 {
		t.Fatalf("format %v (%v), want the SQLite c1z it was", format, err)
	}
	store, err := dotc1z.NewStore(t.Context(), path, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(t.TempDir()))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close(t.Context()) }()
	syncs, err := store.ListSyncs(t.Context(), reader_v2.SyncsReaderServiceListSyncsRequest_builder{}.Build())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(syncs.GetSyncs()); n != 2 {
		t.Fatalf("%d syncs in the file, want the previous one and the new one", n)
	}
}

// --file naming a symlink replaces the file it points to; the link stays.
func TestSymlinkedFileReplacesItsTarget(t *testing.T) {
	t.Parallel()
	_, env := newFaultySim(t)
	op := newOperator(t, env)
	target, link := filepath.Join(op.dir, "real.c1z"), filepath.Join(op.dir, "link.c1z")
	op.succeed(nil, "--file", target)
	before := digest(t, target)
	if err := os.Symlink("real.c1z", link); err != nil {
		t.Fatal(err)
	}
	op.succeed(nil, "--file", link)
	if st, err := os.Lstat(link); err != nil || st.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("the link was replaced: %v", err)
	}
	if digest(t, target) == before {
		t.Fatal("the link's target was not updated")
	}
}
