package connector

import (
	"context"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/types/sessions"
	"github.com/grpc-ecosystem/go-grpc-middleware/logging/zap/ctxzap"
	"go.uber.org/zap"
)

// newGroups drops groups already found in this listing (by ID) and
// remembers the others in the session store. The partitions are disjoint by
// construction; only a group listed twice within one (the listing changing
// under it) could repeat. Without a session store that case cannot be told
// apart, and every group of the page counts.
func newGroups(ctx context.Context, ss sessions.SessionStore, groups []box.Group) []box.Group {
	page := make(map[string]bool, len(groups))
	fresh := groups[:0:0]
	for _, g := range groups {
		if !page[g.ID] {
			page[g.ID] = true
			fresh = append(fresh, g)
		}
	}
	seenKeys := make([]string, len(fresh))
	for i, g := range fresh {
		seenKeys[i] = keys.groupSeen(g.ID)
	}
	seen, err := getValues(ctx, ss, seenKeys)
	if err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store unavailable; groups are not de-duplicated across pages", zap.Error(err))
		return fresh
	}
	out := fresh[:0:0]
	mark := map[string][]byte{}
	for i, g := range fresh {
		if _, ok := seen[seenKeys[i]]; !ok {
			out = append(out, g)
			mark[seenKeys[i]] = []byte{1}
		}
	}
	if err := setValues(ctx, ss, mark); err != nil {
		ctxzap.Extract(ctx).Debug("baton-box: session store write failed; groups are not de-duplicated across pages", zap.Error(err))
	}
	return out
}
