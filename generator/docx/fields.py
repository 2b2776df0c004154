"""Complex fields (``w:fldChar`` begin / instruction / separate / result / end).

A field carries its last result, which is what a reader shows until it updates the field.
Writing a sensible result is what makes a TOC show its entries the moment the file opens,
instead of staying empty until someone presses F9.
"""
from __future__ import annotations

from copy import deepcopy

from lxml import etree

from .ooxml import el, run, text_element


def field_char(kind: str, rpr: etree._Element | None = None) -> etree._Element:
    return run(None, _copy(rpr), el("w:fldChar", {"w:fldCharType": kind}))


def instruction(code: str, rpr: etree._Element | None = None) -> etree._Element:
    return run(None, _copy(rpr), text_element(f" {code} ", "w:instrText"))


def field_start(code: str, rpr: etree._Element | None = None) -> list[etree._Element]:
    """begin + instruction + separate: what comes before a field's result."""
    return [field_char("begin", rpr), instruction(code, rpr), field_char("separate", rpr)]


def field_end(rpr: etree._Element | None = None) -> etree._Element:
    return field_char("end", rpr)


def simple_field(code: str, result: str, rpr: etree._Element | None = None
                 ) -> list[etree._Element]:
    """A one-run field such as ``PAGE``, with ``result`` shown until it is updated."""
    return [*field_start(code, rpr), run(result, _copy(rpr)), field_end(rpr)]


def _copy(rpr: etree._Element | None) -> etree._Element | None:
    return None if rpr is None else deepcopy(rpr)
