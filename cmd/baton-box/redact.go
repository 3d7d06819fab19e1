package main

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/conductorone/baton-box/pkg/box"
)

// Everything a supervised run prints on stderr passes through a redactor,
// so a secret that reaches any log line or error (an echo from a server, a
// URL in a transport error) is caught in one place. pkg/box also redacts
// at the source; this is the net under it.

const redacted = "[REDACTED]" // as pkg/box marks it

// minSecretLen: shorter configured values are not replaced as literals
// (they would mangle ordinary text); the patterns below still apply.
const minSecretLen = 4

var (
	// URL user-info, e.g. https://user:password@host: every URL form, with
	// or without a password, as Go's HTTP errors print it (user:***@).
	userInfoPattern = regexp.MustCompile(`(?i)\b([a-z][a-z0-9+.-]*://)[^/?#\s@"'\\]+@`)
	// Credential fields (box.CredentialFields) echoed by a server: in JSON, or JSON quoted inside a
	// JSON log line ("access_token":"x", \"access_token\":\"x\"), and in a
	// form body or query (client_secret=x&...).
	oauthJSONPattern  = regexp.MustCompile(`(?i)(` + credentialFields + `)(\\*"\s*:\s*\\*")([^"\\]+)`)
	oauthFieldPattern = regexp.MustCompile(`(?i)(` + credentialFields + `)(\s*[:=]\s*)([^&\s"'\\,;:)}\]]+)`)
	// Authorization header values.
	bearerPattern = regexp.MustCompile(`(?i)\b(bearer\s+)[a-z0-9._~+/=-]{8,}`)

	credentialFields = strings.Join(box.CredentialFields, "|")
)

type redactor struct {
	literals [][]byte
}

// newRedactor redacts the given secret values, and the JSON-escaped form of
// each (how they would appear inside a JSON log line).
func newRedactor(secrets []string) *redactor {
	r := &redactor{}
	for _, s := range secrets {
		if len(s) < minSecretLen {
			continue
		}
		r.literals = append(r.literals, []byte(s))
		if quoted, err := json.Marshal(s); err == nil {
			if esc := quoted[1 : len(quoted)-1]; !bytes.Equal(esc, []byte(s)) {
				r.literals = append(r.literals, esc)
			}
		}
	}
	return r
}

// line returns b with every secret replaced. Cheap byte checks keep the
// regular expressions off the lines that cannot match.
func (r *redactor) line(b []byte) []byte {
	for _, lit := range r.literals {
		if bytes.Contains(b, lit) {
			b = bytes.ReplaceAll(b, lit, []byte(redacted))
		}
	}
	if bytes.Contains(b, []byte("://")) && bytes.IndexByte(b, '@') >= 0 {
		b = userInfoPattern.ReplaceAll(b, []byte("${1}"+redacted+"@"))
	}
	lower := bytes.ToLower(b)
	if slices.ContainsFunc(box.CredentialFields, func(f string) bool { return bytes.Contains(lower, []byte(f)) }) {
		b = oauthJSONPattern.ReplaceAll(b, []byte("${1}${2}"+redacted))
		b = oauthFieldPattern.ReplaceAll(b, []byte("${1}${2}"+redacted))
	}
	if bytes.Contains(lower, []byte("bearer")) {
		b = bearerPattern.ReplaceAll(b, []byte("${1}"+redacted))
	}
	return b
}
