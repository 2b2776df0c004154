"""What the LibreOffice server asks of a laid-out document, run inside soffice itself.

The server (unoserver.py) loads this file into soffice with LibreOffice's Python loader
(``com.sun.star.loader.Python``, part of ``python3-uno``) and calls ``Pages.execute`` once per
document. Asked from the server's process instead, every UNO call of the query is a round
trip to soffice (a pipe message each way and the hand-over of LibreOffice's lock between
its threads): the 300-role book's questions were ~2,800 calls, 1.1-3.2 s of soffice's CPU
and 0.9-1.2 s of the server's; run in soffice, 0.5-1.0 s and nothing (bench/RESULTS.md,
office18). When the loader is missing, the server runs the same ``pages`` over the bridge.

Imports nothing but the standard library and LibreOffice's own ``uno`` modules: it runs
in LibreOffice's Python, whichever sopkit is installed in.
"""
from __future__ import annotations

import json
from typing import Any

import unohelper  # type: ignore[import-not-found]
from com.sun.star.task import XJob  # type: ignore[import-not-found]

IMPLEMENTATION = "org.sopkit.Pages"


def pages(document: Any, levels: int, prefix: str) -> dict:
    """The document's page count, its headings of outline levels 1 to ``levels`` (title,
    page) in document order, and the page of each bookmark whose name starts with
    ``prefix`` ("" for none)."""
    cursor = document.getCurrentController().getViewCursor()
    cursor.jumpToLastPage()  # finishes the layout
    count = cursor.getPage()
    return {"pages": count, "headings": headings(document, cursor, levels),
            "marks": marks(document, cursor, prefix)}


def headings(document: Any, cursor: Any, levels: int = 10) -> list[list]:
    """Found by a search per outline paragraph style, not by walking every paragraph (the
    sample's handbook has ~1,100 body paragraphs and tables for 262 headings). Outline
    levels set on a paragraph rather than by its style are not found; the Word files
    (generator/docx/) set them by style only."""
    found = []
    for style in outline_styles(document, levels):
        search = document.createSearchDescriptor()
        search.SearchStyles, search.SearchString = True, style
        ranges = document.findAll(search)
        for index in range(ranges.getCount()):
            paragraph = ranges.getByIndex(index)
            cursor.gotoRange(paragraph.getStart(), False)
            position = cursor.getPosition()  # orders two headings of one page
            found.append((cursor.getPage(), position.Y, position.X, paragraph.getString()))
    return [[title, page] for page, _, _, title in sorted(found)]


def marks(document: Any, cursor: Any, prefix: str) -> list[list]:
    if not prefix:
        return []
    bookmarks = document.getBookmarks()
    found = []
    for name in bookmarks.getElementNames():
        if name.startswith(prefix):
            cursor.gotoRange(bookmarks.getByName(name).getAnchor().getStart(), False)
            found.append([name, cursor.getPage()])
    return found


def outline_styles(document: Any, levels: int = 10) -> list[str]:
    """The names a search knows the paragraph styles that give an outline level by (the
    "Heading N" a .docx's heading styles are imported as): their display names, which a
    LibreOffice with another interface language translates."""
    styles = document.getStyleFamilies().getByName("ParagraphStyles")
    found = [styles.getByName(name) for name in styles.getElementNames()
             if name.startswith("Heading")]
    return [style.DisplayName for style in found
            if 0 < style.getPropertyValue("OutlineLevel") <= levels]


class Pages(unohelper.Base, XJob):
    """``execute((Document, Levels, Marks))`` → pages() as a JSON string (one UNO value)."""

    def __init__(self, context: Any) -> None:
        self.context = context

    def execute(self, arguments: Any) -> str:
        given = {argument.Name: argument.Value for argument in arguments}
        return json.dumps(pages(given["Document"], int(given["Levels"]), given["Marks"]))


g_ImplementationHelper = unohelper.ImplementationHelper()
g_ImplementationHelper.addImplementation(Pages, IMPLEMENTATION, ("com.sun.star.task.Job",))
