package main_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// `baton-box --version` prints the version stamped at build time, the way
// `make build` and goreleaser stamp it (-X main.version=...).
func TestVersionIsStampedAtBuildTime(t *testing.T) {
	t.Parallel()
	const want = "v9.9.9-test"
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()

	bin := filepath.Join(t.TempDir(), "baton-box")
	build := exec.CommandContext(ctx, "go", "build", "-ldflags", "-X main.version="+want, "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}

	for _, flag := range []string{"--version", "-v"} {
		cmd := exec.CommandContext(ctx, bin, flag)
		cmd.Env = cleanEnv(t.TempDir())
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("baton-box %s: %v\n%s", flag, err, out)
		}
		if got := strings.TrimSpace(string(out)); got != "baton-box version "+want {
			t.Errorf("baton-box %s printed %q, want %q", flag, got, "baton-box version "+want)
		}
	}
}
