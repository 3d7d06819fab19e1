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
	return register(ctx, registry, c.userActions().statusActions(v2.ActionType_ACTION_TYPE_ACCOUNT))
}
