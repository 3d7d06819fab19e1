package connector

import (
	"context"
	"sync"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// walkStats counts the Box calls of a sync's folder walk and the calls it
// saved, for one log line when the sync's folder grants begin (the SDK
// lists every resource, the walk included, before any grant). Box licenses
// an enterprise a number of API calls a month (developer.box.com
// guides/api-calls/permissions-and-errors/rate-limits, "Licensing based"),
// so the line also says what a sync a day costs in a month.
type walkStats struct {
	mu     sync.Mutex
	syncID string
	walkCounts
}

// walkCounts are one sync's counts.
type walkCounts struct {
	logged                bool
	itemPages             int64 // items listings read
	collaborationPages    int64 // collaborations listings read
	skippedCollaborations int64 // folders without collaborations: no call
	filePagesSkipped      int64 // listings left once files began
	foldersReturned       int64 // folder resources the walk returned
}

// MonthlyCalls is what perSync calls cost in a month at one sync a day:
// Box licenses API calls by the month, and a sync's schedule is set where
// it runs (ConductorOne, cron), which the connector does not see.
func MonthlyCalls(perSync int64) int64 { return perSync * 30 }

// add counts into the sync's stats (a new sync starts them afresh).
func (ws *walkStats) add(syncID string, count func(*walkCounts)) {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	if ws.syncID != syncID {
		ws.syncID, ws.walkCounts = syncID, walkCounts{}
	}
	count(&ws.walkCounts)
}

// report logs the sync's walk once; pace is the client's.
func (ws *walkStats) report(ctx context.Context, syncID string, pace box.PaceReport) {
	ws.mu.Lock()
	if ws.syncID != syncID || ws.logged {
		ws.mu.Unlock()
		return
	}
	ws.logged = true
	calls := ws.itemPages + ws.collaborationPages
	items, collabs, skipped, filePages := ws.itemPages, ws.collaborationPages, ws.skippedCollaborations, ws.filePagesSkipped
	ws.mu.Unlock()
	ctxzap.Extract(ctx).Info("baton-box: folder walk done",
		zap.Int64("folder_calls", calls),
		zap.Int64("items_calls", items),
		zap.Int64("collaborations_calls", collabs),
		zap.Int64("collaborations_calls_saved", skipped),
		zap.Int64("items_calls_saved", filePages),
		zap.Int64("process_calls_so_far", pace.Requests),
		zap.Int64("answered_429", pace.Throttled),
		zap.Float64("calls_per_minute", float64(int(pace.PerMinute()*10))/10),
		zap.Int64("folder_calls_per_month_at_one_sync_a_day", MonthlyCalls(calls)))
}

// walked reports whether this process's walk returned folders in the sync.
func (ws *walkStats) walked(syncID string) bool {
	ws.mu.Lock()
	defer ws.mu.Unlock()
	return ws.syncID == syncID && ws.foldersReturned > 0
}
