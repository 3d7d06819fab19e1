package supervisor

import (
	"context"
	"fmt"
	"strings"

	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	reader_v2 "github.com/conductorone/baton-sdk/pb/c1/reader/v2"
	"github.com/conductorone/baton-sdk/pkg/connectorstore"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// --grant-entitlement and --revoke-grant read what they name from a
// previous sync's file. When that is missing the SDK says only "pebble: not
// found" or "pebble engine: no current sync"; these say what is missing.

const runSyncFirst = "run a sync first (baton-box --file %s), or check the ID"

// fileMissing is the answer when --file does not exist at all, given before
// the child starts: the run could only fail.
func fileMissing(inv invocation) *exitError {
	flag := "--grant-entitlement"
	if inv.revokeGrant != "" {
		flag = "--revoke-grant"
	}
	return &exitError{code: int(codes.FailedPrecondition), msg: fmt.Sprintf(
		"baton-box: %s (--file) does not exist: %s works on a previous sync's file; run a sync first (baton-box --file %s)",
		inv.file, flag, inv.file)}
}

// missingFromFile looks up, the way the SDK's provisioner does, what a
// failed run named: for a revoke the grant, then its entitlement, the
// entitlement's resource and the principal; for a grant the entitlement,
// its resource and the principal. nil: everything is there, so the
// failure had another cause and the SDK's message stands.
func missingFromFile(ctx context.Context, inv invocation, tmpDir string) *exitError {
	store, err := dotc1z.NewStore(ctx, inv.file, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(tmpDir))
	if err != nil {
		return nil
	}
	defer func() { _ = store.Close(ctx) }()

	latest, err := store.GetLatestFinishedSync(ctx, reader_v2.SyncsReaderServiceGetLatestFinishedSyncRequest_builder{}.Build())
	if err == nil && latest.GetSync() == nil {
		return &exitError{code: int(codes.FailedPrecondition), msg: fmt.Sprintf(
			"baton-box: %s (--file) holds no finished sync: run a sync first (baton-box --file %s)", inv.file, inv.file)}
	}
	fix := fmt.Sprintf(runSyncFirst, inv.file)
	if latest.GetSync().GetSyncType() == string(connectorstore.SyncTypePartial) {
		fix = fmt.Sprintf("%s holds a targeted sync (--sync-resources), which has only the resources it synced and their grants; "+
			"use the file of a full sync (baton-box --file %s), or run one first", inv.file, fullSyncFile(inv.file))
	}
	notFound := func(what, flag string) *exitError {
		return &exitError{code: int(codes.NotFound), msg: fmt.Sprintf("baton-box: %s (%s) is not in %s: %s", what, flag, inv.file, fix)}
	}
	has := func(id *v2.ResourceId) bool {
		_, err := store.GetResource(ctx, reader_v2.ResourcesReaderServiceGetResourceRequest_builder{ResourceId: id}.Build())
		return !isNotFound(err)
	}
	resource := func(id *v2.ResourceId) string { return fmt.Sprintf("%s %q", id.GetResourceType(), id.GetResource()) }

	flag, entitlementID := "--grant-entitlement", inv.grantEntitlement
	principal := v2.ResourceId_builder{ResourceType: inv.grantPrincipalType, Resource: inv.grantPrincipal}.Build()
	principalFlag := "--grant-principal, --grant-principal-type"
	if inv.revokeGrant != "" {
		grant, err := store.GetGrant(ctx, reader_v2.GrantsReaderServiceGetGrantRequest_builder{GrantId: inv.revokeGrant}.Build())
		if isNotFound(err) {
			return notFound(fmt.Sprintf("grant %q", inv.revokeGrant), "--revoke-grant")
		}
		flag, entitlementID = "--revoke-grant", grant.GetGrant().GetEntitlement().GetId()
		principal, principalFlag = grant.GetGrant().GetPrincipal().GetId(), "--revoke-grant"
	}
	entitlement, err := store.GetEntitlement(ctx, reader_v2.EntitlementsReaderServiceGetEntitlementRequest_builder{
		EntitlementId: entitlementID,
	}.Build())
	if isNotFound(err) {
		return notFound(fmt.Sprintf("entitlement %q", entitlementID), flag)
	}
	if id := entitlement.GetEntitlement().GetResource().GetId(); id != nil && !has(id) {
		return notFound(fmt.Sprintf("%s, whose entitlement %q it is,", resource(id), entitlementID), flag)
	}
	if !has(principal) {
		return notFound("principal "+resource(principal), principalFlag)
	}
	return nil
}

// fullSyncFile is the file a targeted sync's file stands beside
// (targetedPath), else file itself.
func fullSyncFile(file string) string {
	if base, ok := strings.CutSuffix(file, ".targeted.c1z"); ok {
		return base + ".c1z"
	}
	return file
}

// isNotFound: the c1z engines report a missing row with gRPC NotFound.
func isNotFound(err error) bool { return err != nil && status.Code(err) == codes.NotFound }
