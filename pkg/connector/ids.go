package connector

import "github.com/conductorone/baton-box/pkg/box"

// validID checks an ID the connector is given (a resource, a principal, a
// setting) before it is used, with pkg/box's one rule (box.ParseID: digits
// without a leading zero, so anything else, "../users/1" or
// "017000000001", is refused), less the root folder's "0", which names no
// resource. The error is a *box.IDError (InvalidArgument).
func validID(kind, id string) error {
	if box.IsID(id) {
		return nil
	}
	return &box.IDError{Kind: kind, ID: id}
}
