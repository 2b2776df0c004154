"""The searchable text of one built portal page, as short units staff can read in a result.

Material indexes a section as one run of text, so a hit in a table showed the whole table
(700–1,100 characters). Here a page is cut at its headings into sections, and a section
into units: a paragraph, a list item, one table row (cells joined by " · "). A result then
shows the unit that matched. What templates mark `data-search-exclude` (the control block,
download buttons, notices) and heading anchors (¶) are left out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_HEADINGS = {"h1", "h2", "h3", "h4"}
_UNITS = {"p", "li", "tr", "dt", "dd", "caption", "figcaption", "blockquote", "pre",
          *_HEADINGS}
_CELLS = {"td", "th"}
_NEVER = {"script", "style", "svg", "noscript", "template"}
_VOID = {"br", "img", "hr", "input", "meta", "link", "source", "wbr", "col", "area"}
CELL_JOIN = " · "


@dataclass
class Section:
    anchor: str           # "" for the page's top
    title: str
    units: list[str] = field(default_factory=list)


class _PageText(HTMLParser):
    """Collects sections and units from the page's article element only."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sections: list[Section] = [Section("", "")]
        self.in_article = 0        # depth inside <article>, 0 outside
        self.skipping = 0          # depth inside an element left out
        self.buffer: list[str] = []
        self.heading: str | None = None  # the id of the heading being read

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        attributes = dict(attrs)
        if not self.in_article:
            if tag == "article":
                self.in_article = 1
            return
        self.in_article += 1
        if self.skipping:
            self.skipping += 1
            return
        classes = (attributes.get("class") or "").split()
        if (tag in _NEVER or "data-search-exclude" in attributes or "headerlink" in classes
                or "sop-downloads" in classes):
            self.skipping = 1
            return
        if tag in _UNITS:
            self._flush()
        if tag in _HEADINGS:
            self.heading = attributes.get("id") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID or not self.in_article:
            return
        self.in_article -= 1
        if self.skipping:
            self.skipping -= 1
            return
        if tag in _CELLS:
            self.buffer.append(CELL_JOIN)
        elif tag in _HEADINGS and self.heading is not None:
            title = _clean("".join(self.buffer))
            self.buffer = []
            if tag == "h1":
                self.sections[0].title = title
            else:
                self.sections.append(Section(self.heading, title))
            self.heading = None
        elif tag in _UNITS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.in_article and not self.skipping:
            self.buffer.append(data)

    def _flush(self) -> None:
        if self.heading is not None:
            return  # a heading's own text is its title
        text = _clean("".join(self.buffer))
        self.buffer = []
        if text:
            self.sections[-1].units.append(text)


_EMPTY_CELLS = re.compile(r"(?:^|(?<= ))·(?: ·)+(?= |$)")


def _clean(text: str) -> str:
    """One line of text; empty table cells (a RACI row's blanks) leave no separators."""
    text = " ".join(text.replace("\u200b", "").split())
    text = _EMPTY_CELLS.sub("·", text)
    return text.strip(" ·")


_ARTICLE_START = re.compile(r"<article[\s>]")
_ARTICLE_END = "</article>"


def page_sections(html: str) -> list[Section]:
    """The article's sections in order; the first is the page top (its title is the h1)."""
    parser = _PageText()
    parser.feed(article_of(html))
    parser.close()
    return [s for i, s in enumerate(parser.sections) if i == 0 or s.units or s.title]


def article_of(html: str) -> str:
    """The page from its article's start tag to its end: the parser reads nothing outside
    it, and Material's navigation around it is most of a page (a role page: 7 of 55 kB
    are its article), so parsing only this is most of the index's parsing saved."""
    start = _ARTICLE_START.search(html)
    if start is None:
        return html
    end = html.rfind(_ARTICLE_END)
    return html[start.start():end + len(_ARTICLE_END)] if end > start.start() \
        else html[start.start():]
