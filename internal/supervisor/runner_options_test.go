package supervisor

import (
	"strings"
	"testing"
)

// --workers 0 is sequential: the SDK does not apply a 0, so the default a
// run gets is 1; given on the command line, as BATON_WORKERS or not at all.
func TestWorkerDefaultReadsZeroAsSequential(t *testing.T) {
	cases := []struct {
		args, env string
		want      int
	}{
		{"", "", defaultWorkers},
		{"--workers 0", "", 1},
		{"--workers=0 --client-id a --client-secret b", "", 1},
		{"", "0", 1},
		{"--workers 3", "0", defaultWorkers}, // 3 is applied after the default
		{"--workers 1", "", defaultWorkers},
		{"--no-such-flag", "", defaultWorkers},
	}
	for _, tc := range cases {
		t.Setenv("BATON_WORKERS", tc.env)
		if got := workerDefault(strings.Fields(tc.args)); got != tc.want {
			t.Errorf("%q with BATON_WORKERS=%q: %d, want %d", tc.args, tc.env, got, tc.want)
		}
	}
}
