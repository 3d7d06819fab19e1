// Command boxsim runs the Box API simulator as a process, for demos and
// manual runs of baton-box against a known enterprise.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/conductorone/baton-box/internal/boxsim"
	"github.com/conductorone/baton-box/internal/boxsim/specvalidate"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return // -h: usage already printed
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "boxsim:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. The first line on stdout is the banner
// "boxsim listening on <url> (...)", which scripts and benchmarks parse.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("boxsim", flag.ContinueOnError)
	var (
		cfg      boxsim.Config
		faults   boxsim.Faults
		addr     = fs.String("addr", "127.0.0.1:8765", "listen address")
		truthOut = fs.String("truth-out", "", "write the seeded Truth as JSON to this file at start")
		validate = fs.Bool("validate", false, "validate traffic against Box's OpenAPI spec; log violations to stderr")
		scopes   = fs.String("scopes", "", "comma-separated app scopes (empty = all of "+strings.Join(boxsim.AllScopes(), ",")+"; \"none\" = none)")
	)
	fs.Int64Var(&cfg.Seed, "seed", 1, "seed for deterministic data")
	fs.IntVar(&cfg.Users, "users", 250, "users listed by GET /users (managed + app users)")
	fs.IntVar(&cfg.AppUsers, "app-users", 5, "how many of -users are app users")
	fs.IntVar(&cfg.ExternalUsers, "external-users", 3, "users of other enterprises")
	fs.IntVar(&cfg.Groups, "groups", 40, "managed groups")
	fs.Float64Var(&cfg.AvgGroupsPerUser, "avg-groups-per-user", 2, "average groups per listed user")
	fs.IntVar(&cfg.GiantGroupMembers, "giant-group-members", 0, "if > 0, add an \"All Staff\" group with the first N users")
	fs.StringVar(&cfg.EnterpriseID, "enterprise-id", boxsim.DefaultEnterpriseID, "enterprise ID (the box_subject_id to use)")
	fs.StringVar(&cfg.EnterpriseName, "enterprise-name", boxsim.DefaultEnterpriseName, "enterprise name")
	fs.StringVar(&cfg.ClientID, "client-id", boxsim.DefaultClientID, "accepted client_id")
	fs.StringVar(&cfg.ClientSecret, "client-secret", boxsim.DefaultClientSecret, "accepted client_secret")
	fs.DurationVar(&cfg.TokenTTL, "token-ttl", 0, "access token lifetime (0 = about an hour, like Box)")
	fs.Float64Var(&cfg.EventsPerUser, "events-per-user", 0, "average seeded admin events per human user (0 = 4, negative = none)")
	contentFlags(fs, &cfg.Content)
	invitationFlags(fs, &cfg.Content)
	boxRuleFlags(fs, &cfg)
	fs.DurationVar(&faults.Latency, "latency", 0, "delay added to every response")
	fs.IntVar(&faults.RequestsPerMinute, "requests-per-minute", 0, "rate limit for /2.0 calls (0 = unlimited)")
	fs.IntVar(&faults.Burst, "burst", 0, "the rate limit's burst (0 = one second's worth)")
	fs.BoolVar(&faults.PerUserBudgets, "per-user-budgets", false, "apply the rate limit to each user's calls (As-User or the user's token) and the service account's separately, as Box does")
	fs.IntVar(&faults.RateLimitEvery, "rate-limit-every", 0, "answer every Nth /2.0 call with 429 (0 = off)")
	fs.Float64Var(&faults.ServerErrorRate, "server-error-rate", 0, "fraction of /2.0 calls answered 500/502/503")
	fs.Func("listing-fault", "answer a listing wrongly, as mode:route[:parent id[:as-user id]] with mode one of "+
		strings.Join(slices.Sorted(maps.Keys(listingFaultModes)), ", ")+` (e.g. "repeated-pages:GET /users"); repeatable`,
		func(v string) error {
			lf, err := parseListingFault(v)
			faults.Listings = append(faults.Listings, lf)
			return err
		})
	if err := fs.Parse(args); err != nil {
		return err
	}
	var err error
	if cfg.Scopes, err = parseScopes(*scopes); err != nil {
		return err
	}
	if m := cfg.GroupFilterMode; m != "" && !slices.Contains(boxsim.GroupFilterModes(), m) {
		return fmt.Errorf("-group-filter-mode: %q is not one of %s", m, strings.Join(boxsim.GroupFilterModes(), ", "))
	}
	if m := cfg.GroupAdminPermissionsMode; m != "" && !slices.Contains(boxsim.GroupAdminPermissionsModes(), m) {
		return fmt.Errorf("-group-admin-permissions: %q is not one of %s", m, strings.Join(boxsim.GroupAdminPermissionsModes(), ", "))
	}
	if c := cfg.Content.SharedLinkAccessCap; c != "" && c != "company" && c != "collaborators" {
		return fmt.Errorf("-shared-link-access-cap: %q is not \"\", company or collaborators", c)
	}
	if q := cfg.Content.CollaborationQuirk; !slices.Contains(boxsim.CollaborationQuirks(), q) {
		return fmt.Errorf("-collaboration-quirk: %q is not one of %s", q, strings.Join(boxsim.CollaborationQuirks()[1:], ", "))
	}

	sim := boxsim.New(cfg)
	sim.SetFaults(faults)
	truth := sim.Truth()
	if *truthOut != "" {
		if err := writeTruth(*truthOut, truth); err != nil {
			return err
		}
	}

	ln, err := new(net.ListenConfig).Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	base := "http://" + ln.Addr().String()
	var handler http.Handler = sim
	if *validate {
		v, err := specvalidate.New(base)
		if err != nil {
			_ = ln.Close()
			return fmt.Errorf("spec validator: %w", err)
		}
		logger := log.New(os.Stderr, "boxsim: spec violation: ", log.LstdFlags)
		// kin-openapi errors span lines (schema dumps): keep one line per violation.
		handler = v.Middleware(sim, func(vi specvalidate.Violation) { logger.Println(strings.Join(strings.Fields(vi.String()), " ")) })
	}

	// /_boxsim/ is not Box's: it lets benchmarks read the request counters
	// and out-of-process tests the live Truth (after their writes).
	mux := http.NewServeMux()
	mux.Handle("/", handler)
	mux.HandleFunc("GET /_boxsim/stats", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(sim.Stats())
	})
	mux.HandleFunc("GET /_boxsim/truth", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(sim.Truth())
	})
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	fmt.Fprintf(stdout, "boxsim listening on %s (enterprise %s, %d users, %d groups, %d memberships, %d folders, %d collaborations, %d events)\n",
		base, truth.Enterprise.ID, len(truth.Users), len(truth.Groups), len(truth.Memberships), len(truth.Folders), len(truth.Collaborations), len(truth.Events))

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("shutdown: %w", err)
	}
	return nil
}

// contentFlags binds the content seed knobs and switches (boxsim.ContentConfig).
func contentFlags(fs *flag.FlagSet, c *boxsim.ContentConfig) {
	fs.IntVar(&c.Folders, "folders", 0, "folders to seed, at every depth, owned by users who own content (0 = none)")
	fs.IntVar(&c.FolderDepth, "folder-depth", 0, fmt.Sprintf("deepest folder level seeded, 1 = top level only (0 = %d, at most %d)", boxsim.DefaultFolderDepth, boxsim.MaxFolderDepth))
	fs.Float64Var(&c.CollaborationsPerFolder, "collaborations-per-folder", 0, fmt.Sprintf("average collaborations per seeded folder (0 = %g, negative = none)", boxsim.DefaultCollaborationsPerFolder))
	fs.Float64Var(&c.GroupShare, "group-collaboration-share", 0, "share of collaborations granted to groups (0 = default, negative = none)")
	fs.Float64Var(&c.ExternalShare, "external-collaboration-share", 0, "share granted to external users (0 = default, negative = none)")
	fs.Float64Var(&c.PendingShare, "pending-collaboration-share", 0, "share not accepted: pending or rejected (0 = default, negative = none)")
	fs.Float64Var(&c.SharedLinkShare, "shared-link-share", 0, "share of folders with a shared link (0 = default, negative = none)")
	fs.Float64Var(&c.OpenLinkShare, "open-link-share", 0, "share of shared links with access open (0 = default, negative = none)")
	fs.IntVar(&c.GiantRootFolders, "giant-root-folders", 0, "if > 0, one user gets that many more top-level folders")
	fs.IntVar(&c.GiantFolderCollaborators, "giant-folder-collaborators", 0, "if > 0, add a folder \"All Hands\" with that many collaborations")
	fs.BoolVar(&c.AsUserDisabled, "as-user-disabled", false, "the app lacks \"Make API calls using the as-user header\": as-user gets 403")
	fs.BoolVar(&c.AsUserPrivileged, "as-user-privileged", false, "let as-user name the admin and co-admins (Box refuses them)")
	fs.BoolVar(&c.InactiveUsersRefused, "inactive-users-refused", false, "refuse as-user (403) and user access tokens (invalid_grant) for inactive users")
	fs.BoolVar(&c.InheritedCollaborations, "inherited-collaborations", false, "sub-folder collaboration listings include their parents'")
	fs.BoolVar(&c.LegacyPendingCollaborations, "legacy-pending-collaborations", false, "answer accessible_by null for pending collaborations (off the spec)")
	fs.BoolVar(&c.UnpagedFolderCollaborations, "unpaged-folder-collaborations", false, "folder collaboration listings ignore limit and answer every entry with total_count (off the spec)")
	fs.StringVar(&c.SharedLinkAccessCap, "shared-link-access-cap", "", "most open shared-link access the enterprise allows: \"\", company or collaborators")
	// Content readings (internal/boxsim/control_content_readings.go).
	fs.BoolVar(&c.OwnerCollaborationListed, "owner-collaboration-listed", false, "list an accepted \"owner\" entry first on each folder's collaborations")
	fs.IntVar(&c.UnpagedCollaborationsCap, "unpaged-collaborations-cap", 0, "with -unpaged-folder-collaborations, answer at most this many entries (total_count still counts all; 0 = all)")
	fs.StringVar(&c.CollaborationQuirk, "collaboration-quirk", "", "render every fifth accepted collaboration oddly: unknown_role, no_grantee or all_users_group")
	fs.BoolVar(&c.NoAccessLinks, "no-access-links", false, "give every third shared link the effective_permission no_access")
	fs.BoolVar(&c.DeletedUsersKeepCollaborations, "deleted-users-keep-collaborations", false, "keep a deleted user on their collaborations (is_active false; GET /users/{id} 404)")
	fs.BoolVar(&c.HasCollaborationsAcceptedOnly, "has-collaborations-accepted-only", false, "answer has_collaborations true only for folders with an accepted collaboration of their own")
	fs.BoolVar(&c.FileItems, "file-items", false, "list each user's files (their counted items less their folders) in folder listings, after the folders")
	fs.BoolVar(&c.RootFilesInterleaved, "root-files-interleaved", false, "with -file-items, list the root's files among its folders")
	fs.IntVar(&c.OtherAppServiceAccounts, "other-app-service-accounts", 0, "seed that many other apps' service accounts (not listed by GET /users) collaborating on folders")
}

// invitationFlags binds what Box makes of an invitation
// (boxsim.ContentConfig): pending until accepted, and an invitation below
// a folder the grantee collaborates on.
func invitationFlags(fs *flag.FlagSet, c *boxsim.ContentConfig) {
	fs.Func("manual-accept-users", "comma-separated IDs of users who accept invitations by hand (auto-accept off): their invitations stay pending", func(v string) error {
		for id := range strings.SplitSeq(v, ",") {
			if id = strings.TrimSpace(id); id != "" {
				c.ManualAcceptUsers = append(c.ManualAcceptUsers, id)
			}
		}
		return nil
	})
	fs.BoolVar(&c.InvitesPending, "invites-pending", false, "every invited user's collaboration stays pending (the enterprise asks invitees to accept terms, enrol in 2FA or set a password first)")
	modes := boxsim.InviteBelowModes()
	fs.Func("invite-below-collaborator", "inviting a grantee who collaborates on a parent folder: "+strings.Join(modes, ", ")+" (default "+modes[0]+")", func(v string) error {
		if !slices.Contains(modes, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(modes, ", "))
		}
		c.InviteBelowCollaborator = v
		return nil
	})
}

// listingFaultModes names the boxsim.ListingFaultMode values for -listing-fault.
var listingFaultModes = map[string]boxsim.ListingFaultMode{
	"not-found":        boxsim.ListingNotFound,
	"repeated-pages":   boxsim.ListingRepeatedPages,
	"marker-cycle":     boxsim.ListingMarkerCycle,
	"empty-first-page": boxsim.ListingEmptyFirstPage,
}

// parseListingFault reads mode:route[:parent[:as-user]]; the route is a
// Stats.ByRoute key ("GET /groups/{group_id}/memberships").
func parseListingFault(v string) (boxsim.ListingFault, error) {
	parts := strings.Split(v, ":")
	mode, ok := listingFaultModes[parts[0]]
	if !ok || len(parts) < 2 || len(parts) > 4 || !strings.HasPrefix(parts[1], "GET /") {
		return boxsim.ListingFault{}, fmt.Errorf("%q is not mode:GET /route[:parent id[:as-user id]]", v)
	}
	lf := boxsim.ListingFault{Mode: mode, Route: parts[1]}
	if len(parts) > 2 {
		lf.Parent = parts[2]
	}
	if len(parts) > 3 {
		lf.AsUser = parts[3]
	}
	return lf, nil
}

// parseScopes reads -scopes: "" grants every scope (nil), "none" none.
// Unknown names are refused so a typo does not silently drop a scope.
func parseScopes(v string) ([]string, error) {
	switch v = strings.TrimSpace(v); v {
	case "":
		return nil, nil
	case "none":
		return []string{}, nil
	}
	out := []string{}
	for s := range strings.SplitSeq(v, ",") {
		s = strings.TrimSpace(s)
		if !slices.Contains(boxsim.AllScopes(), s) {
			return nil, fmt.Errorf("-scopes: unknown scope %q (known: %s)", s, strings.Join(boxsim.AllScopes(), ", "))
		}
		out = append(out, s)
	}
	return out, nil
}

func writeTruth(path string, t boxsim.Truth) error {
	b, err := json.MarshalIndent(t, "", "  ")
	if err != nil {
		return fmt.Errorf("encode truth: %w", err)
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o600); err != nil {
		return fmt.Errorf("write truth to %s: %w", path, err)
	}
	return nil
}

// boxRuleFlags sets the switches for Box's less kind behaviours (see
// docs/boxsim.md).
func boxRuleFlags(fs *flag.FlagSet, cfg *boxsim.Config) {
	fs.BoolVar(&cfg.UserAccessTokens, "user-access-tokens", false, "the app has \"Generate User Access Tokens\": box_subject_type=user tokens work")
	fs.BoolVar(&cfg.AppNotAuthorized, "app-not-authorized", false, "no admin has authorised the app: every token request is refused")
	fs.BoolVar(&cfg.DistinctTokenErrors, "distinct-token-errors", false, "answer invalid_client / unauthorized_client instead of Box's catch-all invalid_grant")
	fs.StringVar(&cfg.GroupFilterMode, "group-filter-mode", "", "how GET /groups matches filter_term: "+strings.Join(boxsim.GroupFilterModes(), ", "))
	fs.StringVar(&cfg.GroupAdminPermissionsMode, "group-admin-permissions", "", "where group admins' configurable_permissions are shown: "+strings.Join(boxsim.GroupAdminPermissionsModes(), ", "))
	fs.DurationVar(&cfg.EventDelayBound, "event-delay-bound", 0, "how late Box may record an admin event (0 = 6h, negative = within 90 s)")
	fs.BoolVar(&cfg.KeepEventPositionWhenEmpty, "keep-event-position-when-empty", false, "an empty admin_logs page repeats the position instead of answering 0")
	fs.Int64Var(&cfg.ServiceAccountQuota, "service-account-quota", 0, "the service account's storage in bytes (0 = 10 GB, negative = unlimited)")
	fs.DurationVar(&cfg.TransferTimePerItem, "transfer-time-per-item", 0, "how long a content transfer takes per item moved (0 = instant)")
	fs.BoolVar(&cfg.UnverifiedCoadminForbidden, "unverified-coadmin-forbidden", false, "refuse a co-admin off a verified domain with 403 instead of 400")
	fs.Func("verified-domains", "comma-separated verified login domains (default: the seed's)", func(v string) error {
		cfg.VerifiedDomains = strings.Split(v, ",")
		return nil
	})
}
