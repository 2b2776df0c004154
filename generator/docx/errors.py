"""What can go wrong turning document HTML into Word, and whose fault it is."""
from __future__ import annotations

from lxml import etree

from ..errors import SetupError


class DocxError(Exception):
    """Base class of the converter's errors."""


class TemplateBug(DocxError):
    """The HTML is outside the subset of docs/document-html.md: a template was changed
    without the Word renderer. Raised instead of silently dropping content from Word."""


class MissingDiagram(SetupError, DocxError):
    """A figure's PNG is not in the build output; usually `--only docx` without a previous
    diagrams build, so the message says how to build both."""


class BadReference(SetupError, DocxError):
    """The reference document (edited by HR in Word) lacks something the converter needs,
    such as a style it maps to or a known header placeholder."""


def describe(element: etree._Element) -> str:
    """``<table class="grid"> (line 12)`` for messages."""
    classes = element.get("class")
    shown = f'<{element.tag} class="{classes}">' if classes else f"<{element.tag}>"
    line = getattr(element, "sourceline", None)
    return f"{shown} (line {line})" if line else shown


def unexpected(element: etree._Element, where: str) -> TemplateBug:
    return TemplateBug(
        f"{describe(element)} is not allowed {where} in document HTML "
        "(docs/document-html.md); change the template or teach generator/docx about it")
