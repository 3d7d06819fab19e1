package connector

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestAdminPrivilegesProbeOncePerSync: of eight workers wanting to read an
// admin's privileges at once, one reads (the probe) and the others wait for
// its answer; a probe that told nothing lets the next one probe; once a
// read shows Box shows them nowhere, nobody reads again, and one warning
// is logged. The next sync starts over.
func TestAdminPrivilegesProbeOncePerSync(t *testing.T) {
	t.Parallel()
	core, logs := observer.New(zapcore.WarnLevel)
	ctx := ctxzap.ToContext(context.Background(), zap.New(core))
	var p adminPrivileges
	for _, syncID := range []string{"sync-1", "sync-2"} {
		if p.unknownIn(syncID) {
			t.Fatalf("%s starts with the privileges unknown", syncID)
		}
		var probes, unknowns atomic.Int32
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() {
				turn, err := p.turn(ctx, syncID)
				if err != nil {
					t.Error(err)
					return
				}
				if turn == turnSkip {
					unknowns.Add(1)
					return
				}
				if turn != turnProbe {
					t.Error("a read went out beside the probe")
					return
				}
				// The first probe learns nothing (say, a 404); the next one
				// learns Box shows them nowhere.
				first := probes.Add(1) == 1
				p.settle(ctx, syncID, "42", true, !first, false)
			})
		}
		wg.Wait()
		if probes.Load() != 2 || unknowns.Load() != 6 || !p.unknownIn(syncID) {
			t.Fatalf("%s: %d probes, %d told unknown, unknown %v; want 2, 6, true", syncID, probes.Load(), unknowns.Load(), p.unknownIn(syncID))
		}
	}
	if p.unknownIn("sync-1") {
		t.Fatal("sync-2's state answers for sync-1")
	}
	if n := logs.Len(); n != 2 {
		t.Fatalf("%d warnings for two syncs, want one each", n)
	}
}
