package boxsim

import (
	"errors"
	"net/http"
	"strconv"
)

// Sentinel errors returned (wrapped) by the mutation methods.
var (
	ErrNotFound = errors.New("boxsim: not found")
	ErrConflict = errors.New("boxsim: conflict")
	ErrInvalid  = errors.New("boxsim: invalid")
)

// Box error codes used by the simulator. Some are outside the spec's
// ClientError enum but are what Box sends (see docs/box-behaviour.md).
const (
	codeBadRequest          = "bad_request"
	codeUnauthorized        = "unauthorized"
	codeNotFound            = "not_found"
	codeMethodNotAllowed    = "method_not_allowed"
	codeRateLimitExceeded   = "rate_limit_exceeded"
	codeInternalServerError = "internal_server_error"
	codeBadGateway          = "bad_gateway"
	codeUnavailable         = "unavailable"
	codeForbidden           = "forbidden"
	codeConflict            = "conflict"
	codeInsufficientScope   = "insufficient_scope"
	codeLoginTaken          = "user_login_already_used"
	codeAccessDenied        = "access_denied_insufficient_permissions"
	// codeUserNotDeletable answers DELETE /users/{id} without force=true for
	// a user who owns content. Box's code is undocumented (docs/box-behaviour.md).
	codeUserNotDeletable = "user_not_deletable"
)

const helpURL = "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/"

// apiError is a Box ClientError waiting to be written.
type apiError struct {
	status  int
	code    string
	message string
	context object // context_info; nil omits it
}

// badParam builds the 400 Box sends for an invalid query parameter.
func badParam(name, message string) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    codeBadRequest,
		message: "Bad Request",
		context: object{{"errors", []object{{
			{"reason", "invalid_parameter"},
			{keyName, name},
			{"message", message},
		}}}},
	}
}

// missingParam is the 400 for a required body field that is absent.
func missingParam(name string) *apiError {
	return &apiError{
		status:  http.StatusBadRequest,
		code:    codeBadRequest,
		message: "Bad Request",
		context: object{{"errors", []object{{
			{"reason", "missing_parameter"},
			{keyName, name},
			{"message", "'" + name + "' is required"},
		}}}},
	}
}

func forbidden(code, message string) *apiError {
	return &apiError{status: http.StatusForbidden, code: code, message: message}
}

func conflict(code, message string) *apiError {
	return &apiError{status: http.StatusConflict, code: code, message: message}
}

func notFound() *apiError {
	return &apiError{status: http.StatusNotFound, code: codeNotFound, message: "Not Found"}
}

func (s *Sim) fail(w http.ResponseWriter, e *apiError) {
	if e.code == codeInsufficientScope {
		// What Box sends with this 403, so OAuth-aware clients see why.
		w.Header().Set("WWW-Authenticate", `Bearer realm="Service", error="insufficient_scope", `+
			`error_description="The request requires higher privileges than provided by the access token."`)
	}
	s.writeError(w, e.status, e.code, e.message, e.context)
}

// writeError writes a ClientError body; every non-2xx /2.0 answer uses it.
func (s *Sim) writeError(w http.ResponseWriter, status int, code, message string, contextInfo object) {
	body := object{
		{keyType, "error"},
		{"status", status},
		{"code", code},
		{"help_url", helpURL},
		{"message", message},
		{"request_id", s.requestID()},
	}
	if contextInfo != nil {
		body = append(body, member{"context_info", contextInfo})
	}
	s.writeJSON(w, status, body)
}

// requestID mimics Box's short opaque request ids; unique per Sim.
func (s *Sim) requestID() string {
	n := s.reqSeq.Add(1)
	return strconv.FormatUint(splitmix(n^bits(s.cfg.Seed))>>8, 36)
}

func (s *Sim) writeJSON(w http.ResponseWriter, status int, v object) {
	if c, ok := w.(*capturedPage); ok {
		c.status, c.body = status, v // a listing fault reads the page (control_listing_faults.go)
		return
	}
	if d, ok := w.(*damagedPages); ok && status == http.StatusOK {
		v = d.damage(v) // Faults.MalformedPages
	}
	b, err := appendJSON(make([]byte, 0, 512), v)
	if err != nil {
		// Only reachable with a value type appendJSON cannot encode (a bug):
		// still answer in Box's error shape rather than a half-written body.
		status = http.StatusInternalServerError
		b = []byte(`{"type":"error","status":500,"code":"internal_server_error","message":"boxsim: response encoding failed"}`)
	}
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(status)
	_, _ = w.Write(b) //nolint:gosec // G705: a JSON body (Content-Type above), never HTML; a write error means the client left
}
