"""The organisation's logo (org.yaml `organization: logo:`): found, sniffed, checked.

Its format is read from the file's first bytes, not its name: a GIF renamed logo.png, or an
HTML error page saved as logo.jpg, would otherwise reach WeasyPrint and Word and fail
there, far from the line that names it. Outputs copy it into the build as
``assets/logo.<format>`` (``LOGO_DIST``), so every renderer finds it at the same place.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

from .diagnostics import Diagnostics
from .model import KnowledgeBase
from .suggest import did_you_mean
from .textsafety import shown

SUPPORTED = ("png", "jpeg", "svg")
SUFFIX = {"png": "png", "jpeg": "jpg", "svg": "svg"}
MEDIA_TYPE = {"png": "image/png", "jpeg": "image/jpeg", "svg": "image/svg+xml"}
SNIFF_BYTES = 2048
# An SVG may open with a BOM, an XML declaration, comments and a doctype before <svg.
_SVG_START = re.compile(rb"^(\xef\xbb\xbf)?\s*(<\?xml[^>]*>\s*)?"
                        rb"(<!--.*?-->\s*|<!DOCTYPE[^>]*>\s*)*<svg[\s>]", re.S | re.I)
_VIEW_BOX = re.compile(rb"<svg[^>]*?viewBox\s*=\s*[\"']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+"
                       rb"([\d.]+)[\s,]+([\d.]+)", re.S)
_KNOWN_OTHERS = ((b"GIF8", "GIF"), (b"BM", "BMP"), (b"RIFF", "WebP"), (b"%PDF", "PDF"),
                 (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))


def image_format(data: bytes) -> str | None:
    """'png', 'jpeg' or 'svg' from the first bytes; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if _SVG_START.match(data[:SNIFF_BYTES]):
        return "svg"
    return None


def _what_it_is(data: bytes) -> str:
    for magic, name in _KNOWN_OTHERS:
        if data.startswith(magic):
            return f"a {name} image"
    return "empty" if not data else "not an image sopkit can read"


def logo_source(kb: KnowledgeBase) -> Path | None:
    """The logo file org.yaml names, if it names one (present or not)."""
    # no `organization:` in org.yaml is reported by the loader; here it means no logo
    organization = getattr(kb.org, "organization", None)
    if organization is None or not organization.logo:
        return None
    return Path(kb.root) / str(organization.logo)


def logo_bytes(kb: KnowledgeBase) -> tuple[str, bytes] | None:
    """(format, bytes) of a usable logo; None when there is none or `check_logo` refused it."""
    path = logo_source(kb)
    if path is None or not _inside(path, Path(kb.root)) or not path.is_file():
        return None
    data = path.read_bytes()
    kind = image_format(data)
    return (kind, data) if kind else None


def aspect_ratio(kind: str, data: bytes) -> float:
    """Width / height, so the running header can give the logo room beside the company
    name; an SVG without readable dimensions counts as 3:1 (a typical word mark)."""
    if kind == "svg":
        box = _VIEW_BOX.search(data[:SNIFF_BYTES * 4])
        width, height = (float(box.group(1)), float(box.group(2))) if box else (3.0, 1.0)
    else:
        from PIL import Image  # the PNG and JPEG headers; pillow is WeasyPrint's dependency
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
    return width / height if width > 0 and height > 0 else 3.0


def logo_dist_path(kind: str) -> str:
    """Where the build keeps the logo, relative to dist/ (and to the document HTML)."""
    return f"assets/logo.{SUFFIX[kind]}"


def check_logo(kb: KnowledgeBase, diags: Diagnostics) -> None:
    path = logo_source(kb)
    if path is None:
        return
    assert kb.org is not None
    written = kb.org.organization.logo
    assert written is not None
    root = Path(kb.root)
    if not _inside(path, root):
        diags.error(written.loc, f"logo `{shown(written)}` is outside the knowledge base "
                    "folder: copy the file into it (e.g. assets/logo.png) and write that "
                    "path", "logo-missing")
    elif not path.is_file():
        siblings = [str(p.relative_to(root)) for p in path.parent.glob("*")
                    if p.is_file()] if path.parent.is_dir() else []
        hint = did_you_mean(str(written), siblings) or \
            ": put the file there (PNG, JPEG or SVG), or correct the path"
        diags.error(written.loc, f"logo `{shown(written)}` does not exist{hint}",
                    "logo-missing")
    else:
        data = path.read_bytes()
        if image_format(data) is None:
            diags.error(written.loc, f"logo `{shown(written)}` is {_what_it_is(data[:16])}, "
                        "whatever its name says: save it as PNG, JPEG or SVG",
                        "logo-format")


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
