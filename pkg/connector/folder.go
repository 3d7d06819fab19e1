package connector

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
	"google.golang.org/protobuf/proto"
)

// Folders (opt-in: --sync-folders). Every folder a listed user owns, down to
// --folder-depth, is a `folder` resource whose parent is its owner, at every
// depth: Box keeps a folder in its owner's "All Files", the owner is the one
// user whose as-user header reads and changes it (the service account sees
// only its own content), and a parent that names the owner lets the SDK walk
// each user's folders as that user's child listing (in parallel, with no
// second user listing) and lets Get and the provisioners act as the owner.
// The folder's place in the tree is its profile's path.

// Entitlement slugs of a folder: one per collaboration role (Box's role with
// "_" for its space), plus the owner and the open shared link.
const (
	ownerEntitlement    = "owner"
	openLinkEntitlement = "open_link"
)

// folderRole ties a slug to Box's role; order ranks the roles (higher: more
// rights) inside the folder's exclusion group (a principal holds one role).
type folderRole struct {
	slug, boxRole, description string
	order                      uint32
}

var folderRoles = []folderRole{
	{"co-owner", box.RoleCoOwner, "can do everything the owner can except delete the folder or change its owner", 7},
	{"editor", box.RoleEditor, "can upload, download, preview, share, edit and delete", 6},
	{"viewer_uploader", box.RoleViewerUploader, "can upload, download, preview and share", 5},
	{"previewer_uploader", box.RolePreviewerUploader, "can upload and preview", 4},
	{"viewer", box.RoleViewer, "can download, preview and share", 3},
	{"previewer", box.RolePreviewer, "can preview", 2},
	{"uploader", box.RoleUploader, "can upload", 1},
}

// roleBySlug and slugOfRole translate between slugs and Box's roles.
func roleBySlug(slug string) (folderRole, bool) {
	for _, r := range folderRoles {
		if r.slug == slug {
			return r, true
		}
	}
	return folderRole{}, false
}

func slugOfRole(boxRole string) (string, bool) {
	for _, r := range folderRoles {
		if r.boxRole == boxRole {
			return r.slug, true
		}
	}
	return "", false
}

// slugOfGrant is the entitlement a collaboration of boxRole grants: its
// role's, or `owner` for Box's "owner" role (in the spec's enum; listed
// for the owner, or for whoever Box says owns the folder).
func slugOfGrant(boxRole string) (string, bool) {
	if boxRole == box.RoleOwner {
		return ownerEntitlement, true
	}
	return slugOfRole(boxRole)
}

// rankOfGrant orders what collaborations of boxRole give: the owner above
// every role, the roles as in folderRoles, 0 for none.
func rankOfGrant(boxRole string) uint32 {
	if boxRole == box.RoleOwner {
		return folderRoles[0].order + 1
	}
	for _, r := range folderRoles {
		if r.boxRole == boxRole {
			return r.order
		}
	}
	return 0
}

func folderSlugs() []string {
	out := make([]string, 0, len(folderRoles)+2)
	for _, r := range folderRoles {
		out = append(out, r.slug)
	}
	return append(out, ownerEntitlement, openLinkEntitlement)
}

var folderResourceType = &v2.ResourceType{
	Id:          "folder",
	DisplayName: "Folder",
	Description: "A folder a Box user owns (with --sync-folders): its owner, its collaborators and whether anyone with its shared link can open it.",
	Annotations: annotations.New(&v2.OptInRequired{}, permissions(box.ScopeReadFiles, box.ScopeReadWriteFiles)),
}

// folderResourceTypeByType is the folder type when --sync-folders lists
// folders: their entitlements are listed a page of folders per call
// (folder_entitlements.go). Only then, because the SDK's SQLite store
// cannot check a type-scoped listing's references and warns so at the end
// of every sync that stores such a type.
var folderResourceTypeByType = func() *v2.ResourceType {
	t := proto.CloneOf(folderResourceType)
	annos := annotations.Annotations(t.GetAnnotations())
	annos.Append(&v2.TypeScopedEntitlements{})
	t.Annotations = annos
	return t
}()

// folderConfig is set when --sync-folders is.
type folderConfig struct {
	depth int // 1..config.MaxFolderDepth
}

type folderSyncer struct {
	client     *box.Client // the service account's
	owners     *ownerAccess
	cfg        folderConfig
	principals *principals
	skip       exclusions // grants to skipped users and groups are left out
	stats      walkStats  // what the walk of the current sync cost (folder_stats.go)
	byType     bool       // folders are listed: entitlements by type (folderResourceTypeByType)
}

// newFolderSyncer: userTokens says the app may mint user access tokens
// (--primary-admin-id is set), which reach admins' and co-admins' folders.
func newFolderSyncer(client *box.Client, account *serviceAccount, cfg folderConfig, p *principals, userTokens bool, skip exclusions) *folderSyncer {
	return &folderSyncer{client: client, owners: newOwnerAccess(client, account, userTokens), cfg: cfg, principals: p, skip: skip}
}

func (s *folderSyncer) ResourceType(context.Context) *v2.ResourceType {
	if s.byType {
		return folderResourceTypeByType
	}
	return folderResourceType
}

// folderMeta is what a folder listing tells about a folder, kept in the
// session store: its collaborations are read, and its grants listed, with
// it at hand. Parents are the IDs of the folders above it, top-level
// first, whose collaborations reach it too.
type folderMeta struct {
	ID         string          `json:"i"`
	Name       string          `json:"n"`
	Path       string          `json:"p"`
	Depth      int             `json:"d"`
	Parents    []string        `json:"a,omitempty"`
	OwnerID    string          `json:"o"`
	OwnerLogin string          `json:"ol,omitempty"`
	OwnerName  string          `json:"on,omitempty"`
	CreatedAt  *time.Time      `json:"c,omitempty"`
	ModifiedAt *time.Time      `json:"m,omitempty"`
	Link       *box.SharedLink `json:"l,omitempty"`
}

// newFolderMeta describes item, found in parent (the zero folderMeta for
// the owner's "All Files"), owned by ownerID.
func newFolderMeta(item *box.Item, ownerID string, parent *folderMeta) folderMeta {
	m := folderMeta{ID: item.ID, Name: item.Name, Path: parent.Path + "/" + item.Name, Depth: parent.Depth + 1, OwnerID: ownerID,
		CreatedAt: item.CreatedAt, ModifiedAt: item.ModifiedAt, Link: item.SharedLink}
	if parent.ID != "" {
		m.Parents = append(append(make([]string, 0, len(parent.Parents)+1), parent.Parents...), parent.ID)
	}
	if item.OwnedBy != nil {
		m.OwnerLogin, m.OwnerName = item.OwnedBy.Login, item.OwnedBy.Name
	}
	return m
}

// openLink reports whether anyone with the URL can open the folder: the
// link's effective access (the link's own, capped by enterprise settings)
// is open and its effective permission lets them do something (Box's
// no_access lets them open nothing).
func (m *folderMeta) openLink() bool {
	return m.Link != nil && m.Link.EffectiveAccess == box.LinkAccessOpen && m.Link.EffectivePermission != box.LinkNoAccess
}

// collabCounts summarise a folder's collaborations for its profile.
// Skipped counts accepted ones that grant nothing the connector can name
// (granteeOf).
type collabCounts struct {
	Accepted int `json:"a,omitempty"`
	Pending  int `json:"n,omitempty"`
	Rejected int `json:"r,omitempty"`
	Skipped  int `json:"s,omitempty"`
}

func (c *collabCounts) add(status string) {
	switch status {
	case box.CollabAccepted:
		c.Accepted++
	case box.CollabPending:
		c.Pending++
	case box.CollabRejected:
		c.Rejected++
	}
}

func folderProfile(m *folderMeta, counts collabCounts) map[string]any {
	p := map[string]any{
		"folder_id":              m.ID,
		"name":                   m.Name,
		"path":                   m.Path,
		"depth":                  m.Depth,
		"owner_id":               m.OwnerID,
		"collaborations":         counts.Accepted,
		"pending_invitations":    counts.Pending,
		"rejected_invitations":   counts.Rejected,
		"skipped_collaborations": counts.Skipped,
		"has_shared_link":        m.Link != nil,
		"open_shared_link":       m.openLink(),
	}
	if len(m.Parents) > 0 {
		parents := make([]any, len(m.Parents))
		for i, id := range m.Parents {
			parents[i] = id
		}
		p["parent_folder_ids"] = parents
	}
	for k, v := range map[string]string{"owner_login": m.OwnerLogin, "owner_name": m.OwnerName} {
		if v != "" {
			p[k] = v
		}
	}
	if m.CreatedAt != nil {
		p["created_at"] = m.CreatedAt.UTC().Format(timeLayout)
	}
	if m.ModifiedAt != nil {
		p["modified_at"] = m.ModifiedAt.UTC().Format(timeLayout)
	}
	if l := m.Link; l != nil {
		p["shared_link_url"] = l.URL
		p["shared_link_access"] = l.Access
		p["shared_link_effective_access"] = l.EffectiveAccess
		p["shared_link_effective_permission"] = l.EffectivePermission
		p["shared_link_password"] = l.IsPasswordEnabled
	}
	return p
}

// folderResource builds the folder under its owner. withExternals announces
// the external_user and user child listings: the folder has accepted user
// collaborators the user listing does not hold, who may be from another
// company or the enterprise's unlisted users (other apps' service
// accounts).
func folderResource(m *folderMeta, counts collabCounts, withExternals bool) (*v2.Resource, error) {
	opts := []rs.ResourceOption{
		rs.WithResourceProfile(folderProfile(m, counts)),
		rs.WithParentResourceID(userPrincipal(m.OwnerID)),
		rs.WithDescription(m.Path),
	}
	if m.CreatedAt != nil {
		opts = append(opts, rs.WithResourceCreatedAt(*m.CreatedAt))
	}
	if withExternals {
		opts = append(opts, rs.WithAnnotation(&v2.ChildResourceType{ResourceTypeId: externalUserResourceType.Id},
			&v2.ChildResourceType{ResourceTypeId: userResourceType.Id}))
	}
	name := m.Name
	if name == "" {
		name = "Box folder " + m.ID
	}
	r, err := rs.NewResource(name, folderResourceType, m.ID, opts...)
	if err != nil {
		return nil, fmt.Errorf("baton-box: build folder resource (folder %s): %w", m.ID, err)
	}
	return r, nil
}

// folderParents are the IDs of the folders above a folder resource,
// top-level first (its profile's parent_folder_ids).
func folderParents(r *v2.Resource) []string {
	list := rs.GetProfile(r).GetFields()["parent_folder_ids"].GetListValue()
	out := make([]string, 0, len(list.GetValues()))
	for _, v := range list.GetValues() {
		if id := v.GetStringValue(); validID("folder", id) == nil {
			out = append(out, id)
		}
	}
	return out
}

// folderOwner is the owner of a folder resource: its parent, else the
// owner_id of its profile (a resource read back from a c1z has both).
func folderOwner(r *v2.Resource) (string, error) {
	if p := r.GetParentResourceId(); p.GetResourceType() == userResourceType.Id && validID("user", p.GetResource()) == nil {
		return p.GetResource(), nil
	}
	if v, ok := rs.GetProfileStringValue(rs.GetProfile(r), "owner_id"); ok && validID("user", v) == nil {
		return v, nil
	}
	return "", status.Errorf(codes.InvalidArgument,
		"baton-box: folder %s: its owner is unknown (the resource has no parent user and no owner_id); sync with --sync-folders first", r.GetId().GetResource())
}

// folderParent is the parent of a folder read with GetFolder, as
// newFolderMeta takes it: from its path_collection after "All Files" (the
// zero folderMeta for a top-level folder).
func folderParent(f *box.Folder) folderMeta {
	var parent folderMeta
	if f.PathCollection == nil {
		return parent
	}
	var b strings.Builder
	for _, p := range f.PathCollection.Entries {
		if p.ID == box.RootFolderID {
			continue
		}
		if parent.ID != "" {
			parent.Parents = append(parent.Parents, parent.ID)
		}
		b.WriteString("/" + p.Name)
		parent.ID, parent.Depth = p.ID, parent.Depth+1
	}
	parent.Path = b.String()
	return parent
}
