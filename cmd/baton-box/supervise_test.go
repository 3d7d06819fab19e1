package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestShouldSupervise(t *testing.T) {
	t.Setenv(supervisedEnv, "")
	cases := map[string]bool{
		"":                                true,
		"--file x.c1z":                    true,
		"--client-id a --client-secret b": true,
		"capabilities":                    false,
		"config":                          false,
		"lambda":                          false,
		"health-check --endpoint ready":   false,
		"--file x.c1z _connector-service": false,
	}
	for args, want := range cases {
		if got := shouldSupervise(strings.Fields(args)); got != want {
			t.Errorf("%q: %v, want %v", args, got, want)
		}
	}
	t.Setenv(supervisedEnv, "1")
	if shouldSupervise(nil) {
		t.Error("a supervised child must not supervise again")
	}
}

func TestCopyWatchingFindsTheFailureEvent(t *testing.T) {
	in := `{"level":"info","msg":"starting"}` + "\n" +
		`{"level":"error","msg":"runner: error processing on-demand task","error":"rpc error: code = Unauthenticated desc = bad secret"}` + "\n" +
		"tail without newline"
	var out bytes.Buffer
	line := copyWatching(&out, strings.NewReader(in), []byte(taskFailedEvent))
	if out.String() != in {
		t.Fatal("output was not copied unchanged")
	}
	if got := failureMessage(line); got != "rpc error: code = Unauthenticated desc = bad secret" {
		t.Fatalf("failure message %q", got)
	}
	if copyWatching(&out, strings.NewReader(`{"msg":"Sync complete."}`+"\n"), []byte(taskFailedEvent)) != nil {
		t.Fatal("a successful run reported a failure")
	}
	if got := failureMessage([]byte("ERROR\trunner: error processing on-demand task\t{}\n")); !strings.HasPrefix(got, "ERROR") {
		t.Fatalf("console-format line: %q", got)
	}
}
