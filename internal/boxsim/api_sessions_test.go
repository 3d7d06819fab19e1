package boxsim

import (
	"strings"
	"testing"
)

func TestTerminateSessions(t *testing.T) {
	s := New(Config{Seed: 11, Users: 30, AppUsers: 2, ExternalUsers: 1})
	tok := mintToken(t, s)
	tr := s.Truth()
	a, b := tr.Users[2], tr.Users[3]
	app := findUser(t, tr.Users, "app", func(u User) bool { return u.IsPlatformAccessOnly })

	res := mustSend(t, s, tok, "POST", "/users/terminate_sessions",
		obj{"user_ids": []string{a.ID, b.ID}, "user_logins": []string{strings.ToUpper(a.Login), app.Login}}, 202)
	if msg, _ := res.body["message"].(string); !strings.Contains(msg, "successful") {
		t.Fatalf("202 body: %s", res.raw)
	}
	mustSend(t, s, tok, "POST", "/users/terminate_sessions", obj{"user_ids": []string{}, "user_logins": []string{b.Login}}, 202)
	counts := map[string]int{}
	for _, u := range s.Truth().Users {
		if u.SessionsTerminated > 0 {
			counts[u.ID] = u.SessionsTerminated
		}
	}
	// a was named twice in one request: one termination.
	if len(counts) != 3 || counts[a.ID] != 1 || counts[b.ID] != 2 || counts[app.ID] != 1 {
		t.Fatalf("sessions terminated: %v", counts)
	}

	for name, c := range map[string]struct {
		body   any
		status int
		code   string
	}{
		"unknown id":      {obj{"user_ids": []string{a.ID, "17000000004"}, "user_logins": []string{}}, 404, "not_found"},
		"unknown login":   {obj{"user_ids": []string{}, "user_logins": []string{"ghost@acme.example.com"}}, 404, "not_found"},
		"external login":  {obj{"user_ids": []string{}, "user_logins": []string{tr.ExternalUsers[0].Login}}, 404, "not_found"},
		"service account": {obj{"user_ids": []string{tr.ServiceAccount.ID}, "user_logins": []string{}}, 404, "not_found"},
		"both empty":      {obj{"user_ids": []string{}, "user_logins": []string{}}, 400, "bad_request"},
		"no logins array": {obj{"user_ids": []string{a.ID}}, 400, "bad_request"},
		"no ids array":    {obj{"user_logins": []string{a.Login}}, 400, "bad_request"},
		"numeric ids":     {obj{"user_ids": []int{1}, "user_logins": []string{}}, 400, "bad_request"},
		"null ids":        {obj{"user_ids": nil, "user_logins": []string{}}, 400, "bad_request"},
	} {
		t.Run(name, func(t *testing.T) {
			wantError(t, send(t, s, tok, "POST", "/users/terminate_sessions", c.body), c.status, c.code)
		})
	}
	res = send(t, s, tok, "POST", "/users/terminate_sessions", obj{"user_ids": []string{"1", a.ID}, "user_logins": []string{"nobody@x.example"}})
	errs := res.body["context_info"].(map[string]any)["errors"].([]any)
	if len(errs) != 2 || errs[1].(map[string]any)["name"] != "user_logins" {
		t.Fatalf("404 does not list the unknown entries: %s", res.raw)
	}
	// Failed requests terminate nothing, not even the known users in them.
	if u, _ := userByID(s.Truth(), a.ID); u.SessionsTerminated != 1 {
		t.Fatalf("a failed request counted: %d", u.SessionsTerminated)
	}
	// GET on the literal route is a 405, not a user lookup.
	res = get(t, s, tok, "/users/terminate_sessions")
	wantError(t, res, 405, "method_not_allowed")
}
