package boxsim

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// humanLogin is first.last@domain, numbered on clashes (first.last2@...).
func (g *gen) humanLogin(first, last, domain string) string {
	local := foldASCII(first) + "." + foldASCII(last)
	login := local + "@" + domain
	for n := 2; ; n++ {
		if _, taken := g.st.logins[login]; !taken {
			return login
		}
		login = local + strconv.Itoa(n) + "@" + domain
	}
}

func (g *gen) serviceAccount() {
	created, modified := g.times(seedEpochEnd - 90*86400)
	g.st.addUser(&userRec{
		id:         g.userID(),
		kind:       kindService,
		name:       "Baton Box Connector",
		login:      g.machineLogin("AutomationUser"),
		status:     statusActive,
		role:       roleCoadmin,
		language:   "en",
		timezone:   "America/Los_Angeles",
		enterprise: &g.st.enterprise,
		created:    created,
		modified:   modified,
		quota:      max(g.cfg.ServiceAccountQuota, 0), // state_storage.go
	})
}

func (g *gen) listedUsers() {
	n := g.cfg.Users
	isApp := make([]bool, n)
	for _, i := range g.rng.Perm(n)[:g.cfg.AppUsers] {
		isApp[i] = true
	}
	adminDone := false
	appSeq := 0
	for i := range n {
		u := &userRec{id: g.userID(), kind: kindListed, enterprise: &g.st.enterprise, role: roleUser, status: statusActive}
		u.created, u.modified = g.times(seedEpochStart)
		if isApp[i] {
			appSeq++
			kind := g.pick(appUserKinds)
			u.appUser = true
			u.name = fmt.Sprintf("%s %03d", kind, appSeq)
			u.login = g.machineLogin("AppUser")
			u.extAppUserID = fmt.Sprintf("%s-%06d", strings.ReplaceAll(strings.ToLower(kind), " ", "-"), appSeq)
			u.language, u.timezone = "en", "America/Los_Angeles"
		} else {
			first, last := g.pick(firstNames), g.pick(lastNames)
			u.name = first + " " + last
			u.login = g.humanLogin(first, last, g.pick(domains))
			u.status = g.status()
			switch {
			case !adminDone:
				u.role, u.status, adminDone = roleAdmin, statusActive, true
			case g.rng.Float64() < 0.03:
				u.role = roleCoadmin
			}
			if g.rng.Float64() < 0.95 {
				u.jobTitle = g.pick(jobTitles)
			}
			u.language, u.timezone = g.pick(languages), g.pick(timezones)
			if g.rng.Float64() < 0.08 {
				local, _, _ := strings.Cut(u.login, "@")
				u.notificationEmail = local + "@alerts.example.net"
			}
		}
		g.st.addUser(u)
	}
	g.ensureEveryStatus()
}

func (g *gen) status() string {
	switch r := g.rng.Float64(); {
	case r < 0.90:
		return "active"
	case r < 0.96:
		return "inactive"
	case r < 0.98:
		return "cannot_delete_edit"
	default:
		return "cannot_delete_edit_upload"
	}
}

// ensureEveryStatus gives small enterprises (>= 10 users) at least one user
// in each status, so clients meet all of them.
func (g *gen) ensureEveryStatus() {
	users := g.st.users
	if len(users) < 10 {
		return
	}
	seen := map[string]bool{}
	var candidates []*userRec // active non-admins may be re-assigned
	for _, u := range users {
		seen[u.status] = true
		if u.role != roleAdmin && u.status == statusActive {
			candidates = append(candidates, u)
		}
	}
	for _, status := range userStatuses {
		if seen[status] || len(candidates) == 0 {
			continue
		}
		i := g.rng.IntN(len(candidates))
		candidates[i].status = status
		candidates = append(candidates[:i], candidates[i+1:]...)
	}
}

func (g *gen) externalUsers() {
	next := externalUserIDBase + 1000 + g.rng.Int64N(9000)
	for range g.cfg.ExternalUsers {
		p := &partners[g.rng.IntN(len(partners))]
		first, last := g.pick(firstNames), g.pick(lastNames)
		u := &userRec{
			id:         next,
			kind:       kindExternal,
			name:       first + " " + last,
			login:      g.humanLogin(first, last, p.domain),
			status:     statusActive,
			role:       roleUser,
			jobTitle:   g.pick(jobTitles),
			language:   g.pick(languages),
			timezone:   g.pick(timezones),
			enterprise: &Enterprise{ID: p.id, Name: p.name},
		}
		u.created, u.modified = g.times(seedEpochStart)
		next += 1 + g.rng.Int64N(8)
		g.st.addUser(u)
	}
}

// foldASCII lower-cases s and maps it to the characters an e-mail local
// part generated here may hold: a-z, 0-9, '.', '-' (accents folded, the
// rest dropped).
func foldASCII(s string) string {
	b := make([]byte, 0, len(s))
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '.':
			b = utf8.AppendRune(b, r)
		case r == 'ß':
			b = append(b, "ss"...)
		default:
			if f, ok := foldMap[r]; ok {
				b = utf8.AppendRune(b, f)
			}
		}
	}
	return string(b)
}

var foldMap = func() map[rune]rune {
	m := map[rune]rune{}
	for base, accented := range map[rune]string{
		'a': "áàâäãåā", 'c': "çč", 'e': "éèêëěē", 'g': "ğ", 'i': "íìîïı", 'l': "ł",
		'n': "ñń", 'o': "óòôöõøō", 'r': "ř", 's': "śšş", 'u': "úùûüū", 'y': "ý", 'z': "žźż",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()
