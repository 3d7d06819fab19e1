package connector

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentDeletesClaimOneTransfer: deletes of one user at once (each
// after Box said the user still owns content) let one of them send the
// transfer; the others see it running. A claim older than transferGrace
// is replaced once.
func TestConcurrentDeletesClaimOneTransfer(t *testing.T) {
	t.Parallel()
	s := &userSyncer{transfers: &sync.Map{}}
	for round := range 200 {
		user := string(rune('a'+round%26)) + time.Duration(round).String()
		if round%2 == 1 {
			s.transfers.Store(user, time.Now().Add(-2*transferGrace)) // an old transfer
		}
		var claimed atomic.Int32
		var wg sync.WaitGroup
		start := make(chan struct{})
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				if _, running := s.claimTransfer(user); !running {
					claimed.Add(1)
				}
			}()
		}
		close(start)
		wg.Wait()
		if n := claimed.Load(); n != 1 {
			t.Fatalf("round %d: %d deletes claimed the transfer, want 1", round, n)
		}
	}
}
