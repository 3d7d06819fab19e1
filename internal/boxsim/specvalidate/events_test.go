package specvalidate

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// GET /events, both admin streams, filters, paging and errors, must match
// the spec; every seeded event type and source shape is on some page.
func TestEventsTrafficMatchesSpec(t *testing.T) {
	now := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	sim := boxsim.New(boxsim.Config{Seed: 31, Users: 60, Groups: 8, AvgGroupsPerUser: 2, EventsPerUser: 8,
		Now: func() time.Time { return now }})
	h := newHarness(t, sim)
	tok := h.token(goodForm(sim.Config())).body["access_token"].(string)

	seen := map[string]bool{}
	for _, stream := range []string{"admin_logs", "admin_logs_streaming"} {
		pos := ""
		for range 100 {
			r := h.send(tok, "GET", "/events?stream_type="+stream+"&limit=500"+pos, nil, 200)
			entries := r.body["entries"].([]any)
			for _, e := range entries {
				seen[e.(map[string]any)["event_type"].(string)] = true
			}
			if len(entries) == 0 {
				break
			}
			pos = "&stream_position=" + r.body["next_stream_position"].(string)
		}
	}
	for _, typ := range []string{"LOGIN", "FAILED_LOGIN", "ADMIN_LOGIN", "ADD_LOGIN_ACTIVITY_DEVICE", "UPLOAD", "GROUP_ADD_USER"} {
		if !seen[typ] {
			t.Errorf("no %s event was served", typ)
		}
	}
	after := url.QueryEscape(now.Add(-30 * 24 * time.Hour).Format(time.RFC3339))
	before := url.QueryEscape(now.Add(-time.Hour).Format(time.RFC3339))
	h.send(tok, "GET", "/events?stream_type=admin_logs&event_type=LOGIN,FAILED_LOGIN&created_after="+after+"&created_before="+before, nil, 200)
	h.send(tok, "GET", "/events?stream_type=admin_logs&stream_position=now", nil, 200)
	h.send(tok, "GET", "/events?stream_type=admin_logs_streaming&stream_position=now&event_type=ADMIN_LOGIN", nil, 200)
	h.send(tok, "GET", "/events", nil, 200)
	h.send(tok, "GET", "/events?stream_type=changes&stream_position=now", nil, 200)
	h.send(tok, "GET", "/events?stream_type=admin_logs&limit=0", nil, 400)
	h.send(tok, "GET", "/events?stream_type=admin_logs&stream_position=bogus", nil, 400)
	h.send(tok, "GET", "/events?stream_type=admin_logs_streaming&stream_position=12", nil, 400)
	h.sendInvalid(tok, "GET", "/events?stream_type=everything", nil, 400)
	h.sendInvalid(tok, "GET", "/events?stream_type=admin_logs&event_type=LOGIN,NOPE", nil, 400)
	h.sendInvalid(tok, "GET", "/events?stream_type=admin_logs&created_after=yesterday", nil, 400)
	h.sendInvalid(tok, "GET", "/events?stream_type=admin_logs&limit=600", nil, 200) // clamped to 500

	for _, v := range h.violations() {
		t.Errorf("violation: %s", v)
	}
}

// Event.source as the spec writes it rejects every typed source; the
// narrowed GenericSource must accept the real shapes and still catch
// broken ones.
func TestEventSourceValidation(t *testing.T) {
	var src string
	h := newHarness(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"chunk_size":1,"next_stream_position":"1","entries":[{"type":"event","event_id":"e1","event_type":"LOGIN","source":`+src+`}]}`)
	}))
	for _, c := range []struct {
		source string
		ok     bool
	}{
		{`{"type":"user","id":"1","name":"A","login":"a@example.com"}`, true},
		{`{"item_type":"file","item_id":"9","item_name":"f.pdf","owned_by":{"type":"user","id":"1"}}`, true},
		{`{"group_id":"4","group_name":"G","user_id":"1","user_name":"A"}`, true},
		{`{"type":"user","id":1}`, false},                  // a user with a numeric id
		{`{"item_type":"file","item_id":"9"}`, false},      // a file source without its name
		{`{"type":"folder","id":"1","name":5}`, false},     // a folder with a numeric name
		{`{"type":"app_item","id":"1","name":"x"}`, false}, // app_item_type missing
		{`"just a string"`, false},                         // not an object at all
	} {
		src = c.source
		h.get("t", "/events?stream_type=admin_logs", 200)
		v := h.violations()
		if c.ok && len(v) > 0 {
			t.Errorf("source %s rejected: %v", c.source, v)
		}
		if !c.ok && (len(v) == 0 || !strings.Contains(v[0].Err.Error(), "source")) {
			t.Errorf("source %s accepted: %v", c.source, v)
		}
	}
}
