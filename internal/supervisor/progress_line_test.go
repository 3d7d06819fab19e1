package supervisor

import (
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/connector"
)

// The progress line says what is done and what is left, and estimates the
// time left from the pace of the last minute: each phase at its own pace,
// one not yet started at one API call per unit at the pace of the calls.
func TestProgressLineEstimatesTheTimeLeft(t *testing.T) {
	t0 := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	p := newProgressReporter("", nil, true, t0)

	line := p.line(t0.Add(10*time.Second), connector.Progress{Users: 4000, Calls: 5})
	for _, want := range []string{"baton-box: syncing for 10s: ", "4,000 users listed so far", "0 groups listed so far", "5 API calls (0 answered 429)",
		"time left: known once users and groups are listed"} {
		if !strings.Contains(line, want) {
			t.Errorf("while listing users: %q lacks %q", line, want)
		}
	}

	// At 20 s: 10 of 101 owners walked since 10 s, when the walk began (1 a
	// second), 200 calls in 20 s (10 a second); 50 groups' members still to
	// read, at one call each: 91 s + 5 s.
	cur := connector.Progress{Users: 100, UsersDone: true, Groups: 50, GroupsDone: true, Owners: 101, OwnersWalked: 10, Folders: 30, Calls: 200, RateLimited: 3}
	line = p.line(t0.Add(20*time.Second), cur)
	for _, want := range []string{"syncing for 20s: ", "100 users; 50 groups; ", "folders of 10/101 owners walked (30 folders)",
		"200 API calls (3 answered 429)", "about 1m40s left"} {
		if !strings.Contains(line, want) {
			t.Errorf("walking folders: %q lacks %q", line, want)
		}
	}

	// At 1m30s: the walk is done, 40 of 50 groups read in the last minute's
	// window (since 20 s: 40 in 70 s): 10 more take 17.5 s.
	cur.OwnersWalked, cur.GroupsRead, cur.Calls = 101, 40, 400
	line = p.line(t0.Add(90*time.Second), cur)
	for _, want := range []string{"syncing for 1m30s: ", "members of 40/50 groups read", "about 18s left"} {
		if !strings.Contains(line, want) {
			t.Errorf("reading members: %q lacks %q", line, want)
		}
	}
}

func TestCountAndDurationAreReadable(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567"} {
		if got := count(n); got != want {
			t.Errorf("count(%d) = %q, want %q", n, got, want)
		}
	}
	for d, want := range map[time.Duration]string{
		430 * time.Millisecond: "400ms", 2600 * time.Millisecond: "2.6s", 42 * time.Second: "42s",
		150 * time.Second: "2m30s", 120 * time.Second: "2m", 3700 * time.Second: "1h1m40s",
	} {
		if got := roundDuration(d); got != want {
			t.Errorf("roundDuration(%v) = %q, want %q", d, got, want)
		}
	}
}
