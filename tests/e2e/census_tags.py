"""The tagging part of the census (census.py) and an outside REST client for tests that
make tags: categories, tags and what each tag is attached to, read through the vSphere
Automation API's /rest generation (vSphere 6.5+; vcshift-sim serves that one) with
python3's urllib alone. Attached objects are named by type and inventory path (the
census's), so two censuses of an unchanged vCenter are identical; an attachment to an
object that is not in the inventory shows as `Type ?moref`, which never compares equal.
"""

import base64
import json
import urllib.error
import urllib.request
from urllib.parse import quote, urlparse

SESSION = "/rest/com/vmware/cis/session"
CATEGORY = "/rest/com/vmware/cis/tagging/category"
TAG = "/rest/com/vmware/cis/tagging/tag"
ASSOCIATION = "/rest/com/vmware/cis/tagging/tag-association"


class Rest:
    """A REST session at the vCenter of url (its /sdk URL), logged in with basic auth;
    the session id travels in the vmware-api-session-id header. A context manager."""

    def __init__(self, url, user, password, ssl_context=None):
        u = urlparse(url)
        self.base = f"{u.scheme}://{u.netloc}"
        self.ctx = ssl_context
        self.session = None
        basic = base64.b64encode(f"{user}:{password}".encode()).decode()
        self.session = self.call("POST", SESSION, headers={"Authorization": "Basic " + basic})

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.call("DELETE", SESSION)

    def call(self, method, path, body=None, headers=None):
        """The reply's `value` (None when it has none); an HTTP error raises SystemExit
        naming the method, path and the vAPI error type."""
        req = urllib.request.Request(self.base + path, method=method, headers=dict(headers or {}),
                                     data=None if body is None else json.dumps(body).encode())
        req.add_header("Content-Type", "application/json")
        if self.session:
            req.add_header("vmware-api-session-id", self.session)
        try:
            with urllib.request.urlopen(req, context=self.ctx, timeout=60) as res:
                data = res.read()
        except urllib.error.HTTPError as e:
            detail = e.read().decode(errors="replace")
            raise SystemExit(f"REST {method} {path}: HTTP {e.code} {detail[:200]}")
        return json.loads(data).get("value") if data.strip() else None

    # Reads.

    def categories(self):
        return [self.call("GET", f"{CATEGORY}/id:{quote(i)}") for i in self.call("GET", CATEGORY) or []]

    def tags(self):
        return [self.call("GET", f"{TAG}/id:{quote(i)}") for i in self.call("GET", TAG) or []]

    def attached(self, tag_id):
        """[{"type": ..., "id": moref}] the tag is attached to."""
        return self.call("POST", f"{ASSOCIATION}/id:{quote(tag_id)}?~action=list-attached-objects", {}) or []

    # Changes, for tests that make tags as an outside client would.

    def create_category(self, name, cardinality, types, description=""):
        return self.call("POST", CATEGORY, {"create_spec": {
            "name": name, "description": description, "cardinality": cardinality, "associable_types": types}})

    def create_tag(self, category_id, name, description=""):
        return self.call("POST", TAG, {"create_spec": {
            "name": name, "description": description, "category_id": category_id}})

    def attach(self, tag_id, kind, moref):
        self.call("POST", f"{ASSOCIATION}/id:{quote(tag_id)}?~action=attach",
                  {"object_id": {"type": kind, "id": moref}})


def tagging(rest, path_of_ref):
    """Categories and tags (with the paths of the objects each is attached to), sorted."""
    categories, names = [], {}
    for c in rest.categories():
        names[c["id"]] = c["name"]
        categories.append([c["name"], c.get("description", ""), c.get("cardinality", ""),
                           sorted(c.get("associable_types") or [])])
    tags = []
    for t in rest.tags():
        objects = sorted(f"{o['type']} {path_of_ref(o['id']) or '?' + o['id']}" for o in rest.attached(t["id"]))
        tags.append([names.get(t.get("category_id"), "?category"), t["name"], t.get("description", ""), objects])
    return {"categories": sorted(categories), "tags": sorted(tags)}
