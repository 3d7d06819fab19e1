package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// groupSeenKey records, per sync, the groups a partitioned listing has
// found (group_list.go), so that one listed twice counts once.
const groupSeenKey = "baton-box/group-seen/"

// newGroups drops groups already found in this listing (by ID) and
// remembers the others in the session store. The partitions are disjoint by
// construction; only a group listed twice within one (the listing changing
// under it) could repeat. Without a session store that case cannot be told
// apart, and every group of the page counts.
func newGroups(ctx context.Context, ss sessions.SessionStore, groups []box.Group) ([]box.Group, error) {
	page := make(map[string]bool, len(groups))
	fresh := groups[:0:0]
	for _, g := range groups {
		if !page[g.ID] {
			page[g.ID] = true
			fresh = append(fresh, g)
		}
	}
	keys := make([]string, len(fresh))
	for i, g := range fresh {
		keys[i] = groupSeenKey + g.ID
	}
	seen := map[string]bool{}
	for batch := range batches(keys, sessions.MaxKeysPerRequest) {
		var values map[string][]byte
		err := guardSession(func() error {
			var err error
			values, _, err = ss.GetMany(ctx, batch)
			return err
		})
		if err != nil {
			ctxzap.Extract(ctx).Debug("baton-box: session store unavailable; groups are not de-duplicated across pages", zap.Error(err))
			return fresh, nil
		}
		for k := range values {
			seen[k] = true
		}
	}
	out := fresh[:0:0]
	mark := map[string][]byte{}
	for i, g := range fresh {
		if !seen[keys[i]] {
			out = append(out, g)
			mark[keys[i]] = []byte{1}
		}
	}
	for batch := range batches(keysOfBytes(mark), sessions.MaxKeysPerRequest) {
		values := make(map[string][]byte, len(batch))
		for _, k := range batch {
			values[k] = mark[k]
		}
		if err := guardSession(func() error { return ss.SetMany(ctx, values) }); err != nil {
			ctxzap.Extract(ctx).Debug("baton-box: session store write failed; groups are not de-duplicated across pages", zap.Error(err))
			break
		}
	}
	return out, nil
}
