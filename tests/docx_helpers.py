"""Reading .docx files back for tests: the XML parts, paragraphs by style, fields."""
from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "v": "urn:schemas-microsoft-com:vml",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
FIXTURES = Path(__file__).parent / "fixtures" / "docs"
# The Word converter joins the last two characters of a cell that may wrap with U+2060 WORD
# JOINER (generator/cellends.py): a layout mark, like Word's own, not text. The readers
# below leave it out; test_cell_ends.py reads it where it is.
WORD_JOINER = "\u2060"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


@dataclass
class Docx:
    data: bytes

    @classmethod
    def open(cls, path: Path) -> Docx:
        return cls(path.read_bytes())

    @cached_property
    def parts(self) -> dict[str, bytes]:
        with zipfile.ZipFile(io.BytesIO(self.data)) as archive:
            return {name: archive.read(name) for name in archive.namelist()}

    def xml(self, name: str) -> etree._Element:
        return etree.fromstring(self.parts[name])

    @cached_property
    def document(self) -> etree._Element:
        return self.xml("word/document.xml")

    def story_parts(self, kind: str) -> list[str]:
        """header*.xml or footer*.xml part names."""
        return sorted(n for n in self.parts if n.startswith(f"word/{kind}") and n.endswith(".xml"))

    def body_paragraphs(self) -> list[etree._Element]:
        return self.document.xpath("/w:document/w:body/w:p", namespaces=NS)

    def styled(self, style_id: str) -> list[str]:
        """Texts of the body paragraphs (outside tables) in a paragraph style."""
        return [text_of(p) for p in self.body_paragraphs() if style_of(p) == style_id]

    def all_text(self) -> str:
        return "".join(self.document.xpath("//w:t/text()", namespaces=NS)).replace(WORD_JOINER, "")


def style_of(paragraph: etree._Element) -> str | None:
    found = paragraph.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)
    return found[0] if found else None


def text_of(element: etree._Element) -> str:
    return "".join(element.xpath(".//w:t/text()", namespaces=NS)).replace(WORD_JOINER, "")


def raw_text_of(element: etree._Element) -> str:
    """The text with the joiners the converter put in."""
    return "".join(element.xpath(".//w:t/text()", namespaces=NS))


def instructions(element: etree._Element) -> list[str]:
    return [t.strip() for t in element.xpath(".//w:instrText/text()", namespaces=NS)]


def fixture_html(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")
