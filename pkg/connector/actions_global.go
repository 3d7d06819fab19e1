package connector

import (
	"context"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/actions"
	"github.com/conductorone/baton-sdk/pkg/connectorbuilder"
)

var _ connectorbuilder.GlobalActionProvider = (*Connector)(nil)

// GlobalActions registers disable_user and enable_user without a resource
// type, with the string argument user_id: that is how ConductorOne's
// lifecycle automations (and its account-status-lifecycle-test check) call
// them, as they do for first-party connectors such as baton-okta. They
// share the handlers, guards and idempotency of the user resource actions.
func (c *Connector) GlobalActions(ctx context.Context, registry actions.ActionRegistry) error {
	a := c.userActions()
	return register(ctx, registry, []registeredAction{
		{actionSchema(actionDisableUser, "Disable user", disableDescription,
			[]v2.ActionType{v2.ActionType_ACTION_TYPE_ACCOUNT, v2.ActionType_ACTION_TYPE_ACCOUNT_DISABLE}), a.disableUser},
		{actionSchema(actionEnableUser, "Enable user", enableDescription,
			[]v2.ActionType{v2.ActionType_ACTION_TYPE_ACCOUNT, v2.ActionType_ACTION_TYPE_ACCOUNT_ENABLE}), a.enableUser},
	})
}
