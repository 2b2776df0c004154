"""Streams compressed at a Flate level by kind (generator/pdf/streamlevel.py): font programs
at 1, the rest at 6, decoding to what pydyf's level 9 holds; pinned to WeasyPrint and pydyf.
(The patches that print the same bytes are tested in test_pdf_patches.py.)"""
from __future__ import annotations

import importlib
import re
import zlib
from pathlib import Path

import pytest

from generator.documents import render_documents
from generator.pdf import diagram_svgs, render_pdf
from generator.pdf import weasy as weasy_module
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent


def _patch(name: str):
    return importlib.import_module(f"generator.pdf.{name}")


@pytest.fixture(scope="module")
def sample():
    linked = check(ROOT / "sops").linked
    documents = {d.path: d for d in render_documents(linked)}
    return [documents["roles/sales-manager"], documents["workflows/complaint-handling"]], \
        diagram_svgs(linked)


def _streams(pdf: bytes) -> list[tuple[str, bytes, bytes]]:
    """Every Flate stream pydyf wrote (each an object of its own): its kind, raw and
    decoded bytes; not the object and cross-reference streams, which hold offsets."""
    found = []
    for match in re.finditer(rb"\d+ 0 obj\n(<<.*?>>)\nstream\n", pdf, re.S):
        head = match.group(1)
        length = int(re.findall(rb"/Length (\d+)", head)[-1])
        if b"/FlateDecode" not in head or re.search(rb"/Type /(ObjStm|XRef)", head):
            continue
        raw = pdf[match.end():match.end() + length]
        font = b"/Length1 " in head or b"/Subtype /OpenType" in head
        found.append(("font" if font else "other", raw, zlib.decompress(raw)))
    return found


def test_streams_compressed_by_kind_hold_the_same_content(sample, monkeypatch):
    """streamlevel.py: font programs at Flate level 1, the rest at 6 (zlib's header says
    which), decoding to the same bytes as pydyf's level 9; at level 9 it prints pydyf's."""
    documents, svgs = sample
    levels = _patch("streamlevel")

    def printed() -> list[bytes]:
        return [render_pdf(d.html, dict(d.meta), svgs) for d in documents]

    levels.switch(False)
    before = printed()
    levels.switch(True)
    after = printed()
    monkeypatch.setattr(levels, "LEVEL", 9)
    monkeypatch.setattr(levels, "FONT_LEVEL", 9)
    assert printed() == before  # only the level differs from pydyf's own
    for old, new in zip(before, after, strict=True):
        old_streams, new_streams = _streams(old), _streams(new)
        assert [(kind, data) for kind, _raw, data in old_streams] == \
            [(kind, data) for kind, _raw, data in new_streams]
        headers = {(kind, raw[:2]) for kind, raw, _data in new_streams}
        assert ("font", b"x\x01") in headers and ("other", b"x\x9c") in headers
        assert {kind for kind, header in headers if header == b"x\xda"} == set()
        assert len(new) < len(old) * 1.05  # fonts ~2 % bigger at level 1


def test_stream_levels_pinned_to_weasyprint_and_pydyf(monkeypatch):
    import pydyf
    import weasyprint

    levels = _patch("streamlevel")
    levels.switch(True)
    assert getattr(pydyf.Stream.data.fget, "sopkit_levels", False)
    for module, version in ((weasyprint, "__version__"), (pydyf, "VERSION")):
        levels.switch(False)
        monkeypatch.setattr(module, version, "99.0")
        levels.switch(True)  # another WeasyPrint or pydyf: pydyf's own Stream.data
        assert not getattr(pydyf.Stream.data.fget, "sopkit_levels", False)
        monkeypatch.undo()
    levels.switch(False)
    levels.PATCH.off = False  # as in a new process: not installed, not switched off
    weasy_module.warm()  # as a build starts: installed
    assert getattr(pydyf.Stream.data.fget, "sopkit_levels", False)
