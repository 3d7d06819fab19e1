package connector

import (
	"context"
	"fmt"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
	config "github.com/conductorone/baton-sdk/pb/c1/config/v1"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/actions"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/types/known/structpb"
)

// Resource actions on users. Every action takes the user as `resource_id`
// (the SDK's resource-id argument), returns {"success": true} and is
// idempotent: asking for a state that already holds changes nothing.
const (
	actionDisableUser       = "disable_user"
	actionEnableUser        = "enable_user"
	actionUpdateProfile     = "update_profile"
	actionTerminateSessions = "terminate_sessions"
	actionTransferContent   = "transfer_content"

	argResourceID = "resource_id"
	argName       = "name"
	argLogin      = "login"
	argJobTitle   = "job_title"
	argToUser     = "to_user_id"
	retSuccess    = "success"
)

func userIDField(name, display, description string) *config.Field {
	return config.Field_builder{
		Name: name, DisplayName: display, Description: description, IsRequired: true,
		ResourceIdField: config.ResourceIdField_builder{
			Rules: config.ResourceIDRules_builder{AllowedResourceTypeIds: []string{userResourceType.Id}}.Build(),
		}.Build(),
	}.Build()
}

func stringField(name, display, description string) *config.Field {
	return config.Field_builder{Name: name, DisplayName: display, Description: description, StringField: &config.StringField{}}.Build()
}

var successReturn = []*config.Field{
	config.Field_builder{Name: retSuccess, DisplayName: "Success", BoolField: &config.BoolField{}}.Build(),
}

func actionSchema(name, display, description string, t v2.ActionType, args ...*config.Field) *v2.BatonActionSchema {
	// Action types must be unique within a resource type, so each action
	// carries only its specific one.
	var types []v2.ActionType
	if t != v2.ActionType_ACTION_TYPE_UNSPECIFIED {
		types = []v2.ActionType{t}
	}
	return v2.BatonActionSchema_builder{
		Name: name, DisplayName: display, Description: description, ActionType: types,
		Arguments:   append([]*config.Field{userIDField(argResourceID, "User", "The Box user.")}, args...),
		ReturnTypes: successReturn,
	}.Build()
}

// ResourceActions registers the user actions.
func (s *userSyncer) ResourceActions(ctx context.Context, registry actions.ActionRegistry) error {
	for _, a := range []struct {
		schema  *v2.BatonActionSchema
		handler actions.ActionHandler
	}{
		{actionSchema(actionDisableUser, "Disable user", "Set the Box user's status to inactive: they can no longer log in and keep their seat.",
			v2.ActionType_ACTION_TYPE_ACCOUNT_DISABLE), s.disableUser},
		{actionSchema(actionEnableUser, "Enable user", "Set an inactive Box user's status back to active.",
			v2.ActionType_ACTION_TYPE_ACCOUNT_ENABLE), s.enableUser},
		{actionSchema(actionUpdateProfile, "Update profile", "Change the Box user's name, login or job title; omitted fields are kept.",
			v2.ActionType_ACTION_TYPE_ACCOUNT_UPDATE_PROFILE,
			stringField(argName, "Name", "New display name."),
			stringField(argLogin, "Login", "New login e-mail."),
			stringField(argJobTitle, "Job title", "New job title.")), s.updateProfile},
		{actionSchema(actionTerminateSessions, "End sessions", "End every session of the Box user on every device.",
			v2.ActionType_ACTION_TYPE_UNSPECIFIED), s.terminateSessions},
		{actionSchema(actionTransferContent, "Transfer content", "Move everything the Box user owns into a folder of another user.",
			v2.ActionType_ACTION_TYPE_UNSPECIFIED,
			userIDField(argToUser, "New owner", "The Box user who receives the content.")), s.transferContent},
	} {
		if err := registry.Register(ctx, a.schema, withErrorCode(a.handler)); err != nil {
			return fmt.Errorf("baton-box: register action %s: %w", a.schema.GetName(), err)
		}
	}
	return nil
}

func success() (*structpb.Struct, annotations.Annotations, error) {
	return &structpb.Struct{Fields: map[string]*structpb.Value{retSuccess: structpb.NewBoolValue(true)}}, nil, nil
}

// userArg reads a user resource-id argument.
func userArg(args *structpb.Struct, action, key string) (string, error) {
	id, ok := actions.GetResourceIDArg(args, key)
	if !ok || id.GetResource() == "" {
		return "", status.Errorf(codes.InvalidArgument,
			`baton-box: %s: argument %q must be a user resource id like {"resource_type_id":"user","resource_id":"<Box user id>"}`, action, key)
	}
	if id.GetResourceType() != userResourceType.Id {
		return "", status.Errorf(codes.InvalidArgument, "baton-box: %s: argument %q must be a user, got %s", action, key, id.GetResourceType())
	}
	return id.GetResource(), nil
}

func (s *userSyncer) setStatus(ctx context.Context, args *structpb.Struct, action, want string, holds func(string) bool) (*structpb.Struct, annotations.Annotations, error) {
	userID, err := userArg(args, action, argResourceID)
	if err != nil {
		return nil, nil, err
	}
	u, err := s.client.GetUser(ctx, userID)
	if err != nil {
		return nil, nil, wrapf(err, "%s (user %s): read user", action, userID)
	}
	if holds(u.Status) {
		return success()
	}
	if want == box.StatusInactive {
		if err := s.refuseSelf(ctx, action, userID); err != nil {
			return nil, nil, err
		}
	}
	if _, err := s.client.UpdateUser(ctx, userID, box.UserUpdate{Status: &want}); err != nil {
		return nil, nil, wrapf(err, "%s (user %s)", action, userID)
	}
	return success()
}

// disableUser: any non-inactive status becomes inactive.
func (s *userSyncer) disableUser(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	return s.setStatus(ctx, args, actionDisableUser, box.StatusInactive, func(st string) bool { return st == box.StatusInactive })
}

// enableUser: only inactive users change; restricted statuses
// (cannot_delete_edit*) can already log in and keep their restriction.
func (s *userSyncer) enableUser(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	return s.setStatus(ctx, args, actionEnableUser, box.StatusActive, func(st string) bool { return st != box.StatusInactive })
}

// refuseSelf keeps the connector from locking out its own service account.
func (s *userSyncer) refuseSelf(ctx context.Context, action, userID string) error {
	me, err := s.account.get(ctx)
	if err != nil {
		return wrapf(err, "%s (user %s): read the service account", action, userID)
	}
	if me.ID == userID {
		return status.Errorf(codes.FailedPrecondition, "baton-box: %s (user %s): refusing to act on the app's own service account", action, userID)
	}
	return nil
}

func (s *userSyncer) updateProfile(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	userID, err := userArg(args, actionUpdateProfile, argResourceID)
	if err != nil {
		return nil, nil, err
	}
	want := map[string]string{}
	for _, k := range []string{argName, argLogin, argJobTitle} {
		if v, ok := actions.GetStringArg(args, k); ok && strings.TrimSpace(v) != "" {
			want[k] = strings.TrimSpace(v)
		}
	}
	if len(want) == 0 {
		return nil, nil, status.Errorf(codes.InvalidArgument, "baton-box: %s: give at least one of %q, %q, %q", actionUpdateProfile, argName, argLogin, argJobTitle)
	}
	u, err := s.client.GetUser(ctx, userID)
	if err != nil {
		return nil, nil, wrapf(err, "%s (user %s): read user", actionUpdateProfile, userID)
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
		return success()
	}
	if _, err := s.client.UpdateUser(ctx, userID, upd); err != nil {
		return nil, nil, wrapf(err, "%s (user %s)", actionUpdateProfile, userID)
	}
	return success()
}

func (s *userSyncer) terminateSessions(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	userID, err := userArg(args, actionTerminateSessions, argResourceID)
	if err != nil {
		return nil, nil, err
	}
	if err := s.client.TerminateSessions(ctx, []string{userID}); err != nil {
		return nil, nil, wrapf(err, "%s (user %s)", actionTerminateSessions, userID)
	}
	return success()
}

func (s *userSyncer) transferContent(ctx context.Context, args *structpb.Struct) (*structpb.Struct, annotations.Annotations, error) {
	from, err := userArg(args, actionTransferContent, argResourceID)
	if err != nil {
		return nil, nil, err
	}
	to, err := userArg(args, actionTransferContent, argToUser)
	if err != nil {
		return nil, nil, err
	}
	if from == to {
		return nil, nil, status.Errorf(codes.InvalidArgument, "baton-box: %s: the user and the new owner are both %s", actionTransferContent, from)
	}
	if err := s.client.TransferOwnedContent(ctx, from, to); err != nil {
		return nil, nil, wrapf(err, "%s (user %s to user %s)", actionTransferContent, from, to)
	}
	return success()
}
