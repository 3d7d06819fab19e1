package connector

import (
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/connectorbuilder"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Account creation inputs (the account creation schema in Metadata).
const (
	accountFieldName     = "name"
	accountFieldEmail    = "email"
	accountFieldJobTitle = "job_title"
)

var accountCreationSchema = &v2.ConnectorAccountCreationSchema{
	FieldMap: map[string]*v2.ConnectorAccountCreationSchema_Field{
		accountFieldName: {
			DisplayName: "Name", Required: true, Order: 1, Placeholder: "Jane Doe",
			Description: "The user's display name in Box (at most 50 characters).",
			Field:       &v2.ConnectorAccountCreationSchema_Field_StringField{StringField: &v2.ConnectorAccountCreationSchema_StringField{}},
		},
		accountFieldEmail: {
			DisplayName: "Login e-mail", Required: true, Order: 2, Placeholder: "jane.doe@example.com",
			Description: "The user's login, a work e-mail address; Box e-mails the user to set a password.",
			Field:       &v2.ConnectorAccountCreationSchema_Field_StringField{StringField: &v2.ConnectorAccountCreationSchema_StringField{}},
		},
		accountFieldJobTitle: {
			DisplayName: "Job title", Order: 3, Placeholder: "Engineer",
			Field: &v2.ConnectorAccountCreationSchema_Field_StringField{StringField: &v2.ConnectorAccountCreationSchema_StringField{}},
		},
	},
}

// CreateAccountCapabilityDetails: Box sets no password; it e-mails the user.
func (s *userSyncer) CreateAccountCapabilityDetails(context.Context) (*v2.CredentialDetailsAccountProvisioning, annotations.Annotations, error) {
	return &v2.CredentialDetailsAccountProvisioning{
		SupportedCredentialOptions: []v2.CapabilityDetailCredentialOption{v2.CapabilityDetailCredentialOption_CAPABILITY_DETAIL_CREDENTIAL_OPTION_NO_PASSWORD},
		PreferredCredentialOption:  v2.CapabilityDetailCredentialOption_CAPABILITY_DETAIL_CREDENTIAL_OPTION_NO_PASSWORD,
	}, nil, nil
}

// CreateAccount creates a managed user. An existing login is not an error:
// the existing account is returned as "already exists".
func (s *userSyncer) CreateAccount(ctx context.Context, info *v2.AccountInfo, _ *v2.LocalCredentialOptions) (
	connectorbuilder.CreateAccountResponse, []*v2.PlaintextData, annotations.Annotations, error,
) {
	in, err := accountInput(info)
	if err != nil {
		return nil, nil, nil, err
	}
	u, err := s.client.CreateUser(ctx, in)
	if box.IsLoginTaken(err) {
		existing, findErr := s.client.FindUserByLogin(ctx, in.Login)
		switch {
		case findErr != nil:
			return nil, nil, nil, wrapf(findErr, "create account (login %s): look up the existing account", in.Login)
		case existing == nil:
			return nil, nil, nil, wrapf(err, "create account (login %s): the login is taken outside this enterprise", in.Login)
		}
		r, err := userResource(existing, time.Time{})
		if err != nil {
			return nil, nil, nil, err
		}
		return &v2.CreateAccountResponse_AlreadyExistsResult{Resource: r, IsCreateAccountResult: true}, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, wrapf(err, "create account (login %s)", in.Login)
	}
	r, err := userResource(u, time.Time{})
	if err != nil {
		return nil, nil, nil, err
	}
	return &v2.CreateAccountResponse_SuccessResult{Resource: r, IsCreateAccountResult: true}, nil, nil, nil
}

// accountInput reads the creation inputs: name and job title from the
// profile; the login from the profile's e-mail, else the account login, else
// the primary e-mail.
func accountInput(info *v2.AccountInfo) (box.UserCreate, error) {
	profile := info.GetProfile().AsMap()
	str := func(k string) string {
		v, _ := profile[k].(string)
		return strings.TrimSpace(v)
	}
	in := box.UserCreate{Name: str(accountFieldName), JobTitle: str(accountFieldJobTitle), Login: str(accountFieldEmail)}
	if in.Login == "" {
		in.Login = strings.TrimSpace(info.GetLogin())
	}
	for _, e := range info.GetEmails() {
		if in.Login == "" && e.GetIsPrimary() {
			in.Login = strings.TrimSpace(e.GetAddress())
		}
	}
	switch {
	case in.Name == "":
		return in, status.Error(codes.InvalidArgument, `baton-box: create account: the profile field "name" is required`)
	case in.Login == "" || !strings.Contains(in.Login, "@"):
		return in, status.Errorf(codes.InvalidArgument, `baton-box: create account: a login e-mail is required (profile field "email" or the account login), got %q`, in.Login)
	case len([]rune(in.Name)) > 50:
		return in, status.Errorf(codes.InvalidArgument, "baton-box: create account: Box limits names to 50 characters, got %d", len([]rune(in.Name)))
	}
	return in, nil
}

// Delete removes a user without losing their files: everything the user owns
// is first transferred to the content owner (--content-owner-id, default the
// app's service account), then the user is deleted without force, so Box
// refuses rather than destroy content that has not moved yet.
func (s *userSyncer) Delete(ctx context.Context, id *v2.ResourceId, _ *v2.ResourceId) (annotations.Annotations, error) {
	if id.GetResourceType() != userResourceType.Id || id.GetResource() == "" {
		return nil, status.Errorf(codes.InvalidArgument, "baton-box: delete user: not a user: %s %q", id.GetResourceType(), id.GetResource())
	}
	userID := id.GetResource()
	me, err := s.account.get(ctx)
	if err != nil {
		return nil, wrapf(err, "delete user (user %s): read the service account", userID)
	}
	if me.ID == userID {
		return nil, status.Errorf(codes.FailedPrecondition, "baton-box: delete user (user %s): refusing to delete the app's own service account", userID)
	}
	u, err := s.client.GetUser(ctx, userID)
	if box.IsNotFound(err) {
		return annotations.New(&v2.ResourceDoesNotExist{}), nil
	}
	if err != nil {
		return nil, wrapf(err, "delete user (user %s): read user", userID)
	}
	if u.Role == box.RoleAdmin {
		return nil, status.Errorf(codes.FailedPrecondition, "baton-box: delete user (user %s): refusing to delete the primary admin", userID)
	}

	owner := s.contentOwnerID
	if owner == "" {
		owner = me.ID
	} else if _, err := s.client.GetUser(ctx, owner); err != nil {
		return nil, wrapf(err, "delete user (user %s): check --content-owner-id %s", userID, owner)
	}
	if owner == userID {
		return nil, status.Errorf(codes.FailedPrecondition, "baton-box: delete user (user %s): the user is the configured content owner (--content-owner-id)", userID)
	}
	if err := s.client.TransferOwnedContent(ctx, userID, owner); err != nil {
		if box.IsNotFound(err) {
			return annotations.New(&v2.ResourceDoesNotExist{}), nil
		}
		return nil, wrapf(err, "delete user (user %s): transfer owned content to user %s", userID, owner)
	}

	err = s.client.DeleteUser(ctx, userID, false)
	switch {
	case box.IsNotFound(err):
		return annotations.New(&v2.ResourceDoesNotExist{}), nil
	case box.StatusCode(err) == http.StatusBadRequest:
		// Box still counts content as the user's: its transfer runs
		// asynchronously. Unavailable makes the delete be retried later.
		return nil, status.Errorf(codes.Unavailable,
			"baton-box: delete user (user %s): Box has not finished moving the user's content to user %s yet; retry: %v", userID, owner, err)
	case err != nil:
		return nil, wrapf(err, "delete user (user %s)", userID)
	}
	return nil, nil
}
