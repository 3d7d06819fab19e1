package connector

import (
	"testing"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

func TestUserStatusMapping(t *testing.T) {
	t.Parallel()
	cases := map[string]v2.UserTrait_Status_Status{
		"active":                    v2.UserTrait_Status_STATUS_ENABLED,
		"cannot_delete_edit":        v2.UserTrait_Status_STATUS_ENABLED,
		"cannot_delete_edit_upload": v2.UserTrait_Status_STATUS_ENABLED,
		"inactive":                  v2.UserTrait_Status_STATUS_DISABLED,
		"pending":                   v2.UserTrait_Status_STATUS_ENABLED, // provisioned, not disabled; detailed status "pending"
		"":                          v2.UserTrait_Status_STATUS_UNSPECIFIED,
	}
	for boxStatus, want := range cases {
		r, err := userResource(&box.User{ID: "1", Name: "A B", Login: "a@example.com", Status: boxStatus}, enterpriseParent("700001"), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.GetStatus().GetStatus(); int32(got) != int32(want) {
			t.Errorf("%q: resource status %v, want %v", boxStatus, got, want)
		}
		if got := r.GetProfile().AsMap()["status"]; got != boxStatus {
			t.Errorf("%q: raw status in profile = %v", boxStatus, got)
		}
	}
}

func TestUserAccountType(t *testing.T) {
	t.Parallel()
	cases := []struct {
		user box.User
		want v2.UserTrait_AccountType
	}{
		{box.User{Login: "jane@example.com"}, v2.UserTrait_ACCOUNT_TYPE_HUMAN},
		{box.User{Login: "AppUser_123_abc@boxdevedition.com"}, v2.UserTrait_ACCOUNT_TYPE_SERVICE},
		{box.User{Login: "AutomationUser_99_x1Y@boxdevedition.com"}, v2.UserTrait_ACCOUNT_TYPE_SERVICE},
		{box.User{Login: "custom@example.com", IsPlatformAccessOnly: true}, v2.UserTrait_ACCOUNT_TYPE_SERVICE},
		{box.User{Login: "appuser_fan@example.com"}, v2.UserTrait_ACCOUNT_TYPE_HUMAN},
	}
	for _, tc := range cases {
		r, err := userResource(&tc.user, enterpriseParent("700001"), time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		trait, err := rs.GetUserTrait(r)
		if err != nil {
			t.Fatal(err)
		}
		if trait.GetAccountType() != tc.want {
			t.Errorf("%s: %v, want %v", tc.user.Login, trait.GetAccountType(), tc.want)
		}
	}
}
