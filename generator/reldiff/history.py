"""A revision-record entry for the handbook (org.yaml `handbook: history:`) summarising a
comparison: the version and date of the newer revision, and what changed in one line."""
from __future__ import annotations

import datetime as dt

import yaml

from ..linker import LinkedKB
from .compare import ADDED, CHANGED, REMOVED, DocumentChange

# Documents named in the entry before "…": a revision record is one line in a table.
NAMED_DOCUMENTS = 5


def history_entry(linked: LinkedKB, documents: list[DocumentChange], date: dt.date) -> dict:
    t = linked.labels
    org = linked.org
    version = (org.handbook.version if org.handbook and org.handbook.version else None) or (
        org.document_defaults.version if org.document_defaults else None) or "1.0"
    names = [f"{d.side.number} {d.side.title}" for d in documents[:NAMED_DOCUMENTS]]
    if len(documents) > NAMED_DOCUMENTS:
        names.append("…")
    counts = {state: sum(d.state == state for d in documents)
              for state in (ADDED, REMOVED, CHANGED)}
    changes = t("diff_history_changes", documents=t("list_separator").join(names),
                count=sum(len(d.changes) for d in documents), **counts)
    return {"version": str(version), "date": date, "changes": changes}


def history_yaml(entry: dict) -> str:
    """The entry as it is pasted under `handbook:` in org.yaml."""
    text = yaml.safe_dump({"history": [entry]}, allow_unicode=True, sort_keys=False,
                          width=1000)
    return "\n".join(f"  {line}" if line else line for line in text.splitlines()) + "\n"
