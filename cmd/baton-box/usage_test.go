package main_test

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// --event-feed prints one JSON line per login usage event, and
// --sync-last-login puts last logins on users, through the built binary.
func TestEventFeedAndLastLoginFlags(t *testing.T) {
	t.Parallel()
	sim := startSimProcess(t)
	truth := sim.truth(t)

	start := time.Now().Add(-30 * 24 * time.Hour).UTC()
	args := []string{"--event-feed=true", "--event-feed-id", "box_login_usage", "--event-feed-start-at", start.Format(time.RFC3339)}
	cmd := exec.CommandContext(t.Context(), binary, args...)
	cmd.Env = cleanEnv(t.TempDir(), sim.env)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("--event-feed: %v\n%s", err, lastErrorLine(stderr.String()))
	}
	got := map[string]bool{}
	for _, line := range strings.Split(strings.TrimSpace(stdout.String()), "\n") {
		if line == "" {
			continue
		}
		var ev struct {
			ID         string `json:"id"`
			UsageEvent struct {
				ActorResource struct {
					ID struct {
						Resource string `json:"resource"`
					} `json:"id"`
				} `json:"actorResource"`
			} `json:"usageEvent"`
		}
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("not an event: %q: %v", line, err)
		}
		if got[ev.ID] {
			t.Fatalf("event %s printed twice", ev.ID)
		}
		got[ev.ID] = true
	}
	want := 0
	cutoff := time.Now().Add(-10 * time.Minute) // the feed's default lag
	for _, e := range truth.Events {
		if e.Type == "LOGIN" && !e.CreatedAt.Before(start) && e.CreatedAt.Before(cutoff) {
			want++
			if !got[e.ID] {
				t.Errorf("login %s (%s) not printed", e.ID, e.CreatedAt)
			}
		}
	}
	if want == 0 || len(got) != want {
		t.Fatalf("%d events printed, want %d", len(got), want)
	}

	c1z := filepath.Join(t.TempDir(), "sync.c1z")
	succeeded(t, "--sync-last-login", runBinaryOn(t, c1z, sim.env, "--sync-last-login", "--last-login-lookback-days", "30"))
	if r := runBinaryOn(t, c1z, sim.env, "--sync-last-login", "--last-login-lookback-days", "400"); r.exitCode == 0 || !strings.Contains(r.stderr, "last-login-lookback-days") {
		t.Fatalf("a 400-day look-back must be refused naming the flag: exit %d %s", r.exitCode, lastErrorLine(r.stderr))
	}
}
