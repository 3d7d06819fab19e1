package connector

import (
	"context"
	"sync"

	"github.com/conductorone/baton-box/pkg/box"
)

// ownerAccess is how the connector acts as a folder's owner. Box refuses
// the as-user header for admins and co-admins (Box staff: "you can only
// impersonate regular managed users"), so their folders are out of the
// service account's reach. A user access token acts as them without the
// header; minting one needs the app's "Generate User Access Tokens" setting,
// which --primary-admin-id already requires and Validate proves, so the
// connector uses it for them only when --primary-admin-id is set. The
// service account's own folders (content a deleted user left it) are read
// with its own token and no header: Box refuses a header naming the
// token's own user (as-user guide, Limitations).
type ownerAccess struct {
	client     *box.Client // the service account's, acting through as-user
	account    *serviceAccount
	userTokens bool

	mu     sync.Mutex
	tokens map[string]*box.Client // owner → a client on their own token, kept so the token is reused
}

func newOwnerAccess(client *box.Client, account *serviceAccount, userTokens bool) *ownerAccess {
	return &ownerAccess{client: client, account: account, userTokens: userTokens, tokens: map[string]*box.Client{}}
}

// own returns the client that acts as owner through their own token.
func (o *ownerAccess) own(owner string) (*box.Client, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if c, ok := o.tokens[owner]; ok {
		return c, nil
	}
	c, err := o.client.AsUser(owner)
	if err != nil {
		return nil, err
	}
	o.tokens[owner] = c
	return c, nil
}

// isServiceAccount reports whether owner is the app's service account.
func (o *ownerAccess) isServiceAccount(ctx context.Context, owner string) (bool, error) {
	me, err := o.account.get(ctx)
	if err != nil {
		return false, wrapf(err, "read the app's service account (users/me)")
	}
	return me.ID == owner, nil
}

// base is the client that acts as owner first: the service account's
// own, without the header, for its own folders; else the as-user client.
func (o *ownerAccess) base(ctx context.Context, owner string) (*box.Client, error) {
	self, err := o.isServiceAccount(ctx, owner)
	if err != nil || !self {
		return o.client, err
	}
	return o.client.AsServiceAccount(owner)
}

// do runs call as owner: through the as-user header, or through the owner's
// own token once Box has refused the header for them in this process. When
// Box refuses the header (403 access_denied_insufficient_permissions) and
// user tokens may be minted, call runs again through the owner's token,
// which later calls for the owner then use from the start. (call passes
// the owner as the as-user; a client on their own token leaves the header
// out.) A call Box refuses changes nothing, so running it again is safe.
func (o *ownerAccess) do(ctx context.Context, owner string, call func(*box.Client) error) error {
	c, err := o.base(ctx, owner)
	if err != nil {
		return err
	}
	o.mu.Lock()
	if own, ok := o.tokens[owner]; ok {
		c = own
	}
	o.mu.Unlock()
	err = call(c)
	if err == nil || c != o.client || !o.userTokens || !box.IsAccessDenied(err) {
		return err
	}
	own, ownErr := o.own(owner)
	if ownErr != nil {
		return err
	}
	return call(own)
}
