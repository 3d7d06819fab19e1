package box

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Token error codes Box's token endpoint returns (box-api-notes.md, "Auth").
const (
	TokenErrInvalidClient      = "invalid_client"
	TokenErrInvalidGrant       = "invalid_grant"
	TokenErrUnauthorizedClient = "unauthorized_client"
)

// AuthError is a failed client-credentials token request. Its message says
// what the Box administrator has to fix; it never contains the secret.
type AuthError struct {
	Code        string // OAuth2 error code, "" for transport or server failures
	Description string
	StatusCode  int
	cause       error
}

func (e *AuthError) Error() string {
	if e.Code == "" {
		if e.StatusCode != 0 {
			return fmt.Sprintf("box: token request failed with HTTP %d", e.StatusCode)
		}
		return "box: token request failed: " + oneLine(e.cause)
	}
	msg := fmt.Sprintf("box: token request rejected: %s", e.Code)
	if e.Description != "" {
		msg += fmt.Sprintf(" (%s)", e.Description)
	}
	if fix := e.Fix(); fix != "" {
		msg += ": " + fix
	}
	return msg
}

func (e *AuthError) Unwrap() error { return e.cause }

// Fix is the administrator's remedy for the error code.
func (e *AuthError) Fix() string {
	switch e.Code {
	case TokenErrInvalidClient:
		return "the client ID or client secret is wrong; copy both from the app's Configuration tab in the Box Developer Console"
	case TokenErrInvalidGrant:
		// Box gives this one answer for three causes
		// (guides/authentication/client-credentials, "Common errors").
		return "Box gives this answer for any of three causes: " +
			"(1) the client ID or client secret is wrong, or they are not from the same app: copy both from the app's Configuration tab in the Box Developer Console; " +
			"(2) the enterprise ID is not the app's enterprise, or the app's access level does not allow it: check the enterprise ID (Admin Console > Account & Billing) " +
			"and set App Access Level to App + Enterprise Access; " +
			"(3) no admin has authorised the app in this enterprise: Admin Console > Apps > Custom Apps Manager > Add App (re-authorise after changing scopes or access level)"
	case TokenErrUnauthorizedClient:
		return "the app is not authorised in this enterprise or the Client Credentials Grant is not enabled; " +
			"enable Client Credentials Grant for the app and have an admin authorise it in Admin Console > Apps > Custom Apps Manager"
	}
	return ""
}

func (e *AuthError) transient() bool {
	return e.Code == "" && (e.StatusCode == 0 || e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500)
}

// GRPCStatus: credentials problems are Unauthenticated/PermissionDenied (the
// SDK does not retry them); transport and server failures are Unavailable.
func (e *AuthError) GRPCStatus() *status.Status {
	code := codes.Unauthenticated
	switch {
	case e.transient():
		code = codes.Unavailable
	case e.Code == TokenErrUnauthorizedClient:
		code = codes.PermissionDenied
	}
	return status.New(code, e.Error())
}

// tokenSource mints client-credentials tokens for the enterprise's service
// account. Box issues no refresh token, so it mints anew shortly before
// expiry, and on demand after a 401 (invalidate).
type tokenSource struct {
	cfg        clientcredentials.Config
	httpClient *http.Client
	retry      retryPolicy
	now        func() time.Time

	mu        sync.Mutex
	token     *oauth2.Token
	mintedAt  time.Time
	expiresAt time.Time
}

func newTokenSource(tokenURL, clientID, clientSecret, enterpriseID string, hc *http.Client, rp retryPolicy) *tokenSource {
	return &tokenSource{
		cfg: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			TokenURL:     tokenURL,
			AuthStyle:    oauth2.AuthStyleInParams,
			EndpointParams: map[string][]string{
				"box_subject_type": {"enterprise"},
				"box_subject_id":   {enterpriseID},
			},
		},
		httpClient: hc,
		retry:      rp,
		now:        time.Now,
	}
}

// accessToken returns a token valid for a while yet, minting one if needed.
// The lock is held while minting so concurrent callers share one mint.
func (ts *tokenSource) accessToken(ctx context.Context) (string, error) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.token != nil && ts.now().Before(ts.refreshAt()) {
		return ts.token.AccessToken, nil
	}
	tok, err := ts.mint(ctx)
	if err != nil {
		return "", err
	}
	ts.token, ts.mintedAt = tok, ts.now()
	// Box's expires_in is "about 3600" seconds: use the value it sent.
	switch secs := expiresIn(tok); {
	case secs > 0:
		ts.expiresAt = ts.mintedAt.Add(time.Duration(secs) * time.Second)
	case !tok.Expiry.IsZero():
		ts.expiresAt = tok.Expiry
	default:
		ts.expiresAt = ts.mintedAt.Add(time.Hour)
	}
	return tok.AccessToken, nil
}

// refreshAt is a little before expiry: a fifth of the lifetime, at most a
// minute, so even tokens that live a few seconds are re-minted in time.
func (ts *tokenSource) refreshAt() time.Time {
	margin := min(ts.expiresAt.Sub(ts.mintedAt)/5, time.Minute)
	return ts.expiresAt.Add(-margin)
}

// invalidate drops the token after Box rejected it with 401, unless another
// caller has already replaced it.
func (ts *tokenSource) invalidate(access string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.token != nil && ts.token.AccessToken == access {
		ts.token = nil
	}
}

func (ts *tokenSource) mint(ctx context.Context) (*oauth2.Token, error) {
	ctx = context.WithValue(ctx, oauth2.HTTPClient, ts.httpClient)
	for attempt := 1; ; attempt++ {
		tok, err := ts.cfg.Token(ctx)
		if err == nil {
			return tok, nil
		}
		authErr := toAuthError(err)
		if !authErr.transient() || attempt >= ts.retry.maxAttempts {
			return nil, authErr
		}
		wait := ts.retry.backoff(attempt)
		ctxzap.Extract(ctx).Debug("baton-box: retrying token request", zap.Int("attempt", attempt), zap.Duration("wait", wait), zap.Error(authErr))
		if err := sleep(ctx, wait); err != nil {
			return nil, authErr
		}
	}
}

// expiresIn reads expires_in from the token response; clientcredentials
// keeps it only among the raw fields.
func expiresIn(tok *oauth2.Token) int64 {
	if tok.ExpiresIn > 0 {
		return tok.ExpiresIn
	}
	switch v := tok.Extra("expires_in").(type) {
	case float64:
		return int64(v)
	case string:
		n, _ := strconv.ParseInt(v, 10, 64)
		return n
	}
	return 0
}

func toAuthError(err error) *AuthError {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		ae := &AuthError{Code: re.ErrorCode, Description: re.ErrorDescription}
		if re.Response != nil {
			ae.StatusCode = re.Response.StatusCode
		}
		// The raw RetrieveError may quote the response body; keep only our summary.
		return ae
	}
	return &AuthError{cause: err}
}
