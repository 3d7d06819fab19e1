package connector

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-sdk/pkg/pagination"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
)

// TestLoginFeedRefusesAPageWithoutANewPosition: a page with events but no
// usable next_stream_position fails the feed (Internal), and the error
// names the position the feed resumed from, not the unusable one.
func TestLoginFeedRefusesAPageWithoutANewPosition(t *testing.T) {
	t.Parallel()
	const resumed = "1152922976252290886"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth2/token" {
			fmt.Fprint(w, `{"access_token":"t","expires_in":3600,"token_type":"bearer"}`)
			return
		}
		fmt.Fprint(w, `{"chunk_size":1,"next_stream_position":"0","entries":[{"type":"event","event_id":"e1","event_type":"LOGIN",`+
			`"created_at":"2025-01-01T00:00:00Z","created_by":{"type":"user","id":"17000000001","name":"A","login":"a@example.com"}}]}`)
	}))
	defer srv.Close()
	ctx := context.Background()
	client, err := box.New(ctx, box.Config{BaseURL: srv.URL, ClientID: "id", ClientSecret: "secret", EnterpriseID: "1", MaxAttempts: 1})
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	f := &loginFeed{client: client, enterpriseID: "1", now: func() time.Time { return now }, lag: time.Hour}
	cursor, err := encodeToken(feedCursor{Position: resumed, After: now.Add(-48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	_, _, _, err = f.ListEvents(ctx, nil, &pagination.StreamToken{Size: 100, Cursor: cursor})
	if status.Code(err) != codes.Internal || !strings.Contains(err.Error(), `position "`+resumed+`"`) {
		t.Fatalf("want Internal naming position %s, got %v", resumed, err)
	}
}
