package connector

import (
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// maxIDDigits bounds a Box ID; Box's are 64-bit integers (at most 20 digits).
const maxIDDigits = 20

// validID checks a Box user or group ID before it is used: Box IDs are
// digits, and anything else ("../users/1", "1/../2", " 1") would change the
// URL it goes into. Canonical IDs have no leading zero, so that the guards
// that compare IDs (the service account, the content owner) cannot be
// bypassed by "017000000001".
func validID(kind, id string) error {
	ok := id != "" && len(id) <= maxIDDigits && id[0] != '0'
	for i := 0; ok && i < len(id); i++ {
		ok = id[i] >= '0' && id[i] <= '9'
	}
	if !ok {
		return status.Errorf(codes.InvalidArgument, "%s ID %q is not a Box ID (Box IDs are digits, like 17000000001)", kind, id)
	}
	return nil
}
