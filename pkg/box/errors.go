package box

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/conductorone/baton-sdk/pkg/ratelimit"
	"github.com/conductorone/baton-sdk/pkg/uhttp"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// Box error codes the connector reacts to. Box sends codes beyond the
// spec's enum (docs/box-behaviour.md, "Errors"), so they are plain strings.
const (
	CodeConflict             = "conflict"
	CodeUserLoginAlreadyUsed = "user_login_already_used"
	CodeNotFound             = "not_found"
	CodeInsufficientScope    = "insufficient_scope"
	CodeRateLimitExceeded    = "rate_limit_exceeded"
	// CodeAccessDenied is a privilege refusal (e.g. "Cannot transfer files
	// from/to higher privileged accounts"), not a missing scope: the spec
	// answers a missing scope with insufficient_scope.
	CodeAccessDenied = "access_denied_insufficient_permissions"
)

// Error is a Box API error response (the spec's ClientError) or a transport
// failure. It carries a gRPC status so the SDK retries what is transient and
// reports the rest with the right code.
type Error struct {
	Method     string
	Path       string // API path without the query string
	StatusCode int    // 0 for transport failures
	Code       string
	Message    string
	RequestID  string
	RetryAfter time.Duration
	header     http.Header
	cause      error
	// asUser is the user the request acted as (the As-User header), if
	// any: Box refuses such a request without the app's as-user setting
	// exactly as it does without a scope.
	asUser string
	// grpcCode, when set, is the gRPC code; otherwise the HTTP status
	// decides. Malformed and short 2xx listing pages set it.
	grpcCode codes.Code
}

// clientError is the JSON body of a Box error.
type clientError struct {
	Type      string `json:"type"`
	Status    int    `json:"status"`
	Code      string `json:"code"`
	Message   string `json:"message"`
	RequestID string `json:"request_id"`
}

// newAPIError decodes a Box error response. Everything taken from the body
// is redacted (secrets are the literal credentials to remove too): a server
// may echo what it was sent.
func newAPIError(method, path string, resp *http.Response, body []byte, secrets ...string) *Error {
	e := &Error{Method: method, Path: path, StatusCode: resp.StatusCode, header: resp.Header}
	var ce clientError
	if err := json.Unmarshal(body, &ce); err == nil {
		e.Code = redact(ce.Code, secrets...)
		e.Message = redact(ce.Message, secrets...)
		e.RequestID = redact(ce.RequestID, secrets...)
	}
	if e.Message == "" {
		e.Message = http.StatusText(resp.StatusCode)
	}
	// A missing scope may come as an empty 403 whose WWW-Authenticate header
	// carries the OAuth2 error (docs/box-behaviour.md, "Errors").
	if e.Code == "" && resp.StatusCode == http.StatusForbidden && bearerError(resp.Header) == CodeInsufficientScope {
		e.Code = CodeInsufficientScope
	}
	e.RetryAfter = parseRetryAfter(resp.Header.Get("Retry-After"))
	return e
}

func newTransportError(method, path string, err error) *Error {
	return &Error{Method: method, Path: path, Message: "request failed", cause: err}
}

// newHostFaultError is a request that never reached the base URL's host
// and never will (hostFault). Not retried; FailedPrecondition: the base URL
// or this machine's DNS or trust store is wrong.
func newHostFaultError(method, path, fault string, err error) *Error {
	return &Error{Method: method, Path: path, grpcCode: codes.FailedPrecondition, Message: fault, cause: err}
}

// hostFault names a failure to reach host that asking again will not fix:
// its name does not exist (NXDOMAIN; a lookup that times out or finds no
// server is retried), or its TLS certificate is not trusted. "" for any
// other failure.
func hostFault(host string, err error) string {
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) && dnsErr.IsNotFound {
		return fmt.Sprintf("cannot resolve host %s (check --base-url and this machine's DNS)", dnsErr.Name)
	}
	if untrustedCert(err) {
		return fmt.Sprintf("the TLS certificate of %s is not trusted (check --base-url, and any proxy that intercepts TLS)", host)
	}
	return ""
}

// untrustedCert reports a TLS handshake that refused the server's certificate.
func untrustedCert(err error) bool {
	var certErr *tls.CertificateVerificationError
	var unknownCA x509.UnknownAuthorityError
	var badHost x509.HostnameError
	var invalid x509.CertificateInvalidError
	return errors.As(err, &certErr) || errors.As(err, &unknownCA) || errors.As(err, &badHost) || errors.As(err, &invalid)
}

// newTimeoutError is a request that got no answer in time.
func newTimeoutError(method, path string, limit time.Duration) *Error {
	return &Error{Method: method, Path: path, Message: fmt.Sprintf("no answer within %s", limit)}
}

// newMalformedPage is a 2xx listing page that lacks what every page must
// carry (entries, total_count). Read as empty it would drop data.
func newMalformedPage(method, path, what string) *Error {
	return &Error{Method: method, Path: path, StatusCode: http.StatusOK, grpcCode: codes.Internal,
		Message: "malformed listing page: " + what}
}

// newMalformedAnswer is a 2xx that lacks what every answer of its kind
// carries (a body, an object's id). Not retried: Box would answer alike.
func newMalformedAnswer(method, path string, statusCode int, what string) *Error {
	return &Error{Method: method, Path: path, StatusCode: statusCode, grpcCode: codes.Internal,
		Message: "malformed response: " + what}
}

// newShortfall is an offset listing that stopped before its total_count.
func newShortfall(method, path string, offset, total int) *Error {
	return &Error{Method: method, Path: path, StatusCode: http.StatusOK, grpcCode: codes.DataLoss,
		Message: fmt.Sprintf("Box listed no entries at offset %d although total_count is %d; the listing would be incomplete", offset, total)}
}

// newDecodeError is a 2xx whose body is not what the spec promises; it is not
// retried, since Box would send the same body again.
func newDecodeError(method, path string, statusCode int, err error) *Error {
	return &Error{Method: method, Path: path, StatusCode: statusCode, Message: "malformed response body", cause: err}
}

// newRedirectError is a 3xx the client did not follow: to another scheme
// or host (requests carry the access token), or past maxRedirects. Not
// retried, Box would redirect again; FailedPrecondition: the base URL, or
// something between the connector and Box, is wrong.
func newRedirectError(method, path string, resp *http.Response) *Error {
	e := &Error{Method: method, Path: path, StatusCode: resp.StatusCode, grpcCode: codes.FailedPrecondition, header: resp.Header}
	target := redirectTarget(resp)
	switch {
	case target == "":
		e.Message = "a redirect without a Location; not followed"
	case resp.Request != nil && resp.Request.URL != nil && target == origin(resp.Request.URL):
		e.Message = fmt.Sprintf("more than %d redirects within %s; not followed", maxRedirects, target)
	default:
		e.Message = fmt.Sprintf("a redirect to %s; not followed: requests go only to the base URL's host, as they carry the access token", target)
	}
	return e
}

// newTooLargeError is an answer whose body is longer than the client reads
// (MaxResponseBody). Not retried: it is no Box answer, and asking again
// would most likely fetch the same megabytes again.
func newTooLargeError(method, path string, statusCode int, err *TooLargeError) *Error {
	return &Error{Method: method, Path: path, StatusCode: statusCode, grpcCode: codes.Internal, Message: err.Error()}
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "box: %s %s: ", e.Method, e.Path)
	if e.StatusCode == 0 {
		fmt.Fprintf(&b, "%s", e.Message)
		if e.cause != nil {
			fmt.Fprintf(&b, ": %s", causeText(e.cause))
		}
		return b.String()
	}
	fmt.Fprintf(&b, "HTTP %d", e.StatusCode)
	if e.Code != "" {
		fmt.Fprintf(&b, " %s", e.Code)
	}
	fmt.Fprintf(&b, ": %s", e.Message)
	if hint := e.hint(); hint != "" {
		fmt.Fprintf(&b, " (%s)", hint)
	}
	if e.RequestID != "" {
		fmt.Fprintf(&b, " [request_id %s]", e.RequestID)
	}
	if e.cause != nil {
		fmt.Fprintf(&b, ": %s", causeText(e.cause))
	}
	return b.String()
}

func (e *Error) Unwrap() error { return e.cause }

// GRPCStatus maps the HTTP status onto a gRPC code (the SDK's own table) and
// attaches rate-limit details, so the SDK's retryer waits for Retry-After.
func (e *Error) GRPCStatus() *status.Status {
	code := codes.Unavailable // transport failures are transient
	switch {
	case e.grpcCode != codes.OK:
		code = e.grpcCode
	case e.StatusCode >= 200 && e.StatusCode < 300:
		code = codes.Internal // a body that does not decode
	case e.StatusCode != 0:
		code = uhttp.GrpcCodeFromHTTPStatus(e.StatusCode)
	}
	st := status.New(code, e.Error())
	if e.StatusCode == http.StatusTooManyRequests || (e.StatusCode >= 500 && e.RetryAfter > 0) {
		if rl, err := ratelimit.ExtractRateLimitData(e.StatusCode, &e.header); err == nil && rl != nil {
			if withDetails, err := st.WithDetails(rl); err == nil {
				st = withDetails
			}
		}
	}
	return st
}

// Retryable reports whether repeating the request may succeed.
func (e *Error) Retryable() bool {
	switch {
	case e.grpcCode != codes.OK:
		return false // a code the client chose: malformed, oversized, redirected
	case e.StatusCode == 0:
		return true
	case e.StatusCode == http.StatusTooManyRequests:
		return true
	case e.StatusCode >= 500:
		return e.StatusCode != http.StatusNotImplemented
	}
	return false
}

// hint names what an administrator must change for errors that have one fix.
// Only a missing scope has one: other 403s (access_denied_insufficient_permissions
// for a more privileged account, information barriers, legal holds) have
// other causes, and re-authorising the app would not help.
func (e *Error) hint() string {
	if e.StatusCode != http.StatusForbidden || e.Code != CodeInsufficientScope {
		return ""
	}
	if e.asUser != "" && strings.TrimPrefix(e.Path, "/2.0") == "/users/me" {
		// /users/me needs no scope (CurrentUserAs): only the setting can be off.
		return "the request acted as user " + e.asUser + ", and /users/me needs no scope: the Box app's setting " +
			strconv.Quote(AsUserSetting) + " (Developer Console > Configuration > Advanced Features) is off; turn it on and re-authorise the app in the Admin Console"
	}
	scope := strconv.Quote(scopeFor(e.Method, e.Path))
	if e.asUser != "" {
		return "the request acted as user " + e.asUser + ", and Box answers alike for a missing scope and a missing setting: the Box app needs the " +
			scope + " scope and App + Enterprise Access, and its setting " + strconv.Quote(AsUserSetting) + ", re-authorised in the Admin Console"
	}
	return "the Box app needs the " + scope + " scope and App + Enterprise Access, re-authorised in the Admin Console"
}

// AsUserSetting is the Box Developer Console setting (Configuration >
// Advanced Features) without which Box refuses the As-User header.
const AsUserSetting = "Make API calls using the as-user header"

// codedError is an error the client makes itself, with its gRPC code; its
// cause stays in the chain (status.Errorf would flatten it to text).
type codedError struct {
	code codes.Code
	err  error
}

// errorf is fmt.Errorf (%w included) with a gRPC code.
func errorf(code codes.Code, format string, args ...any) error {
	return &codedError{code: code, err: fmt.Errorf(format, args...)}
}

func (e *codedError) Error() string              { return e.err.Error() }
func (e *codedError) Unwrap() error              { return errors.Unwrap(e.err) }
func (e *codedError) GRPCStatus() *status.Status { return status.New(e.code, e.Error()) }

// IsNotFound, IsConflict and StatusCode classify errors returned by the
// client by HTTP status and Box error code, never by message text.
func IsNotFound(err error) bool { return StatusCode(err) == http.StatusNotFound }

func IsConflict(err error) bool { return StatusCode(err) == http.StatusConflict }

// IsOwnsContent reports Box refusing to delete, without force, a user who
// still owns content. Its code is undocumented (docs/box-behaviour.md,
// "Users"): a 400 or a 409.
func IsOwnsContent(err error) bool {
	s := StatusCode(err)
	return s == http.StatusBadRequest || s == http.StatusConflict
}

// IsRoleRefused reports Box refusing a role for the user (a co-admin whose
// login is off the enterprise's verified domains): undocumented, a 400, or
// a 403 as for other privilege refusals.
func IsRoleRefused(err error) bool {
	return StatusCode(err) == http.StatusBadRequest || IsAccessDenied(err)
}

// IsInsufficientScope: Box refused for lack of a scope, or of the as-user
// app setting, which Box reports the same way (docs/box-behaviour.md).
func IsInsufficientScope(err error) bool {
	return StatusCode(err) == http.StatusForbidden && ErrorCode(err) == CodeInsufficientScope
}

// IsAccessDenied: Box refused for lack of privilege (as-user naming an
// admin or co-admin, an invitation the acting user may not make).
func IsAccessDenied(err error) bool {
	return StatusCode(err) == http.StatusForbidden && ErrorCode(err) == CodeAccessDenied
}

// IsLoginTaken reports Box's answer to creating a user whose login exists.
func IsLoginTaken(err error) bool {
	return IsConflict(err) && ErrorCode(err) == CodeUserLoginAlreadyUsed
}

// StatusCode returns the HTTP status of a Box API error, or 0.
func StatusCode(err error) int {
	var e *Error
	if errors.As(err, &e) {
		return e.StatusCode
	}
	return 0
}

// ErrorCode returns Box's error code of a Box API error, or "".
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}

// oneLine flattens joined errors (the SDK's HTTP layer joins several) so an
// error stays one line in logs and on the terminal.
// causeText is the text of what made a request fail. uhttp joins its own
// gRPC status ("rpc error: code = Unavailable desc = connection refused")
// with the network error it classified (uhttp WrapErrors), which printed
// the failure twice; the status is dropped from the text (its code is kept
// in the chain) and repeated parts are printed once.
func causeText(err error) string {
	var parts []string
	var walk func(error)
	walk = func(e error) {
		if j, ok := e.(interface{ Unwrap() []error }); ok {
			for _, x := range j.Unwrap() {
				walk(x)
			}
			return
		}
		if _, isStatus := e.(interface{ GRPCStatus() *status.Status }); isStatus {
			return
		}
		if s := oneLine(e); !slices.Contains(parts, s) {
			parts = append(parts, s)
		}
	}
	walk(err)
	if len(parts) == 0 {
		return oneLine(err)
	}
	return strings.Join(parts, "; ")
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.ReplaceAll(err.Error(), "\n", "; ")
}

// bearerError is the error parameter of a Bearer WWW-Authenticate header
// (RFC 6750), e.g. insufficient_scope, or "".
func bearerError(h http.Header) string {
	for _, v := range h.Values("WWW-Authenticate") {
		scheme, params, _ := strings.Cut(strings.TrimSpace(v), " ")
		if !strings.EqualFold(scheme, "Bearer") {
			continue
		}
		for _, p := range strings.Split(params, ",") {
			k, val, ok := strings.Cut(strings.TrimSpace(p), "=")
			if ok && strings.EqualFold(k, "error") {
				return strings.Trim(val, `"`)
			}
		}
	}
	return ""
}

// maxRetryAfter caps a Retry-After before it becomes a time.Duration: a
// day is already longer than any wait the client makes (MaxRetryWaitSeconds).
const maxRetryAfter = 24 * time.Hour

func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	secs, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
	if errors.Is(err, strconv.ErrRange) && secs > 0 {
		return maxRetryAfter // more digits than an int64 holds
	}
	if err == nil && secs >= 0 {
		// Capped before multiplying: seconds past ~9.2e9 overflow a Duration.
		return time.Duration(min(secs, int64(maxRetryAfter/time.Second))) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := time.Until(t); d > 0 {
			return d
		}
	}
	return 0
}
