package boxsim

import (
	"slices"
	"strings"
)

// Who may change whom. The app's service account "can be thought of as
// having the permissions of a Box Co-Admin. Similar to co-admins being
// unable to manage each other ..." (developer.box.com/platform/user-types), and
// "co-admins do not have the permission to manage other co-admin accounts"
// (Box support article 360043693434; the spec's 403 text for PUT
// /users/{id}/folders/0 says the same for transfers). So a caller other
// than the primary admin (the service account, or a co-admin's user
// token) gets 403 access_denied_insufficient_permissions for any status,
// role, profile, transfer or delete change to a co-admin. The primary
// admin, through a user access token (Config.UserAccessTokens), may.

// mayManage reports whether caller may change target's account.
func mayManage(caller, target *userRec) bool {
	return caller == target || caller.role == roleAdmin || target.role != roleCoadmin
}

func cannotManageCoadmin() *apiError {
	return forbidden(codeAccessDenied, "Co-admins do not have the permission to manage other co-admin accounts")
}

// Co-admins need a login on a verified domain of the enterprise: the Admin
// Console refuses others with "Admin and Co-admin roles must use a
// verified domain for the primary and secondary email address" and "Co-admin
// roles must be part of a verified domain" (community.box.com threads
// 21220 and 34572, answered by Box staff; docs/box-behaviour.md, "Users").
// The API's answer is not documented: the simulator refuses with a 400
// naming the rule (an assumption), or with
// Config.UnverifiedCoadminForbidden a 403 access_denied_insufficient_permissions,
// Box's code for other privilege refusals (support article 360043693434).
func (s *Sim) verifiedDomain(login string) bool {
	_, domain, ok := strings.Cut(login, "@")
	if !ok {
		return false
	}
	verified := s.cfg.VerifiedDomains
	if verified == nil {
		verified = domains
	}
	return slices.ContainsFunc(verified, func(d string) bool { return strings.EqualFold(d, domain) })
}

func (s *Sim) unverifiedCoadmin(login string) *apiError {
	msg := "Admin and Co-admin roles must use a verified domain; '" + login + "' is not on one"
	if s.cfg.UnverifiedCoadminForbidden {
		return forbidden(codeAccessDenied, msg)
	}
	return badParam("role", msg)
}

// A new managed user is pending until they set a password
// (developer.box.com/guides/users/create-managed-user: "The account will be in a pending
// state until that action has taken place", and "Before you can make any
// changes to the newly created account, you need to click the link you
// receive in the confirmation email"). The spec's status enum has no
// pending (specvalidate relaxes it). Box's refusal is not documented; the
// simulator answers PUT /users/{id} on a pending user with a 400.
const userStatusPending = "pending"

func pendingUser() *apiError {
	return badParam("user_id", "The user has not confirmed the account yet: no changes can be made until they do")
}
