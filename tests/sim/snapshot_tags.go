package main

// The snapshot's tagging part: categories, tags and the objects each tag is
// attached to, read through the vAPI REST API (/rest) with the snapshot's
// own credentials, objects by inventory path so that nothing in it changes
// from one start to the next.

import (
	"context"
	"fmt"
	"net/url"
	"sort"
	"strings"

	"github.com/vmware/govmomi/vapi/rest"
	"github.com/vmware/govmomi/vapi/tags"
	"github.com/vmware/govmomi/vim25"
	"github.com/vmware/govmomi/vim25/types"
)

type SnapTagging struct {
	Categories []SnapCategory `json:"categories"`
	Tags       []SnapTag      `json:"tags"`
}

type SnapCategory struct {
	Name            string   `json:"name"`
	Description     string   `json:"description"`
	Cardinality     string   `json:"cardinality"`
	AssociableTypes []string `json:"associable_types"`
}

// SnapTag is a tag and what it is attached to: "Type /path" per object; an
// attachment to an object no longer in the inventory shows as "Type moref?".
type SnapTag struct {
	Category    string   `json:"category"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Objects     []string `json:"objects"`
}

// readTagging logs in to the REST API as user (none: an empty tagging) and
// reads everything.
func (inv *inventory) readTagging(ctx context.Context, c *vim25.Client, user *url.Userinfo) (SnapTagging, error) {
	out := SnapTagging{Categories: []SnapCategory{}, Tags: []SnapTag{}}
	if user == nil {
		return out, nil
	}
	rc := rest.NewClient(c)
	if err := rc.Login(ctx, user); err != nil {
		return out, fmt.Errorf("tagging login: %v", err)
	}
	defer rc.Logout(context.Background()) //nolint:errcheck
	m := tags.NewManager(rc)
	cats, err := m.GetCategories(ctx)
	if err != nil {
		return out, fmt.Errorf("categories: %v", err)
	}
	catNames := map[string]string{}
	for _, cat := range cats {
		catNames[cat.ID] = cat.Name
		types := append([]string{}, cat.AssociableTypes...)
		sort.Strings(types)
		out.Categories = append(out.Categories, SnapCategory{Name: cat.Name, Description: cat.Description,
			Cardinality: cat.Cardinality, AssociableTypes: types})
	}
	all, err := m.GetTags(ctx)
	if err != nil {
		return out, fmt.Errorf("tags: %v", err)
	}
	for _, t := range all {
		refs, err := m.ListAttachedObjects(ctx, t.ID)
		if err != nil {
			return out, fmt.Errorf("tag %s: %v", t.Name, err)
		}
		st := SnapTag{Category: catNames[t.CategoryID], Name: t.Name, Description: t.Description, Objects: []string{}}
		for _, r := range refs {
			st.Objects = append(st.Objects, inv.taggedObject(r.Reference()))
		}
		sort.Strings(st.Objects)
		out.Tags = append(out.Tags, st)
	}
	sort.Slice(out.Categories, func(i, j int) bool { return out.Categories[i].Name < out.Categories[j].Name })
	sort.Slice(out.Tags, func(i, j int) bool {
		a, b := out.Tags[i], out.Tags[j]
		return a.Category < b.Category || a.Category == b.Category && a.Name < b.Name
	})
	return out, nil
}

// taggedObject names an attached object by its type and inventory path
// (the root folder, above every datacenter, is not in the container view).
func (inv *inventory) taggedObject(ref types.ManagedObjectReference) string {
	e, ok := inv.entities[ref]
	if !ok {
		return ref.Type + " " + ref.Value + "?"
	}
	parts := []string{e.Name}
	for e.Parent != nil {
		if e, ok = inv.entities[*e.Parent]; !ok {
			break
		}
		parts = append([]string{e.Name}, parts...)
	}
	return ref.Type + " /" + strings.Join(parts, "/")
}
