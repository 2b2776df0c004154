""""Changes since the last release", as the portal's home lists them: one line per document
changed since the release, linked to its page, with what changed in a few words.

A release is a git tag ``sopkit-release-YYYYMMDD-N`` that ``sopkit build --release`` puts
on the commit it built (see ``docs/releases.md``); the app layer loads that revision and
hands both linked models here.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ..linker import LinkedKB
from ..model import Item
from .compare import CHANGED, DocumentChange, compare_documents

# Parts named in a changed document's line before "…": it is one line on the home page.
NAMED_PARTS = 4


@dataclass(frozen=True, slots=True)
class ReleaseLine:
    item: Item | None    # the document as it is now, for its link; None: removed, or org.yaml
    number: str
    title: str
    what: str            # the catalog's wording: modified (and where), added, removed


@dataclass(frozen=True, slots=True)
class SinceRelease:
    tag: str             # sopkit-release-20261130-1
    date: dt.date        # the release commit's date
    lines: tuple[ReleaseLine, ...]


def since_release(released: LinkedKB, current: LinkedKB, tag: str,
                  date: dt.date) -> SinceRelease:
    documents = compare_documents(released, current)
    return SinceRelease(tag, date, tuple(_line(d, current) for d in documents))


def _line(document: DocumentChange, current: LinkedKB) -> ReleaseLine:
    t = current.labels
    state = t(f"diff_document_{document.state}")
    what = state
    if document.state == CHANGED:
        parts = list(dict.fromkeys(change.section for change in document.changes))
        named = parts[:NAMED_PARTS] + (["…"] if len(parts) > NAMED_PARTS else [])
        what = t("portal_release_change", state=state,
                 parts=t("list_separator").join(named))
    item = current.kb.of(document.folder).get(document.id) if document.folder else None
    return ReleaseLine(item, document.side.number, document.side.title, what)
