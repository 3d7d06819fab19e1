package connector

import (
	"context"
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestWalkStatsLogOncePerSync: the walk's calls, the calls it saved and
// the month's cost at a sync a day are logged once per sync, a new sync
// counting afresh.
func TestWalkStatsLogOncePerSync(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.InfoLevel)
	ctx := ctxzap.ToContext(context.Background(), zap.New(core))
	var ws walkStats
	for range 3 {
		ws.add("s1", func(c *walkCounts) { c.itemPages++ })
	}
	ws.add("s1", func(c *walkCounts) { c.collaborationPages++; c.skippedCollaborations += 4; c.filePagesSkipped++ })
	pace := box.PaceReport{Requests: 10, Elapsed: time.Minute}
	ws.report(ctx, "s1", pace)
	ws.report(ctx, "s1", pace)
	ws.add("s2", func(c *walkCounts) { c.itemPages++ })
	ws.report(ctx, "s2", pace)

	entries := logs.FilterMessage("baton-box: folder walk done").All()
	if len(entries) != 2 {
		t.Fatalf("%d log lines, want one per sync", len(entries))
	}
	want := map[string]int64{"folder_calls": 4, "items_calls": 3, "collaborations_calls": 1, "collaborations_calls_saved": 4,
		"items_calls_saved": 1, "folder_calls_per_month_at_one_sync_a_day": 120}
	got := entries[0].ContextMap()
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %d", k, got[k], v)
		}
	}
	if got["calls_per_minute"] != 10.0 {
		t.Errorf("calls_per_minute = %v, want 10", got["calls_per_minute"])
	}
	if n := entries[1].ContextMap()["folder_calls"]; n != int64(1) {
		t.Errorf("second sync: folder_calls = %v, want 1", n)
	}
}
