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
// name, login) but not their enterprise (docs/box-behaviour.md, "Collaborations"), so a user
// is the enterprise's when this sync's user listing has them (the user
// index in the session store, complete before any folder's collaborators
// are classified: the SDK lists every page of the users before the
// folders they announce, with one worker or several; the content-readings
// test "users over many pages" fails if an SDK upgrade changes that) or is
// the app's service account. Anyone else is read
// once per sync (GET /users/{id}) before being called external: the
// enterprise has users its listing leaves out (other apps' service
// accounts: `unlisted`), and Box keeps deleted users on collaborations
// (is_active false; GET answers 404: `gone`, holding nothing). Nothing
// here is skipped: every answer is exact for this sync's listing. Workers
// asking about the same user at once wait for one read.
type principals struct {
	client       *box.Client
	account      *serviceAccount
	enterpriseID string

	mu       sync.Mutex
	syncID   string
	managed  map[string]string        // user ID -> role, from the complete index
	skipped  map[string]bool          // listed users the sync leaves out (--skip-app-users)
	checked  map[string]principalKind // user ID -> what GET /users/{id} said
	unlisted map[string]*box.User     // the enterprise's users its listing leaves out, as read
	reading  map[string]chan struct{} // user ID -> closed when the read under way ends
}

// principalKind is what a collaborating user is to the enterprise.
type principalKind uint8

const (
	principalManaged  principalKind = iota // listed by GET /users, or the service account
	principalUnlisted                      // the enterprise's, not listed (another app's service account)
	principalExternal                      // another enterprise's
	principalGone                          // Box no longer has them
	principalSkipped                       // listed, left out of the sync (--skip-app-users)
)

func newPrincipals(client *box.Client, account *serviceAccount, enterpriseID string) *principals {
	return &principals{client: client, account: account, enterpriseID: enterpriseID}
}

// forSync resets what belongs to another sync. Callers hold p.mu.
func (p *principals) forSync(syncID string) {
	if p.syncID != syncID || p.checked == nil {
		p.syncID, p.managed, p.skipped = syncID, nil, nil
		p.checked, p.unlisted, p.reading = map[string]principalKind{}, map[string]*box.User{}, map[string]chan struct{}{}
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
	skipped := map[string]bool{}
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
			if u.Skipped {
				skipped[u.ID] = true
			}
		}
	}
	p.managed, p.skipped = managed, skipped
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

// classify tells what a collaborating user is to the enterprise.
func (p *principals) classify(ctx context.Context, ss sessions.SessionStore, syncID, userID string) (principalKind, error) {
	me, err := p.account.get(ctx)
	if err != nil {
		return 0, err
	}
	if userID == me.ID {
		return principalManaged, nil
	}
	p.mu.Lock()
	p.forSync(syncID)
	idx := p.index(ctx, ss)
	if _, listed := idx[userID]; listed {
		skipped := p.skipped[userID]
		p.mu.Unlock()
		if skipped {
			return principalSkipped, nil
		}
		return principalManaged, nil
	}
	kind, seen := p.checked[userID]
	if seen {
		p.mu.Unlock()
		return kind, nil
	}
	if done, ok := p.reading[userID]; ok {
		p.mu.Unlock()
		select {
		case <-done: // read (or failed: then this caller reads again)
		case <-ctx.Done():
			return 0, wrapf(context.Cause(ctx), "tell whether collaborator %s is external", userID)
		}
		return p.classify(ctx, ss, syncID, userID)
	}
	done := make(chan struct{})
	p.reading[userID] = done
	p.mu.Unlock()
	defer func() {
		p.mu.Lock()
		delete(p.reading, userID)
		p.mu.Unlock()
		close(done)
	}()

	u, err := p.client.GetUser(ctx, userID)
	switch {
	case box.IsNotFound(err):
		kind = principalGone
		ctxzap.Extract(ctx).Warn("baton-box: a folder collaborator is a user Box no longer has (deleted); their collaborations grant nothing",
			zap.String("user_id", userID))
	case err != nil:
		return 0, wrapf(err, "tell whether collaborator %s is external: read user", userID)
	case u.Enterprise == nil || u.Enterprise.ID != p.enterpriseID:
		kind = principalExternal
	case idx == nil:
		kind = principalManaged // the index is not complete: a listed user, as far as can be told
	default:
		kind = principalUnlisted
	}
	p.mu.Lock()
	p.checked[userID] = kind
	if kind == principalUnlisted {
		p.unlisted[userID] = u
	}
	p.mu.Unlock()
	return kind, nil
}

// unlistedUser is the user classify read for an unlisted collaborator.
func (p *principals) unlistedUser(userID string) *box.User {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.unlisted[userID]
}
