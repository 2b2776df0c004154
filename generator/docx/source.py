"""Reading document HTML: the parsed tree, the ``sopkit:*`` meta values, the status.

Characters that XML 1.0 forbids (control characters that YAML double-quoted escapes can
produce) cannot be written to a .docx at all; they are dropped here with a warning so the
file stays valid instead of being refused by Word.
"""
from __future__ import annotations

import re
import warnings
from dataclasses import dataclass

import lxml.html
from lxml import etree

from .errors import TemplateBug

FORBIDDEN_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
REQUIRED_META = ("organization", "title", "number", "version", "footer", "font")


class DroppedCharacters(UserWarning):
    pass


@dataclass(frozen=True)
class Source:
    body: etree._Element
    meta: dict[str, str]
    status: str
    lang: str

    @property
    def has_cover(self) -> bool:
        return self.body.find("section[@class='cover']") is not None


def clean_text(html: str, name: str = "document") -> str:
    cleaned, dropped = FORBIDDEN_IN_XML.subn("", html)
    if dropped:
        warnings.warn(f"{name}: dropped {dropped} character(s) that Word files cannot "
                      "contain (control characters)", DroppedCharacters, stacklevel=3)
    return cleaned


def parse(html: str, name: str = "document") -> Source:
    root = lxml.html.document_fromstring(clean_text(html, name))
    meta = {(element.get("name") or "")[len("sopkit:"):]: element.get("content", "")
            for element in root.iterfind("head/meta")
            if (element.get("name") or "").startswith("sopkit:")}
    missing = [key for key in REQUIRED_META if not meta.get(key)]
    if missing:
        raise TemplateBug(f"{name}: document HTML lacks meta "
                          f"{', '.join('sopkit:' + key for key in missing)}")
    body = root.find("body")
    if body is None:
        raise TemplateBug(f"{name}: document HTML has no <body>")
    return Source(body=body, meta=meta, status=root.get("data-status", "approved"),
                  lang=root.get("lang") or meta.get("lang", "zh-Hans"))


def element_children(element: etree._Element) -> list[etree._Element]:
    """Child elements, without comments and processing instructions."""
    return [child for child in element if isinstance(child.tag, str)]
