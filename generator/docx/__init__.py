"""Document HTML (docs/document-html.md) → .docx, styled by a reference document.

The converter maps each element of the HTML subset onto a Word style of
``templates/word/reference.docx`` (pandoc's reference.docx idea; see docs/word-output.md
for why, and for how HR restyles the output in Word).
"""
from .convert import html_to_docx
from .defaults import REFERENCE_PATH
from .errors import BadReference, DocxError, MissingDiagram, TemplateBug
from .tocpages import number_toc_pages

__all__ = ["html_to_docx", "BadReference", "DocxError", "MissingDiagram", "TemplateBug",
           "REFERENCE_PATH", "number_toc_pages"]
