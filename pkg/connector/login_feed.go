package connector

import (
	"context"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/pagination"
	"google.golang.org/protobuf/types/known/timestamppb"
)

// The login usage feed emits one usage event per user login (actor: the
// user, target: the enterprise), for ConductorOne's usage data and the
// CLI's --event-feed.
//
// It reads admin_logs rather than admin_logs_streaming. The streaming type
// repeats events up to hours later, so de-duplicating it across calls needs
// every event ID of that span in the cursor, which grows without bound.
// admin_logs never repeats an event and resumes exactly from a stream
// position; its risk is an event Box records late, behind a position
// already passed (Box warns of it: guides/events/enterprise-events/
// developer.box.com/guides/events/enterprise-events/for-enterprise, developer.box.com/guides/events/enterprise-events/migrate-to-stream; its status history shows delays
// of hours). The feed therefore reads only events older than its lag
// (--login-feed-lag-minutes, default 6 hours): by then Box has recorded
// every login, so nothing is lost, nothing repeats, and the cursor is just
// a position and a time. Events are still de-duplicated by event_id within
// a page, as a guard.

const loginFeedID = "box_login_usage"

type loginFeed struct {
	client       *box.Client
	enterpriseID string
	now          func() time.Time
	lag          time.Duration
}

// feedCursor resumes the feed: the stream position and the window start.
type feedCursor struct {
	Position string    `json:"p,omitempty"`
	After    time.Time `json:"a"`
}

func (f *loginFeed) EventFeedMetadata(context.Context) *v2.EventFeedMetadata {
	return &v2.EventFeedMetadata{Id: loginFeedID, SupportedEventTypes: []v2.EventType{v2.EventType_EVENT_TYPE_USAGE}}
}

func (f *loginFeed) ListEvents(ctx context.Context, earliest *timestamppb.Timestamp, tok *pagination.StreamToken) ([]*v2.Event, *pagination.StreamState, annotations.Annotations, error) {
	var cur feedCursor
	if err := decodeToken(tok.Cursor, &cur); err != nil {
		return nil, nil, nil, err
	}
	now := f.now().UTC()
	if cur.After.IsZero() && earliest != nil {
		cur.After = earliest.AsTime()
	}
	// A new feed starts, and a long-lived cursor's start falls, out of Box's
	// year of events: Box refuses such a window, and nothing before it
	// exists any more.
	cur.After = later(cur.After, oldestEventWindow(now))
	page, err := f.client.ListEvents(ctx, box.EventQuery{
		StreamType: box.StreamAdminLogs, EventTypes: []string{box.EventLogin},
		CreatedAfter: cur.After, CreatedBefore: now.Add(-f.lag), Position: cur.Position, Limit: tok.Size,
	})
	if err != nil {
		return nil, nil, nil, wrapf(err, "list login events (position %q)", cur.Position)
	}
	next, err := nextPosition(cur.Position, page)
	if err != nil {
		return nil, nil, nil, wrapf(err, "list login events (position %q)", cur.Position)
	}
	cur.Position = next

	seen := map[string]bool{}
	out := make([]*v2.Event, 0, len(page.Events))
	for _, e := range page.Events {
		if seen[e.ID] || !isLogin(e) {
			continue
		}
		seen[e.ID] = true
		out = append(out, f.usageEvent(e))
	}
	cursor, err := encodeToken(cur)
	if err != nil {
		return nil, nil, nil, err
	}
	// An empty page is Box's "nothing more for now"; a short one is not.
	return out, &pagination.StreamState{Cursor: cursor, HasMore: len(page.Events) > 0}, nil, nil
}

func (f *loginFeed) usageEvent(e box.Event) *v2.Event {
	name := e.CreatedBy.Name
	if name == "" {
		name = e.CreatedBy.Login
	}
	return &v2.Event{
		Id:         e.ID,
		OccurredAt: timestamppb.New(e.CreatedAt),
		Event: &v2.Event_UsageEvent{UsageEvent: &v2.UsageEvent{
			ActorResource:  &v2.Resource{Id: &v2.ResourceId{ResourceType: userResourceType.Id, Resource: e.CreatedBy.ID}, DisplayName: name},
			TargetResource: &v2.Resource{Id: &v2.ResourceId{ResourceType: enterpriseResourceType.Id, Resource: f.enterpriseID}},
		}},
	}
}
