package main

import (
	"flag"
	"io"
	"slices"
	"testing"

	"github.com/conductorone/baton-box/internal/boxsim"
)

func TestInvitationFlags(t *testing.T) {
	parse := func(args ...string) (boxsim.ContentConfig, error) {
		fs := flag.NewFlagSet("boxsim", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		var c boxsim.ContentConfig
		invitationFlags(fs, &c)
		return c, fs.Parse(args)
	}
	c, err := parse("-manual-accept-users", " 17000000010, ,17000000011", "-invites-pending", "-invite-below-collaborator", "ignored")
	if err != nil || !slices.Equal(c.ManualAcceptUsers, []string{"17000000010", "17000000011"}) || !c.InvitesPending || c.InviteBelowCollaborator != boxsim.InviteBelowIgnored {
		t.Fatalf("parsed %+v, %v", c, err)
	}
	if c, err := parse(); err != nil || c.InviteBelowCollaborator != "" || c.InvitesPending || c.ManualAcceptUsers != nil {
		t.Fatalf("defaults %+v, %v", c, err)
	}
	if _, err := parse("-invite-below-collaborator", "maybe"); err == nil {
		t.Fatal("an unknown reading was accepted")
	}
}
