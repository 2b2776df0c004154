"""`dist/sops.json`: the linked model as one JSON document, for integrations and search."""
from __future__ import annotations

import datetime as dt
import json

from ..buildcache import cached, output_key
from ..fields import Text, field_infos
from ..kinds import KINDS
from ..linker import LinkedKB
from ..model import Node
from ..outputs import write_atomic

NAME = "json"
# After the Word renderer (25), which starts the Word files (the handbook's LibreOffice pass
# is the longest piece of a rebuild) in workers: this half second of the main process then
# runs beside them instead of before them.
ORDER = 27
READS_OTHER_OUTPUTS = False  # Word files may still be in the making meanwhile (build.py)
DESCRIPTION = "the linked model as dist/sops.json"


def plain(value):
    """A model value as JSON data: texts as strings, dates as ISO dates, nodes as dicts."""
    if isinstance(value, Text):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [plain(v) for v in value]
    if isinstance(value, Node):
        node_type: type = type(value)  # mypy takes a dataclass type for unhashable in the cache
        data = {info.key: plain(getattr(value, info.name)) for info in field_infos(node_type)}
        data.update({k: plain(v) for k, v in value.extra.items()})
        return {k: v for k, v in data.items() if v not in (None, [], {})}
    if hasattr(value, "items"):
        return {k: plain(v) for k, v in value.items()}
    return value


def _item(linked: LinkedKB, item) -> dict:
    data = plain(item)
    data["id"] = str(item.id)
    doc = linked.doc(item)
    own = plain(item.document) if item.document else {}
    data["document"] = {**own, "number": doc.number, "version": doc.version, "status": doc.status,
                        "effective": plain(doc.effective), "next_review": plain(doc.next_review)}
    return data


def _role_links(linked: LinkedKB, role_id: str) -> dict:
    return {
        "direct_reports": [r.id for r in linked.direct_reports.get(role_id, ())],
        "dotted_reports": [r.id for r in linked.dotted_reports.get(role_id, ())],
        "steps": [{"workflow": p.workflow.id, "step": p.step.id, "raci": p.letters}
                  for p in linked.role_steps.get(role_id, ())],
        "forms": [f.id for f in linked.role_forms.get(role_id, ())],
        "policies": [p.id for p in linked.role_policies.get(role_id, ())],
        "approvals": [{"approval": part.approval.id, "reviews": list(part.reviews),
                       "approves": list(part.approves)}
                      for part in linked.role_approvals.get(role_id, ())],
    }


def _form_links(linked: LinkedKB, form_id: str) -> dict:
    return {"used_in": [_use(u) for u in linked.form_uses.get(form_id, ())]}


def _workflow_links(linked: LinkedKB, workflow_id: str) -> dict:
    return {"raci": _raci(linked, workflow_id)}


# What the linker derived for an item, by kind folder; kinds without an entry add nothing.
_DERIVED = {"roles": _role_links, "workflows": _workflow_links, "forms": _form_links}


def _no_links(linked: LinkedKB, item_id: str) -> dict:
    return {}


def model_as_json(linked: LinkedKB) -> dict:
    kb = linked.kb
    items = {kind.folder: {item_id: _item(linked, item) |
                           _DERIVED.get(kind.folder, _no_links)(linked, item_id)
                           for item_id, item in kb.of(kind.folder).items()}
             for kind in KINDS}
    return {"format": 1, "org": plain(kb.org) if kb.org else None, **items}


def _raci(linked: LinkedKB, workflow_id: str) -> list[dict]:
    return [{"step": row.step.id, **dict(row.cells)} for row in linked.raci[workflow_id].rows]


def _use(use) -> dict:
    return {"kind": use.kind, "item": use.owner.id,
            "detail": getattr(use.detail, "id", None) or getattr(use.detail, "task", None)}


def render(linked: LinkedKB, context) -> None:
    """The JSON is its own key: it is made from the model in milliseconds, less than any
    other key would cost, so the cache only tells the tally whether this build changed it."""
    data = json.dumps(model_as_json(linked), ensure_ascii=False, indent=2).encode("utf-8")
    cached(context.tally, NAME, "json", output_key("json", data), lambda: data, "sops.json")
    write_atomic(context.out / "sops.json", data)
