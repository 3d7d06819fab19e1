package box

import (
	"bytes"
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strings"
)

// Text a server sends back (an error message, an OAuth2 error description)
// may echo what it was sent: a form with client_secret=..., an access token,
// an Authorization header. Such text is redacted before it enters an error
// or a log line. The supervisor (internal/supervisor) passes everything a run
// prints through the same Redactor.

const redacted = "[REDACTED]"

// CredentialFields are the names of the fields whose values are secrets
// wherever they are echoed.
var CredentialFields = []string{"client_secret", "access_token", "refresh_token", "id_token", "assertion", "password"}

var (
	credentialFields = "(?i)(" + strings.Join(CredentialFields, "|") + ")"
	// A value already redacted stays as it is: text may pass two redactors.
	redactedValue = `\[REDACTED\]|`

	// Credential fields with a quoted value: "access_token":"x", 'password': 'x',
	// and JSON quoted inside a JSON log line (\"access_token\":\"x\").
	quotedFieldPattern = regexp.MustCompile(credentialFields + `(\\*["']?\s*[:=]\s*\\*["'])(` + redactedValue + `[^"'\\]+)`)
	// ... and unquoted: a form body or query (client_secret=x&...), key: value.
	fieldPattern = regexp.MustCompile(credentialFields + `(\\*["']?\s*[:=]\s*)(` + redactedValue + `[^&\s"'\\,;:)}\]]+)`)
	// Authorization header values. Eight characters at least: "bearer" is
	// also an ordinary word ("token_type":"bearer", a bearer token).
	bearerPattern = regexp.MustCompile(`(?i)\b(bearer\s+)(` + redactedValue + `[a-z0-9._~+/=-]{8,})`)
	// URL user-info, e.g. https://user:password@host: every URL form, with
	// or without a password, as Go's HTTP errors print it (user:***@).
	userInfoPattern = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@"'\\]+@`)
)

// Redactor replaces secrets in text with [REDACTED]: the given secrets
// wherever they stand as a whole token, the values of credential fields,
// bearer tokens and URL user-info.
//
// A secret is replaced in each form an echo may take: as it is, escaped
// in JSON (a JSON log line) and URL-encoded (query- or path-escaped, with
// upper- or lower-case hex). It is replaced only where it is not part of a
// larger word: a secret "secret" leaves "client_secret" alone. What counts
// as a word boundary includes the end of an escape sequence (\n, \u00e9,
// %2F), so "\nsecret" still loses the secret. This rule also makes short
// secrets (a few characters) safe to replace: "ab" is redacted in "x ab y"
// and in client_secret=ab, not in "cab".
type Redactor struct {
	forms [][]byte // every form of every secret, longest first
}

// NewRedactor redacts the given secrets; empty ones are ignored.
func NewRedactor(secrets ...string) *Redactor {
	r := &Redactor{}
	for _, s := range secrets {
		for _, form := range secretForms(s) {
			if !slices.ContainsFunc(r.forms, func(f []byte) bool { return string(f) == form }) {
				r.forms = append(r.forms, []byte(form))
			}
		}
	}
	// A secret that contains another is replaced first, whole.
	slices.SortStableFunc(r.forms, func(a, b []byte) int { return len(b) - len(a) })
	return r
}

// secretForms are the ways s may be echoed.
func secretForms(s string) []string {
	if s == "" {
		return nil
	}
	forms := []string{s, jsonEscaped(s, true), jsonEscaped(s, false)}
	for _, esc := range []string{url.QueryEscape(s), url.PathEscape(s)} {
		forms = append(forms, esc, lowerHexEscapes(esc))
	}
	return forms
}

// jsonEscaped is s as it stands inside a JSON string; html: with <, > and &
// escaped too, as encoding/json's Marshal writes them.
func jsonEscaped(s string, html bool) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(html)
	if err := enc.Encode(s); err != nil {
		return s
	}
	quoted := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	return string(quoted[1 : len(quoted)-1])
}

// lowerHexEscapes writes the %XX escapes of a URL-escaped string in lower
// case, as some servers do.
func lowerHexEscapes(s string) string {
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			copy(b[i+1:i+3], bytes.ToLower(b[i+1:i+3]))
		}
	}
	return string(b)
}

// Redact returns b with every secret replaced. It may modify b. Cheap
// byte checks keep the regular expressions off text that cannot match.
func (r *Redactor) Redact(b []byte) []byte {
	lower := bytes.ToLower(b)
	if slices.ContainsFunc(CredentialFields, func(f string) bool { return bytes.Contains(lower, []byte(f)) }) {
		b = quotedFieldPattern.ReplaceAll(b, []byte("${1}${2}"+redacted))
		b = fieldPattern.ReplaceAll(b, []byte("${1}${2}"+redacted))
	}
	if bytes.Contains(lower, []byte("bearer")) {
		b = bearerPattern.ReplaceAll(b, []byte("${1}"+redacted))
	}
	if bytes.Contains(b, []byte("://")) && bytes.IndexByte(b, '@') >= 0 {
		b = userInfoPattern.ReplaceAll(b, []byte("${1}"+redacted+"@"))
	}
	for _, form := range r.forms {
		b = replaceWhole(b, form)
	}
	return b
}

// RedactString is Redact for a string.
func (r *Redactor) RedactString(s string) string { return string(r.Redact([]byte(s))) }

// replaceWhole replaces each occurrence of form in b that is not part of a
// larger word.
func replaceWhole(b, form []byte) []byte {
	var out []byte
	last := 0 // b[last:] is not yet copied to out
	for from := 0; from < len(b); {
		i := bytes.Index(b[from:], form)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(form)
		if !wordBefore(b[:start], form[0]) && !wordAfter(b[end:], form[len(form)-1]) {
			out = append(append(out, b[last:start]...), redacted...)
			last, from = end, end
			continue
		}
		from = start + 1
	}
	if out == nil {
		return b
	}
	return append(out, b[last:]...)
}

// wordBefore: a secret starting with first would continue the word that
// before ends with. The end of an escape sequence is not a word.
func wordBefore(before []byte, first byte) bool {
	if len(before) == 0 || !isWordByte(first) || !isWordByte(before[len(before)-1]) {
		return false
	}
	return !escapeEnds(before)
}

// wordAfter: a secret ending with last would continue into after.
func wordAfter(after []byte, last byte) bool {
	return len(after) > 0 && isWordByte(last) && isWordByte(after[0])
}

// escapeSuffix matches an escape sequence at the end of text: a JSON or Go
// string escape (\n, \t, \u00e9, \x41) or a URL escape (%2F).
var escapeSuffix = regexp.MustCompile(`(\\[abfnrtv]|\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|%[0-9a-fA-F]{2})$`)

func escapeEnds(text []byte) bool {
	const longestEscape = 6 // \uXXXX
	return escapeSuffix.Match(text[max(0, len(text)-longestEscape):])
}

// isWordByte: letters, digits, underscore, and any byte of a non-ASCII
// character (letters of other scripts).
func isWordByte(c byte) bool {
	return c == '_' || c >= 0x80 || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// redact removes credentials from server-sent text: the values of
// credential fields, bearer tokens, URL user-info and the given secrets.
func redact(s string, secrets ...string) string {
	return NewRedactor(secrets...).RedactString(s)
}
