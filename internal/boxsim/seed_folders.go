package boxsim

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// folderGen seeds folders and collaborations from a third PCG stream,
// after the directory and events, so every seed keeps its users, groups,
// memberships and events whatever ContentConfig says.
type folderGen struct {
	rng *rand.Rand
	st  *store
	cc  ContentConfig
	// taken holds sibling names, "<parent key>/<lower-cased name>": what
	// store.nameTaken answers by scanning the siblings, which is quadratic
	// for GiantRootFolders.
	taken  map[string]bool
	random []*folderRec // folders that get random collaborations
}

// seedFolders seeds content after the events (see seedExtras).
func seedFolders(cfg Config, st *store) {
	cc := cfg.Content
	st.content.linkCap = cc.SharedLinkAccessCap
	st.content.fileItems, st.content.rootFilesInterleaved = cc.FileItems, cc.RootFilesInterleaved
	st.content.hasCollabsAcceptedOnly = cc.HasCollaborationsAcceptedOnly
	st.content.keepDeletedGrantees = cc.DeletedUsersKeepCollaborations
	st.content.nextID = collaborationIDBase + 1000 + int64(splitmix(bits(cfg.Seed)^0xC011)%9000)
	if cc.Folders == 0 && cc.GiantRootFolders == 0 && cc.GiantFolderCollaborators == 0 {
		return
	}
	var owners []*userRec // who owns content: they own the folders
	for _, u := range st.users {
		if u.ownedItems > 0 {
			owners = append(owners, u)
		}
	}
	giant := giantOwner(st)
	if len(owners) == 0 && giant == nil {
		return
	}
	nFolders := cc.Folders + cc.GiantRootFolders + 1
	estCollabs := float64(cc.Folders+cc.GiantRootFolders)*max(cc.CollaborationsPerFolder, 0) + float64(cc.GiantFolderCollaborators)
	st.content.folders = make(map[int64]*folderRec, nFolders)
	st.content.collabs = make(map[int64]*collabRec, int(min(estCollabs, 1<<22))) // a hint only
	g := &folderGen{
		rng:   rand.New(rand.NewPCG(bits(cfg.Seed), 0xF01D_E25)), //nolint:gosec // G404: data must replay from the seed
		st:    st,
		cc:    cc,
		taken: make(map[string]bool, nFolders),
	}
	if len(owners) > 0 {
		g.tree(owners, cc.Folders)
	}
	var hall *folderRec
	if giant != nil {
		for i := range cc.GiantRootFolders {
			g.random = append(g.random, g.folder(giant, nil, fmt.Sprintf("Archive %04d", i+1)))
		}
		if cc.GiantFolderCollaborators > 0 {
			hall = g.folder(giant, nil, "All Hands")
		}
	}
	if cc.CollaborationsPerFolder > 0 {
		for _, f := range g.random {
			g.collaborations(f)
		}
	}
	if hall != nil {
		g.hall(hall, cc.GiantFolderCollaborators)
	}
	if cc.NoAccessLinks {
		markNoAccessLinks(st)
	}
	seedOtherAppServiceAccounts(cfg, st, g.random)
}

// giantOwner is the user the Giant* knobs give folders to: the first
// active managed user who is neither admin nor co-admin (so as-user
// reaches it by default).
func giantOwner(st *store) *userRec {
	for _, u := range st.users {
		if !u.appUser && u.status == statusActive && u.role == roleUser {
			return u
		}
	}
	return nil
}

// tree seeds n folders: each is top-level (owner drawn from owners) or,
// about half the time, a child of an earlier folder not yet at the
// deepest level, so every depth down to FolderDepth occurs.
func (g *folderGen) tree(owners []*userRec, n int) {
	var parents []*folderRec // folders that may get children
	for range n {
		var parent *folderRec
		if len(parents) > 0 && g.rng.Float64() < 0.55 {
			parent = parents[g.rng.IntN(len(parents))]
		}
		owner := owners[g.rng.IntN(len(owners))]
		if parent != nil {
			owner = parent.owner
		}
		f := g.folder(owner, parent, g.name())
		if f.depth() < g.cc.FolderDepth {
			parents = append(parents, f)
		}
		g.random = append(g.random, f)
	}
}

// folder creates one folder with a unique (among siblings) name, dates
// within the seed window, sometimes a shared link.
func (g *folderGen) folder(owner *userRec, parent *folderRec, name string) *folderRec {
	st := g.st
	parentKey, from := "u"+formatID(owner.id), owner.created
	if parent != nil {
		parentKey, from = "f"+formatID(parent.id), parent.created
	}
	base := name
	for n := 2; g.taken[parentKey+"/"+strings.ToLower(name)]; n++ {
		name = fmt.Sprintf("%s (%d)", base, n)
	}
	g.taken[parentKey+"/"+strings.ToLower(name)] = true
	f := &folderRec{id: st.nextFolderID, name: name, owner: owner, creator: owner, parent: parent}
	st.nextFolderID += 1 + g.rng.Int64N(4)
	f.created = max(from, seedEpochStart) + g.rng.Int64N(max(1, seedEpochEnd-max(from, seedEpochStart)))
	f.modified = f.created + g.rng.Int64N(max(1, seedEpochEnd-f.created))
	f.noNonOwnerInvite = g.rng.Float64() < 0.05
	if g.rng.Float64() < g.cc.SharedLinkShare {
		f.link = g.link()
	}
	st.linkFolder(f)
	owner.ownedItems++
	return f
}

// link draws a shared link: open with OpenLinkShare (a quarter of those
// with a password, which Box allows on open links only: newLink), else
// company or collaborators.
func (g *folderGen) link() *linkRec {
	l := &linkRec{access: accessCompany, canDownload: g.rng.Float64() < 0.8}
	switch {
	case g.rng.Float64() < g.cc.OpenLinkShare:
		l.access = accessOpen
		l.password = g.rng.Float64() < 0.25
	case g.rng.Float64() < 0.3:
		l.access = accessCollaborators
	}
	l.url = "https://app.box.com/s/" + strings.ToLower(alnum(g.rng, 32))
	l.downloads, l.previews = g.rng.IntN(50), g.rng.IntN(200)
	return l
}

func alnum(rng *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alnumChars[rng.IntN(len(alnumChars))]
	}
	return string(b)
}

func (g *folderGen) pick(list []string) string { return list[g.rng.IntN(len(list))] }

// name draws a folder name from the seed word lists (some non-ASCII, some
// starting with digits or punctuation).
func (g *folderGen) name() string {
	switch g.rng.IntN(8) {
	case 0:
		return g.pick(departments)
	case 1:
		return "Project " + g.pick(codenames)
	case 2:
		return g.pick(regions) + " " + g.pick(teams)
	case 3:
		return fmt.Sprintf("%d %s Reports", 2016+g.rng.IntN(9), g.pick(departments))
	case 4:
		return fmt.Sprintf("Q%d %s", 1+g.rng.IntN(4), g.pick(folderNames))
	case 5:
		return g.pick(oddNames)
	case 6:
		return g.pick(nonASCIIPrefixes) + " " + g.pick(teams)
	}
	return g.pick(folderNames)
}

// rolePool weights the collaboration roles: editors and viewers dominate.
var rolePool = []string{
	roleEditor, roleEditor, roleEditor, roleEditor, roleEditor, roleEditor, roleEditor,
	roleViewer, roleViewer, roleViewer, roleViewer, roleViewer, roleViewer,
	rolePreviewer, rolePreviewer, roleUploader, rolePreviewerUploader, roleViewerUploader,
	roleCoOwner, roleCoOwner,
}

// collaborations gives f round(U*2*avg) collaborations (U uniform in
// [0,1)), to groups, external users, managed users or unregistered
// addresses per the shares, each grantee at most once per folder.
func (g *folderGen) collaborations(f *folderRec) {
	st := g.st
	n := int(math.Round(g.rng.Float64() * 2 * g.cc.CollaborationsPerFolder))
	for range n {
		var u *userRec
		var grp *groupRec
		r := g.rng.Float64()
		switch {
		case r < g.cc.GroupShare && len(st.groups) > 0:
			grp = st.groups[g.rng.IntN(len(st.groups))]
		case r < g.cc.GroupShare+g.cc.ExternalShare && len(st.externals) > 0:
			u = st.externals[g.rng.IntN(len(st.externals))]
		default:
			u = st.users[g.rng.IntN(len(st.users))]
		}
		role := rolePool[g.rng.IntN(len(rolePool))]
		status, email := statusAccepted, ""
		if u != nil && g.rng.Float64() < g.cc.PendingShare {
			status = statusPending
			switch {
			case g.rng.Float64() < 0.2:
				status = statusRejected
			case g.rng.Float64() < 1.0/3:
				email, u = g.inviteEmail(), nil
			}
		}
		accessOnly := g.rng.Float64() < 0.03
		created := f.created + g.rng.Int64N(max(1, seedEpochEnd-f.created))
		if u == f.owner || f.collabFor(u, grp, email) != nil {
			continue
		}
		c := &collabRec{
			id: st.content.nextID, folder: f, user: u, group: grp, inviteEmail: email, role: role,
			accessOnly: accessOnly, creator: f.owner, created: created, modified: created,
		}
		c.setStatus(status, created)
		st.content.nextID += 1 + g.rng.Int64N(3)
		st.addCollab(c)
	}
}

// inviteEmail is an address no Box user holds, at a guest domain.
func (g *folderGen) inviteEmail() string {
	for {
		e := fmt.Sprintf("%s.%s%d@guest.example.net", foldASCII(g.pick(firstNames)), foldASCII(g.pick(lastNames)), g.rng.IntN(1000))
		if _, taken := g.st.logins[e]; !taken {
			return e
		}
	}
}

// hall gives f n accepted collaborations: listed users (but the owner) by
// ID, then external users, with the roles in turn.
func (g *folderGen) hall(f *folderRec, n int) {
	st := g.st
	roles := collaborationRoles()
	i := 0
	add := func(u *userRec) {
		c := &collabRec{
			id: st.content.nextID, folder: f, user: u, role: roles[i%len(roles)], status: statusAccepted,
			creator: f.owner, created: f.created, modified: f.created, acknowledged: f.created,
		}
		st.content.nextID++
		st.addCollab(c)
		i++
	}
	for _, list := range [][]*userRec{st.users, st.externals} {
		for _, u := range list {
			if i == n {
				return
			}
			if u != f.owner {
				add(u)
			}
		}
	}
}
