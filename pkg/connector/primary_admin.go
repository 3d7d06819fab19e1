package connector

import (
	"context"
	"errors"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Acting as the primary admin. The app's service account counts as a
// co-admin, and "co-admins do not have the permission to manage other
// co-admin accounts" (Box support article 360043693434): a co-admin the
// connector granted could never be revoked by it, a trap for just-in-time
// access. Box lets the app act as the primary admin through a user access
// token: the client-credentials grant with box_subject_type=user and the
// admin's ID, which needs App + Enterprise Access and the app's "Generate
// User Access Tokens" setting (developer.box.com/guides/authentication/
// client-credentials: "A Managed User or an Admin"). The as-user header is
// no way round: it names only regular managed users, not admins or
// co-admins. So --primary-admin-id opts in: changes to a co-admin (and
// transfers to or from one) are then made with the admin's token, and the
// folders of admins and co-admins are read and changed with their own
// tokens (ownerAccess); every other call stays the service account's.

// validatePrimaryAdmin proves --primary-admin-id: a token can be minted for
// it and it is the primary admin. It runs only when the option is set.
func (c *Connector) validatePrimaryAdmin(ctx context.Context) error {
	me, err := c.admin.CurrentUser(ctx)
	var authErr *box.AuthError
	switch {
	case errors.As(err, &authErr) && authErr.Code == box.TokenErrInvalidGrant:
		return fmt.Errorf("baton-box: validate: Box refused a user access token for --primary-admin-id (BATON_PRIMARY_ADMIN_ID); "+
			"enable Generate User Access Tokens in the app's Configuration (Advanced Features), re-authorise the app in the Admin Console, "+
			"and check the ID: %w", err)
	case err != nil:
		return fmt.Errorf("baton-box: validate: act as --primary-admin-id (BATON_PRIMARY_ADMIN_ID): %w", err)
	case me.Role != box.RoleAdmin:
		return status.Errorf(codes.FailedPrecondition,
			"baton-box: validate: --primary-admin-id (BATON_PRIMARY_ADMIN_ID) is user %s, whose role is %s; it must be the enterprise's primary admin",
			me.ID, roleResourceID(me.Role))
	}
	return nil
}

// writerFor is the client that may change u: the primary admin's for a
// co-admin (when configured), else the service account's.
func (a *userActions) writerFor(u *box.User) *box.Client {
	if u.Role == box.RoleCoadmin && a.admin != nil {
		return a.admin
	}
	return a.client
}
