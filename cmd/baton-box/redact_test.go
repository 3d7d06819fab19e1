package main

import "testing"

func TestRedactorRemovesSecrets(t *testing.T) {
	r := newRedactor([]string{"s3cr3t-value", `quo"te-secret`, "ab", ""})
	cases := map[string]struct{ in, want string }{
		"configured secret":         {"box: bad secret s3cr3t-value here", "box: bad secret [REDACTED] here"},
		"secret escaped in JSON":    {`{"error":"got quo\"te-secret"}`, `{"error":"got [REDACTED]"}`},
		"short values stay":         {"a cab", "a cab"},
		"URL user-info":             {`Post "https://user:pw@api.example.com/oauth2/token": refused`, `Post "https://[REDACTED]@api.example.com/oauth2/token": refused`},
		"URL user-info as Go hides": {"http://user:***@127.0.0.1:1/x", "http://[REDACTED]@127.0.0.1:1/x"},
		"user-only URL":             {"at http://alice@host:8080;", "at http://[REDACTED]@host:8080;"},
		"e-mail in a path stays":    {"GET https://api.box.com/2.0/users?filter_term=a@b.com", "GET https://api.box.com/2.0/users?filter_term=a@b.com"},
		"form echo":                 {"(bad: client_id=x&client_secret=abc123&grant_type=y)", "(bad: client_id=x&client_secret=[REDACTED]&grant_type=y)"},
		"token echo before text":    {"access_token=tok123): wrong", "access_token=[REDACTED]): wrong"},
		"JSON echo":                 {`{"access_token":"tok","token_type":"bearer"}`, `{"access_token":"[REDACTED]","token_type":"bearer"}`},
		"JSON inside a JSON log":    {`{"error":"body {\"access_token\":\"tok\"}"}`, `{"error":"body {\"access_token\":\"[REDACTED]\"}"}`},
		"prose mention stays":       {"the response had no access_token field", "the response had no access_token field"},
		"password echo":             {`{"password":"hunter22"}`, `{"password":"[REDACTED]"}`},
		"bearer header":             {"Authorization: Bearer abcdefgh12345", "Authorization: Bearer [REDACTED]"},
	}
	for name, tc := range cases {
		if got := string(r.line([]byte(tc.in))); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", name, got, tc.want)
		}
	}
}
