package connector

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	config "github.com/conductorone/baton-sdk/pb/c1/config/v1"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/actions"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// User lifecycle actions. Their names and arguments are those of the Box
// connector already deployed: the Box user ID is the string argument
// `user_id` (the `resource_id` resource-id object of earlier baton-box
// releases is still accepted). Every action returns {"success": true} and
// is idempotent: asking for a state that already holds changes nothing.
//
// The user resource type registers all five as resource actions;
// disable_user and enable_user are also global actions (actions_global.go),
// which is how ConductorOne's lifecycle automations call them.
const (
	actionDisableUser       = "disable_user"
	actionEnableUser        = "enable_user"
	actionUpdateProfile     = "update_profile"
	actionTerminateSessions = "terminate_sessions"
	actionTransferContent   = "transfer_content"

	argUserID     = "user_id"
	argToUserID   = "to_user_id"
	argResourceID = "resource_id" // alias of user_id from earlier releases
	argName       = "name"
	argLogin      = "login"
	argJobTitle   = "job_title"
	argStatus     = "status" // enable_user's status to restore

	retSuccess        = "success"
	retStatus         = "status"          // disable_user, enable_user: the status now
	retPreviousStatus = "previous_status" // and the one before
)

// userActions carries out the actions; the user and role syncers embed it
// (deletes and role changes run its guard), and the connector's global
// actions use it too.
type userActions struct {
	client  *box.Client
	account *serviceAccount
	// admin acts as the primary admin for changes to co-admins
	// (--primary-admin-id; primary_admin.go); nil when not configured.
	admin *box.Client
	// scope is what the sync covers (scope.go); the user and role syncers
	// share it with the actions.
	scope syncScope
}

func stringField(name, display, description string, required bool) *config.Field {
	return config.Field_builder{Name: name, DisplayName: display, Description: description, IsRequired: required,
		StringField: &config.StringField{}}.Build()
}

func userIDField() *config.Field {
	return stringField(argUserID, "User ID", "The Box user ID (digits).", true)
}

var successReturn = []*config.Field{
	config.Field_builder{Name: retSuccess, DisplayName: "Success", BoolField: &config.BoolField{}}.Build(),
}

// statusReturn is what disable_user and enable_user return: the status
// before the action, for enable_user to restore, and after it.
var statusReturn = append(slices.Clone(successReturn),
	stringField(retPreviousStatus, "Previous status", "The user's Box status before the action (e.g. cannot_delete_edit): pass it to enable_user as status to restore it.", false),
	stringField(retStatus, "Status", "The user's Box status after the action.", false))

func actionSchema(name, display, description string, types []v2.ActionType, args ...*config.Field) *v2.BatonActionSchema {
	return v2.BatonActionSchema_builder{
		Name: name, DisplayName: display, Description: description, ActionType: types,
		Arguments:   append([]*config.Field{userIDField()}, args...),
		ReturnTypes: successReturn,
	}.Build()
}

type registeredAction struct {
	schema  *v2.BatonActionSchema
	handler actions.ActionHandler
}

func register(ctx context.Context, registry actions.ActionRegistry, list []registeredAction) error {
	for _, a := range list {
		if err := registry.Register(ctx, a.schema, withErrorCode(a.handler)); err != nil {
			return fmt.Errorf("baton-box: register action %s: %w", a.schema.GetName(), err)
		}
	}
	return nil
}

// statusActions are disable_user and enable_user, each typed as extra
// followed by its specific type: the resource actions and the global
// actions register the same two.
func (a *userActions) statusActions(extra ...v2.ActionType) []registeredAction {
	types := func(t v2.ActionType) []v2.ActionType { return append(slices.Clone(extra), t) }
	disable := actionSchema(actionDisableUser, "Disable user",
		"Set the Box user's status to inactive: they can no longer log in and keep their seat. "+
			"The result's previous_status is the status they had (a restricted one, cannot_delete_edit or cannot_delete_edit_upload, included): "+
			"pass it to enable_user as status to restore it.",
		types(v2.ActionType_ACTION_TYPE_ACCOUNT_DISABLE))
	enable := actionSchema(actionEnableUser, "Enable user",
		"Set an inactive Box user's status back to active, or to the status given (the previous_status disable_user returned): "+
			"Box keeps no record of a restricted status once a user is inactive, so without it a restricted user comes back active. "+
			"Users already enabled keep their status unless status is given.",
		types(v2.ActionType_ACTION_TYPE_ACCOUNT_ENABLE),
		stringField(argStatus, "Status", "The Box status to give the user: "+strings.Join(enabledStatuses, ", ")+" (default active).", false))
	disable.SetReturnTypes(statusReturn)
	enable.SetReturnTypes(statusReturn)
	return []registeredAction{{disable, a.disableUser}, {enable, a.enableUser}}
}

// ResourceActions registers the user actions. Action types must be unique
// within a resource type, so each carries only its specific one.
func (s *userSyncer) ResourceActions(ctx context.Context, registry actions.ActionRegistry) error {
	a := s.userActions
	return register(ctx, registry, append(a.statusActions(),
		registeredAction{actionSchema(actionUpdateProfile, "Update profile", "Change the Box user's name, login or job title; omitted fields are kept, an empty job title clears it.",
			[]v2.ActionType{v2.ActionType_ACTION_TYPE_ACCOUNT_UPDATE_PROFILE},
			stringField(argName, "Name", "New display name.", false),
			stringField(argLogin, "Login", "New login e-mail.", false),
			stringField(argJobTitle, "Job title", "New job title (empty clears it).", false)), a.updateProfile},
		registeredAction{actionSchema(actionTerminateSessions, "End sessions", "End every session of the Box user on every device.", nil), a.terminateSessions},
		registeredAction{actionSchema(actionTransferContent, "Transfer content", "Move everything the Box user owns into a folder of another user.", nil,
			stringField(argToUserID, "New owner's user ID", "The Box user ID (digits) of the user who receives the content.", true)), a.transferContent},
	))
}

func success() (*structpb.Struct, annotations.Annotations, error) {
	return &structpb.Struct{Fields: map[string]*structpb.Value{retSuccess: structpb.NewBoolValue(true)}}, nil, nil
}

// noChange reports an idempotent no-op, so an operator sees what was found.
func noChange(ctx context.Context, action, userID, found string) (*structpb.Struct, annotations.Annotations, error) {
	logNoChange(ctx, action, userID, found)
	return success()
}

func logNoChange(ctx context.Context, action, userID, found string) {
	ctxzap.Extract(ctx).Info("baton-box: nothing to change", zap.String("action", action), zap.String("user_id", userID), zap.String("found", found))
	noteOutcome(ctx, Outcome{Text: fmt.Sprintf("%s: nothing to change for user %s (%s)", action, userID, found), NoOp: true})
}

// userIDArg reads a user ID argument: a string of digits under key, or a
// user resource-id object ({"resource_type_id":"user","resource_id":"..."})
// under key or, for user_id, under the alias resource_id.
func userIDArg(args *structpb.Struct, action, key string) (string, error) {
	keys := []string{key}
	if key == argUserID {
		keys = append(keys, argResourceID)
	}
	for _, k := range keys {
		v, ok := args.GetFields()[k]
		if !ok {
			continue
		}
		var id string
		switch kind := v.GetKind().(type) {
		case *structpb.Value_StringValue:
			id = kind.StringValue
		case *structpb.Value_StructValue:
			rid, ok := actions.GetResourceIDArg(args, k)
			if !ok || rid.GetResourceType() != userResourceType.Id {
				return "", status.Errorf(codes.InvalidArgument,
					`baton-box: %s: argument %q must be a Box user ID string like "17000000001" (or {"resource_type_id":"user","resource_id":"<id>"})`, action, k)
			}
			id = rid.GetResource()
		default:
			return "", status.Errorf(codes.InvalidArgument, `baton-box: %s: argument %q must be a Box user ID string like "17000000001"`, action, k)
		}
		if err := validID("user", id); err != nil {
			return "", fmt.Errorf("baton-box: %s: argument %q: %w", action, k, err)
		}
		return id, nil
	}
	return "", status.Errorf(codes.InvalidArgument, `baton-box: %s: the argument %q (the Box user ID, a string of digits) is required`, action, key)
}

// target reads the user an action changes and refuses the accounts the
// connector must never change: the primary admin and its own service account.
func (a *userActions) target(ctx context.Context, action, userID string) (*box.User, error) {
	u, err := a.client.GetUser(ctx, userID)
	if err != nil {
		return nil, wrapf(err, "%s (user %s): read user", action, userID)
	}
	if err := a.guard(ctx, action, u, false); err != nil {
		return nil, err
	}
	return u, nil
}

// guard refuses changes to a user that Box would refuse, or the connector
// must never make: to the primary admin, to its own service account, to a
// co-admin (Box lets only the primary admin change a co-admin), and, unless
// pendingOK (a delete), to a pending user (Box refuses changes until they
// set a password). Every action, role change and delete runs it. The
// service account is recognised before the co-admin rule: Box counts it as
// a co-admin, and its refusal must say what it is, not send the operator
// to the primary admin.
func (a *userActions) guard(ctx context.Context, action string, u *box.User, pendingOK bool) error {
	if u.Role == box.RoleAdmin {
		return status.Errorf(codes.FailedPrecondition,
			"baton-box: %s (user %s): refusing to change the primary admin; Box allows that only in the Admin Console", action, u.ID)
	}
	me, err := a.account.get(ctx)
	if err != nil {
		return wrapf(err, "%s (user %s): read the service account", action, u.ID)
	}
	switch {
	case me.ID == u.ID:
		return status.Errorf(codes.FailedPrecondition,
			"baton-box: %s (user %s): refusing to act on the app's own service account, the account the connector acts as", action, u.ID)
	case u.Role == box.RoleCoadmin && a.admin == nil:
		return coadminRefusal(action, u.ID)
	case u.Status == box.StatusPending && !pendingOK:
		return status.Errorf(codes.FailedPrecondition,
			"baton-box: %s (user %s): the user has not activated the account yet (Box status pending); Box refuses changes until they set a password", action, u.ID)
	}
	return nil
}

// coadminRefusal: "co-admins do not have the permission to manage other
// co-admin accounts" (Box support 360043693434), and the app's service
// account counts as a co-admin. Without --primary-admin-id the connector
// refuses up front instead of sending a change Box answers with 403.
func coadminRefusal(action, userID string) error {
	return status.Errorf(codes.FailedPrecondition,
		"baton-box: %s (user %s): Box allows only the primary admin to change a co-admin; demote them in the Admin Console first "+
			"(or set --primary-admin-id so the connector acts as the primary admin)", action, userID)
}

// Restricted statuses. Box has one status field: a user disabled from
// cannot_delete_edit is just inactive, and Box keeps no record of the
// restriction. enable_user used to set every inactive user active, which
// silently widened a restricted user's rights after a disable and enable.
// The connector keeps no state of its own between actions (it runs as a
// one-shot process, and ConductorOne holds each action's result), and it
// must not refuse to disable a restricted user (offboarding has to work),
// nor park the old status in some other field of the user in Box. So the
// caller keeps it: disable_user returns previous_status, and enable_user
// takes it back as status; without it, an inactive user becomes active,
// as Box's own "activate" does.

// enabledStatuses are the statuses in which a user can log in, active first.
var enabledStatuses = []string{box.StatusActive, box.StatusCannotDeleteEdit, box.StatusCannotDeleteEditUpload}

// statusArg reads enable_user's optional status: "" when not given.
func statusArg(args *structpb.Struct) (string, error) {
	v, ok := args.GetFields()[argStatus]
	if !ok {
		return "", nil
	}
	sv, isString := v.GetKind().(*structpb.Value_StringValue)
	if !isString || !slices.Contains(enabledStatuses, strings.TrimSpace(sv.StringValue)) {
		return "", status.Errorf(codes.InvalidArgument, "baton-box: %s: argument %q must be one of %s, got %v",
			actionEnableUser, argStatus, strings.Join(enabledStatuses, ", "), v.AsInterface())
	}
	return strings.TrimSpace(sv.StringValue), nil
}

// setStatus gives the user the status target(current) names, when change
// is true; it returns the status before and after.
func (a *userActions) setStatus(ctx context.Context, args *structpb.Struct, action string, target func(current string) (want string, change bool)) (*structpb.Struct, annotations.Annotations, error) {
	userID, err := userIDArg(args, action, argUserID)
	if err != nil {
		return nil, nil, err
	}
	u, err := a.client.GetUser(ctx, userID)
	if err != nil {
		return nil, nil, wrapf(err, "%s (user %s): read user", action, userID)
	}
	want, change := target(u.Status)
	if !change {
		logNoChange(ctx, action, userID, "status "+u.Status)
		return statusResult(u.Status, u.Status)
	}
	if err := a.guard(ctx, action, u, false); err != nil {
		return nil, nil, err
	}
	if _, err := a.writerFor(u).UpdateUser(ctx, userID, box.UserUpdate{Status: &want}); err != nil {
		return nil, nil, wrapf(err, "%s (user %s)", action, userID)
	}
	return statusResult(u.Status, want)
}

func statusResult(previous, current string) (*structpb.Struct, annotations.Annotations, error) {
	return &structpb.Struct{Fields: map[string]*structpb.Value{
		retSuccess:        structpb.NewBoolValue(true),
		retPreviousStatus: structpb.NewStringValue(previous),
		retStatus:         structpb.NewStringValue(current),
	}}, nil, nil
}

// disableUser: any non-inactive status becomes inactive.
func (a *userActions) disableUser(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	return a.setStatus(ctx, args, actionDisableUser, func(current string) (string, bool) {
		return box.StatusInactive, current != box.StatusInactive
	})
}

// enableUser: an inactive user becomes active, or the status given; a
// user already enabled changes only to a status given.
func (a *userActions) enableUser(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	given, err := statusArg(args)
	if err != nil {
		return nil, nil, err
	}
	return a.setStatus(ctx, args, actionEnableUser, func(current string) (string, bool) {
		if given != "" {
			return given, current != given
		}
		return box.StatusActive, current == box.StatusInactive
	})
}

// profileArgs reads update_profile's optional string arguments. An absent
// argument keeps the value; an empty job title clears it, while Box
// requires a name and a login.
func profileArgs(args *structpb.Struct) (map[string]string, error) {
	want := map[string]string{}
	for _, k := range []string{argName, argLogin, argJobTitle} {
		v, ok := args.GetFields()[k]
		if !ok {
			continue
		}
		sv, isString := v.GetKind().(*structpb.Value_StringValue)
		if !isString {
			return nil, status.Errorf(codes.InvalidArgument, "baton-box: %s: argument %q must be a string", actionUpdateProfile, k)
		}
		val := strings.TrimSpace(sv.StringValue)
		if val == "" && k != argJobTitle {
			return nil, status.Errorf(codes.InvalidArgument, "baton-box: %s: argument %q cannot be empty; Box requires it", actionUpdateProfile, k)
		}
		want[k] = val
	}
	if len(want) == 0 {
		return nil, status.Errorf(codes.InvalidArgument, "baton-box: %s: give at least one of %q, %q, %q", actionUpdateProfile, argName, argLogin, argJobTitle)
	}
	return want, nil
}

func (a *userActions) updateProfile(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	userID, err := userIDArg(args, actionUpdateProfile, argUserID)
	if err != nil {
		return nil, nil, err
	}
	want, err := profileArgs(args)
	if err != nil {
		return nil, nil, err
	}
	u, err := a.target(ctx, actionUpdateProfile, userID)
	if err != nil {
		return nil, nil, err
	}
	var upd box.UserUpdate
	changed := false
	for k, cur := range map[string]string{argName: u.Name, argLogin: u.Login, argJobTitle: u.JobTitle} {
		v, ok := want[k]
		if !ok || v == cur || (k == argLogin && strings.EqualFold(v, cur)) {
			continue
		}
		changed = true
		switch k {
		case argName:
			upd.Name = &v
		case argLogin:
			upd.Login = &v
		case argJobTitle:
			upd.JobTitle = &v
		}
	}
	if !changed {
		return noChange(ctx, actionUpdateProfile, userID, "the profile already has these values")
	}
	if _, err := a.writerFor(u).UpdateUser(ctx, userID, upd); err != nil {
		return nil, nil, wrapf(err, "%s (user %s)", actionUpdateProfile, userID)
	}
	return success()
}

func (a *userActions) terminateSessions(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	userID, err := userIDArg(args, actionTerminateSessions, argUserID)
	if err != nil {
		return nil, nil, err
	}
	if _, err := a.target(ctx, actionTerminateSessions, userID); err != nil {
		return nil, nil, err
	}
	if err := a.client.TerminateSessions(ctx, []string{userID}); err != nil {
		return nil, nil, wrapf(err, "%s (user %s)", actionTerminateSessions, userID)
	}
	return success()
}

func (a *userActions) transferContent(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	from, err := userIDArg(args, actionTransferContent, argUserID)
	if err != nil {
		return nil, nil, err
	}
	to, err := userIDArg(args, actionTransferContent, argToUserID)
	if err != nil {
		return nil, nil, err
	}
	if from == to {
		return nil, nil, status.Errorf(codes.InvalidArgument, "baton-box: %s: the user and the new owner are both %s", actionTransferContent, from)
	}
	u, err := a.target(ctx, actionTransferContent, from)
	if err != nil {
		return nil, nil, err
	}
	writer := a.writerFor(u)
	if a.admin != nil {
		// Only the primary admin may transfer to an admin or co-admin.
		switch dst, err := a.client.GetUser(ctx, to); {
		case err != nil:
			return nil, nil, wrapf(err, "%s (user %s to user %s): read the new owner", actionTransferContent, from, to)
		case privileged(dst):
			writer = a.admin
		}
	}
	err = writer.TransferOwnedContent(ctx, from, to)
	switch {
	case box.IsUnknownOutcome(err):
		return nil, nil, status.Errorf(codes.Unavailable,
			"baton-box: %s (user %s to user %s): the transfer may or may not have happened, and is not sent again; "+
				"check what user %s still owns before running the action again: %v", actionTransferContent, from, to, from, err)
	case box.IsStorageLimit(err):
		return nil, nil, status.Errorf(codes.FailedPrecondition,
			"baton-box: %s (user %s to user %s): user %s has no room for the content (Box: storage_limit_exceeded); raise their storage or pick another new owner: %v",
			actionTransferContent, from, to, to, err)
	case err != nil:
		return nil, nil, wrapf(err, "%s (user %s to user %s)", actionTransferContent, from, to)
	}
	return success()
}
