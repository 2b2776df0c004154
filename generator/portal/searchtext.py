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
from html import unescape
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
    article = article_of(html)
    sections = _scan(article)
    if sections is None:  # markup the scan does not vouch for: read by HTMLParser
        parser = _PageText()
        parser.feed(article)
        parser.close()
        sections = parser.sections
    return [s for i, s in enumerate(sections) if i == 0 or s.units or s.title]


# The tags MkDocs and the theme write: attribute values quoted, or a bare name; comments.
# For markup made only of these and text without "<", `_scan` reads what _PageText reads
# from HTMLParser's events, at a third of the cost: HTMLParser's per-tag work (every
# attribute parsed, a method call per event) was most of the search index's parsing.
_TAG = re.compile(r"""
    <(?P<name>[a-zA-Z][a-zA-Z0-9-]*)
     (?P<attrs>(?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*)
     \s*(?P<close>/?)>
  | </(?P<end>[a-zA-Z][a-zA-Z0-9-]*)\s*>
  | <!--.*?--\s*>
""", re.VERBOSE | re.DOTALL)
_ATTRIBUTE = re.compile(r"""([a-zA-Z_:][-a-zA-Z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'))?""")
_READ = re.compile("class|data-search-exclude", re.I)
_RAW_TEXT = {"script", "style"}  # HTMLParser's CDATA_CONTENT_ELEMENTS: text up to their end


def _scan(markup: str) -> list[Section] | None:
    """The sections _PageText finds in ``markup``, or None when it holds anything the tag
    pattern does not match (a stray ``<``, a bare attribute value, a declaration)."""
    page = _PageText()  # its state and its rules for end tags and units, not its parser
    at = 0
    while (tag := _TAG.search(markup, at)) is not None:
        if not _text(page, markup[at:tag.start()]):
            return None
        at = tag.end()
        name = tag.group("name")
        if name is not None:
            name = name.lower()
            _start(page, name, tag.group("attrs"))
            if tag.group("close"):  # <x/>: HTMLParser's handle_startendtag
                page.handle_endtag(name)
            elif name in _RAW_TEXT:  # its text, as it is, up to its end tag
                closing = re.compile(rf"</\s*{name}\s*>", re.I).search(markup, at)
                if closing is None:
                    return None
                page.handle_data(markup[at:closing.start()])
                page.handle_endtag(name)
                at = closing.end()
        elif tag.group("end") is not None:
            page.handle_endtag(tag.group("end").lower())
    return page.sections if _text(page, markup[at:]) else None


def _text(page: _PageText, text: str) -> bool:
    """Text between two tags, as HTMLParser hands it on (character references resolved);
    False if it holds a "<" the tag pattern did not take."""
    if "<" in text:
        return False
    if text and page.in_article and not page.skipping:
        page.buffer.append(unescape(text) if "&" in text else text)
    return True


def _start(page: _PageText, name: str, attributes: str) -> None:
    """A start tag, its attributes read only where _PageText may read them: a heading's id,
    a class, data-search-exclude (names in any case, as HTMLParser lowers them)."""
    if name in _VOID or not page.in_article or page.skipping or (
            name not in _HEADINGS and not _READ.search(attributes)):
        page.handle_starttag(name, [])
    else:
        page.handle_starttag(name, _attributes(attributes))


def _attributes(text: str) -> list[tuple[str, str | None]]:
    """As HTMLParser gives them: names in lower case, values unescaped, None for a name
    without a value."""
    found: list[tuple[str, str | None]] = []
    for attribute in _ATTRIBUTE.finditer(text):
        name, double, single = attribute.groups()
        value = double if double is not None else single
        found.append((name.lower(), unescape(value) if value else value))
    return found


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
