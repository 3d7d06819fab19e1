package supervisor

import (
	"context"
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	reader_v2 "github.com/conductorone/baton-sdk/pb/c1/reader/v2"
	"github.com/conductorone/baton-sdk/pkg/bid"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"
	"google.golang.org/grpc/codes"
)

// Targeted sync (--sync-resources). The SDK takes Baton IDs, with the
// parent the connector reads the resource under:
//
//	bid:r:enterprise/<enterprise id>/user/<user id>
//	bid:r:enterprise/<enterprise id>/group/<group id>
//	bid:r:user/<owner id>/folder/<folder id>
//
// The operator may write user:<id>, group:<id> and folder:<id> instead;
// the supervisor adds the parent: the enterprise of --enterprise-id, and
// for a folder its owner, from --file's previous sync (a sync with
// --sync-folders records it as the folder's parent) or as given:
// folder:<id>@user:<owner id>.
//
// The SDK writes a targeted sync into --file as a partial sync that holds
// only what it synced, and a grant or revoke on that file then fails for
// everything else. So a targeted sync writes beside --file instead
// (targetedPath), and --file keeps the last full sync.

// target is one resource of a targeted sync.
type target struct {
	given   string // as the operator wrote it
	typ, id string // resource type and Box ID
	owner   string // a folder's owner; "" until known
	bid     string // the SDK's form; "" until the owner is known
}

// targetForm is the shorthand: a type, a Box ID, and for a folder
// optionally its owner.
var targetForm = regexp.MustCompile(`^(user|group|folder):([0-9]+)(?:@user:([0-9]+))?$`)

const targetUsage = "give user:<id>, group:<id>, folder:<id> (folder:<id>@user:<owner id> when --file does not hold the folder) " +
	"or the SDK's form, bid:r:<parent type>/<parent id>/<type>/<id>"

// parseTargets reads --sync-resources; enterpriseID is the parent of users
// and groups.
func parseTargets(values []string, enterpriseID string) ([]target, *exitError) {
	var out []target
	for _, raw := range values {
		given := strings.TrimSpace(raw)
		if strings.HasPrefix(given, bid.BidPrefix+":") {
			r, err := bid.ParseResourceBid(given)
			if err != nil {
				msg, _, _ := strings.Cut(err.Error(), "\n") // the rest points at the place with a caret
				return nil, usageError("--sync-resources %q: %s; %s", given, msg, targetUsage)
			}
			out = append(out, target{given: given, typ: r.GetId().GetResourceType(), id: r.GetId().GetResource(), bid: given})
			continue
		}
		m := targetForm.FindStringSubmatch(given)
		switch {
		case m == nil:
			return nil, usageError("--sync-resources %q is not a resource: %s", given, targetUsage)
		case m[3] != "" && m[1] != "folder":
			return nil, usageError("--sync-resources %q: only a folder takes an owner (@user:<id>); a %s's parent is the enterprise", given, m[1])
		}
		t := target{given: given, typ: m[1], id: m[2], owner: m[3]}
		switch {
		case t.typ != "folder":
			t.bid = resourceBid("enterprise", enterpriseID, t.typ, t.id)
		case t.owner != "":
			t.bid = resourceBid("user", t.owner, t.typ, t.id)
		}
		out = append(out, t)
	}
	return out, nil
}

func resourceBid(parentType, parentID, typ, id string) string {
	r := v2.Resource_builder{
		Id:               v2.ResourceId_builder{ResourceType: typ, Resource: id}.Build(),
		ParentResourceId: v2.ResourceId_builder{ResourceType: parentType, Resource: parentID}.Build(),
	}.Build()
	s, err := bid.MakeResourceBid(r)
	if err != nil { // only for empty parts, which the form rules out
		return ""
	}
	return s
}

// findOwners completes the folders given without their owner from file's
// latest sync, which tmp unpacks.
func findOwners(ctx context.Context, targets []target, file, tmp string) *exitError {
	var store interface {
		GetResource(context.Context, *reader_v2.ResourcesReaderServiceGetResourceRequest) (*reader_v2.ResourcesReaderServiceGetResourceResponse, error)
		Close(context.Context) error
	}
	for i := range targets {
		t := &targets[i]
		if t.bid != "" {
			continue
		}
		unknown := func(why string) *exitError {
			return &exitError{code: int(codes.NotFound), msg: fmt.Sprintf(
				"baton-box: --sync-resources %s: %s, so the folder's owner is unknown; give it as folder:%s@user:<owner id>", t.given, why, t.id)}
		}
		if store == nil {
			s, err := dotc1z.NewStore(ctx, file, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(tmp))
			if err != nil {
				return unknown(fmt.Sprintf("%s (--file) cannot be read (%v)", file, err))
			}
			defer func() { _ = s.Close(ctx) }()
			store = s
		}
		resp, err := store.GetResource(ctx, reader_v2.ResourcesReaderServiceGetResourceRequest_builder{
			ResourceId: v2.ResourceId_builder{ResourceType: t.typ, Resource: t.id}.Build(),
		}.Build())
		parent := resp.GetResource().GetParentResourceId()
		if err != nil || parent.GetResourceType() != "user" {
			return unknown(fmt.Sprintf("the folder is not in %s (a sync with --sync-folders records each folder under its owner)", file))
		}
		t.owner = parent.GetResource()
		t.bid = resourceBid("user", t.owner, t.typ, t.id)
	}
	return nil
}

// output is the file a sync writes: --file, or beside it for a targeted
// sync.
func (inv invocation) output() string {
	if len(inv.targets) > 0 {
		return targetedPath(inv.file)
	}
	return inv.file
}

// targetedPath is where a targeted sync with --file path writes: beside
// it, "sync.c1z" -> "sync.targeted.c1z".
func targetedPath(path string) string {
	if ext := filepath.Ext(path); ext == ".c1z" {
		return strings.TrimSuffix(path, ext) + ".targeted.c1z"
	}
	return path + ".targeted.c1z"
}

// targetArgs are the child's flags for targets, which replace the
// operator's --sync-resources.
func targetArgs(targets []target) []string {
	out := make([]string, 0, len(targets))
	for _, t := range targets {
		out = append(out, "--"+flagSyncResources+"="+t.bid)
	}
	return out
}

// withoutFlag is args without the flag name and its values ("--name v",
// "--name=v"), up to a "--".
func withoutFlag(args []string, name string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return append(out, args[i:]...)
		case a == "--"+name:
			i++ // its value
		case strings.HasPrefix(a, "--"+name+"="):
		default:
			out = append(out, a)
		}
	}
	return out
}

// describeTargets names the targets for a line: "user 1, folder 2".
func describeTargets(targets []target) string {
	names := make([]string, 0, len(targets))
	for _, t := range targets {
		names = append(names, strings.ReplaceAll(t.typ, "_", " ")+" "+t.id)
	}
	return strings.Join(names, ", ")
}

// unsynced checks that a targeted sync's file at path holds every target:
// the SDK skips one it cannot get (Box has no such resource, or the run
// does not sync its type) with a warning, and exits 0.
func unsynced(ctx context.Context, targets []target, path, tmp string) *exitError {
	store, err := dotc1z.NewStore(ctx, path, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(tmp))
	if err != nil {
		return nil // the sync's own file: what reads it next will say
	}
	defer func() { _ = store.Close(ctx) }()
	for _, t := range targets {
		_, err := store.GetResource(ctx, reader_v2.ResourcesReaderServiceGetResourceRequest_builder{
			ResourceId: v2.ResourceId_builder{ResourceType: t.typ, Resource: t.id}.Build(),
		}.Build())
		if isNotFound(err) {
			return &exitError{code: int(codes.NotFound), msg: fmt.Sprintf(
				"baton-box: --sync-resources %s: the targeted sync did not get %s %s: Box has no such %s, or this run does not sync %ss "+
					"(the warning above says which)", t.given, t.typ, t.id, t.typ, t.typ)}
		}
	}
	return nil
}
