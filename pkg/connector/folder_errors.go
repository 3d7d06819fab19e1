package connector

import (
	"context"
	"fmt"

	"github.com/conductorone/baton-box/pkg/box"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Content calls act as a user (As-User). Box answers a missing app setting
// "Make API calls using the as-user header" exactly as a missing scope: 403
// insufficient_scope (docs/box-behaviour.md, "Acting as a user"). GET /users/me honours the
// header and needs no scope, so one call with the same header tells them
// apart, and the error names the one thing to fix.

const (
	asUserSettingFix = `turn on "Make API calls using the as-user header" in the Box Developer Console ` +
		`(your app > Configuration > Advanced Features), then have a Box admin re-authorise the app (Admin Console > Apps > Custom Apps Manager)`
	contentScopeFix = "add it in the Box Developer Console (your app > Configuration > Application Scopes), " +
		"then have a Box admin re-authorise the app (Admin Console > Apps > Custom Apps Manager)"
)

// explainContentError turns err, from a content call made as asUser, into
// one actionable line when it is a missing setting or scope (scope: the one
// the call needs); anything else is returned wrapped, code kept.
func explainContentError(ctx context.Context, client *box.Client, err error, asUser, scope, format string, args ...any) error {
	if !box.IsInsufficientScope(err) {
		return wrapf(err, format, args...)
	}
	action := fmt.Sprintf(format, args...)
	if _, probe := client.CurrentUserAs(ctx, asUser); box.IsInsufficientScope(probe) {
		return status.Errorf(codes.FailedPrecondition, "baton-box: %s: Box refuses the as-user header, which reading and changing users' folders needs: %s",
			action, asUserSettingFix)
	}
	return status.Errorf(codes.FailedPrecondition, "baton-box: %s: the Box app lacks the %q scope: %s", action, scope, contentScopeFix)
}
