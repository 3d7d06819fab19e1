package connector

import (
	"context"
	"strings"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	"github.com/conductorone/baton-sdk/pkg/connectorbuilder"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Account creation inputs (the account creation schema in Metadata). `login`
// and `name` are the fields of the Box connector already deployed; `email`
// is this connector's earlier name for the login and stays an alias.
const (
	accountFieldName     = "name"
	accountFieldLogin    = "login"
	accountFieldEmail    = "email"
	accountFieldJobTitle = "job_title"
)

func accountStringField(display, description, placeholder string, required bool, order int32) *v2.ConnectorAccountCreationSchema_Field {
	return &v2.ConnectorAccountCreationSchema_Field{
		DisplayName: display, Description: description, Placeholder: placeholder, Required: required, Order: order,
		Field: &v2.ConnectorAccountCreationSchema_Field_StringField{StringField: &v2.ConnectorAccountCreationSchema_StringField{}},
	}
}

var accountCreationSchema = &v2.ConnectorAccountCreationSchema{
	FieldMap: map[string]*v2.ConnectorAccountCreationSchema_Field{
		accountFieldName: accountStringField("Name", "The user's display name in Box (at most 50 characters).", "Jane Doe", true, 1),
		accountFieldLogin: accountStringField("Login e-mail",
			"The user's login, a work e-mail address; Box e-mails the user to set a password.", "jane.doe@example.com", true, 2),
		accountFieldEmail: accountStringField("E-mail (alias of login)",
			"Accepted in place of login, for configurations made with earlier releases; must match login when both are given.", "jane.doe@example.com", false, 3),
		accountFieldJobTitle: accountStringField("Job title", "", "Engineer", false, 4),
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
		ctxzap.Extract(ctx).Info("baton-box: create account: the login already exists", zap.String("login", in.Login), zap.String("user_id", existing.ID))
		noteAccount(ctx, existing, false)
		r, err := s.resource(existing, time.Time{})
		if err != nil {
			return nil, nil, nil, err
		}
		return &v2.CreateAccountResponse_AlreadyExistsResult{Resource: r, IsCreateAccountResult: true}, nil, nil, nil
	}
	if err != nil {
		return nil, nil, nil, wrapf(err, "create account (login %s)", in.Login)
	}
	noteAccount(ctx, u, true)
	r, err := s.resource(u, time.Time{})
	if err != nil {
		return nil, nil, nil, err
	}
	return &v2.CreateAccountResponse_SuccessResult{Resource: r, IsCreateAccountResult: true}, nil, nil, nil
}

// accountInput reads the creation inputs: name and job title from the
// profile; the login from the profile's `login` (or its alias `email`), the
// account login or the primary e-mail. Box has one login, its e-mail
// address, so every one of those that is given must name the same address.
func accountInput(info *v2.AccountInfo) (box.UserCreate, error) {
	profile := info.GetProfile().AsMap()
	str := func(k string) string {
		v, _ := profile[k].(string)
		return strings.TrimSpace(v)
	}
	in := box.UserCreate{Name: str(accountFieldName), JobTitle: str(accountFieldJobTitle)}

	sources := []struct{ what, value string }{
		{`profile field "login"`, str(accountFieldLogin)},
		{`profile field "email"`, str(accountFieldEmail)},
		{"account login (--create-account-login)", strings.TrimSpace(info.GetLogin())},
	}
	for _, e := range info.GetEmails() {
		if e.GetIsPrimary() {
			sources = append(sources, struct{ what, value string }{"primary e-mail (--create-account-email)", strings.TrimSpace(e.GetAddress())})
		}
	}
	var from string
	for _, src := range sources {
		switch {
		case src.value == "":
		case in.Login == "":
			in.Login, from = src.value, src.what
		case !strings.EqualFold(in.Login, src.value):
			return in, status.Errorf(codes.InvalidArgument,
				"baton-box: create account: the %s is %q but the %s is %q; a Box login is one e-mail address, give the same one (or only one)",
				from, in.Login, src.what, src.value)
		}
	}

	switch {
	case in.Name == "":
		return in, status.Error(codes.InvalidArgument, `baton-box: create account: the profile field "name" is required`)
	case in.Login == "" || !strings.Contains(in.Login, "@"):
		return in, status.Errorf(codes.InvalidArgument,
			`baton-box: create account: a login e-mail is required (profile field "login", or --create-account-email), got %q`, in.Login)
	case len([]rune(in.Name)) > 50:
		return in, status.Errorf(codes.InvalidArgument, "baton-box: create account: Box limits names to 50 characters, got %d", len([]rune(in.Name)))
	}
	return in, nil
}
