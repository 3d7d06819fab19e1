package boxsim

import (
	"math"
	"strconv"
	"strings"
)

// groups creates the regular groups and, if asked, "All Staff" last.
// It returns the regular ones (random memberships draw from them only).
func (g *gen) groups() []*groupRec {
	taken := g.st.groupNames
	if g.cfg.GiantGroupMembers > 0 {
		taken[strings.ToLower(giantGroupName)] = nil // reserved; replaced below
	}
	suffix := map[string]int{}
	regular := make([]*groupRec, 0, g.cfg.Groups)
	for range g.cfg.Groups {
		var name, desc string
		for try := 0; ; try++ {
			name, desc = g.groupName()
			if _, clash := taken[strings.ToLower(name)]; !clash {
				break
			}
			if try >= 3 {
				name = g.numbered(name, suffix)
				break
			}
		}
		grp := &groupRec{
			id:                g.groupID(),
			name:              name,
			description:       desc,
			groupType:         managedGroup,
			invitabilityLevel: g.level(0.6, 0.9),
			memberViewability: g.level(0.5, 0.8),
		}
		grp.provenance, grp.externalSyncIdentifier = g.provenance(name)
		grp.created, grp.modified = g.times(seedEpochStart)
		g.st.addGroup(grp)
		regular = append(regular, grp)
	}
	if g.cfg.GiantGroupMembers > 0 {
		grp := &groupRec{
			id:                g.groupID(),
			name:              giantGroupName,
			description:       "Every employee",
			groupType:         managedGroup,
			invitabilityLevel: "all_managed_users",
			memberViewability: "admins_only",
			created:           seedEpochStart,
		}
		grp.modified = seedEpochStart + g.rng.Int64N(seedEpochEnd-seedEpochStart)
		g.st.addGroup(grp)
	}
	return regular
}

// numbered appends " 2", " 3", ... until the name is free; suffix remembers
// where each base left off so this stays O(1) amortised.
func (g *gen) numbered(base string, suffix map[string]int) string {
	key := strings.ToLower(base)
	for n := max(suffix[key], 1) + 1; ; n++ {
		name := base + " " + strconv.Itoa(n)
		if _, clash := g.st.groupNames[strings.ToLower(name)]; !clash {
			suffix[key] = n
			return name
		}
	}
}

// groupName returns a name and a description.
func (g *gen) groupName() (string, string) {
	var name, desc string
	r := g.rng.IntN(100)
	switch {
	case r < 14:
		d := g.pick(departments)
		name, desc = d, "Everyone in the "+d+" department"
	case r < 34:
		d, reg := g.pick(departments), g.pick(regions)
		name, desc = d+" - "+reg, d+" team for "+reg
	case r < 54:
		d, t := g.pick(departments), g.pick(teams)
		name, desc = d+" "+t, t+" of "+d
	case r < 68:
		c := g.pick(codenames)
		name, desc = "Project "+c, "Working group for project "+c
	case r < 78:
		reg := g.pick(regions)
		name, desc = reg+" "+g.pick([]string{"Office", "Staff", "Leads", "Social"}), "People based in "+reg
	case r < 86:
		c, t := g.pick(codenames), g.pick(teams)
		name, desc = c+" "+t, t+" working on "+c
	case r < 93:
		name = g.pick(nonASCIIPrefixes) + " " + g.pick(codenames)
		desc = "Équipe régionale / regional team"
	default:
		name, desc = g.pick(oddNames), "Ad-hoc group"
	}
	if g.rng.Float64() < 0.15 {
		desc = ""
	}
	return name, desc
}

// level picks admins_only below a, admins_and_members below b, else
// all_managed_users.
func (g *gen) level(a, b float64) string {
	switch r := g.rng.Float64(); {
	case r < a:
		return "admins_only"
	case r < b:
		return "admins_and_members"
	default:
		return "all_managed_users"
	}
}

func (g *gen) provenance(name string) (string, string) {
	if g.rng.Float64() >= 0.35 {
		return "", ""
	}
	switch p := g.pick(provenances); p {
	case "Active Directory":
		return p, "AD:" + g.uuid()
	case "Okta":
		return p, "00g" + g.alnum(17)
	case "Google Groups":
		return p, foldASCII(name) + "@acme.example.com"
	default:
		return p, g.uuid()
	}
}

// memberships puts each listed user in 0..2*avg distinct random regular
// groups (~10% as group admin), then fills "All Staff".
func (g *gen) memberships(regular []*groupRec) {
	ng := len(regular)
	mark := make([]int, ng) // mark[j] == stamp: group j already picked for this user
	picked := make([]int, 0, 16)
	for stamp, u := range g.st.users {
		k := int(min(math.Round(g.rng.Float64()*2*g.cfg.AvgGroupsPerUser), float64(ng)))
		picked = picked[:0]
		if 2*k > ng {
			picked = append(picked, g.rng.Perm(ng)[:k]...)
		} else {
			for len(picked) < k {
				if j := g.rng.IntN(ng); mark[j] != stamp+1 {
					mark[j] = stamp + 1
					picked = append(picked, j)
				}
			}
		}
		for _, j := range picked {
			grp := regular[j]
			role := roleMember
			if g.rng.Float64() < 0.10 {
				role = roleAdmin
			}
			if role == roleAdmin && isAdmin(u) {
				role = roleMember // nor can the admin or a co-admin be a group admin (state_group_admin.go)
			}
			m := &memberRec{id: g.membershipID(), user: u, group: grp}
			m.setRole(role, seededAdminPerms(bits(g.cfg.Seed), m.id), true)
			m.created, m.modified = g.times(max(u.created, grp.created))
			g.st.addMembership(m)
		}
	}
	if g.cfg.GiantGroupMembers == 0 {
		return
	}
	giant := g.st.groupNames[strings.ToLower(giantGroupName)]
	for _, u := range g.st.users[:g.cfg.GiantGroupMembers] {
		m := &memberRec{id: g.membershipID(), user: u, group: giant}
		m.setRole(roleMember, 0, false)
		m.created, m.modified = g.times(max(u.created, giant.created))
		g.st.addMembership(m)
	}
}

// seededAdminPerms gives a seeded group admin a privilege set derived from
// the seed and the membership (not drawn from the RNG, so the directory
// is the same as before privileges were modelled): half of them have all
// four, as Box's default gives, the rest a mix, some none.
func seededAdminPerms(seed uint64, membershipID int64) adminPerms {
	h := splitmix(seed ^ bits(membershipID)*0x9E3779B97F4A7C15 ^ 0xAD)
	if h&1 == 0 {
		return allAdminPerms
	}
	return adminPerms((h >> 8) & uint64(allAdminPerms))
}
