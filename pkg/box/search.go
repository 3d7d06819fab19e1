package box

import (
	"context"

	"google.golang.org/grpc/codes"
)

// search pages an offset listing until match accepts an item, and returns it
// (nil when none does). The lookups that feed writes (a user by login, a
// group by name, a membership by group) all read Box this way.
func search[T any](ctx context.Context, what string, page func(ctx context.Context, offset int) ([]T, OffsetPage, error), match func(*T) bool) (*T, error) {
	for offset := 0; offset >= 0; {
		items, p, err := page(ctx, offset)
		if err != nil {
			return nil, err
		}
		for i := range items {
			if match(&items[i]) {
				return &items[i], nil
			}
		}
		if offset = p.NextOffset(); offset >= MaxOffset {
			// Box serves no offset past MaxOffset: the lookup cannot be completed.
			return nil, errorf(codes.FailedPrecondition, "box: more than %d %s to search", MaxOffset, what)
		}
	}
	return nil, nil
}
