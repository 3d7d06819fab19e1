package connector

import (
	"context"
	"sync"
	"testing"

	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"go.uber.org/zap/zapcore"
	"go.uber.org/zap/zaptest/observer"
)

// TestAdminPrivilegesGiveUpOncePerSync: eight workers learning at once that
// Box shows admins' privileges nowhere warn once; the next sync starts
// over, and warns once again.
func TestAdminPrivilegesGiveUpOncePerSync(t *testing.T) {
	core, logs := observer.New(zapcore.WarnLevel)
	ctx := ctxzap.ToContext(context.Background(), zap.New(core))
	var p adminPrivileges
	for _, syncID := range []string{"sync-1", "sync-2"} {
		if p.unknownIn(syncID) {
			t.Fatalf("%s starts with the privileges unknown", syncID)
		}
		var wg sync.WaitGroup
		for range 8 {
			wg.Go(func() { p.giveUp(ctx, syncID, "42") })
		}
		wg.Wait()
		if !p.unknownIn(syncID) {
			t.Fatalf("%s: not given up", syncID)
		}
	}
	if p.unknownIn("sync-1") {
		t.Fatal("the state of sync-2 leaks into sync-1")
	}
	if n := logs.Len(); n != 2 {
		t.Fatalf("%d warnings for two syncs, want one each", n)
	}
}
