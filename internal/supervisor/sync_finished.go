package supervisor

import (
	"context"
	"fmt"

	reader_v2 "github.com/conductorone/baton-sdk/pb/c1/reader/v2"
	"github.com/conductorone/baton-sdk/pkg/dotc1z"
	"google.golang.org/grpc/codes"
)

// finishedHere checks, before a sync's work file replaces --file, that it
// holds a finished sync the previous file (previous, "" for none) does
// not. The child's exit status and the SDK's error record are how a run
// learns of a failure, and the SDK can exit 0 after a failed task
// (doc.go): the work file itself has the last word. It starts as a copy
// of the previous file, so the same latest finished sync means this run
// finished none. (Compared by ID, not time: the SDK may resume an
// unfinished sync that a copied file holds.)
func finishedHere(ctx context.Context, work, previous, tmp string) *exitError {
	failed := func(why string) *exitError {
		return &exitError{code: int(codes.Internal), msg: "baton-box: the sync did not finish (" + why + ")"}
	}
	latest, err := latestFinishedSync(ctx, work, tmp)
	switch {
	case err != nil:
		return failed(fmt.Sprintf("its file cannot be read: %v", err))
	case latest == "":
		return failed("its file holds no finished sync")
	}
	if previous == "" {
		return nil
	}
	if before, err := latestFinishedSync(ctx, previous, tmp); err == nil && before == latest {
		return failed("its file's latest finished sync is the previous file's")
	}
	return nil
}

// latestFinishedSync is the ID of the latest finished sync in the c1z at
// path; "" for none.
func latestFinishedSync(ctx context.Context, path, tmp string) (string, error) {
	store, err := dotc1z.NewStore(ctx, path, dotc1z.WithReadOnly(true), dotc1z.WithTmpDir(tmp))
	if err != nil {
		return "", err
	}
	defer func() { _ = store.Close(ctx) }()
	latest, err := store.GetLatestFinishedSync(ctx, reader_v2.SyncsReaderServiceGetLatestFinishedSyncRequest_builder{}.Build())
	if err != nil {
		return "", err
	}
	return latest.GetSync().GetId(), nil
}
