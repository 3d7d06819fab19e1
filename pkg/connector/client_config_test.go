package connector

import (
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	"github.com/conductorone/baton-box/pkg/config"
)

// TestClientConfigOptionsWin: the client tuning in Options (tests) wins
// over the configuration where it is set; the credentials and the base URL
// always come from the configuration.
func TestClientConfigOptionsWin(t *testing.T) {
	t.Parallel()
	settings := config.Settings{ClientID: "id", ClientSecret: "secret", EnterpriseID: "700001", BaseURL: box.DefaultBaseURL,
		RequestsPerMinute: 1000, MaxRequestsPerMinute: 6000, GiveUpAfter: 10 * time.Minute, MaxRetryWait: 2 * time.Minute}
	got := clientConfig(settings, box.Config{BaseURL: "http://ignored", PageSize: 100, RequestsPerMinute: 60, GiveUpAfter: -1})
	want := box.Config{BaseURL: box.DefaultBaseURL, ClientID: "id", ClientSecret: "secret", EnterpriseID: "700001", PageSize: 100,
		RequestsPerMinute: 60, MaxRequestsPerMinute: 6000, GiveUpAfter: -1, MaxRetryWait: 2 * time.Minute}
	if got != want {
		t.Fatalf("client config\n%+v\nwant\n%+v", got, want)
	}
}
