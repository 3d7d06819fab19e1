package supervisor

import (
	"slices"
	"strings"
	"testing"

	"github.com/conductorone/baton-sdk/pkg/field"
)

func TestParseInvocationResolvesFileAndMode(t *testing.T) {
	t.Setenv("BATON_FILE", "")
	cases := map[string]struct {
		args, env string
		mode      runMode
		file      string
	}{
		"default":         {"", "", modeSync, "sync.c1z"},
		"--file":          {"--file a.c1z", "", modeSync, "a.c1z"},
		"-f":              {"-f a.c1z", "", modeSync, "a.c1z"},
		"--file=":         {"--file=a.c1z", "", modeSync, "a.c1z"},
		"env":             {"", "e.c1z", modeSync, "e.c1z"},
		"flag beats env":  {"-f a.c1z", "e.c1z", modeSync, "a.c1z"},
		"grant":           {"--grant-entitlement g:1:member --grant-principal 2 --grant-principal-type user", "", modeReadsFile, "sync.c1z"},
		"revoke":          {"--revoke-grant g:1:member:user:2", "", modeReadsFile, "sync.c1z"},
		"action":          {"--invoke-action disable_user", "", modeOther, "sync.c1z"},
		"create account":  {"--create-account-login a@b.c", "", modeOther, "sync.c1z"},
		"delete":          {"--delete-resource 1 --delete-resource-type user", "", modeOther, "sync.c1z"},
		"event feed":      {"--event-feed=true", "", modeOther, "sync.c1z"},
		"daemon":          {"--client-id x --client-secret y", "", modeOther, "sync.c1z"},
		"subcommand":      {"--log-level debug capabilities", "", modeUnknown, ""},
		"unknown flag":    {"--no-such-flag", "", modeUnknown, ""},
		"help":            {"--help", "", modeUnknown, ""},
		"trailing dash":   {"-f a.c1z --", "", modeSync, "a.c1z"},
		"targeted sync":   {"--sync-resources bid:r:user/1", "", modeSync, "sync.c1z"},
		"type-scoped run": {"--sync-resource-types user", "", modeSync, "sync.c1z"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Setenv("BATON_FILE", tc.env)
			inv := parseInvocation(strings.Fields(tc.args))
			if inv.mode != tc.mode || inv.file != tc.file {
				t.Fatalf("mode %d file %q, want mode %d file %q", inv.mode, inv.file, tc.mode, tc.file)
			}
		})
	}
	if inv := parseInvocation([]string{"-f", "a.c1z", "--"}); !inv.trailingDash {
		t.Error("a trailing -- was not noticed")
	}
}

func TestParseInvocationCollectsSecrets(t *testing.T) {
	t.Setenv("BATON_BOX_CLIENT_SECRET", "box-secret-value")
	t.Setenv("BATON_BASE_URL", "https://alice:pw-value@box.example")
	for _, args := range [][]string{{"--client-secret", "c1-secret-value"}, {"--client-secret", "c1-secret-value", "--no-such-flag"}} {
		got := strings.Join(parseInvocation(args).secrets, " ")
		for _, want := range []string{"box-secret-value", "c1-secret-value", "alice:pw-value", "pw-value"} {
			if !strings.Contains(got, want) {
				t.Errorf("%v: secrets lack %q: %q", args, want, got)
			}
		}
	}
}

func TestFlagChecks(t *testing.T) {
	cases := map[string]struct {
		args string
		want string // "" = accepted
	}{
		"feed start RFC 3339":     {"--event-feed=true --event-feed-start-at 2026-11-01T00:00:00Z", ""},
		"feed start date":         {"--event-feed=true --event-feed-start-at 2026-11-01", ""},
		"feed start garbage":      {"--event-feed=true --event-feed-start-at yesterday", "--event-feed-start-at"},
		"login only":              {"--create-account-login a@b.c", ""},
		"same login and e-mail":   {"--create-account-login a@b.c --create-account-email A@B.C", ""},
		"login and e-mail differ": {"--create-account-login a@b.c --create-account-email x@b.c", "--create-account-email (x@b.c)"},
		"profile e-mail differs":  {`--create-account-login a@b.c --create-account-profile {"name":"A","email":"x@b.c"}`, `--create-account-profile "email"`},
		"profile agrees":          {`--create-account-login a@b.c --create-account-profile {"name":"A","email":"a@b.c"}`, ""},
		"log level error":         {"--log-level error", ""},
		"log level warn":          {"--log-level WARN", ""},
		"log level fatal":         {"--log-level fatal", "--log-level \"fatal\""},
		"log level panic":         {"--log-level panic", "--log-level \"panic\""},
		"log level dpanic":        {"--log-level dpanic", "--log-level \"dpanic\""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			inv := parseInvocation(strings.Fields(tc.args))
			switch {
			case tc.want == "" && inv.usageErr != nil:
				t.Fatalf("refused: %s", inv.usageErr.msg)
			case tc.want != "" && (inv.usageErr == nil || !strings.Contains(inv.usageErr.msg, tc.want)):
				t.Fatalf("want an error naming %q, got %+v", tc.want, inv.usageErr)
			case tc.want != "" && inv.usageErr.code != 3:
				t.Fatalf("exit %d, want 3 (InvalidArgument)", inv.usageErr.code)
			}
		})
	}
}

// The flags refused empty are the SDK's (a renamed flag would be missed).
func TestOneShotIDFlagsAreTheSDKs(t *testing.T) {
	for _, name := range oneShotIDFlags {
		if !slices.ContainsFunc(field.DefaultFields, func(f field.SchemaField) bool { return f.FieldName == name }) {
			t.Errorf("--%s is not one of the SDK's flags", name)
		}
	}
}

func TestEmptyIDsNameTheirSource(t *testing.T) {
	cases := map[string]struct {
		args []string
		env  string // BATON_DELETE_RESOURCE, set empty
		want string // "" = accepted
	}{
		"flag":                 {[]string{"--revoke-grant", ""}, "", "--revoke-grant is empty"},
		"flag=":                {[]string{"--grant-principal=", "--grant-entitlement", "g"}, "", "--grant-principal is empty"},
		"variable":             {nil, "BATON_DELETE_RESOURCE", "BATON_DELETE_RESOURCE (--delete-resource) is set but empty"},
		"flag over a variable": {[]string{"--delete-resource", "42"}, "BATON_DELETE_RESOURCE", ""},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			if tc.env != "" {
				t.Setenv(tc.env, "")
			}
			inv := parseInvocation(tc.args)
			switch {
			case tc.want == "" && inv.usageErr != nil:
				t.Fatalf("refused: %s", inv.usageErr.msg)
			case tc.want != "" && (inv.usageErr == nil || !strings.Contains(inv.usageErr.msg, tc.want) || inv.usageErr.code != 3):
				t.Fatalf("want exit 3 and %q, got %+v", tc.want, inv.usageErr)
			}
		})
	}
}
