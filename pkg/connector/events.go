package connector

import (
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Reading admin_logs safely, for the last-login pass and the login feed.

// eventRetention is how long Box keeps admin events; it answers 400 to a
// created_after beyond it (docs/box-behaviour.md, "Events").
const (
	eventRetention = 365 * 24 * time.Hour
	// retentionMargin keeps created_after clear of Box's edge, whose exact
	// cut-off (and clock) we do not know.
	retentionMargin = time.Hour
)

// oldestEventWindow is the earliest created_after Box accepts at now.
func oldestEventWindow(now time.Time) time.Time {
	return now.Add(-eventRetention + retentionMargin)
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// isLogin reports a LOGIN event that names its user.
func isLogin(e box.Event) bool {
	return e.Type == box.EventLogin && e.CreatedBy != nil && e.CreatedBy.ID != ""
}

// nextPosition is where to resume after page. Box answers
// next_stream_position 0 for a page without events (box-node-sdk
// src/enterprise-event-stream.ts ignores it for that reason): taken at its
// word, the next read would start over and repeat the whole window. So
// only a page that returned events moves the position, and such a page
// must carry a usable one.
func nextPosition(current string, page *box.EventPage) (string, error) {
	if len(page.Events) == 0 {
		return current, nil
	}
	if page.NextPosition == "" || page.NextPosition == "0" || page.NextPosition == current {
		return "", status.Errorf(codes.Internal,
			"Box returned %d events but no new stream position (%q); resuming would repeat or skip events", len(page.Events), page.NextPosition)
	}
	return page.NextPosition, nil
}
