package connector

import (
	"context"
	"sync"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// principals tells the enterprise's users from people of other companies
// among a folder's collaborators. Box's collaboration names a user (id,
// name, login) but not their enterprise (box-content-api.md §4), so a user
// is the enterprise's when this sync's user listing has them (the user
// index in the session store, complete before any folder's collaborators
// are classified in practice: the user listing is one chain the SDK runs
// from the start) or is the app's service account; anyone else is
// external. Should the index not be complete yet, each unknown user is read
// once (GET /users/{id}: their enterprise decides). Nothing here is
// skipped: every answer is exact for this sync's listing.
type principals struct {
	client       *box.Client
	account      *serviceAccount
	enterpriseID string

	mu      sync.Mutex
	syncID  string
	managed map[string]string // user ID -> role, from the complete index
	checked map[string]bool   // user ID -> external, read from Box
}

func newPrincipals(client *box.Client, account *serviceAccount, enterpriseID string) *principals {
	return &principals{client: client, account: account, enterpriseID: enterpriseID}
}

// forSync resets what belongs to another sync. Callers hold p.mu.
func (p *principals) forSync(syncID string) {
	if p.syncID != syncID || p.checked == nil {
		p.syncID, p.managed = syncID, nil
		p.checked = map[string]bool{}
	}
}

// index returns the complete user index of the sync, loading it once; nil
// when it is not complete (yet) or there is no session store. Callers hold
// p.mu.
func (p *principals) index(ctx context.Context, ss sessions.SessionStore) map[string]string {
	if p.managed != nil {
		return p.managed
	}
	var managed map[string]string
	for n, pages := 0, 1; n < pages; n++ {
		users, count, ok := loadUserIndexPage(ctx, ss, n)
		if !ok {
			return nil
		}
		if n == 0 {
			pages, managed = count, make(map[string]string, len(users)*count)
		}
		for _, u := range users {
			managed[u.ID] = u.Role
		}
	}
	p.managed = managed
	return managed
}

// known reports whether userID is certainly one of the enterprise's listed
// users, with their role; false also when the index is not complete.
func (p *principals) known(ctx context.Context, ss sessions.SessionStore, syncID, userID string) (string, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.forSync(syncID)
	role, ok := p.index(ctx, ss)[userID]
	return role, ok
}

// external reports whether a collaborating user is from another company.
func (p *principals) external(ctx context.Context, ss sessions.SessionStore, syncID, userID string) (bool, error) {
	me, err := p.account.get(ctx)
	if err != nil {
		return false, err
	}
	if userID == me.ID {
		return false, nil
	}
	p.mu.Lock()
	p.forSync(syncID)
	if idx := p.index(ctx, ss); idx != nil {
		_, managed := idx[userID]
		p.mu.Unlock()
		return !managed, nil
	}
	ext, seen := p.checked[userID]
	p.mu.Unlock()
	if seen {
		return ext, nil
	}

	u, err := p.client.GetUser(ctx, userID)
	switch {
	case box.IsNotFound(err):
		ext = false // gone: whoever it was holds nothing now
	case err != nil:
		return false, wrapf(err, "tell whether collaborator %s is external: read user", userID)
	default:
		ext = u.Enterprise == nil || u.Enterprise.ID != p.enterpriseID
	}
	ctxzap.Extract(ctx).Debug("baton-box: user index not complete; read a collaborator", zap.String("user_id", userID), zap.Bool("external", ext))
	p.mu.Lock()
	p.checked[userID] = ext
	p.mu.Unlock()
	return ext, nil
}
