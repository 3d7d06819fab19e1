package connector

import (
	"context"
	"sync"

	"github.com/conductorone/baton-box/pkg/box"
)

// serviceAccount remembers the app's service account and its enterprise, as
// last read from /users/me. Validate refreshes it at the start of every sync,
// so the enterprise listing and the provisioning guards reuse that read
// instead of asking Box again.
type serviceAccount struct {
	client *box.Client

	mu sync.Mutex
	me *box.User
}

// refresh reads /users/me and remembers it.
func (a *serviceAccount) refresh(ctx context.Context) (*box.User, error) {
	me, err := a.client.CurrentUser(ctx)
	if err != nil {
		return nil, err
	}
	a.mu.Lock()
	a.me = me
	a.mu.Unlock()
	return me, nil
}

// get returns the remembered account, reading it if there is none yet.
func (a *serviceAccount) get(ctx context.Context) (*box.User, error) {
	a.mu.Lock()
	me := a.me
	a.mu.Unlock()
	if me != nil {
		return me, nil
	}
	return a.refresh(ctx)
}
