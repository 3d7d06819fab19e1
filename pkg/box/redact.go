package box

import (
	"regexp"
	"strings"
)

// Text a server sends back (an error message, an OAuth2 error description)
// may echo what it was sent: a form with client_secret=..., an access token,
// an Authorization header. Such text is redacted before it enters an error
// or a log line.

const redacted = "[REDACTED]"

// CredentialFields are the names of the fields whose values are secrets
// wherever they are echoed; the supervisor's redactor (cmd/baton-box) uses
// the same list.
var CredentialFields = []string{"client_secret", "access_token", "refresh_token", "id_token", "assertion", "password"}

var secretPatterns = []*regexp.Regexp{
	// key=value, key: value and "key":"value" forms of credential fields.
	regexp.MustCompile(`(?i)((?:` + strings.Join(CredentialFields, "|") + `)["']?\s*[:=]\s*["']?)[^\s"'&,;}\]]+`),
	// Authorization header values.
	regexp.MustCompile(`(?i)(bearer\s+)[A-Za-z0-9\-._~+/]+=*`),
}

// redact removes credentials from server-sent text: the values of
// credential fields, bearer tokens, and any of the literal secrets given.
func redact(s string, secrets ...string) string {
	for _, secret := range secrets {
		if len(secret) >= 4 { // shorter "secrets" would mangle ordinary text
			s = strings.ReplaceAll(s, secret, redacted)
		}
	}
	for _, re := range secretPatterns {
		s = re.ReplaceAllString(s, "${1}"+redacted)
	}
	return s
}
