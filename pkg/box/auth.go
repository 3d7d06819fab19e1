package box

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"sync"
	"time"

	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Token error codes Box's token endpoint returns (docs/box-behaviour.md, "Authentication").
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
	// Invalid: the endpoint answered 2xx with something that is not a
	// token (no access_token, not JSON: a proxy's page, a wrong URL).
	Invalid     bool
	ContentType string // of an Invalid answer
	// Redirect is where a 3xx answer pointed (scheme://host): a token
	// request follows no redirect, since its form carries the client secret.
	Redirect string
	// fault names a host that cannot be reached however often the
	// request is sent (hostFault): not transient.
	fault string
	cause error
}

func (e *AuthError) Error() string {
	if isRedirect(e.StatusCode) {
		target := e.Redirect
		if target == "" {
			target = "nowhere (no Location)"
		}
		return fmt.Sprintf("box: Box's token endpoint answered HTTP %d, a redirect to %s; not followed "+
			"(token requests, which carry the client secret, follow no redirect): check the base URL and any proxy in between", e.StatusCode, target)
	}
	if e.Invalid {
		ct := e.ContentType
		if ct == "" {
			ct = "none"
		}
		return fmt.Sprintf("box: Box's token endpoint returned an invalid response (HTTP %d, content type %s): %s",
			e.StatusCode, ct, oneLine(e.cause))
	}
	if e.fault != "" {
		return "box: token request failed: " + e.fault + ": " + causeText(e.cause)
	}
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
	return e.Code == "" && !e.Invalid && e.fault == "" && (e.StatusCode == 0 || e.StatusCode == http.StatusTooManyRequests || e.StatusCode >= 500)
}

// GRPCStatus: credentials problems are Unauthenticated/PermissionDenied (the
// SDK does not retry them); transport and server failures are Unavailable;
// an answer that is not a token is Internal; a redirect, FailedPrecondition.
func (e *AuthError) GRPCStatus() *status.Status {
	code := codes.Unauthenticated
	switch {
	case e.transient():
		code = codes.Unavailable
	case e.Invalid:
		code = codes.Internal
	case isRedirect(e.StatusCode), e.fault != "":
		code = codes.FailedPrecondition
	case e.Code == TokenErrUnauthorizedClient:
		code = codes.PermissionDenied
	}
	return status.New(code, e.Error())
}

// Subject is whom a token acts as: the enterprise's service account
// (box_subject_type enterprise) or, with the app's "Generate User Access
// Tokens" setting, one managed user or admin (box_subject_type user).
type Subject struct {
	Type string // "enterprise" or "user"
	ID   string // the enterprise ID or the user ID
}

// tokenSource mints client-credentials tokens for one subject. Box issues
// no refresh token, so it mints anew shortly before expiry, and on demand
// after a 401 (invalidate). One mint is one request: the caller
// (Client.do) retries transient failures within its budget.
type tokenSource struct {
	cfg        clientcredentials.Config
	httpClient *http.Client
	now        func() time.Time

	// minting admits one mint at a time, so concurrent callers share it;
	// a caller waiting for it still honours its context.
	minting chan struct{}

	mu      sync.Mutex // guards the fields below; never held across a request
	access  string     // the current token, "" when there is none
	renewAt time.Time  // when it is due for renewal
}

func newTokenSource(tokenURL, clientID, clientSecret string, subject Subject, hc *http.Client) *tokenSource {
	return &tokenSource{
		cfg: clientcredentials.Config{
			ClientID:     clientID,
			ClientSecret: clientSecret,
			TokenURL:     tokenURL,
			AuthStyle:    oauth2.AuthStyleInParams, // Box reads the form body
			EndpointParams: url.Values{
				"box_subject_type": {subject.Type},
				"box_subject_id":   {subject.ID},
			},
		},
		httpClient: hc,
		now:        time.Now,
		minting:    make(chan struct{}, 1),
	}
}

// accessToken returns a token valid for a while yet, minting one if needed.
func (ts *tokenSource) accessToken(ctx context.Context) (string, error) {
	if access, ok := ts.valid(); ok {
		return access, nil
	}
	select {
	case ts.minting <- struct{}{}:
	case <-ctx.Done():
		return "", &AuthError{cause: context.Cause(ctx)}
	}
	defer func() { <-ts.minting }()
	if access, ok := ts.valid(); ok { // minted by the caller we waited for
		return access, nil
	}
	tok, err := ts.mint(ctx)
	if err != nil {
		return "", err
	}
	// Box's expires_in is "about 3600" seconds: use the value it sent.
	lifetime := time.Hour
	if secs := expiresIn(tok); secs > 0 {
		lifetime = time.Duration(secs) * time.Second
	}
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.access, ts.renewAt = tok.AccessToken, ts.now().Add(lifetime-renewalMargin(lifetime))
	return ts.access, nil
}

// valid returns the current token if it is not due for renewal.
func (ts *tokenSource) valid() (string, bool) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.access != "" && ts.now().Before(ts.renewAt) {
		return ts.access, true
	}
	return "", false
}

// renewalMargin is how long before expiry a token is renewed: a fifth of
// its lifetime, at most a minute, so even tokens that live a few seconds
// are re-minted in time.
func renewalMargin(lifetime time.Duration) time.Duration {
	return min(lifetime/5, time.Minute)
}

// invalidate drops the token after Box rejected it with 401, unless another
// caller has already replaced it.
func (ts *tokenSource) invalidate(access string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	if ts.access == access {
		ts.access = ""
	}
}

// maxTokenBody bounds a token response: Box's is well under 1 KB (a token,
// its lifetime and type, an empty restricted_to). It stays below the 1 MiB
// oauth2 reads, so an oversized answer is named, not cut off silently.
const maxTokenBody = 64 << 10

// mint makes one client-credentials request with golang.org/x/oauth2.
// oauth2 reports Box's OAuth2 errors as *oauth2.RetrieveError, but a 2xx
// that carries no token (HTML from a proxy, a wrong URL) only as a plain
// error; the answer is therefore recorded on the way (tokenAnswer) so it
// can be named for what it is.
func (ts *tokenSource) mint(ctx context.Context) (*oauth2.Token, error) {
	var answer tokenAnswer
	hc := *ts.httpClient
	hc.Transport = &answerRecorder{base: ts.httpClient.Transport, answer: &answer}
	tok, err := ts.cfg.Token(context.WithValue(ctx, oauth2.HTTPClient, &hc))
	if err == nil {
		return tok, nil
	}
	answer.bodyErr = answer.body.failure()
	var re *oauth2.RetrieveError
	var tooLarge *TooLargeError
	switch {
	case isRedirect(answer.status):
		return nil, &AuthError{StatusCode: answer.status, Redirect: answer.redirect}
	case errors.As(answer.bodyErr, &tooLarge):
		return nil, &AuthError{StatusCode: answer.status, Invalid: true, ContentType: mediaType(answer.contentType), cause: tooLarge}
	case answer.bodyErr != nil: // the connection broke (or timed out) half-way: no answer
		return nil, &AuthError{cause: answer.bodyErr}
	case errors.As(err, &re) && re.ErrorCode != "":
		// Keep only Box's code and description: the raw body may quote the request.
		return nil, &AuthError{StatusCode: answer.status, Code: redact(re.ErrorCode, ts.cfg.ClientSecret),
			Description: redact(re.ErrorDescription, ts.cfg.ClientSecret)}
	case answer.status >= 200 && answer.status <= 299:
		return nil, &AuthError{StatusCode: answer.status, Invalid: true, ContentType: mediaType(answer.contentType),
			cause: errors.New("no access_token in the response")}
	case answer.status != 0:
		return nil, &AuthError{StatusCode: answer.status}
	}
	if u, perr := url.Parse(ts.cfg.TokenURL); perr == nil {
		if fault := hostFault(u.Host, err); fault != "" {
			return nil, &AuthError{fault: fault, cause: err}
		}
	}
	return nil, &AuthError{cause: err}
}

// tokenAnswer is what came back to the token request: its status, content
// type, where a redirect pointed, and why reading the body failed.
type tokenAnswer struct {
	status      int
	contentType string
	redirect    string
	body        bodyWatch
	bodyErr     error
}

// answerRecorder is the token request's transport: it notes what came
// back, leaving the response itself to oauth2, and cuts the body off at
// maxTokenBody with an error (a silent cut would read as a bad token).
type answerRecorder struct {
	base   http.RoundTripper
	answer *tokenAnswer
}

func (a *answerRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	base := a.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if resp != nil {
		a.answer.status, a.answer.contentType = resp.StatusCode, resp.Header.Get("Content-Type")
		a.answer.redirect = redirectTarget(resp)
		resp.Body = newBoundedBody(resp.Body, resp.ContentLength, maxTokenBody, &a.answer.body)
	}
	return resp, err
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

// mediaType is a Content-Type without its parameters, for messages.
func mediaType(ct string) string {
	if mt, _, err := mime.ParseMediaType(ct); err == nil {
		return mt
	}
	return strconv.Quote(ct)
}
