package connector

import (
	"context"
	"maps"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/pagination"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// pageStore is the part of a session store the guards use (getValues,
// setValues), over one sync.
type pageStore struct {
	sessions.SessionStore // nil: any other method panics
	mu                    sync.Mutex
	values                map[string][]byte
	writes                int
}

func (p *pageStore) GetMany(_ context.Context, keys []string, _ ...sessions.SessionStoreOption) (map[string][]byte, []string, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string][]byte{}
	for _, k := range keys {
		if v, ok := p.values[k]; ok {
			out[k] = v
		}
	}
	return out, nil, nil
}

func (p *pageStore) SetMany(_ context.Context, values map[string][]byte, _ ...sessions.SessionStoreOption) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.values == nil {
		p.values = map[string][]byte{}
	}
	maps.Copy(p.values, values)
	p.writes++
	return nil
}

func wantDataLoss(t *testing.T, err error, text string) {
	t.Helper()
	if status.Code(err) != codes.DataLoss || !strings.Contains(err.Error(), text) {
		t.Fatalf("want DataLoss saying %q, got %v (%v)", text, err, status.Code(err))
	}
}

// TestListingGuardEntries: an ID twice on a page or across pages is
// DataLoss; a page read again under its number is not a repeat; a listing
// of one page writes nothing to the store; without a store only the page
// itself is checked.
func TestListingGuardEntries(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ss := &pageStore{}
	g := newListingGuard("test")
	wantDataLoss(t, g.checkEntries(ctx, ss, 0, []string{"1", "2", "1"}, false), "twice on page 0")
	if err := g.checkEntries(ctx, ss, 0, []string{"1"}, true); err != nil || ss.writes != 0 {
		t.Fatalf("one page: %v, %d writes", err, ss.writes)
	}
	for _, step := range []struct {
		n    int
		ids  []string
		last bool
	}{{0, []string{"1", "2"}, false}, {1, []string{"3", "4"}, false}, {1, []string{"3", "4"}, false}, {2, []string{"5"}, true}} {
		if err := g.checkEntries(ctx, ss, step.n, step.ids, step.last); err != nil {
			t.Fatalf("page %d: %v", step.n, err)
		}
	}
	_ = g.checkEntries(ctx, ss, 1, []string{"1", "2"}, false) // page 1 repeats page 0
	wantDataLoss(t, g.checkEntries(ctx, ss, 2, []string{"3"}, true), "on page 0 and again on page 1")
	wantDataLoss(t, g.checkEntries(ctx, ss, 2, []string{"4", "1"}, true), "again on page")

	var none sessions.SessionStore // no store: the SDK's wrapper panics; a cache miss
	if err := g.checkEntries(ctx, none, 3, []string{"1"}, true); err != nil {
		t.Fatalf("without a store: %v", err)
	}
	wantDataLoss(t, g.checkEntries(ctx, none, 3, []string{"7", "7"}, true), "twice")
}

// TestListingGuardMarkers: a next marker already sent (A→B→A) fails on the
// page that points back; fetching a page again is no cycle.
func TestListingGuardMarkers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	ss := &pageStore{}
	g := newListingGuard("test")
	for _, step := range []struct {
		n    int
		next string
	}{{0, "A"}, {1, "B"}, {1, "B"}, {0, "A"}, {2, ""}} {
		if err := g.checkMarker(ctx, ss, step.n, step.next); err != nil {
			t.Fatalf("page %d -> %q: %v", step.n, step.next, err)
		}
	}
	wantDataLoss(t, g.checkMarker(ctx, ss, 2, "A"), "page 2 points back to the marker of page 1")
	if err := newListingGuard("other").checkMarker(ctx, ss, 2, "A"); err != nil {
		t.Fatalf("another listing shares the markers: %v", err)
	}
}

// TestUserWalkIsGuarded: when the role and enterprise grants page /users
// themselves (no complete user index), a marker that comes back fails the
// walk on the page that points back, and a 404 is DataLoss, not NotFound.
func TestUserWalkIsGuarded(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	sim := boxsim.New(boxsim.Config{Seed: 3, Users: 20})
	srv := httptest.NewServer(sim)
	defer srv.Close()
	cfg := sim.Config()
	client, err := box.New(ctx, box.Config{BaseURL: srv.URL, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret, EnterpriseID: cfg.EnterpriseID, PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	walk := func(ss sessions.SessionStore) (int, error) {
		token := ""
		for calls := 1; calls <= 10; calls++ {
			_, next, err := walkUsers(ctx, client, exclusions{}, rs.SyncOpAttrs{Session: ss, SyncID: "s", PageToken: pagination.Token{Token: token}})
			if err != nil || next == "" {
				return calls, err
			}
			token = next
		}
		return 10, nil
	}

	sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{{Mode: boxsim.ListingMarkerCycle, Route: "GET /users"}}})
	calls, err := walk(&pageStore{})
	wantDataLoss(t, err, "points back")
	if calls != 3 {
		t.Fatalf("the cycle failed after %d pages, want 3", calls)
	}
	sim.SetFaults(boxsim.Faults{Listings: []boxsim.ListingFault{{Mode: boxsim.ListingNotFound, Route: "GET /users"}}})
	_, err = walk(&pageStore{})
	wantDataLoss(t, err, "404")
	sim.SetFaults(boxsim.Faults{})
	if calls, err := walk(&pageStore{}); err != nil || calls != 4 {
		t.Fatalf("a clean walk: %d pages, %v", calls, err)
	}
}
