// Package box is a small typed client for the Box API endpoints the connector
// uses. It knows nothing of Baton: it authenticates with the client-credentials
// grant, paces and retries requests, and decodes Box's errors into *Error
// values that carry gRPC codes.
package box

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/conductorone/baton-sdk/pkg/uhttp"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

const (
	// DefaultBaseURL is where Box serves both the token endpoint and /2.0.
	DefaultBaseURL = "https://api.box.com"
	// MaxPageSize is the largest `limit` Box accepts for users, groups and
	// membership listings.
	MaxPageSize = 1000
	// MaxOffset is the largest number of items one offset listing can reach:
	// Box rejects offsets beyond 10,000 (box-api-notes.md, "Pagination").
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
	// RequestsPerMinute paces requests client-side; 0 disables pacing.
	RequestsPerMinute int
	// MaxAttempts bounds retries of one request (default 5).
	MaxAttempts int
	// RetryBaseDelay is the first back-off step after a 5xx (default 1s).
	RetryBaseDelay time.Duration
	// HTTPClient overrides the SDK's uhttp client (tests).
	HTTPClient *http.Client
	// UserAgent is sent with every request.
	UserAgent string
}

// Client talks to one Box enterprise as its app's service account.
type Client struct {
	apiBase  *url.URL
	http     *uhttp.BaseHttpClient
	tokens   *tokenSource
	pacer    *pacer
	retry    retryPolicy
	pageSize int
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
		return nil, fmt.Errorf("box: page size %d is outside 1..%d", cfg.PageSize, MaxPageSize)
	}
	rp := retryPolicy{maxAttempts: cfg.MaxAttempts, baseDelay: cfg.RetryBaseDelay, maxDelay: 30 * time.Second}
	if rp.maxAttempts <= 0 {
		rp.maxAttempts = 5
	}
	if rp.baseDelay <= 0 {
		rp.baseDelay = time.Second
	}

	hc := cfg.HTTPClient
	if hc == nil {
		ua := cfg.UserAgent
		if ua == "" {
			ua = "baton-box"
		}
		hc, err = uhttp.NewClient(ctx, uhttp.WithLogger(true, ctxzap.Extract(ctx)), uhttp.WithUserAgent(ua))
		if err != nil {
			return nil, fmt.Errorf("box: creating HTTP client: %w", err)
		}
	}
	wrapper, err := uhttp.NewBaseHttpClientWithContext(ctx, hc)
	if err != nil {
		return nil, fmt.Errorf("box: creating HTTP client: %w", err)
	}

	tokenURL := base.JoinPath("oauth2", "token").String()
	return &Client{
		apiBase:  base.JoinPath("2.0"),
		http:     wrapper,
		tokens:   newTokenSource(tokenURL, cfg.ClientID, cfg.ClientSecret, cfg.EnterpriseID, hc, rp),
		pacer:    newPacer(cfg.RequestsPerMinute),
		retry:    rp,
		pageSize: cfg.PageSize,
	}, nil
}

// ParseBaseURL checks a --base-url value; empty means Box's public API.
func ParseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		raw = DefaultBaseURL
	}
	u, err := url.Parse(strings.TrimRight(raw, "/"))
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, fmt.Errorf("box: base URL %q must be an absolute http(s) URL such as %s", raw, DefaultBaseURL)
	}
	return u, nil
}

// call is one API request: method, path under /2.0, query and JSON body.
type call struct {
	method string
	path   string
	query  url.Values
	body   any
}

// do is the one request helper: it paces, authenticates, sends, retries what
// is transient and decodes the result into out (nil to discard it).
// Every request bypasses the SDK's GET cache: Box is the source of truth, and
// a cached page would hide the effect of a grant or revoke.
func (c *Client) do(ctx context.Context, cl call, out any) error {
	u := c.apiBase.JoinPath(cl.path)
	u.RawQuery = cl.query.Encode()
	apiPath := "/2.0/" + strings.TrimPrefix(cl.path, "/")
	l := ctxzap.Extract(ctx)

	reminted := false
	for attempt := 1; ; attempt++ {
		if err := c.pacer.wait(ctx); err != nil {
			return fmt.Errorf("box: %s %s: %w", cl.method, apiPath, err)
		}
		token, err := c.tokens.accessToken(ctx)
		if err != nil {
			return err
		}
		opts := []uhttp.RequestOption{uhttp.WithBearerToken(token), uhttp.WithAcceptJSONHeader(), uhttp.WithNoCache()}
		if cl.body != nil {
			opts = append(opts, uhttp.WithJSONBody(cl.body))
		}
		req, err := c.http.NewRequest(ctx, cl.method, u, opts...)
		if err != nil {
			return fmt.Errorf("box: building %s %s: %w", cl.method, apiPath, err)
		}
		resp, doErr := c.http.Do(req)
		apiErr := c.result(cl.method, apiPath, resp, doErr, out)
		if apiErr == nil {
			return nil
		}

		var wait time.Duration
		switch {
		case apiErr.StatusCode == http.StatusUnauthorized && !reminted:
			// The token expired or was revoked early: mint a fresh one once.
			c.tokens.invalidate(token)
			reminted = true
			attempt--
			continue
		case !apiErr.Retryable() || attempt >= c.retry.maxAttempts:
			return apiErr
		case apiErr.StatusCode == http.StatusTooManyRequests:
			wait = max(apiErr.RetryAfter, time.Second)
			c.pacer.pause(wait)
		case apiErr.RetryAfter > 0:
			wait = apiErr.RetryAfter
		default:
			wait = c.retry.backoff(attempt)
		}
		l.Debug("baton-box: retrying Box request",
			zap.String("method", cl.method), zap.String("path", apiPath),
			zap.Int("status", apiErr.StatusCode), zap.Int("attempt", attempt), zap.Duration("wait", wait))
		if err := sleep(ctx, wait); err != nil {
			return apiErr
		}
	}
}

// result turns the uhttp outcome into nil or an *Error, decoding success
// bodies into out.
func (c *Client) result(method, apiPath string, resp *http.Response, doErr error, out any) *Error {
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
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return newAPIError(method, apiPath, resp, body)
	}
	if out == nil || len(body) == 0 {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return newDecodeError(method, apiPath, resp.StatusCode, err)
	}
	return nil
}

func fieldsQuery(fields []string) url.Values {
	q := url.Values{}
	if len(fields) > 0 {
		q.Set("fields", strings.Join(fields, ","))
	}
	return q
}

func (c *Client) offsetQuery(fields []string, offset int) url.Values {
	q := fieldsQuery(fields)
	q.Set("offset", strconv.Itoa(offset))
	q.Set("limit", strconv.Itoa(c.pageSize))
	return q
}
