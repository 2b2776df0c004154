"""How tall a written paragraph or table row will print, estimated from the Word XML.

The tail rule (tails.py) needs to know roughly how much of a page the last blocks before a
page start fill. Print cannot be asked, so the height is estimated from what the converter
wrote: each paragraph's style (size, spacing, line rule, read from the reference
document's styles, so HR's restyling counts), its text and the width it wraps in (the text
width, or its table cell's), a picture's extent. The estimate counts a Chinese character
as one em and anything else as half an em, and a line at the CJK font's natural height
(ascent + descent ≈ 1.45 em for Noto Sans CJK), which errs on the tall side for Latin
text; exactness does not matter, only that a third of a page is told from a tenth.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import cached_property

from lxml import etree

from .ooxml import EMU_PER_TWIP, child, qn

NATURAL_LINE = 1.45       # a CJK font's single line, in ems
CELL_MARGINS = (2 * 57, 2 * 91)   # twips: a cell's top + bottom, left + right (1 and 1.6 mm)
DEFAULT_SIZE = 21         # half-points, when no style says (10.5 pt)
OFF = ("0", "false", "off")   # a w:val that turns a toggle property off
# what prints an em wide: CJK, full-width forms (anything else is counted half an em)
PPR, P_STYLE, SPACING, IND, KEEP_NEXT, VAL = (
    qn(tag) for tag in ("w:pPr", "w:pStyle", "w:spacing", "w:ind", "w:keepNext", "w:val"))
_ASKED = (P_STYLE, SPACING, IND, KEEP_NEXT)
P, TC, TC_PR, TC_W, TR_PR, TR_HEIGHT = (
    qn(tag) for tag in ("w:p", "w:tc", "w:tcPr", "w:tcW", "w:trPr", "w:trHeight"))
_WIDE = re.compile("[\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
                   "\uffe0-\uffe6\U00020000-\U0003ffff]")


@dataclass(frozen=True)
class Metrics:
    size: int = DEFAULT_SIZE   # half-points
    line: int = 240            # 240ths of a single line (auto), or twips (exact/atLeast)
    rule: str = "auto"
    before: int = 0            # twips
    after: int = 0
    indent: int = 0            # left indent, twips
    keep_next: bool = False

    def line_twips(self) -> float:
        natural = self.size * 10 * NATURAL_LINE
        if self.rule == "auto":
            return natural * self.line / 240
        if self.rule == "exact":
            return float(self.line)
        return max(natural, float(self.line))


class Heights:
    """Estimates over one document's styles; ``width`` is the text area's, in twips."""

    def __init__(self, styles: etree._Element, width: int) -> None:
        self.styles = styles
        self.width = width
        self._styles: dict[str | None, Metrics] = {}
        self._rows: dict[etree._Element, float] = {}   # the rows measured, kept alive

    @cached_property
    def _by_id(self) -> dict[str, etree._Element]:
        return {style.get(qn("w:styleId")) or "": style
                for style in self.styles.iterfind(qn("w:style"))}

    @cached_property
    def _default(self) -> Metrics:
        found = self.styles.find(f"{qn('w:docDefaults')}")
        return _apply(Metrics(), found) if found is not None else Metrics()

    def style(self, style_id: str | None) -> Metrics:
        if style_id not in self._styles:
            self._styles[style_id] = self._resolved(style_id)
        return self._styles[style_id]

    def _resolved(self, style_id: str | None) -> Metrics:
        chain: list[etree._Element] = []
        current = self._by_id.get(style_id or "Normal")
        while current is not None and current not in chain and len(chain) < 10:
            chain.append(current)
            based = current.find(qn("w:basedOn"))
            current = self._by_id.get(based.get(qn("w:val")) or "") \
                if based is not None else None
        metrics = self._default
        for style in reversed(chain):
            metrics = _apply(metrics, style)
        return metrics

    def metrics(self, paragraph: etree._Element) -> Metrics:
        """What the paragraph's style and its own properties set."""
        properties = child(paragraph, PPR)
        if properties is None:
            return self.style(None)
        # one look at the properties' few children rather than a ``find`` (ElementPath)
        # per tag: asked of every paragraph written (30,000 in the 300-role base)
        found: dict[str, etree._Element] = {}
        for asked in properties.iterchildren(*_ASKED):
            found.setdefault(asked.tag, asked)
        style = found.get(P_STYLE)
        metrics = self.style(style.get(VAL) if style is not None else None)
        if SPACING in found or IND in found:
            return _apply(metrics, properties)
        keep = found.get(KEEP_NEXT)   # the one property set often
        if keep is not None:
            return replace(metrics, keep_next=keep.get(VAL) not in OFF)
        return metrics

    def paragraph(self, paragraph: etree._Element, width: int | None = None) -> float:
        """Twips from the paragraph's top to the next one's."""
        metrics = self.metrics(paragraph)
        pictures = sum(int(extent.get("cy") or 0) for extent in paragraph.iter(
            "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}extent"))
        if pictures:
            return metrics.before + metrics.after + pictures / EMU_PER_TWIP
        room = max((width or self.width) - metrics.indent, 200)
        text = _text(paragraph)
        narrow = len(_WIDE.sub("", text))
        ems = len(text) - narrow / 2
        lines = max(1, math.ceil(ems * metrics.size * 10 / room))
        return metrics.before + metrics.after + lines * metrics.line_twips()

    def row(self, row: etree._Element) -> float:
        """A table row: its tallest cell, with the cells' top and bottom margins."""
        if row not in self._rows:
            self._rows[row] = self._row(row)
        return self._rows[row]

    def _row(self, row: etree._Element) -> float:
        tallest = 0.0
        for cell in row.iterchildren(TC):
            width = child(child(cell, TC_PR), TC_W)
            room = int(width.get(qn("w:w")) or 0) - CELL_MARGINS[1] if width is not None \
                else self.width
            tallest = max(tallest, sum(self.paragraph(p, room)
                                       for p in cell.iterchildren(P)))
        height = child(child(row, TR_PR), TR_HEIGHT)
        least = int(height.get(qn("w:val")) or 0) if height is not None else 0
        return max(tallest + CELL_MARGINS[0], float(least))


def _text(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(qn("w:t")))


def _apply(metrics: Metrics, element: etree._Element) -> Metrics:
    """``metrics`` with what a style (or docDefaults, or a pPr) sets over it."""
    values = dict(metrics.__dict__)
    for size in element.iter(qn("w:sz")):
        values["size"] = int(size.get(qn("w:val")) or DEFAULT_SIZE)
    for spacing in element.iter(qn("w:spacing")):
        parent = spacing.getparent()
        if parent is not None and parent.tag == qn("w:rPr"):
            continue   # letter spacing
        for name, key in (("before", "before"), ("after", "after"), ("line", "line")):
            if spacing.get(qn(f"w:{name}")) is not None:
                values[key] = int(spacing.get(qn(f"w:{name}")) or 0)
        if spacing.get(qn("w:lineRule")) is not None:
            values["rule"] = spacing.get(qn("w:lineRule"))
    for keep in element.iter(qn("w:keepNext")):
        values["keep_next"] = keep.get(qn("w:val")) not in OFF
    for indent in element.iter(qn("w:ind")):
        values["indent"] = int(indent.get(qn("w:left")) or indent.get(qn("w:start")) or 0)
    return Metrics(**values)
