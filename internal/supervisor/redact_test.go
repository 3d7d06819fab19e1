package supervisor

import (
	"strings"
	"testing"

	"github.com/conductorone/baton-box/pkg/box"
)

// The supervisor's relay redacts every line the child prints with the
// run's configured secrets, in the forms a log line carries them.
func TestRelayRedactsTheConfiguredSecrets(t *testing.T) {
	inv := parseInvocation([]string{"--box-client-secret", `s3"cr`, "--client-secret", "c1"})
	in := strings.Join([]string{
		`{"level":"error","msg":"token refused","error":"bad secret s3\"cr"}`,
		`{"level":"debug","msg":"request","url":"https://box.example/2.0/folders/s3%22cr/items"}`,
		`{"level":"info","msg":"ConductorOne client c1 (c1z files)"}`,
		`Post "https://id:s3%22cr@box.example/oauth2/token": refused`,
	}, "\n") + "\n"
	want := strings.Join([]string{
		`{"level":"error","msg":"token refused","error":"bad secret [REDACTED]"}`,
		`{"level":"debug","msg":"request","url":"https://box.example/2.0/folders/[REDACTED]/items"}`,
		`{"level":"info","msg":"ConductorOne client [REDACTED] (c1z files)"}`,
		`Post "https://[REDACTED]@box.example/oauth2/token": refused`,
	}, "\n") + "\n"
	var out strings.Builder
	r := &relay{out: &out, redact: box.NewRedactor(inv.secrets...)}
	r.copy(strings.NewReader(in))
	r.finish("")
	if out.String() != want {
		t.Fatalf("got:\n%s\nwant:\n%s", out.String(), want)
	}
}
