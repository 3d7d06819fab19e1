package supervisor

import (
	"strconv"
	"strings"
	"testing"

	"github.com/conductorone/baton-box/pkg/box"
)

func quietRelay(in string) (*relay, *strings.Builder) {
	var out strings.Builder
	r := &relay{out: &out, redact: box.NewRedactor(), quiet: true, oneShot: true}
	r.copy(strings.NewReader(in))
	return r, &out
}

// Quiet, the relay leaves out gRPC's chatter (a console-format message
// over several lines whole), uhttp's copy of every Box error and Pebble's
// WAL line, and nothing else: a plain line after a JSON entry left out is
// kept.
func TestQuietRelayLeavesOutTheNoiseOnly(t *testing.T) {
	in := strings.Join([]string{
		`{"level":"info","caller":"grpclog/component.go:34","msg":"[core][Server #1] Server created","grpc_log":true}`,
		`{"level":"warn","caller":"uhttp/wrapper.go:586","msg":"base-http-client: HTTP error status","status_code":403}`,
		`a library's own plain line`,
		"2026-12-01T09:00:00.000Z\tINFO\tgrpclog/component.go:34\t[core][Channel #4] Resolver state updated: {",
		`  "Addresses": []`,
		"} (resolver returned new addresses)\t{\"system\": \"grpc\", \"grpc_log\": true}",
		"2026-12-01T09:00:00.001Z\tWARN\tconnector/folder_walk.go:328\tbaton-box: a user's folders are not synced",
		`2026/12/01 09:00:00 Found 0 WALs`,
		`{"level":"info","msg":"Synced resources","count":3}`,
	}, "\n") + "\n"
	r, out := quietRelay(in)
	r.finish("")
	want := "a library's own plain line\n" +
		"2026-12-01T09:00:00.001Z\tWARN\tconnector/folder_walk.go:328\tbaton-box: a user's folders are not synced\n" +
		`{"level":"info","msg":"Synced resources","count":3}` + "\n"
	if out.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}

// The SDK's records of the error a run ends with (its gRPC server's, its
// rate limiter's, the runner's, the CLI's) are left out when the run's last
// line says it; records of other errors are written, in order.
func TestQuietRelayLeavesOutTheEchoesOfTheFailure(t *testing.T) {
	failure := "runner: error processing task: rpc error: code = FailedPrecondition desc = grant failed: rpc error: code = FailedPrecondition desc = baton-box: no"
	record := func(msg, err string) string {
		return `{"level":"error","msg":` + strconv.Quote(msg) + `,"error":` + strconv.Quote(err) + "}\n"
	}
	other := record("finished unary call with code Unavailable", "rpc error: code = Unavailable desc = baton-box: later")
	in := other +
		`{"level":"info","msg":"Syncing grants"}` + "\n" +
		record("finished unary call with code FailedPrecondition", "grant failed: rpc error: code = FailedPrecondition desc = baton-box: no") +
		record("ratelimit: error running client request", "rpc error: code = FailedPrecondition desc = grant failed: rpc error: code = FailedPrecondition desc = baton-box: no") +
		record(taskFailedEvent, failure) +
		record("error running connector", failure) +
		failure + "\n"
	r, out := quietRelay(in)
	if r.failure != failure {
		t.Fatalf("failure %q", r.failure)
	}
	r.finish("baton-box: no")
	want := other + `{"level":"info","msg":"Syncing grants"}` + "\n" + "baton-box: no\n"
	if out.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}
