package box

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sync"
)

// What the client lets the HTTP layer do. Two things are decided below
// the SDK's uhttp, because uhttp reads every response body whole (io.ReadAll)
// before pkg/box sees it, and because net/http follows redirects on its own:
//
//   - Every response body is cut off at MaxResponseBody: the body errors past
//     it, so a 2 GiB answer costs the cap, not 2 GiB (many times over, in
//     uhttp's buffers and ours). The request then fails with a *Error that is
//     not retried.
//   - A redirect is followed only within the host it came from (same scheme,
//     host and port), at most maxRedirects times. net/http would follow one to
//     any host; it drops Authorization only when the host name differs, not
//     when just the port does. Token requests follow no redirect at all: the
//     form carries the client secret, and a 307 makes net/http post it again.

// MaxResponseBody is the most of one response body the client reads.
// Box's largest answers are listing pages of 1,000 entries (users, groups,
// memberships, folder items, collaborations; events come 500 at a time).
// With the fields the connector asks for, such a page is about 0.5-1 MB
// (a collaboration is some 650 bytes of JSON, a folder item with its shared
// link about 1 KB). With every name at the longest Box allows (folder
// names 255 characters, user names 50, logins 254, group descriptions and
// provenance 255) in 4-byte UTF-8, the largest page stays under 5 MB. 8 MiB
// leaves room above that; anything larger is not a Box answer.
const MaxResponseBody = 8 << 20

// maxRedirects bounds same-host redirects, as net/http's default does.
const maxRedirects = 10

// TooLargeError is a response body longer than the client reads.
type TooLargeError struct {
	Limit int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("response body larger than %s, more than any Box answer; not read further", sizeText(e.Limit))
}

func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// bodyWatch, put in a request's context, learns why reading the response
// body failed: uhttp keeps the bytes read so far and reports the failure
// only as a transient network error, which would read as a truncated body.
type bodyWatch struct {
	mu  sync.Mutex
	err error
}

type bodyWatchKey struct{}

func watchBody(ctx context.Context) (context.Context, *bodyWatch) {
	w := &bodyWatch{}
	return context.WithValue(ctx, bodyWatchKey{}, w), w
}

// failure is the first error reading the body met (io.EOF is none).
func (w *bodyWatch) failure() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *bodyWatch) record(err error) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err == nil {
		w.err = err
	}
}

// boundedTransport caps every response body at limit bytes.
type boundedTransport struct {
	base  http.RoundTripper
	limit int64
}

func (t *boundedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	base := t.base
	if base == nil {
		base = http.DefaultTransport
	}
	resp, err := base.RoundTrip(req)
	if resp != nil && resp.Body != nil {
		w, _ := req.Context().Value(bodyWatchKey{}).(*bodyWatch)
		resp.Body = newBoundedBody(resp.Body, resp.ContentLength, t.limit, w)
	}
	return resp, err
}

// boundedBody reads at most limit bytes of rc; past that, and at once when
// the declared length is larger, it fails with a *TooLargeError. Errors
// other than io.EOF are told to watch.
type boundedBody struct {
	rc       io.ReadCloser
	declared int64 // Content-Length, -1 when unknown
	limit    int64
	read     int64
	watch    *bodyWatch
	err      error
}

func newBoundedBody(rc io.ReadCloser, declared, limit int64, w *bodyWatch) *boundedBody {
	return &boundedBody{rc: rc, declared: declared, limit: limit, watch: w}
}

func (b *boundedBody) Read(p []byte) (int, error) {
	if b.err != nil {
		return 0, b.err
	}
	if b.declared > b.limit {
		return 0, b.fail(&TooLargeError{Limit: b.limit})
	}
	// Read one byte more than is allowed, to tell "exactly the cap" from "more".
	if room := b.limit - b.read + 1; int64(len(p)) > room {
		p = p[:room]
	}
	n, err := b.rc.Read(p)
	b.read += int64(n)
	if b.read > b.limit {
		return n - int(b.read-b.limit), b.fail(&TooLargeError{Limit: b.limit})
	}
	if err != nil && !errors.Is(err, io.EOF) {
		b.watch.record(err)
	}
	return n, err
}

func (b *boundedBody) fail(err error) error {
	b.err = err
	b.watch.record(err)
	return err
}

func (b *boundedBody) Close() error { return b.rc.Close() }

// guardedClients returns the client API requests use (bodies capped,
// redirects followed only within their host) and the one token requests use
// (the same, following no redirect). hc itself is left as it is.
func guardedClients(hc *http.Client) (*http.Client, *http.Client) {
	api := *hc
	// No client-wide timeout: every request has its own deadline (the
	// request timeout, the give-up budget, a transfer's 15 minutes), and
	// uhttp's default of 300 s would cut a content transfer Box may take
	// 10 minutes to answer.
	api.Timeout = 0
	api.Transport = &boundedTransport{base: hc.Transport, limit: MaxResponseBody}
	api.CheckRedirect = sameHostRedirect
	token := api
	token.CheckRedirect = noRedirect
	return &api, &token
}

// sameHostRedirect follows a redirect within the host it came from. Any
// other ends the request with the redirect itself as the answer
// (http.ErrUseLastResponse), which result reports as a *RedirectError.
func sameHostRedirect(req *http.Request, via []*http.Request) error {
	if origin(req.URL) != origin(via[0].URL) || len(via) >= maxRedirects {
		return http.ErrUseLastResponse
	}
	return nil
}

func noRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// redirectTarget is where a redirect points, as scheme://host ("" when
// it names nowhere), resolved against the request it answered.
func redirectTarget(resp *http.Response) string {
	loc := resp.Header.Get("Location")
	if loc == "" {
		return ""
	}
	u, err := url.Parse(loc)
	if err != nil {
		return ""
	}
	if resp.Request != nil && resp.Request.URL != nil {
		u = resp.Request.URL.ResolveReference(u)
	}
	return origin(u)
}

// origin is a URL's scheme://host, what a redirect may not change.
func origin(u *url.URL) string { return u.Scheme + "://" + u.Host }

// isRedirect: a 3xx that net/http hands back rather than follows.
func isRedirect(statusCode int) bool { return statusCode >= 300 && statusCode <= 399 }
