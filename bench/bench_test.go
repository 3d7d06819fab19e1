// Package bench measures whole one-shot syncs the way operators run them:
// the built baton-box binary (parent and connector child processes) against
// the simulator running as its own process, so the numbers are the
// connector's alone. `make bench` runs it.
package bench

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/synctest"
)

type shape struct {
	name          string
	users, groups int
	avgGroups     float64
	// Paced shapes give the simulator Box's latency and rate limit, and run
	// the connector with its defaults; raw ones measure the connector alone
	// (no latency, no limit, no client pacing).
	latency time.Duration
	rpm     int
	// burst is the simulator's bucket size (0: one second's worth). A
	// "tight" shape enforces less than the connector's default pace (other
	// apps share the budget): the connector must adapt.
	burst int
	// folders > 0 seeds content (all top-level, so --folder-depth 1
	// reaches every folder) and syncs it with --sync-folders.
	folders          int
	collabsPerFolder float64
	externalUsers    int
	// perUser: the simulator counts each user's calls (As-User) against
	// that user's budget of rpm, as Box does (boxsim -per-user-budgets);
	// otherwise every call counts against one budget of rpm.
	perUser bool
	// workers > 0 runs the connector with --workers (else its default).
	workers int
}

const boxRPM = 1000 // Box's documented limit for the app's service account

var shapes = []shape{
	{name: "raw/users=9000/groups=900", users: 9000, groups: 900, avgGroups: 3},
	{name: "raw/users=100000/groups=10000", users: 100_000, groups: 10_000, avgGroups: 3},
	{name: "paced/users=2000/groups=300", users: 2000, groups: 300, avgGroups: 3, latency: 100 * time.Millisecond, rpm: boxRPM},
	{name: "paced/users=100000/groups=10000", users: 100_000, groups: 10_000, avgGroups: 3, latency: 100 * time.Millisecond, rpm: boxRPM},
	// Box enforces 600 a minute with a burst of 5 while the connector paces
	// at its default 1,000: the floor is at the real limit.
	{name: "tight/users=2000/groups=300", users: 2000, groups: 300, avgGroups: 3, latency: 100 * time.Millisecond, rpm: 600, burst: 5},
	// Content access (--sync-folders): 10,000 users owning 30,000 folders
	// with 100,000 collaborations.
	{name: "raw/users=10000/folders=30000/collaborations=100000", users: 10_000, groups: 1000, avgGroups: 3,
		folders: 30_000, collabsPerFolder: 10.0 / 3, externalUsers: 500},
	{name: "paced/users=10000/folders=30000/collaborations=100000", users: 10_000, groups: 1000, avgGroups: 3,
		latency: 100 * time.Millisecond, rpm: boxRPM, folders: 30_000, collabsPerFolder: 10.0 / 3, externalUsers: 500},
	// The same with Box's per-user budgets: the folder walk's calls count
	// against each owner's budget, the directory's against the service
	// account's. Its floor is still one budget's (every call at 1,000 a
	// minute): per-user pacing beats it.
	{name: "peruser/users=10000/folders=30000/collaborations=100000", users: 10_000, groups: 1000, avgGroups: 3,
		latency: 100 * time.Millisecond, rpm: boxRPM, perUser: true, workers: 16, folders: 30_000, collabsPerFolder: 10.0 / 3, externalUsers: 500},
}

// benchFolderDepth is the --folder-depth of content shapes (their folders
// are all top-level).
const benchFolderDepth = 1

func BenchmarkOneShotSync(b *testing.B) {
	bins := buildBinaries(b)
	for _, sh := range shapes {
		b.Run(sh.name, func(b *testing.B) {
			sim := startSim(b, bins, sh)
			for range b.N {
				res := runSync(b, bins, sim)
				res.report(b, sim)
			}
		})
	}
}

type binaries struct{ dir, connector, sim string }

func buildBinaries(b *testing.B) binaries {
	b.Helper()
	dir := b.TempDir()
	bins := binaries{dir: dir, connector: filepath.Join(dir, "baton-box"), sim: filepath.Join(dir, "boxsim")}
	for out, pkg := range map[string]string{bins.connector: "../cmd/baton-box", bins.sim: "../cmd/boxsim"} {
		if o, err := exec.CommandContext(b.Context(), "go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
			b.Fatalf("build %s: %v\n%s", pkg, err, o)
		}
	}
	return bins
}

type simProc struct {
	url   string
	truth boxsim.Truth
	cfg   shape
}

func startSim(b *testing.B, bins binaries, sh shape) *simProc {
	b.Helper()
	truthPath := filepath.Join(b.TempDir(), "truth.json")
	args := []string{"-addr", "127.0.0.1:0", "-seed", "42", "-users", fmt.Sprint(sh.users), "-app-users", "100",
		"-groups", fmt.Sprint(sh.groups), "-avg-groups-per-user", fmt.Sprint(sh.avgGroups), "-truth-out", truthPath,
		"-latency", sh.latency.String(), "-requests-per-minute", fmt.Sprint(sh.rpm), "-burst", fmt.Sprint(sh.burst)}
	if sh.perUser {
		args = append(args, "-per-user-budgets")
	}
	if sh.folders > 0 {
		args = append(args, "-folders", fmt.Sprint(sh.folders), "-folder-depth", fmt.Sprint(benchFolderDepth),
			"-collaborations-per-folder", fmt.Sprint(sh.collabsPerFolder), "-external-users", fmt.Sprint(sh.externalUsers))
	}
	cmd := exec.CommandContext(b.Context(), bins.sim, args...) //nolint:gosec // G204: the binary this test built, with arguments the test computes
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		_ = cmd.Wait()
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		b.Fatalf("simulator did not start: %v", err)
	}
	fields := strings.Fields(line) // "boxsim listening on http://... (...)"
	if len(fields) < 4 {
		b.Fatalf("unexpected simulator banner %q", line)
	}
	sp := &simProc{url: fields[3], cfg: sh}
	raw, err := os.ReadFile(truthPath)
	if err != nil {
		b.Fatal(err)
	}
	if err := json.Unmarshal(raw, &sp.truth); err != nil {
		b.Fatal(err)
	}
	return sp
}

func (s *simProc) stats(b *testing.B) boxsim.Stats {
	b.Helper()
	req, err := http.NewRequestWithContext(b.Context(), http.MethodGet, s.url+"/_boxsim/stats", nil)
	if err != nil {
		b.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var st boxsim.Stats
	if err := json.NewDecoder(resp.Body).Decode(&st); err != nil {
		b.Fatal(err)
	}
	return st
}

type result struct {
	wall        time.Duration
	peakRSS     int64         // KiB, largest of the baton-box processes
	peaks       map[int]int64 // KiB by depth: 0 supervisor, 1 SDK syncer, 2 connector
	calls       int
	rateLimited int // API calls answered 429
	byRoute     map[string]int
	snapshot    *synctest.Snapshot
}

func runSync(b *testing.B, bins binaries, sim *simProc) result {
	b.Helper()
	before := sim.stats(b)
	out := filepath.Join(b.TempDir(), "sync.c1z")
	// Raw shapes turn client pacing and its ceiling off; paced ones use
	// the defaults.
	// BENCH_LOG=<path> keeps the run's info log (progress lines with the
	// pace) there, to see where a slow run spent its time.
	logPath := os.Getenv("BENCH_LOG")
	level := "warn"
	if logPath != "" {
		level = "info"
	}
	args := []string{"--file", out, "--log-level", level}
	if sim.cfg.rpm == 0 {
		args = append(args, "--requests-per-minute", "0", "--max-requests-per-minute", "0")
	}
	if sim.cfg.folders > 0 {
		args = append(args, "--sync-folders", "--folder-depth", fmt.Sprint(benchFolderDepth))
	}
	if sim.cfg.workers > 0 {
		args = append(args, "--workers", fmt.Sprint(sim.cfg.workers))
	}
	cmd := exec.CommandContext(b.Context(), bins.connector, args...) //nolint:gosec // G204: the binary this test built, with arguments the test computes
	cmd.Env = append(os.Environ(),
		"BATON_BOX_CLIENT_ID="+boxsim.DefaultClientID, "BATON_BOX_CLIENT_SECRET="+boxsim.DefaultClientSecret,
		"BATON_ENTERPRISE_ID="+boxsim.DefaultEnterpriseID, "BATON_BASE_URL="+sim.url)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if logPath != "" {
		f, err := os.Create(logPath) //nolint:gosec // G304: a path the operator of the benchmark chose
		if err != nil {
			b.Fatal(err)
		}
		defer f.Close()
		cmd.Stderr = io.MultiWriter(&stderr, f)
	}
	b.ResetTimer()
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	stop := make(chan struct{})
	peaksc := make(chan map[int]int64, 1)
	go func() { peaksc <- treePeaks(cmd.Process.Pid, stop) }()
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	b.StopTimer()
	if err != nil {
		b.Fatalf("sync failed: %v\n%s", err, stderr.String())
	}
	after := sim.stats(b)
	r := result{wall: wall, byRoute: map[string]int{}, peaks: <-peaksc}
	for _, kb := range r.peaks {
		r.peakRSS = max(r.peakRSS, kb)
	}
	r.calls = (after.Total - before.Total) + (after.TokenRequests - before.TokenRequests)
	r.rateLimited = after.RateLimited - before.RateLimited
	for k, v := range after.ByRoute {
		if d := v - before.ByRoute[k]; d > 0 {
			r.byRoute[k] = d
		}
	}
	snap, err := synctest.ReadC1Z(context.Background(), out, b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	r.snapshot = snap
	return r
}

// minimumCalls: 1 token + 1 users/me + one call per page of users, of groups
// and of each group's members; with folders, one per page of each user's
// "All Files" and of each synced folder's collaborations.
func minimumCalls(t boxsim.Truth, sh shape) int {
	n := synctest.MinimumDirectoryCalls(t, 1000)
	if sh.folders > 0 {
		n += synctest.MinimumFolderCalls(t, benchFolderDepth, 1000)
	}
	return n
}

func (r result) report(b *testing.B, sim *simProc) {
	b.Helper()
	var expect []synctest.ExpectOption
	if sim.cfg.folders > 0 {
		expect = append(expect, synctest.WithFolders(benchFolderDepth))
	}
	if diff := synctest.ExpectedFrom(sim.truth, expect...).Diff(r.snapshot, 20); len(diff) > 0 {
		b.Fatalf("sync differs from the truth:\n%s", strings.Join(diff, "\n"))
	}
	minimum := minimumCalls(sim.truth, sim.cfg)
	b.ReportMetric(float64(r.calls), "api-calls")
	b.ReportMetric(float64(minimum), "min-calls")
	b.ReportMetric(r.wall.Seconds(), "wall-s")
	b.ReportMetric(float64(r.peakRSS)/1024, "peak-rss-MiB")
	summary := fmt.Sprintf("%s: %d users, %d groups, %d memberships, %d folders, %d collaborations: %d API calls (minimum %d), wall %s, "+
		"peak RSS %.0f MiB (supervisor %.0f, SDK syncer %.0f, connector %.0f)",
		sim.cfg.name, len(sim.truth.Users), len(sim.truth.Groups), len(sim.truth.Memberships), len(sim.truth.Folders), len(sim.truth.Collaborations),
		r.calls, minimum, r.wall.Round(time.Millisecond), mib(r.peakRSS), mib(r.peaks[0]), mib(r.peaks[1]), mib(r.peaks[2]))
	if sim.cfg.rpm > 0 {
		// The floor: every call at exactly one budget's rate limit.
		floor := time.Duration(float64(r.calls) / (float64(sim.cfg.rpm) / 60) * float64(time.Second))
		share := float64(r.rateLimited) / float64(r.calls)
		b.ReportMetric(r.wall.Seconds()/floor.Seconds(), "x-floor")
		b.ReportMetric(100*share, "pct-429")
		b.ReportMetric(float64(r.calls)/r.wall.Minutes(), "calls/min")
		summary += fmt.Sprintf("; floor %s (%d calls at %d/min), %.2fx the floor (%.0f calls a minute), %d answered 429 (%.2f%%)",
			floor.Round(time.Millisecond), r.calls, sim.cfg.rpm, r.wall.Seconds()/floor.Seconds(), float64(r.calls)/r.wall.Minutes(), r.rateLimited, 100*share)
	}
	b.Logf("%s; calls by route %v", summary, r.byRoute)
}

func mib(kb int64) float64 { return float64(kb) / 1024 }
