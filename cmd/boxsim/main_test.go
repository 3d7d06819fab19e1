package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
)

func TestParseScopes(t *testing.T) {
	for _, c := range []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"none", []string{}},
		{"manage_groups", []string{"manage_groups"}},
		{" manage_groups , root_readwrite  ", []string{"manage_groups", "root_readwrite"}},
	} {
		in, want := c.in, c.want
		got, err := parseScopes(in)
		if err != nil || !slices.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("parseScopes(%q) = %#v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"manage_group", "manage_groups,", "all"} {
		if _, err := parseScopes(bad); err == nil {
			t.Fatalf("parseScopes(%q) accepted", bad)
		}
	}
}

// startRun runs the simulator on a free port with args and returns its
// banner line; cancel stops it and done then yields run's error.
func startRun(t *testing.T, args ...string) (string, context.CancelFunc, <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), pw)
		_ = pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("no banner: %v", err)
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	return line, cancel, done
}

// The flags reach the simulator: scopes gate routes, events are seeded
// (or not), the truth file and the stats endpoint work.
func TestRunServesConfiguredSimulator(t *testing.T) {
	truthPath := filepath.Join(t.TempDir(), "truth.json")
	line, cancel, done := startRun(t, "-users", "30", "-groups", "3", "-scopes", "manage_groups,manage_enterprise_properties",
		"-events-per-user", "6", "-truth-out", truthPath, "-validate")
	fields := strings.Fields(line)
	if len(fields) < 4 || !strings.Contains(line, "events)") {
		t.Fatalf("banner %q", line)
	}
	base := fields[3]

	tok := mintToken(t, base)
	status := func(path string) int { code, _ := apiGet(t, base, tok, path); return code }
	if got := status("/users"); got != http.StatusForbidden {
		t.Fatalf("GET /users without manage_managed_users: %d", got)
	}
	if got := status("/groups"); got != http.StatusOK {
		t.Fatalf("GET /groups: %d", got)
	}
	if got := status("/events?stream_type=admin_logs"); got != http.StatusOK {
		t.Fatalf("GET /events: %d", got)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/_boxsim/stats", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var st boxsim.Stats
	if err := json.NewDecoder(res.Body).Decode(&st); err != nil || st.ByStatus[403] != 1 || st.ByRoute["GET /events"] != 1 {
		t.Fatalf("stats %+v %v", st, err)
	}
	_ = res.Body.Close()

	// The live Truth follows writes; the file is the seed.
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/2.0/groups", strings.NewReader(`{"name":"Live"}`))
	req.Header.Set("Authorization", "Bearer "+tok)
	if res, err = http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("POST /groups: %v %v", res, err)
	}
	_ = res.Body.Close()
	req, _ = http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/_boxsim/truth", nil)
	if res, err = http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	}
	var live boxsim.Truth
	if err := json.NewDecoder(res.Body).Decode(&live); err != nil || len(live.Groups) != 4 || live.Groups[3].Name != "Live" {
		t.Fatalf("live truth: %d groups, %v", len(live.Groups), err)
	}
	_ = res.Body.Close()

	raw, err := os.ReadFile(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	var tr boxsim.Truth
	if err := json.Unmarshal(raw, &tr); err != nil || len(tr.Users) != 30 || len(tr.Events) < 30*3 || len(tr.Groups) != 3 {
		t.Fatalf("truth file: %d users, %d events, %v", len(tr.Users), len(tr.Events), err)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	if err := run(t.Context(), []string{"-scopes", "everything"}, io.Discard); err == nil {
		t.Fatal("a bad -scopes was accepted")
	}
}

// mintToken gets an access token from the simulator at base.
func mintToken(t *testing.T, base string) string {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {boxsim.DefaultClientID}, "client_secret": {boxsim.DefaultClientSecret},
		"box_subject_type": {"enterprise"}, "box_subject_id": {boxsim.DefaultEnterpriseID}}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodPost, base+"/oauth2/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&tok); err != nil {
		t.Fatal(err)
	}
	return tok.AccessToken
}

// apiGet sends GET /2.0<path> and returns the status and the JSON body.
func apiGet(t *testing.T, base, tok, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/2.0"+path, nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	var body map[string]any
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// The Box readings and listing faults reach the simulator: group admins'
// privileges shown nowhere, a listing answering 404; bad values are
// refused.
func TestRunServesReadingsAndListingFaults(t *testing.T) {
	truthPath := filepath.Join(t.TempDir(), "truth.json")
	line, cancel, done := startRun(t, "-users", "40", "-groups", "4", "-group-admin-permissions", "nowhere",
		"-listing-fault", "not-found:GET /groups/{group_id}/memberships", "-listing-fault", "repeated-pages:GET /users", "-truth-out", truthPath)
	base := strings.Fields(line)[3]
	tok := mintToken(t, base)
	raw, err := os.ReadFile(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	var tr boxsim.Truth
	if err := json.Unmarshal(raw, &tr); err != nil {
		t.Fatal(err)
	}
	if code, _ := apiGet(t, base, tok, "/groups/"+tr.Groups[0].ID+"/memberships"); code != http.StatusNotFound {
		t.Fatalf("-listing-fault not-found: %d", code)
	}
	code, _ := apiGet(t, base, tok, "/users?limit=2")
	_, page2 := apiGet(t, base, tok, "/users?limit=2&offset=2")
	_, page1 := apiGet(t, base, tok, "/users?limit=2")
	if code != http.StatusOK || !reflect.DeepEqual(page1["entries"], page2["entries"]) {
		t.Fatal("-listing-fault repeated-pages: the second page is not the first one's")
	}
	admin := -1
	for i, m := range tr.Memberships {
		if m.Role == "admin" {
			admin = i
		}
	}
	if admin < 0 {
		t.Fatal("the seed has no group admin")
	}
	if _, m := apiGet(t, base, tok, "/group_memberships/"+tr.Memberships[admin].ID); m["role"] != "admin" || m["configurable_permissions"] != nil {
		t.Fatalf("-group-admin-permissions nowhere: %v", m)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	for _, bad := range [][]string{{"-group-admin-permissions", "sometimes"}, {"-listing-fault", "gone:GET /users"}, {"-listing-fault", "not-found"}} {
		if err := run(t.Context(), bad, io.Discard); err == nil {
			t.Fatalf("%v was accepted", bad)
		}
	}
}

// The content flags seed folders and collaborations; the truth file and
// /_boxsim/truth carry them, and as-user reaches them.
func TestRunSeedsContent(t *testing.T) {
	truthPath := filepath.Join(t.TempDir(), "truth.json")
	line, cancel, done := startRun(t, "-users", "40", "-groups", "4", "-external-users", "2",
		"-folders", "30", "-folder-depth", "2", "-collaborations-per-folder", "2", "-shared-link-share", "0.5",
		"-shared-link-access-cap", "company", "-giant-root-folders", "3", "-truth-out", truthPath)
	if !strings.Contains(line, " 33 folders, ") || !strings.Contains(line, "events)") {
		t.Fatalf("banner %q", line)
	}
	base := strings.Fields(line)[3]
	raw, err := os.ReadFile(truthPath)
	if err != nil {
		t.Fatal(err)
	}
	var tr boxsim.Truth
	if err := json.Unmarshal(raw, &tr); err != nil || len(tr.Folders) != 33 || len(tr.Collaborations) == 0 {
		t.Fatalf("truth file: %d folders, %d collaborations, %v", len(tr.Folders), len(tr.Collaborations), err)
	}
	depth2, capped := false, false
	for _, f := range tr.Folders {
		depth2 = depth2 || f.Depth == 2
		capped = capped || (f.SharedLink != nil && f.SharedLink.Access == "open" && f.SharedLink.EffectiveAccess == "company")
	}
	if !depth2 || !capped {
		t.Fatalf("-folder-depth or -shared-link-access-cap not applied (depth 2 %v, capped %v)", depth2, capped)
	}
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/_boxsim/truth", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var live boxsim.Truth
	if err := json.NewDecoder(res.Body).Decode(&live); err != nil || len(live.Folders) != 33 || len(live.Collaborations) != len(tr.Collaborations) {
		t.Fatalf("live truth: %d folders, %v", len(live.Folders), err)
	}
	_ = res.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := run(t.Context(), []string{"-shared-link-access-cap", "open"}, io.Discard); err == nil {
		t.Fatal("a bad -shared-link-access-cap was accepted")
	}
}
