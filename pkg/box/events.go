package box

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Admin event stream types (docs/box-behaviour.md, "Events").
const (
	StreamAdminLogs          = "admin_logs"           // up to 365 days, chronological, no repeats
	StreamAdminLogsStreaming = "admin_logs_streaming" // 14 days, near real time, may repeat
	EventLogin               = "LOGIN"
	MaxEventPage             = 500
)

// Event is one enterprise event. CreatedBy is the acting user: for LOGIN
// the user who logged in.
type Event struct {
	ID        string    `json:"event_id"`
	Type      string    `json:"event_type"`
	CreatedAt time.Time `json:"created_at"`
	CreatedBy *MiniUser `json:"created_by,omitempty"`
	// Source and AdditionalDetails vary with the event type; Subject
	// reads them (content_events.go).
	Source            json.RawMessage `json:"source,omitempty"`
	AdditionalDetails json.RawMessage `json:"additional_details,omitempty"`
}

// EventQuery selects one page of GET /events. Zero times are omitted.
type EventQuery struct {
	StreamType    string
	Position      string
	EventTypes    []string
	CreatedAfter  time.Time // inclusive; admin_logs only
	CreatedBefore time.Time // exclusive; admin_logs only
	Limit         int
}

// EventPage is one chunk of events. An empty page means "nothing more for
// now" (Box may return short pages before the end); NextPosition resumes.
type EventPage struct {
	Events       []Event
	NextPosition string
}

// eventEnvelope is the spec's Events schema.
type eventEnvelope struct {
	Entries            *[]Event        `json:"entries"`
	NextStreamPosition json.RawMessage `json:"next_stream_position"`
}

// check: a page without entries read as empty would be "nothing more",
// ending a last-login pass early.
func (e *eventEnvelope) check(method, apiPath string) *Error {
	if e.Entries == nil {
		return newMalformedPage(method, apiPath, "no entries")
	}
	return nil
}

// ListEvents reads one page of the enterprise event stream. It needs the
// "Manage enterprise properties" scope.
func (c *Client) ListEvents(ctx context.Context, eq EventQuery) (*EventPage, error) {
	q := url.Values{}
	q.Set("stream_type", eq.StreamType)
	if eq.Position != "" {
		q.Set("stream_position", eq.Position)
	}
	if len(eq.EventTypes) > 0 {
		q.Set("event_type", strings.Join(eq.EventTypes, ","))
	}
	if !eq.CreatedAfter.IsZero() {
		q.Set("created_after", eq.CreatedAfter.UTC().Format(time.RFC3339))
	}
	if !eq.CreatedBefore.IsZero() {
		q.Set("created_before", eq.CreatedBefore.UTC().Format(time.RFC3339))
	}
	limit := eq.Limit
	if limit <= 0 || limit > MaxEventPage {
		limit = MaxEventPage
	}
	q.Set("limit", strconv.Itoa(limit))

	var env eventEnvelope
	if err := c.do(ctx, call{method: http.MethodGet, path: []string{"events"}, query: q}, &env); err != nil {
		return nil, err
	}
	// next_stream_position is a string or an integer in the spec.
	pos := strings.Trim(string(env.NextStreamPosition), `"`)
	if pos == "null" {
		pos = ""
	}
	return &EventPage{Events: *env.Entries, NextPosition: pos}, nil
}
