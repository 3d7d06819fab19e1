package boxsim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"
)

// object is a JSON object with a fixed key order, so responses read like
// Box's (type and id first) and pages of 1,000 entries encode without
// reflection or per-entry maps.
type object []member

// Keys and object types that recur across the simulator's JSON; named so
// that each spelling is written once.
const (
	keyType       = "type"
	keyName       = "name"
	keyEntries    = "entries"
	keyCreatedAt  = "created_at"
	keyModifiedAt = "modified_at"
	typeUser      = "user"
	typeGroup     = "group"
)

type member struct {
	key string
	val any
}

// MarshalJSON lets an object travel through encoding/json too.
func (o object) MarshalJSON() ([]byte, error) { return appendJSON(nil, o) }

// appendJSON encodes the handful of value types the simulator produces.
func appendJSON(b []byte, v any) ([]byte, error) {
	var err error
	switch v := v.(type) {
	case nil:
		b = append(b, "null"...)
	case string:
		b = appendString(b, v)
	case bool:
		b = strconv.AppendBool(b, v)
	case int:
		b = strconv.AppendInt(b, int64(v), 10)
	case int64:
		b = strconv.AppendInt(b, v, 10)
	case object:
		b = append(b, '{')
		for i, m := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, m.key)
			b = append(b, ':')
			if b, err = appendJSON(b, m.val); err != nil {
				return nil, fmt.Errorf("key %q: %w", m.key, err)
			}
		}
		b = append(b, '}')
	case []object:
		b = append(b, '[')
		for i, o := range v {
			if i > 0 {
				b = append(b, ',')
			}
			if b, err = appendJSON(b, o); err != nil {
				return nil, err
			}
		}
		b = append(b, ']')
	case []string:
		b = append(b, '[')
		for i, s := range v {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendString(b, s)
		}
		b = append(b, ']')
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("boxsim: encode %T: %w", v, err)
		}
		b = append(b, raw...)
	}
	return b, nil
}

const hexDigits = "0123456789abcdef"

// appendString writes a JSON string; invalid UTF-8 becomes U+FFFD like
// encoding/json does.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"' || c == '\\':
				b = append(b, '\\', c)
			case c == '\n':
				b = append(b, '\\', 'n')
			case c == '\r':
				b = append(b, '\\', 'r')
			case c == '\t':
				b = append(b, '\\', 't')
			case c < 0x20:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			default:
				b = append(b, c)
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			// Valid JSON, but escaped by encoding/json for JavaScript safety.
			b = append(b, `\u202`...)
			b = append(b, hexDigits[r&0xF])
		default:
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return append(b, '"')
}
