package box

import "testing"

func TestRedactorSecretsOfAnyLength(t *testing.T) {
	r := NewRedactor("ab", "p@ss w/rd+x", "secret", "")
	cases := map[string]struct{ in, want string }{
		// A secret shorter than 4 characters, where it stands as a value.
		"short, as a form value":      {"client_id=i&client_secret=ab&grant_type=g", "client_id=i&client_secret=[REDACTED]&grant_type=g"},
		"short, in a bearer header":   {"Authorization: Bearer ab", "Authorization: Bearer [REDACTED]"},
		"short, in URL user-info":     {"https://u:ab@box.example/x", "https://[REDACTED]@box.example/x"},
		"short, as a whole token":     {`refused "ab" (bad)`, `refused "[REDACTED]" (bad)`},
		"short, after a JSON escape":  {`{"error":"line\nab"}`, `{"error":"line\n[REDACTED]"}`},
		"short, inside words stays":   {"a cab, abc and crab", "a cab, abc and crab"},
		"query-escaped":               {"GET /x?q=p%40ss+w%2Frd%2Bx&y=1", "GET /x?q=[REDACTED]&y=1"},
		"path-escaped":                {"GET /2.0/users/p@ss%20w%2Frd+x/memberships", "GET /2.0/users/[REDACTED]/memberships"},
		"escaped with lower-case hex": {"GET /x?q=p%40ss+w%2frd%2bx", "GET /x?q=[REDACTED]"},
		"raw, next to an escape":      {"got%3Dp@ss w/rd+x.", "got%3D[REDACTED]."},
		"a word equal to the secret":  {"the secret is out", "the [REDACTED] is out"},
		"inside a larger word stays":  {"no client_secret field, secrets or secretly", "no client_secret field, secrets or secretly"},
		"field named like the secret": {"client_secret=secret", "client_secret=[REDACTED]"},
	}
	for name, tc := range cases {
		if got := r.RedactString(tc.in); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, tc.want)
		}
	}
}

func TestRedactorPatterns(t *testing.T) {
	r := NewRedactor()
	cases := map[string]struct{ in, want string }{
		"JSON":                      {`{"access_token":"tok","token_type":"bearer"}`, `{"access_token":"[REDACTED]","token_type":"bearer"}`},
		"JSON inside a JSON log":    {`{"error":"body {\"access_token\":\"tok\"}"}`, `{"error":"body {\"access_token\":\"[REDACTED]\"}"}`},
		"single-quoted":             {`{'password': 'hunter 2'}`, `{'password': '[REDACTED]'}`},
		"form":                      {"client_secret=abc123&x=1", "client_secret=[REDACTED]&x=1"},
		"prose mention stays":       {"the response had no access_token field", "the response had no access_token field"},
		"bearer as a word stays":    {"a bearer token was refused", "a bearer token was refused"},
		"user-only URL":             {"at http://alice@host:8080;", "at http://[REDACTED]@host:8080;"},
		"e-mail in a query stays":   {"GET https://api.box.com/2.0/users?filter_term=a@b.com", "GET https://api.box.com/2.0/users?filter_term=a@b.com"},
		"URL user-info as Go hides": {"http://user:***@127.0.0.1:1/x", "http://[REDACTED]@127.0.0.1:1/x"},
	}
	for name, tc := range cases {
		if got := r.RedactString(tc.in); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, tc.want)
		}
	}
}

// Text may pass two redactors (pkg/box's, then the supervisor's): the
// second changes nothing.
func TestRedactorIsIdempotent(t *testing.T) {
	r := NewRedactor("s3cr3t-value", "ab")
	for _, in := range []string{
		"client_secret=s3cr3t-value&x=1",
		`{"access_token":"tok"} \"password\":\"ab\"`,
		"Authorization: Bearer abcdefgh12345, https://u:p@h/",
		"password: ab; refresh_token=x",
	} {
		once := r.RedactString(in)
		if twice := r.RedactString(once); twice != once {
			t.Errorf("%q: once %q, twice %q", in, once, twice)
		}
	}
}
