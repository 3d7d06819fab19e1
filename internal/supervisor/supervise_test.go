package supervisor

import (
	"bytes"
	"strconv"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/pkg/box"
)

// Supervised: top-level one-shot runs, and daemon runs that end before
// anything runs (help, refused flags). A daemon whose flags pass is the
// SDK's, directly, as are subcommands and the connector process.
func TestSupervises(t *testing.T) {
	t.Setenv(supervisedEnv, "")
	for k, v := range map[string]string{"BATON_BOX_CLIENT_ID": "id", "BATON_BOX_CLIENT_SECRET": "secret", "BATON_ENTERPRISE_ID": "1"} {
		t.Setenv(k, v) // the settings the SDK requires before it runs anything
	}
	cases := map[string]bool{
		"":                                true,
		"--file x.c1z":                    true,
		"--grant-entitlement g:1:member":  true,
		"help":                            true,
		"--client-id a --client-secret b": false,
		"--client-id a --client-secret b --workers 0":    false,
		"--client-id a --client-secret b --help":         true,
		"--client-id a --client-secret b --ticketing":    true,
		"--client-id a --client-secret b --no-such-flag": true,
		"--client-id a":                   true, // the SDK refuses it: --client-secret missing
		"capabilities":                    false,
		"config":                          false,
		"lambda":                          false,
		"health-check --endpoint ready":   false,
		"--file x.c1z _connector-service": false,
	}
	for args, want := range cases {
		if got := Supervises(strings.Fields(args)); got != want {
			t.Errorf("%q: %v, want %v", args, got, want)
		}
	}
	// An operator's marker does not switch supervision off (see
	// TestSupervisedByParent for the marker a child verifies).
	t.Setenv(supervisedEnv, "1")
	if !Supervises(nil) {
		t.Error("BATON_BOX_SUPERVISED=1 switched supervision off")
	}
}

func TestRelayFindsTheFailureEvent(t *testing.T) {
	in := `{"level":"info","msg":"starting"}` + "\n" +
		`{"level":"error","msg":"runner: error processing on-demand task","error":"rpc error: code = Unauthenticated desc = bad secret"}` + "\n" +
		"tail without newline"
	r, out := relayed(in)
	r.finish("")
	if out.String() != in {
		t.Fatal("output was not copied unchanged")
	}
	if r.failure != "rpc error: code = Unauthenticated desc = bad secret" {
		t.Fatalf("failure message %q", r.failure)
	}
	if ok, _ := relayed(`{"msg":"Sync complete."}` + "\n"); ok.failure != "" {
		t.Fatal("a successful run reported a failure")
	}
	if got := failureMessage([]byte("ERROR\trunner: error processing on-demand task\t{}\n")); !strings.HasPrefix(got, "ERROR") {
		t.Fatalf("console-format line: %q", got)
	}
	if got := failureMessage([]byte("ERROR\trunner: error processing on-demand task\t{\"error\": \"boom\"}\n")); got != "boom" {
		t.Fatalf("console-format line with fields: %q", got)
	}
}

// A rewritten error replaces the SDK's own print of it, and only that.
func TestRelayReplacesTheSDKsErrorLine(t *testing.T) {
	raw := `runner: error processing task: action invoke failed: fields:{key:"error" value:{string_value:"baton-box: no"}}`
	in := `{"level":"error","msg":"runner: error processing on-demand task","error":` + strconv.Quote(raw) + "}\n" +
		`{"level":"error","msg":"error running connector","error":` + strconv.Quote(raw) + "}\n" +
		raw + "\n"
	r, out := relayed(in)
	r.finish("baton-box: no")
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || lines[2] != "baton-box: no" || !strings.Contains(lines[1], "error running connector") {
		t.Fatalf("output:\n%s", out.String())
	}
}

// The parallel syncer cancels its other workers after the first failure;
// when a cancelled one is reported ("context canceled", wrapped by the
// SDK's rate limiter), the run ends with the first failure and its code.
// The lines are those of a run that failed this way.
func TestRelayKeepsTheCauseOverACancelledSibling(t *testing.T) {
	cause := "rpc error: code = Internal desc = error: listing resources failed: baton-box: list users (page 0): box: GET /2.0/users: HTTP 200: malformed listing page: no entries"
	cancelled := "runner: error processing task: ratelimit: error reporting ratelimit after request error: rpc error: code = Canceled desc = context canceled"
	in := `{"level":"error","msg":"cancelling context due to error in action","action":{"id":"11"},"error":` + strconv.Quote(cause) + "}\n" +
		`{"level":"error","msg":"cancelling context due to error in action","action":{"id":"12"},"error":"context canceled"}` + "\n" +
		`{"level":"error","msg":"runner: error processing on-demand task","error":` + strconv.Quote(cancelled) + "}\n" +
		cancelled + "\n"
	r, _ := relayed(in)
	// The SDK exits 1 (Canceled), or races to exit 0.
	for _, code := range []int{1, 0} {
		why := runError(r.failure, r.cause, code)
		if why == nil || why.msg != plainError(cause) || why.code != 13 {
			t.Fatalf("exit %d: %+v, want the first failed action's error with code 13 (Internal)", code, why)
		}
	}

	// A failure that names its cause stands.
	plain, _ := relayed(`{"level":"error","msg":"cancelling context due to error in action","error":"x"}` + "\n" +
		`{"level":"error","msg":"runner: error processing on-demand task","error":"baton-box: list users: context canceled"}` + "\n")
	if why := runError(plain.failure, plain.cause, 1); why == nil || why.msg != "baton-box: list users: context canceled" || why.code != 1 {
		t.Fatalf("a failure naming its cause was replaced by %+v", why)
	}
}

func TestChildArgsKeepATrailingDashLast(t *testing.T) {
	got := strings.Join(childArgs([]string{"-f", "x", "--"}, []string{"--file=y"}, true), " ")
	if got != "-f x --file=y --" {
		t.Fatal(got)
	}
	if got := strings.Join(childArgs([]string{"-f", "x"}, []string{"--file=y"}, false), " "); got != "-f x --file=y" {
		t.Fatal(got)
	}
}

// relayed is a relay that has copied in, and what it wrote.
func relayed(in string) (*relay, *bytes.Buffer) {
	var out bytes.Buffer
	r := &relay{out: &out, redact: box.NewRedactor()}
	r.copy(strings.NewReader(in))
	return r, &out
}

// A panic's report is held to the end and written whole, unless the
// supervisor explains it (a full disk) and drops it; log lines go on.
func TestRelayHoldsAPanicToTheEnd(t *testing.T) {
	logs := `{"level":"info","msg":"syncing"}` + "\n" +
		`{"level":"error","msg":"runner: error processing on-demand task","error":"boom"}` + "\n"
	trace := "pebble FATAL: pebble: fatal commit error: write /tmp/b/db/000002.log: file too large\n" +
		"panic: write /tmp/b/db/000002.log: file too large\n\ngoroutine 90 [running]:\n"
	logLines := strings.SplitAfter(logs, "\n")
	in := logLines[0] + trace + logLines[1]
	r, out := relayed(in)
	if out.String() != logs {
		t.Fatalf("written before the end:\n%s", out.String())
	}
	if r.full == nil || r.full.err != "file too large" || !strings.HasSuffix(r.full.before, "/tmp/b/db/000002.log") {
		t.Fatalf("full write %+v", r.full)
	}
	if r.failure != "boom" {
		t.Fatalf("the failure event after the panic was missed: %q", r.failure)
	}
	r.finish("")
	if out.String() != logs+trace {
		t.Fatalf("a panic not explained was not written whole:\n%s", out.String())
	}

	r, out = relayed(in)
	r.trace = nil
	r.finish("baton-box: file too large")
	if out.String() != logs+"baton-box: file too large\n" {
		t.Fatalf("an explained panic:\n%s", out.String())
	}
}
