// Package specvalidate checks live HTTP traffic against Box's official
// OpenAPI document (embedded), so the simulator cannot drift from the real
// API's shapes unnoticed.
//
// Four repairs are made to the document, each explained where it is
// made: ClientError.code takes any string, Event.source's GenericSource
// means "none of the typed sources", shared links require "access" (the
// spec's "accessed" is a typo), and a user's status may be "pending".
//
// Whole-document validation is skipped: the Box document trips kin-openapi
// over an example in an unrelated endpoint. Requests and responses are
// validated operation by operation instead.
package specvalidate

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

//go:embed box-openapi.json
var boxSpec []byte

// Violation is one disagreement between traffic and the spec.
type Violation struct {
	Method, Path string
	Status       int // response status; 0 if the handler wrote nothing
	Err          error
}

func (v Violation) String() string {
	return fmt.Sprintf("%s %s -> %d: %v", v.Method, v.Path, v.Status, v.Err)
}

// Validator routes requests to spec operations and validates both sides.
type Validator struct {
	base   *url.URL
	router routers.Router
	opts   *openapi3filter.Options
	fast   *openapi3filter.Options // opts, failing at the first violation
}

// New loads the embedded spec for a server at baseURL (e.g.
// "http://127.0.0.1:1234"): the API is expected under <base>/2.0 and the
// token endpoint at <base>/oauth2/token.
func New(baseURL string) (*Validator, error) {
	base, err := url.Parse(strings.TrimSuffix(baseURL, "/"))
	if err != nil {
		return nil, fmt.Errorf("specvalidate: base URL %q: %w", baseURL, err)
	}
	if base.Scheme == "" || base.Host == "" {
		return nil, fmt.Errorf("specvalidate: base URL %q needs a scheme and a host", baseURL)
	}
	// Requests are routed on a copy addressed to routeHost whatever host
	// they came to, so servers on different ports share one router.
	routeBase := &url.URL{Scheme: base.Scheme, Host: routeHost, Path: base.Path}
	router, err := sharedRouter(routeBase)
	if err != nil {
		return nil, err
	}
	opts := &openapi3filter.Options{
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
		IncludeResponseStatus: true,
	}
	fast := *opts
	fast.SchemaValidationOptions = []openapi3.SchemaValidationOption{openapi3.FailFast()}
	return &Validator{base: routeBase, router: router, opts: opts, fast: &fast}, nil
}

// routeHost is the host every request is routed under (see New).
const routeHost = "boxsim.specvalidate.invalid"

// routerCache holds one router per base: parsing the 1.3 MB document takes
// about a second (ten under the race detector), and the tests start a
// server per test. A router and its document are only read once built.
var routerCache struct {
	sync.Mutex
	byBase map[string]routers.Router
}

func sharedRouter(base *url.URL) (routers.Router, error) {
	key := base.String()
	routerCache.Lock()
	defer routerCache.Unlock()
	if r, ok := routerCache.byBase[key]; ok {
		return r, nil
	}
	r, err := loadRouter(base)
	if err != nil {
		return nil, err
	}
	if routerCache.byBase == nil {
		routerCache.byBase = map[string]routers.Router{}
	}
	routerCache.byBase[key] = r
	return r, nil
}

// loadRouter parses the embedded spec, repairs it and routes it at base.
func loadRouter(base *url.URL) (routers.Router, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(boxSpec)
	if err != nil {
		return nil, fmt.Errorf("specvalidate: load Box spec: %w", err)
	}
	for _, repair := range []func(*openapi3.T) error{relaxErrorCodes, narrowGenericEventSource, fixSharedLinkRequired, allowPendingUserStatus} {
		if err := repair(doc); err != nil {
			return nil, err
		}
	}
	rebase(doc, base)
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("specvalidate: build router: %w", err)
	}
	return router, nil
}

// relaxErrorCodes drops the enum on ClientError.code. Box sends codes the
// spec does not list (docs/box-behaviour.md, "Errors" and "Rate limits":
// rate_limit_exceeded, user_login_already_used,
// access_denied_insufficient_permissions, ...); clients must accept any
// code string, so the validator must too.
func relaxErrorCodes(doc *openapi3.T) error {
	ce := doc.Components.Schemas["ClientError"]
	if ce == nil || ce.Value == nil || ce.Value.Properties["code"] == nil || ce.Value.Properties["code"].Value == nil {
		return errors.New("specvalidate: spec has no ClientError.code schema")
	}
	ce.Value.Properties["code"].Value.Enum = nil
	return nil
}

// narrowGenericEventSource fixes Event.source, a oneOf of User,
// EventSource, File, Folder, GenericSource and AppItemEventSource.
// GenericSource is "any object", so every typed source (a user, a file
// event's item) also matches it and the oneOf fails for all of them: as
// written, no event with a source could pass. GenericSource is read as
// what its description says, the catch-all for other shapes: an object
// with no item_type and no type naming one of the typed variants. A user
// source must then match User, a file event's source EventSource, etc.
func narrowGenericEventSource(doc *openapi3.T) error {
	gs := doc.Components.Schemas["GenericSource"]
	if gs == nil || gs.Value == nil || gs.Value.Not != nil {
		return errors.New("specvalidate: spec has no plain GenericSource schema")
	}
	typed := openapi3.NewStringSchema().WithEnum("user", "file", "folder", "app_item")
	gs.Value.Not = openapi3.NewAnyOfSchema(
		&openapi3.Schema{Required: []string{"item_type"}},
		&openapi3.Schema{Required: []string{"type"}, Properties: openapi3.Schemas{"type": typed.NewRef()}},
	).NewRef()
	return nil
}

// fixSharedLinkRequired repairs a typo: the shared_link objects (of
// Folder, File, ...) require "accessed", a property they do not define;
// the field is "access", which Box sends. As written no shared link could
// pass, so "access" is required instead.
func fixSharedLinkRequired(doc *openapi3.T) error {
	seen := map[*openapi3.Schema]bool{}
	fixed := 0
	var walk func(*openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if i := slices.Index(s.Required, "accessed"); i >= 0 && s.Properties["accessed"] == nil && s.Properties["access"] != nil {
			s.Required[i] = "access"
			fixed++
		}
		for _, p := range s.Properties {
			walk(p)
		}
		for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, x := range list {
				walk(x)
			}
		}
		walk(s.Items)
		walk(s.Not)
		walk(s.AdditionalProperties.Schema)
	}
	for _, ref := range doc.Components.Schemas {
		walk(ref)
	}
	if fixed == 0 {
		return errors.New("specvalidate: spec has no shared_link requiring \"accessed\"")
	}
	return nil
}

// allowPendingUserStatus adds "pending" to the user status enum. A new
// managed user "will be in a pending state" until they set a password
// (developer.box.com developer.box.com/guides/users/create-managed-user); the spec's enum
// lists only active, inactive and the two restricted statuses.
func allowPendingUserStatus(doc *openapi3.T) error {
	fixed := 0
	for _, ref := range doc.Components.Schemas {
		for _, part := range append(openapi3.SchemaRefs{ref}, ref.Value.AllOf...) {
			if part == nil || part.Value == nil {
				continue
			}
			st := part.Value.Properties["status"]
			if st != nil && st.Value != nil && slices.Contains(st.Value.Enum, any("cannot_delete_edit_upload")) && !slices.Contains(st.Value.Enum, any("pending")) {
				st.Value.Enum = append(st.Value.Enum, "pending")
				fixed++
			}
		}
	}
	if fixed == 0 {
		return errors.New("specvalidate: spec has no user status enum")
	}
	return nil
}

// rebase points every server at base. The document's server becomes
// <base>/2.0; operations with their own server (the token endpoint's
// https://api.box.com, upload's https://upload.box.com/api/2.0) keep their
// path but move to base's scheme and host. gorillamux only reads
// path-level servers, so operation servers are lifted to their path.
func rebase(doc *openapi3.T, base *url.URL) {
	move := func(raw string) string {
		u, err := url.Parse(raw)
		if err != nil {
			return raw
		}
		return base.Scheme + "://" + base.Host + base.Path + strings.TrimSuffix(u.Path, "/")
	}
	for _, s := range doc.Servers {
		s.URL = move(s.URL)
	}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Servers == nil || len(*op.Servers) == 0 {
				continue
			}
			for _, s := range *op.Servers {
				s.URL = move(s.URL)
			}
			item.Servers = *op.Servers
		}
	}
}

// Middleware validates each request, lets next answer into a buffer,
// validates that response, then writes it through unchanged. onViolation
// (may be nil) is called once per problem, after the response is known.
func (v *Validator) Middleware(next http.Handler, onViolation func(Violation)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, "specvalidate: read request body: "+err.Error(), http.StatusBadRequest)
			return
		}
		_ = r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(body))

		input, reqErr := v.validateRequest(r, body)

		rec := newRecorder()
		next.ServeHTTP(rec, r)
		if rec.status == 0 && r.Context().Err() != nil {
			return // the client left and the handler wrote nothing
		}
		status := rec.statusOrOK()

		var errs []error
		if reqErr != nil {
			errs = append(errs, reqErr)
		}
		if input != nil {
			if err := v.validateResponse(r.Context(), input, status, rec); err != nil {
				errs = append(errs, err)
			}
		}
		if onViolation != nil {
			for _, err := range errs {
				onViolation(Violation{Method: r.Method, Path: r.URL.RequestURI(), Status: status, Err: err})
			}
		}
		rec.writeTo(w, status)
	})
}

// validateRequest finds the operation and checks the request against it.
// input is nil when no operation matches (then the response cannot be
// checked either).
func (v *Validator) validateRequest(r *http.Request, body []byte) (*openapi3filter.RequestValidationInput, error) {
	// Route on a copy addressed to base, whatever Host the client used.
	u := *r.URL
	u.Scheme, u.Host = v.base.Scheme, v.base.Host
	vr := r.Clone(r.Context())
	vr.URL, vr.Host, vr.RequestURI = &u, v.base.Host, ""
	vr.Body = io.NopCloser(bytes.NewReader(body))
	vr.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }

	route, params, err := v.router.FindRoute(vr)
	if err != nil {
		return nil, fmt.Errorf("no operation in the Box spec for %s %s: %w", r.Method, r.URL.Path, err)
	}
	input := &openapi3filter.RequestValidationInput{Request: vr, PathParams: params, Route: route, Options: v.opts}
	if err := openapi3filter.ValidateRequest(r.Context(), input); err != nil {
		return input, fmt.Errorf("request: %w", err)
	}
	return input, nil
}

func (v *Validator) validateResponse(ctx context.Context, input *openapi3filter.RequestValidationInput, status int, rec *recorder) error {
	validate := func(opts *openapi3filter.Options) error {
		out := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: input,
			Status:                 status,
			Header:                 rec.header,
			Options:                opts,
		}
		out.SetBodyBytes(rec.body.Bytes())
		return openapi3filter.ValidateResponse(ctx, out)
	}
	// kin-openapi builds the full message (whole schemas as JSON) of each
	// oneOf branch a valid answer does not take: most of a test sync's CPU,
	// ten times that under the race detector. Fail fast first; only a
	// violation is validated again for its message.
	if validate(v.fast) == nil {
		return nil
	}
	if err := validate(v.opts); err != nil {
		return fmt.Errorf("response: %w", err)
	}
	return errors.New("response: fails fast validation but passes full validation")
}

// recorder buffers a whole response so it can be validated before any of
// it reaches the client.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func newRecorder() *recorder { return &recorder{header: http.Header{}} }

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.body.Write(b)
}

// Flush is a no-op: the response is sent whole once validated.
func (r *recorder) Flush() {}

func (r *recorder) statusOrOK() int {
	if r.status == 0 {
		return http.StatusOK
	}
	return r.status
}

func (r *recorder) writeTo(w http.ResponseWriter, status int) {
	h := w.Header()
	for k, vs := range r.header {
		h[k] = vs
	}
	w.WriteHeader(status)
	_, _ = w.Write(r.body.Bytes()) // a write error means the client left
}
