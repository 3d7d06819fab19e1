package box

import (
	"context"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
)

// TestPacerAdaptsToTheLimitBoxEnforces: eight workers paced at 20 requests
// a second against a simulator that enforces less (a lower rate, a smaller
// burst, or both, as when other apps share the budget) meet 429s on under
// 2% of their requests, and still get through at close to the real limit.
// Without adaptation the same runs meet a 429 on a third or more of them.
// It runs in a synctest bubble: minutes of fake time take a second.
func TestPacerAdaptsToTheLimitBoxEnforces(t *testing.T) {
	const (
		configured = 1200 // per minute: 20 a second
		workers    = 8
		perWorker  = 250
	)
	cases := map[string]boxsim.Faults{
		"half the rate, burst 2":   {RequestsPerMinute: 600, Burst: 2},
		"same rate, burst 5":       {RequestsPerMinute: 1200, Burst: 5},
		"a third of the rate":      {RequestsPerMinute: 400},
		"above the configured one": {RequestsPerMinute: 3000},
	}
	for name, faults := range cases {
		t.Run(name, func(t *testing.T) {
			disableHTTPCache(t)
			synctest.Test(t, func(t *testing.T) {
				sim := boxsim.New(boxsim.Config{Seed: 5, Users: 3})
				faults.Latency = 50 * time.Millisecond
				sim.SetFaults(faults)
				cfg := sim.Config()
				c := newBubbleClient(t, handlerTransport{sim}, func(c *Config) {
					c.ClientID, c.ClientSecret, c.EnterpriseID = cfg.ClientID, cfg.ClientSecret, cfg.EnterpriseID
					c.RequestsPerMinute = configured
				})
				start := time.Now()
				var wg sync.WaitGroup
				for range workers {
					wg.Go(func() {
						for range perWorker {
							if _, err := c.CurrentUser(context.Background()); err != nil {
								t.Errorf("request failed: %v", err)
								return
							}
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start)

				st := sim.Stats()
				share := float64(st.RateLimited) / float64(st.Total)
				limit := min(float64(configured), float64(faults.RequestsPerMinute)) / 60
				floor := time.Duration(float64(workers*perWorker) / limit * float64(time.Second))
				rate, burst := c.budgets.service.pace()
				t.Logf("%d requests, %d answered 429 (%.2f%%), %v for a floor of %v (%.2fx); pace now %.1f/s burst %d",
					st.Total, st.RateLimited, 100*share, elapsed.Round(time.Millisecond), floor, elapsed.Seconds()/floor.Seconds(), float64(rate), burst)
				if share >= 0.02 {
					t.Errorf("%.1f%% of requests answered 429, want under 2%%", 100*share)
				}
				if elapsed > floor*3/2 {
					t.Errorf("took %v, more than 1.5x the floor %v: the pacer backs off too far", elapsed, floor)
				}
			})
		})
	}
}
