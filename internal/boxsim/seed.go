package boxsim

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// Seed timestamps fall in a fixed window so the same seed gives the same
// data whatever the clock says; the window ends in the past.
var (
	seedEpochStart = time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
	seedEpochEnd   = time.Date(2024, 9, 1, 0, 0, 0, 0, time.UTC).Unix()
)

const (
	giantGroupName = "All Staff"
	appUserDomain  = "boxdevedition.com"
	statusActive   = "active"
	statusInactive = "inactive"
	roleAdmin      = "admin"
	roleCoadmin    = "coadmin"
	roleUser       = "user"
	roleMember     = "member"
	managedGroup   = "managed_group"
)

var userStatuses = []string{"active", "inactive", "cannot_delete_edit", "cannot_delete_edit_upload"}

// gen draws every value from one seeded stream, in a fixed order, so the
// same Config always yields the same store.
type gen struct {
	cfg Config
	rng *rand.Rand
	st  *store
}

// generate seeds the store; now (the clock at New) anchors the events.
func generate(cfg Config, now int64) *store {
	g := &gen{cfg: cfg, rng: rand.New(rand.NewPCG(bits(cfg.Seed), 0xB0C5_1A7E))} //nolint:gosec // G404: data must replay from the seed
	// A user joins at most every group: keeps the map hint sane for huge averages.
	estMemberships := int(float64(cfg.Users)*min(cfg.AvgGroupsPerUser, float64(cfg.Groups))) + cfg.GiantGroupMembers
	g.st = newStore(Enterprise{ID: cfg.EnterpriseID, Name: cfg.EnterpriseName},
		cfg.Users, cfg.ExternalUsers, cfg.Groups+1, estMemberships)
	g.st.serviceID = 10_000_000 + g.rng.Int64N(90_000_000)
	g.st.nextUserID = userIDBase + 1000 + g.rng.Int64N(9000)
	g.st.nextGroupID = groupIDBase + 1000 + g.rng.Int64N(9000)
	g.st.nextMembershipID = membershipIDBase + 1000 + g.rng.Int64N(9000)

	g.serviceAccount()
	g.listedUsers()
	g.externalUsers()
	regular := g.groups()
	g.memberships(regular)
	seedExtras(cfg, g.st, now)
	return g.st
}

// seedExtras seeds what came after the directory (content counts, events)
// from a second stream, so adding it left the users, groups and
// memberships of every seed unchanged; folders and collaborations come
// last, from a third stream (seed_folders.go).
func seedExtras(cfg Config, st *store, now int64) {
	rng := rand.New(rand.NewPCG(bits(cfg.Seed), 0xE7E7_5EED)) //nolint:gosec // G404: data must replay from the seed
	st.nextFolderID = folderIDBase + 1000 + int64(splitmix(bits(cfg.Seed)^0xF01D)%9000)
	seedContent(rng, st)
	seedEvents(cfg, rng, st, now)
	seedFolders(cfg, st)
}

// Sparse, increasing IDs: clients must not assume contiguity.
func (g *gen) userID() int64 {
	id := g.st.nextUserID
	g.st.nextUserID += 1 + g.rng.Int64N(8)
	return id
}

func (g *gen) groupID() int64 {
	id := g.st.nextGroupID
	g.st.nextGroupID += 1 + g.rng.Int64N(8)
	return id
}

func (g *gen) membershipID() int64 {
	id := g.st.nextMembershipID
	g.st.nextMembershipID += 1 + g.rng.Int64N(3)
	return id
}

func (g *gen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// times returns created/modified inside [from, seedEpochEnd].
func (g *gen) times(from int64) (int64, int64) {
	from = max(from, seedEpochStart)
	created := from + g.rng.Int64N(max(1, seedEpochEnd-from))
	return created, created + g.rng.Int64N(max(1, seedEpochEnd-created))
}

const alnumChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

func (g *gen) alnum(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnumChars[g.rng.IntN(len(alnumChars))]
	}
	return string(b)
}

func (g *gen) uuid() string {
	a, b := g.rng.Uint64(), g.rng.Uint64()
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// machineLogin returns a free AppUser_/AutomationUser_ login in Box's
// <prefix>_<appServiceId>_<random>@boxdevedition.com form.
func (g *gen) machineLogin(prefix string) string {
	for {
		login := fmt.Sprintf("%s_%d_%s@%s", prefix, g.st.serviceID, g.alnum(10), appUserDomain)
		if _, taken := g.st.logins[strings.ToLower(login)]; !taken {
			return login
		}
	}
}
