package boxsim

import "time"

// Storage. A user's space_used is what they own (OwnedItems x ItemBytes,
// 8 MiB each: files are counted, not modelled, so their size is an
// assumption); space_amount is their quota, unlimited (Box's
// 999999999999999) unless set, except the service account's, which
// starts at Config.ServiceAccountQuota: "By default, most Service Accounts
// are allocated 10GB of storage" (developer.box.com/platform/user-types). PUT
// /users/{id} space_amount sets a quota (-1: unlimited, the spec; 0 is
// kept as no quota too, Box not saying what 0 means: an assumption).
// Content transferred to a user must fit in their free space, or the
// transfer is refused with 403 storage_limit_exceeded ("Account storage
// limit reached", common-errors and the spec's code for a full account;
// PUT /users/{id}/folders/0 documents no storage error, so that it applies
// there is an assumption).

// Defaults for Config's storage fields.
const (
	ItemBytes                  = int64(8 << 20)
	DefaultServiceAccountQuota = int64(10 << 30)
	// transferAnswerBound: "If the operation is not completed within 10
	// minutes, the user will receive a 200 OK response, and the operation
	// will continue running" (the spec, PUT /users/{id}/folders/0).
	transferAnswerBound = 10 * time.Minute
)

func (u *userRec) spaceUsed() int64 { return int64(u.ownedItems) * ItemBytes }

func (u *userRec) spaceAmount() int64 {
	if u.quota > 0 {
		return u.quota
	}
	return spaceUnlimited
}

// fits reports whether dst can take n more items.
func (dst *userRec) fits(n int) bool {
	return dst.quota <= 0 || dst.spaceUsed()+int64(n)*ItemBytes <= dst.quota
}

func storageLimitExceeded() *apiError {
	return forbidden("storage_limit_exceeded", "Account storage limit reached")
}
