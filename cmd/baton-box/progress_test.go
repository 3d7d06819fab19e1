package main_test

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// A sync longer than ten seconds says every ten seconds how far it has
// come and what is left, on stderr; it ends with one line on stdout: what
// the file holds, the API calls and 429s (exactly the simulator's count)
// and the wall time.
func TestLongSyncReportsItsProgress(t *testing.T) {
	t.Parallel()
	sim, env := simEnv(t)
	// About 15 s: every call waits 0.8 s, one worker, and every third call
	// is answered 429 with Retry-After 1.
	sim.SetFaults(boxsim.Faults{Latency: 800 * time.Millisecond, RateLimitEvery: 3})
	start := time.Now()
	r := runBinary(t, env, "--workers", "1")
	took := time.Since(start)
	succeeded(t, "a slow sync", r)
	if took < 11*time.Second {
		t.Fatalf("the sync took %v: too short to need a progress line, the test proves nothing", took)
	}

	truth, st := sim.Truth(), sim.Stats()
	var progress []string
	for _, l := range strings.Split(r.stderr, "\n") {
		if strings.HasPrefix(l, "baton-box: syncing for ") {
			progress = append(progress, l)
		}
	}
	if len(progress) == 0 {
		t.Fatalf("no progress line in a %v sync:\n%s", took, r.stderr)
	}
	first := regexp.MustCompile(`^baton-box: syncing for 10s: .*users.*; .*groups.*; [\d,]+ API calls \([\d,]+ answered 429\); (about \S+ left|time left: .+)$`)
	if !first.MatchString(progress[0]) {
		t.Errorf("first progress line %q does not match %s", progress[0], first)
	}
	if len(progress) > 1 && !strings.Contains(strings.Join(progress, "\n"), "left") {
		t.Errorf("no estimate of the time left in:\n%s", strings.Join(progress, "\n"))
	}

	summary := strings.TrimSpace(r.stdout)
	want := fmt.Sprintf(`^synced %d users, %d groups, 3 roles, 1 enterprise and [\d,]+ grants into \S+ in \d+s; %d API calls \(%d answered 429\), about %s a month at one sync a day$`,
		len(truth.Users), len(truth.Groups), st.Total+st.TokenRequests, st.RateLimited, withCommas(30*(st.Total+st.TokenRequests)))
	if !regexp.MustCompile(want).MatchString(summary) {
		t.Errorf("summary %q does not match %s", summary, want)
	}
	if st.RateLimited == 0 {
		t.Error("the simulator answered no 429: the count proves nothing")
	}
}

// withCommas writes n as the summary does: 12,345.
func withCommas(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
