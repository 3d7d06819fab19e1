// Package box is a small typed client for the Box API endpoints the connector
// uses. It knows nothing of Baton's resources, entitlements or grants; from
// the Baton SDK it takes only its HTTP client (uhttp) and its rate-limit
// details, and its errors carry gRPC codes the SDK acts on. It
// authenticates with the client-credentials grant, paces requests (adapting to the limit Box enforces), retries what is
// transient until a give-up budget runs out, refuses IDs that are not Box IDs
// before any request, reads a listing page only when it is complete, and
// decodes Box's errors into *Error values that carry gRPC codes, with
// anything credential-like a server echoes redacted. It reads at most
// MaxResponseBody of any answer, and follows redirects only within the
// base URL's host (token requests, which carry the secret, follow none;
// transport.go). Content calls (folders and collaborations) act as a user
// with the As-User header: the app's service account sees only its own
// content.
package box

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/conductorone/baton-sdk/pkg/uhttp"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
	"google.golang.org/grpc/codes"
)

const (
	// DefaultBaseURL is where Box serves both the token endpoint and /2.0.
	DefaultBaseURL = "https://api.box.com"
	// MaxPageSize is the largest `limit` Box accepts for users, groups and
	// membership listings.
	MaxPageSize = 1000
	// MaxOffset is the largest number of items one offset listing can reach:
	// Box rejects offsets beyond 10,000 (docs/box-behaviour.md, "Pagination").
	MaxOffset = 10000
)

// Config configures a Client. Only the credentials are required.
type Config struct {
	BaseURL      string
	ClientID     string
	ClientSecret string
	EnterpriseID string

	// PageSize is the `limit` of every listing (1..1000, default 1000).
	PageSize int
	// RequestsPerMinute paces each rate-limit budget client-side (the
	// service account's, and each user's the client acts as: budgets.go);
	// 0 disables pacing.
	RequestsPerMinute int
	// MaxRequestsPerMinute is the ceiling over every budget together; 0
	// sets none.
	MaxRequestsPerMinute int
	// MaxAttempts bounds retries of one request (default 5).
	MaxAttempts int
	// RetryBaseDelay is the first back-off step after a 5xx (default 1s).
	RetryBaseDelay time.Duration
	// GiveUpAfter is how long requests are retried without progress (no
	// answer from Box but transient failures) before every request fails
	// with a *GiveUpError (default DefaultGiveUpAfter; negative: never).
	GiveUpAfter time.Duration
	// MaxRetryWait caps one pause asked for with Retry-After on a 429 or a
	// 503 (default DefaultMaxRetryWait).
	MaxRetryWait time.Duration
	// RequestTimeout bounds one HTTP request, token requests included
	// (default DefaultRequestTimeout); a request never outlasts what is
	// left of the give-up budget either.
	RequestTimeout time.Duration
	// TransferTimeout bounds a content transfer, which Box may take up to
	// 10 minutes to answer (default DefaultTransferTimeout).
	TransferTimeout time.Duration
	// HTTPClient overrides the SDK's uhttp client (tests).
	HTTPClient *http.Client
	// UserAgent is sent with every request.
	UserAgent string
}

// Client talks to one Box enterprise as its app's service account, or, from
// AsUser, as one user through that user's own token.
type Client struct {
	apiBase        *url.URL
	http           *uhttp.BaseHttpClient
	tokens         *tokenSource
	user           string // the user calls act as without an as-user header: a user access token's user, the service account for AsServiceAccount; "" otherwise
	tokenUser      string // a user access token's user, whose budget calls without the header count against
	budgets        *budgets
	retry          retryPolicy
	health         *health
	requestTimeout time.Duration
	transferTime   time.Duration
	pageSize       int
	stats          *Stats
}

// New builds a client without any network I/O: the SDK constructs the
// connector twice, and configuration errors must surface before a sync.
func New(ctx context.Context, cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.PageSize == 0 {
		cfg.PageSize = MaxPageSize
	}
	if cfg.PageSize < 1 || cfg.PageSize > MaxPageSize {
		return nil, errorf(codes.InvalidArgument, "box: page size %d is outside 1..%d", cfg.PageSize, MaxPageSize)
	}
	rp := retryPolicy{maxAttempts: cfg.MaxAttempts, baseDelay: cfg.RetryBaseDelay, maxWait: cfg.MaxRetryWait}
	if rp.maxAttempts <= 0 {
		rp.maxAttempts = 5
	}
	if rp.baseDelay <= 0 {
		rp.baseDelay = time.Second
	}
	if rp.maxWait <= 0 {
		rp.maxWait = DefaultMaxRetryWait
	}
	budget := cfg.GiveUpAfter
	switch {
	case budget == 0:
		budget = DefaultGiveUpAfter
	case budget < 0:
		budget = 0 // never
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.TransferTimeout <= 0 {
		cfg.TransferTimeout = DefaultTransferTimeout
	}

	hc := cfg.HTTPClient
	if hc == nil {
		ua := cfg.UserAgent
		if ua == "" {
			ua = "baton-box"
		}
		hc, err = uhttp.NewClient(ctx, uhttp.WithLogger(true, ctxzap.Extract(ctx)), uhttp.WithUserAgent(ua))
		if err != nil {
			return nil, errorf(codes.Internal, "box: creating HTTP client: %w", err)
		}
	}
	stats := &Stats{}
	apiHTTP, tokenHTTP := guardedClients(stats.counted(hc))
	wrapper, err := uhttp.NewBaseHttpClientWithContext(ctx, apiHTTP)
	if err != nil {
		return nil, errorf(codes.Internal, "box: creating HTTP client: %w", err)
	}

	tokenURL := base.JoinPath("oauth2", "token").String()
	return &Client{
		apiBase:        base.JoinPath("2.0"),
		http:           wrapper,
		tokens:         newTokenSource(tokenURL, cfg.ClientID, cfg.ClientSecret, Subject{Type: "enterprise", ID: cfg.EnterpriseID}, tokenHTTP),
		budgets:        newBudgets(cfg.RequestsPerMinute, cfg.MaxRequestsPerMinute),
		retry:          rp,
		health:         &health{budget: budget},
		requestTimeout: cfg.RequestTimeout,
		transferTime:   cfg.TransferTimeout,
		pageSize:       cfg.PageSize,
		stats:          stats,
	}, nil
}

// ParseBaseURL checks a --base-url value; empty means Box's public API.
// Plain http is refused unless the host is this machine (the simulator):
// the token request carries the client secret, and every API request a
// token that acts as an enterprise admin.
func ParseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.Hostname() == "" {
		return nil, errorf(codes.InvalidArgument, "box: base URL %q must be an absolute http(s) URL such as %s", raw, DefaultBaseURL)
	}
	if u.Scheme == "http" && !loopback(u.Hostname()) {
		return nil, errorf(codes.InvalidArgument, "box: base URL %q must use https: plain http would send the client secret and access tokens in clear text "+
			"(http is allowed only for localhost, 127.0.0.0/8 and ::1)", raw)
	}
	return u, nil
}

// loopback reports a host name that stays on this machine.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}

// segUsers is the /users path segment most endpoints start with.
const segUsers = "users"

// call is one API request: method, path segments under /2.0 (each escaped
// when the URL is built; IDs among them checked by the caller), query and
// JSON body.
type call struct {
	method string
	path   []string
	query  url.Values
	body   any
	// timeout, when set, replaces the request timeout, give-up budget or
	// not (a long operation Box is known to take its time over).
	timeout time.Duration
	// once: the request must not be sent again when its outcome is
	// unknown (a timeout, a 5xx, a broken connection): it may still be
	// running at Box. Such a failure is an *UnknownOutcomeError; a 429,
	// which Box refuses before doing anything, is still retried.
	once bool
	// asUser, when set, is the ID of the user the request acts as (the
	// As-User header; the caller checks it): the service account sees
	// only its own content, so users' folders are read as their owners.
	asUser string
}

// do is the one request helper: it paces, authenticates, sends, retries what
// is transient and decodes the result into out (nil to discard it).
// Every request bypasses the SDK's GET cache: Box is the source of truth, and
// a cached page would hide the effect of a grant or revoke.
//
// Retries stop after MaxAttempts (the SDK retries the call again) or when
// the give-up budget is spent (a *GiveUpError ends the run). When ctx ends,
// the error is the last Box error of the call, not the context's.
// Near the end of the budget the call keeps retrying itself (handBack).
func (c *Client) do(ctx context.Context, cl call, out any) error {
	u, apiPath := c.endpoint(cl.path)
	u.RawQuery = cl.query.Encode()
	l := ctxzap.Extract(ctx)

	reminted := false
	var last error // the last transient failure of this call
	bg := c.budgets.of(c.budgetOf(cl))
	defer bg.done()
	for attempt := 1; ; attempt++ {
		if err := bg.wait(ctx); err != nil {
			return interrupted(ctx, cl.method, apiPath, last, err)
		}
		sentAt := time.Now()
		timeout := c.requestTimeout
		if left, ok := c.health.remaining(sentAt); ok {
			// Too little left for a request: the budget is spent.
			if left < min(minAttempt, c.health.budget/10) {
				return c.health.giveUp(sentAt, last, c.retry.maxWait)
			}
			timeout = min(timeout, left)
		}
		if cl.timeout > 0 {
			timeout = cl.timeout
		}
		token, sent, err := c.attempt(ctx, cl, u, apiPath, timeout, out)
		if err == nil {
			c.health.progress()
			return nil
		}
		retry, answered := classify(err)
		if cl.once && sent && retry && StatusCode(err) != http.StatusTooManyRequests {
			// No answer (a timeout, a broken connection, the caller giving
			// up mid-request) or a 5xx: Box may have done it, or be doing it.
			return &UnknownOutcomeError{Method: cl.method, Path: apiPath, cause: err}
		}
		if ctx.Err() != nil {
			return interrupted(ctx, cl.method, apiPath, last, context.Cause(ctx))
		}
		if StatusCode(err) == http.StatusUnauthorized && !reminted {
			// The token expired or was revoked early: mint a fresh one once.
			c.tokens.invalidate(token)
			reminted = true
			attempt--
			continue
		}
		if !retry {
			if answered {
				c.health.progress()
			}
			return err
		}

		last = err
		now := time.Now()
		c.health.failed(sentAt, now, err)
		wait, asked := c.retry.wait(err, attempt)
		if left, ok := c.health.remaining(now); ok {
			// No wait outlasts the budget; the next round gives up.
			wait = max(0, min(wait, left))
		}
		announce := wait > longWait
		if StatusCode(err) == http.StatusTooManyRequests {
			// Every call of the budget waits; the one that extends the pause says so.
			announce = bg.throttled(sentAt, wait) && announce
		}
		if attempt >= c.retry.maxAttempts && c.handBack(now) {
			return err
		}
		if announce {
			l.Warn("baton-box: Box asked to wait; pausing requests",
				zap.Duration("wait", wait), zap.Time("until", now.Add(wait)),
				zap.String("reason", waitReason(cl.method, apiPath, err, asked, wait)))
		}
		l.Debug("baton-box: retrying Box request",
			zap.String("method", cl.method), zap.String("path", apiPath),
			zap.Int("status", StatusCode(err)), zap.Int("attempt", attempt), zap.Duration("wait", wait))
		if err := sleep(ctx, wait); err != nil {
			return interrupted(ctx, cl.method, apiPath, last, err)
		}
	}
}

// budgetOf is the user a call counts against (budgets.go): the one it
// acts as with the As-User header, else the user whose token the client
// holds; "" for the service account.
func (c *Client) budgetOf(cl call) string {
	if cl.asUser != "" && cl.asUser != c.user {
		return cl.asUser
	}
	return c.tokenUser
}

// callerRetryWait is the longest the Baton SDK waits before it calls again
// after an Unavailable error (its retryer's MaxDelay, 60 s, which also caps
// a rate-limit reset time such as Retry-After: 86400).
const callerRetryWait = time.Minute

// handBack reports whether a transient error may go back to the caller
// after the last attempt: only while the give-up budget outlasts the
// caller's own wait before it calls again. Otherwise that wait (a 429
// without Retry-After makes the SDK wait 60 s) would carry the run past
// the budget, so the call goes on retrying here until the budget is spent
// and ends with a *GiveUpError.
func (c *Client) handBack(now time.Time) bool {
	left, ok := c.health.remaining(now)
	return !ok || left > callerRetryWait+minAttempt
}

// doDecode is do for a call whose answer is one T.
func doDecode[T any](ctx context.Context, c *Client, cl call) (*T, error) {
	var out T
	if err := c.do(ctx, cl, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// attempt sends the request once, within timeout (the request timeout,
// never longer than what is left of the give-up budget, unless the call
// sets its own). It returns the token it used, and whether the request may
// have reached Box: not when the token request failed, or no connection
// was made.
func (c *Client) attempt(ctx context.Context, cl call, u *url.URL, apiPath string, timeout time.Duration, out any) (string, bool, error) {
	reqCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	timedOut := func() bool { return reqCtx.Err() != nil && ctx.Err() == nil }

	token, err := c.tokens.accessToken(reqCtx)
	if err != nil {
		if timedOut() {
			return "", false, &AuthError{cause: fmt.Errorf("no answer from the token endpoint within %s", round(timeout))}
		}
		return "", false, err
	}
	opts := []uhttp.RequestOption{uhttp.WithBearerToken(token), uhttp.WithAcceptJSONHeader(), uhttp.WithNoCache()}
	asUser := "" // the As-User header sent, if any
	if cl.asUser != "" && cl.asUser != c.user {
		asUser = cl.asUser
		opts = append(opts, uhttp.WithHeader(asUserHeader, asUser))
	}
	if cl.body != nil {
		opts = append(opts, uhttp.WithJSONBody(cl.body))
	}
	sendCtx, body := watchBody(reqCtx)
	req, err := c.http.NewRequest(sendCtx, cl.method, u, opts...)
	if err != nil {
		return token, false, errorf(codes.Internal, "box: building %s %s: %w", cl.method, apiPath, err)
	}
	resp, doErr := c.http.Do(req)
	sent := resp != nil || doErr == nil || !neverSent(doErr)
	if resp == nil && doErr != nil {
		if fault := hostFault(u.Host, doErr); fault != "" {
			return token, sent, newHostFaultError(cl.method, apiPath, fault, doErr)
		}
	}
	// A body that failed half-way is no answer, whatever uhttp kept of it:
	// too large, cut off by the request timeout (a slow drip is a timeout),
	// or a broken connection.
	var tooLarge *TooLargeError
	switch readErr := body.failure(); {
	case errors.As(readErr, &tooLarge):
		statusCode := 0
		if resp != nil {
			statusCode = resp.StatusCode
		}
		return token, sent, newTooLargeError(cl.method, apiPath, statusCode, tooLarge)
	case (resp == nil && doErr != nil || readErr != nil) && timedOut():
		return token, sent, newTimeoutError(cl.method, apiPath, round(timeout))
	case readErr != nil:
		return token, sent, newTransportError(cl.method, apiPath, readErr)
	}
	if apiErr := c.result(cl.method, apiPath, resp, doErr, out, token); apiErr != nil {
		apiErr.asUser = asUser
		return token, sent, apiErr
	}
	return token, sent, nil
}

// neverSent reports a request failure before any of the request left: no
// connection was made (the dial, or a proxy's CONNECT, failed; the name did
// not resolve) or the host's certificate was refused in the handshake.
// Anything else may have reached Box.
func neverSent(err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && (opErr.Op == "dial" || opErr.Op == "proxyconnect") {
		return true
	}
	return untrustedCert(err)
}

// waitReason says why the client pauses, for the warning of a long pause.
func waitReason(method, apiPath string, err error, asked, wait time.Duration) string {
	reason := fmt.Sprintf("Box answered %s %s with HTTP %d", method, apiPath, StatusCode(err))
	if code := ErrorCode(err); code != "" {
		reason += " " + code
	}
	reason += fmt.Sprintf(" and Retry-After %s", round(asked))
	if asked > wait {
		reason += fmt.Sprintf(", cut to %s", round(wait))
	}
	return reason
}

// classify reports whether repeating the request may succeed, then whether
// err is an answer from Box (as opposed to a failure to get one).
func classify(err error) (bool, bool) {
	var apiErr *Error
	var authErr *AuthError
	switch {
	case errors.As(err, &apiErr):
		return apiErr.Retryable(), apiErr.StatusCode != 0
	case errors.As(err, &authErr):
		return authErr.transient(), authErr.StatusCode != 0
	}
	return false, false
}

// interrupted is the error of a call whose context ended: the last Box error
// of the call when there was one, so the run ends with its cause rather than
// "context canceled". Otherwise Canceled, or DeadlineExceeded when the
// deadline came (or the pacer's turn would come after it).
func interrupted(ctx context.Context, method, apiPath string, last, cause error) error {
	if last != nil {
		return last
	}
	if cause == nil {
		cause = context.Canceled
	}
	code := codes.DeadlineExceeded
	if errors.Is(ctx.Err(), context.Canceled) {
		code = codes.Canceled
	}
	return errorf(code, "box: %s %s: not sent: %w", method, apiPath, cause)
}

// result turns the uhttp outcome into nil or an *Error, decoding success
// bodies into out; a listing page (out is a page) that lacks what its kind
// carries is an error too. Text from the body is redacted of the client
// secret, the token used and anything that looks like a credential.
func (c *Client) result(method, apiPath string, resp *http.Response, doErr error, out any, token string) *Error {
	if resp == nil {
		if doErr == nil {
			doErr = errors.New("no response")
		}
		return newTransportError(method, apiPath, doErr)
	}
	body, err := io.ReadAll(resp.Body) // uhttp already buffered it
	_ = resp.Body.Close()
	if err != nil {
		return newTransportError(method, apiPath, err)
	}
	if isRedirect(resp.StatusCode) {
		return newRedirectError(method, apiPath, resp)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(method, apiPath, resp, body, c.tokens.cfg.ClientSecret, token)
	}
	if out == nil {
		return nil
	}
	// An answer the caller reads must be there: an empty body or null would
	// decode as a zero value (a user with ID "", a page without entries).
	if trimmed := bytes.TrimSpace(body); len(trimmed) == 0 || bytes.Equal(trimmed, []byte("null")) {
		return newMalformedAnswer(method, apiPath, resp.StatusCode, "no body")
	}
	if err := json.Unmarshal(body, out); err != nil {
		return newDecodeError(method, apiPath, resp.StatusCode, err)
	}
	switch o := out.(type) {
	case page:
		return o.check(method, apiPath)
	case object:
		if o.objectID() == "" {
			return newMalformedAnswer(method, apiPath, resp.StatusCode, "no id")
		}
	}
	return nil
}

// object is a single Box object a call returns (models.go): one without
// its id is no answer.
type object interface{ objectID() string }

func fieldsQuery(fields []string) url.Values {
	q := url.Values{}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	return q
}
