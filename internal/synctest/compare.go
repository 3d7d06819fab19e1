package synctest

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/conductorone/baton-box/internal/boxsim"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
)

// Names the expectation uses in several places.
const (
	kindUser       = "user"
	statusAccepted = "accepted"
)

// Expected is what a perfect sync of the simulator's truth contains. It is
// derived from the truth independently of the connector's code.
type Expected struct {
	Resources    map[string]bool
	Entitlements map[string]bool
	Grants       map[string]bool
	Users        map[string]boxsim.User
	Groups       map[string]boxsim.Group
	// AdminPermissions are each group-admin grant's privileges;
	// AdminPermissionsUnknown: the grants must say they are unknown instead
	// (WithAdminPermissionsUnknown).
	AdminPermissions        map[string]map[string]bool
	AdminPermissionsUnknown bool
	// With WithFolders (folders.go): the folders and external
	// collaborators a sync with --sync-folders contains.
	Folders   map[string]ExpectedFolder
	Externals map[string]boxsim.User
	// InheritedFrom names, for each folder grant that comes from a parent
	// folder's collaboration, that parent.
	InheritedFrom map[string]string
}

var nonHuman = regexp.MustCompile(`(?i)^(AppUser|AutomationUser)_[^@]*@boxdevedition\.com$`)

// ExpectedFrom builds the expectation for a truth snapshot.
func ExpectedFrom(t boxsim.Truth, opts ...ExpectOption) *Expected {
	var cfg expectConfig
	for _, o := range opts {
		o(&cfg)
	}
	t, noGrant := cfg.skips.apply(t)
	e := &Expected{Resources: map[string]bool{}, Entitlements: map[string]bool{}, Grants: map[string]bool{},
		Users: map[string]boxsim.User{}, Groups: map[string]boxsim.Group{}, AdminPermissions: map[string]map[string]bool{},
		AdminPermissionsUnknown: cfg.unknownPerms}
	ent := t.Enterprise.ID
	e.Resources[Key("enterprise", ent)] = true
	e.Entitlements["enterprise:"+ent+":member"] = true
	for _, role := range []string{"admin", "co-admin", "user"} {
		e.Resources[Key("role", role)] = true
		e.Entitlements["role:"+role+":member"] = true
	}
	for _, u := range t.Users {
		e.Users[u.ID] = u
		e.Resources[Key(kindUser, u.ID)] = true
		e.Grants[fmt.Sprintf("enterprise:%s:member:user:%s", ent, u.ID)] = true
		e.Grants[fmt.Sprintf("role:%s:member:user:%s", RoleID(u.Role), u.ID)] = true
	}
	for _, g := range t.Groups {
		e.Groups[g.ID] = g
		e.Resources[Key("group", g.ID)] = true
		e.Entitlements["group:"+g.ID+":member"] = true
		e.Entitlements["group:"+g.ID+":admin"] = true
	}
	for _, m := range t.Memberships {
		e.Grants[fmt.Sprintf("group:%s:member:user:%s", m.GroupID, m.UserID)] = true
		if m.Role == "admin" {
			id := fmt.Sprintf("group:%s:admin:user:%s", m.GroupID, m.UserID)
			e.Grants[id] = true
			e.AdminPermissions[id] = m.Permissions
		}
	}
	if cfg.folderDepth > 0 {
		e.addFolders(t, cfg.folderDepth, readable(t, cfg.userTokens), !cfg.skips.AppUsers, noGrant)
	}
	return e
}

// RoleID is the role resource ID of a Box role value: the deployed Box
// connector's IDs, where Box's `coadmin` is `co-admin`.
func RoleID(boxRole string) string {
	if boxRole == "coadmin" {
		return "co-admin"
	}
	return boxRole
}

// Diff lists every difference between a snapshot and the expectation, at
// most limit lines (0: all). Empty means exact equality.
func (e *Expected) Diff(s *Snapshot, limit int) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }

	diffSets("resource", keysOfMap(e.Resources), keysOfMap(s.Resources), add)
	diffSets("entitlement", keysOfMap(e.Entitlements), keysOfMap(s.Entitlements), add)
	diffSets("grant", keysOfMap(e.Grants), keysOfMap(s.Grants), add)

	diffResources(s, "user", "user", e.Users, diffUser, add)
	diffResources(s, "group", "group", e.Groups, diffGroup, add)
	for id, want := range e.AdminPermissions {
		if g, ok := s.Grants[id]; ok {
			if d := diffAdminPermissions(g, want, e.AdminPermissionsUnknown); d != "" {
				add("grant %s: %s", id, d)
			}
		}
	}
	diffResources(s, "folder", "folder", e.Folders, diffFolder, add)
	diffResources(s, "external_user", "external user", e.Externals, diffExternal, add)
	if e.Folders != nil {
		e.diffInherited(s, add)
	}
	for _, d := range diffTree(e.enterpriseID(), s) {
		add("%s", d)
	}
	sort.Strings(out)
	if limit > 0 && len(out) > limit {
		out = append(out[:limit], fmt.Sprintf("... and %d more", len(out)-limit))
	}
	return out
}

// diffResources compares the details of each expected resource of type rt
// the snapshot holds (a missing one is diffSets' to report) with diff.
func diffResources[T any](s *Snapshot, rt, label string, want map[string]T, diff func(T, *v2.Resource) []string, add func(string, ...any)) {
	for id, w := range want {
		r, ok := s.Resources[Key(rt, id)]
		if !ok {
			continue
		}
		for _, d := range diff(w, r) {
			add("%s %s: %s", label, id, d)
		}
	}
}

func diffGroup(g boxsim.Group, r *v2.Resource) []string {
	if r.GetDisplayName() != g.Name {
		return []string{fmt.Sprintf("display name %q, want %q", r.GetDisplayName(), g.Name)}
	}
	return nil
}

// WithAdminPermissionsUnknown expects a sync of a Box that shows group
// admins' configurable_permissions nowhere
// (boxsim.GroupAdminPermissionsNowhere): each admin grant must say so
// (configurable_permissions_known false) and list no privilege.
func WithAdminPermissionsUnknown() ExpectOption {
	return func(c *expectConfig) { c.unknownPerms = true }
}

// diffAdminPermissions compares a group-admin grant's metadata with the
// admin's privileges, or with "unknown".
func diffAdminPermissions(g *v2.Grant, want map[string]bool, unknown bool) string {
	md := &v2.GrantMetadata{}
	found := false
	for _, a := range g.GetAnnotations() {
		if a.MessageIs(md) && a.UnmarshalTo(md) == nil {
			found = true
		}
	}
	if !found {
		return "no grant metadata with the admin's configurable_permissions"
	}
	meta := md.GetMetadata().AsMap()
	got, listed := meta["configurable_permissions"].(map[string]any)
	if known, _ := meta["configurable_permissions_known"].(bool); known == unknown || listed == unknown {
		return fmt.Sprintf("metadata %v, want configurable_permissions_known %v", meta, !unknown)
	}
	if unknown {
		return ""
	}
	for _, p := range []string{"can_create_accounts", "can_edit_accounts", "can_instant_login", "can_run_reports"} {
		if got[p] != want[p] {
			return fmt.Sprintf("configurable_permissions %v, want %v", got, want)
		}
	}
	return ""
}

func (e *Expected) enterpriseID() string {
	for k := range e.Resources {
		if id, ok := strings.CutPrefix(k, "enterprise/"); ok {
			return id
		}
	}
	return ""
}

// diffTree checks the resource tree of the deployed Box connector: the
// enterprise announces users, groups and roles as its children, and each of
// those resources has the enterprise as its parent.
func diffTree(enterpriseID string, s *Snapshot) []string {
	var out []string
	if ent, ok := s.Resources[Key("enterprise", enterpriseID)]; ok {
		children := map[string]bool{}
		for _, a := range ent.GetAnnotations() {
			crt := &v2.ChildResourceType{}
			if a.MessageIs(crt) && a.UnmarshalTo(crt) == nil {
				children[crt.GetResourceTypeId()] = true
			}
		}
		for _, rt := range []string{"user", "group", "role"} {
			if !children[rt] {
				out = append(out, fmt.Sprintf("enterprise %s: no ChildResourceType %s", enterpriseID, rt))
			}
		}
	}
	for k, r := range s.Resources {
		rt := r.GetId().GetResourceType()
		if rt != "user" && rt != "group" && rt != "role" {
			continue
		}
		if p := r.GetParentResourceId(); p.GetResourceType() != "enterprise" || p.GetResource() != enterpriseID {
			out = append(out, fmt.Sprintf("%s: parent %s/%s, want enterprise/%s", k, p.GetResourceType(), p.GetResource(), enterpriseID))
		}
	}
	return out
}

// diffPerson compares what names a person, a user or an external
// collaborator: the display name and the user trait's login. The trait is
// nil when the resource has none.
func diffPerson(r *v2.Resource, u boxsim.User) (*v2.UserTrait, []string) {
	trait, err := rs.GetUserTrait(r)
	if err != nil {
		return nil, []string{"no user trait"}
	}
	var out []string
	if r.GetDisplayName() != u.Name {
		out = append(out, fmt.Sprintf("display name %q, want %q", r.GetDisplayName(), u.Name))
	}
	if trait.GetLogin() != u.Login {
		out = append(out, fmt.Sprintf("login %q, want %q", trait.GetLogin(), u.Login))
	}
	return trait, out
}

func diffUser(u boxsim.User, r *v2.Resource) []string {
	trait, out := diffPerson(r, u)
	if trait == nil {
		return out
	}
	emails := trait.GetEmails()
	if len(emails) != 1 || emails[0].GetAddress() != u.Login || !emails[0].GetIsPrimary() {
		out = append(out, fmt.Sprintf("emails %v, want primary %q", emails, u.Login))
	}
	wantStatus := v2.Status_RESOURCE_STATUS_UNSPECIFIED
	switch u.Status {
	case "active", "cannot_delete_edit", "cannot_delete_edit_upload", "pending":
		wantStatus = v2.Status_RESOURCE_STATUS_ENABLED
	case "inactive":
		wantStatus = v2.Status_RESOURCE_STATUS_DISABLED
	}
	if got := r.GetStatus().GetStatus(); got != wantStatus {
		out = append(out, fmt.Sprintf("status %v, want %v (box %q)", got, wantStatus, u.Status))
	}
	if got := trait.GetStatus().GetStatus(); int32(got) != int32(wantStatus) { //nolint:staticcheck // the trait status is still read
		out = append(out, fmt.Sprintf("trait status %v, want %v", got, wantStatus))
	}
	wantType := v2.UserTrait_ACCOUNT_TYPE_HUMAN
	if u.IsPlatformAccessOnly || nonHuman.MatchString(u.Login) {
		wantType = v2.UserTrait_ACCOUNT_TYPE_SERVICE
	}
	if trait.GetAccountType() != wantType {
		out = append(out, fmt.Sprintf("account type %v, want %v", trait.GetAccountType(), wantType))
	}
	profile := r.GetProfile().AsMap()
	for k, want := range map[string]any{"role": u.Role, "status": u.Status, "job_title": u.JobTitle, "login": u.Login, "is_platform_access_only": u.IsPlatformAccessOnly} {
		if profile[k] != want {
			out = append(out, fmt.Sprintf("profile %s = %v, want %v", k, profile[k], want))
		}
	}
	return out
}

func diffSets(kind string, want, got []string, add func(string, ...any)) {
	w, g := map[string]bool{}, map[string]bool{}
	for _, k := range want {
		w[k] = true
	}
	for _, k := range got {
		g[k] = true
	}
	for _, k := range want {
		if !g[k] {
			add("missing %s %s", kind, k)
		}
	}
	for _, k := range got {
		if !w[k] {
			add("unexpected %s %s", kind, k)
		}
	}
}

func keysOfMap[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
