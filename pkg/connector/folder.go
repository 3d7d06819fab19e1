package connector

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/conductorone/baton-box/pkg/box"
	v2 "github.com/conductorone/baton-sdk/pb/c1/connector/v2"
	"github.com/conductorone/baton-sdk/pkg/annotations"
	ent "github.com/conductorone/baton-sdk/pkg/types/entitlement"
	rs "github.com/conductorone/baton-sdk/pkg/types/resource"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"
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
	Annotations: annotations.New(permissions(box.ScopeReadFiles, box.ScopeReadWriteFiles)),
}

// folderConfig is set when --sync-folders is.
type folderConfig struct {
	depth int // 1..config.MaxFolderDepth
}

type folderSyncer struct {
	client     *box.Client // the service account's
	owners     *ownerAccess
	cfg        folderConfig
	principals *principals
}

// newFolderSyncer: userTokens says the app may mint user access tokens
// (--primary-admin-id is set), which reach admins' and co-admins' folders.
func newFolderSyncer(client *box.Client, cfg folderConfig, p *principals, userTokens bool) *folderSyncer {
	return &folderSyncer{client: client, owners: newOwnerAccess(client, userTokens), cfg: cfg, principals: p}
}

func (s *folderSyncer) ResourceType(context.Context) *v2.ResourceType { return folderResourceType }

// Entitlements: the seven collaboration roles (one exclusion group per
// folder: Box gives a user or group one role on a folder), the owner, and
// open_link, held by "anyone with the link" when the folder's shared link
// is open.
func (s *folderSyncer) Entitlements(_ context.Context, r *v2.Resource, _ rs.SyncOpAttrs) ([]*v2.Entitlement, *rs.SyncOpResults, error) {
	name := r.GetDisplayName()
	group := "folder:" + r.GetId().GetResource() + ":role"
	out := make([]*v2.Entitlement, 0, len(folderRoles)+2)
	for _, role := range folderRoles {
		out = append(out, ent.NewPermissionEntitlement(r, role.slug,
			ent.WithGrantableTo(userResourceType, groupResourceType, externalUserResourceType),
			ent.WithDisplayName(fmt.Sprintf("%s %s", name, role.boxRole)),
			ent.WithDescription(fmt.Sprintf("Box collaboration role %q on the folder %s: %s, in it and every folder below it", role.boxRole, name, role.description)),
			ent.WithExclusionGroupOrder(group, role.order),
		))
	}
	out = append(out,
		ent.NewOwnershipEntitlement(r, ownerEntitlement,
			ent.WithGrantableTo(userResourceType),
			ent.WithDisplayName(name+" owner"),
			ent.WithDescription(fmt.Sprintf("Owns the folder %s (ownership moves by content transfer, not by a grant)", name)),
		),
		ent.NewPermissionEntitlement(r, openLinkEntitlement,
			ent.WithGrantableTo(sharedLinkResourceType),
			ent.WithDisplayName(name+" open shared link"),
			ent.WithDescription(fmt.Sprintf("Anyone with the URL of the folder %s's shared link can open it without signing in (effective access \"open\")", name)),
		),
	)
	return out, &rs.SyncOpResults{}, nil
}

// folderMeta is what a folder listing tells about a folder, kept in the
// session store until the folder's collaborations are read.
type folderMeta struct {
	ID         string          `json:"i"`
	Name       string          `json:"n"`
	Path       string          `json:"p"`
	Depth      int             `json:"d"`
	OwnerID    string          `json:"o"`
	OwnerLogin string          `json:"ol,omitempty"`
	OwnerName  string          `json:"on,omitempty"`
	CreatedAt  *time.Time      `json:"c,omitempty"`
	ModifiedAt *time.Time      `json:"m,omitempty"`
	Link       *box.SharedLink `json:"l,omitempty"`
}

// newFolderMeta describes item, found in parentPath at depth, owned by ownerID.
func newFolderMeta(item *box.Item, ownerID, parentPath string, depth int) folderMeta {
	m := folderMeta{ID: item.ID, Name: item.Name, Path: parentPath + "/" + item.Name, Depth: depth, OwnerID: ownerID,
		CreatedAt: item.CreatedAt, ModifiedAt: item.ModifiedAt, Link: item.SharedLink}
	if item.OwnedBy != nil {
		m.OwnerLogin, m.OwnerName = item.OwnedBy.Login, item.OwnedBy.Name
	}
	return m
}

// openLink reports whether anyone with the URL can open the folder: the
// link's effective access (the link's own, capped by enterprise settings).
func (m *folderMeta) openLink() bool {
	return m.Link != nil && m.Link.EffectiveAccess == box.LinkAccessOpen
}

// collabCounts summarise a folder's collaborations for its profile.
type collabCounts struct {
	Accepted int `json:"a,omitempty"`
	Pending  int `json:"n,omitempty"`
	Rejected int `json:"r,omitempty"`
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
		"folder_id":            m.ID,
		"name":                 m.Name,
		"path":                 m.Path,
		"depth":                m.Depth,
		"owner_id":             m.OwnerID,
		"collaborations":       counts.Accepted,
		"pending_invitations":  counts.Pending,
		"rejected_invitations": counts.Rejected,
		"has_shared_link":      m.Link != nil,
		"open_shared_link":     m.openLink(),
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
// the external_user child listing: the folder has accepted user
// collaborators who may be from another company.
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
		opts = append(opts, rs.WithAnnotation(&v2.ChildResourceType{ResourceTypeId: externalUserResourceType.Id}))
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

// folderParent is where a folder read with GetFolder is: the path of its
// parents after "All Files", and the depth of their child.
func folderParent(f *box.Folder) (string, int) {
	var b strings.Builder
	depth := 1
	if f.PathCollection != nil {
		for _, p := range f.PathCollection.Entries {
			if p.ID == box.RootFolderID {
				continue
			}
			b.WriteString("/" + p.Name)
			depth++
		}
	}
	return b.String(), depth
}
