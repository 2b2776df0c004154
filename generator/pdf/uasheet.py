"""WeasyPrint's user-agent stylesheet cut to the rules that can match one document.

WeasyPrint matches its whole HTML user-agent sheet (html5_ua.css) against every element of
every document. Many of its selectors cannot be filed under a tag name (``[dir=rtl i] dd``
is, but ``[dir=ltr i]``, ``[hidden]``, ``:is(input, …)`` and the ``:link`` ones are not),
so cssselect2 tries each of those on every element, and our documents use a few dozen
tags and attributes of the hundreds the sheet styles for forms, right-to-left text and
old HTML.

A selector that needs a tag name or an attribute the document does not contain cannot
match any of its elements. ``for_document`` keeps, of every rule, the selectors that might
(the analysis below answers "might" whenever it is not sure) and every at-rule
(``@page``), in the sheet's order: each element gets the same declarations, from the
same selectors, with the same specificity and the same order, so the cascade (and the
PDF) is the same. The cut sheet is parsed once per set of names in a process.
"""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# what each pseudo-class needs (cssselect2's compiler): :link is an <a>, <area> or <link>
# with an href; WeasyPrint never treats a link as visited
_LINK = (("a", "area", "link"), "href")
_PSEUDO_NEEDS = {"link": _LINK, "any-link": _LINK, "local-link": _LINK}
_NEVER = {"visited"}


def _parser() -> Any:
    """cssselect2's selector parser (WeasyPrint's dependency, untyped: imported by name)."""
    return importlib.import_module("cssselect2.parser")


def _tinycss2() -> Any:
    return importlib.import_module("tinycss2")


def names_of(root: Any) -> tuple[frozenset[str], frozenset[str]]:
    """The lower-case tag names and attribute names in a parsed document (an etree)."""
    tags: set[str] = set()
    attributes: set[str] = set()
    for element in root.iter():
        tag = element.tag
        if isinstance(tag, str):  # comments and processing instructions have none
            tags.add(tag.rpartition("}")[2].lower())
            attributes.update(name.rpartition("}")[2].lower() for name in element.attrib)
    return frozenset(tags), frozenset(attributes)


def _might_match(node: Any, tags: frozenset[str], attributes: frozenset[str]) -> bool:
    """False only if ``node`` (a cssselect2 parsed selector) surely matches nothing."""
    p = _parser()
    if isinstance(node, p.Selector):
        return _might_match(node.parsed_tree, tags, attributes)
    if isinstance(node, p.CombinedSelector):  # every compound must find its element
        return (_might_match(node.left, tags, attributes)
                and _might_match(node.right, tags, attributes))
    if isinstance(node, p.CompoundSelector):
        return all(_might_match(simple, tags, attributes) for simple in node.simple_selectors)
    if isinstance(node, p.LocalNameSelector):
        return node.lower_local_name in tags
    if isinstance(node, p.AttributeSelector):  # every operator needs the attribute
        return node.lower_name in attributes
    if isinstance(node, p.MatchesAnySelector):  # :is(): any one of the list
        return any(_might_match(each, tags, attributes) for each in node.selector_list)
    if isinstance(node, p.PseudoClassSelector):
        if node.name in _NEVER:
            return False
        needs = _PSEUDO_NEEDS.get(node.name)
        return needs is None or (bool(tags & set(needs[0])) and needs[1] in attributes)
    return True  # :not(), :has(), :where(), anything else: kept


def _selectors(prelude: list) -> list[str]:
    """A rule's selector list split at its top-level commas (those inside :is() are in a
    function block), each serialised."""
    tinycss2 = _tinycss2()
    parts: list[list] = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            parts.append([])
        else:
            parts[-1].append(token)
    return [tinycss2.serialize(part).strip() for part in parts]


def cut(text: str, tags: frozenset[str], attributes: frozenset[str]) -> str:
    """The stylesheet ``text`` with the selectors that cannot match dropped (and the rules
    left with none), comments and @counter-style rules too (WeasyPrint takes the
    user agent's counter styles from its own copy, not from the sheet)."""
    tinycss2, parser = _tinycss2(), _parser()
    kept: list[str] = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "at-rule":
            if rule.lower_at_keyword != "counter-style":
                kept.append(rule.serialize())
            continue
        if rule.type != "qualified-rule":
            kept.append(rule.serialize())
            continue
        selectors = [each for each in _selectors(rule.prelude)
                     if all(_might_match(s, tags, attributes) for s in parser.parse(each))]
        if selectors:
            kept.append(f"{', '.join(selectors)} {{{tinycss2.serialize(rule.content)}}}")
    return "\n".join(kept)


# The tags and attributes sopkit's document templates write (documents, handbook, custom
# job descriptions, onboarding). Only a hint: a document within them gets the one sheet
# cut for all of them (parsed once, before the workers fork); any other gets its own cut.
HOUSE_TAGS = frozenset((
    "a", "body", "br", "col", "colgroup", "dd", "del", "div", "dl", "dt", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "head", "html", "img", "ins", "li", "meta",
    "nav", "ol", "p", "section", "span", "strong", "table", "tbody", "td", "th", "thead",
    "title", "tr", "ul"))
HOUSE_ATTRIBUTES = frozenset(("alt", "charset", "class", "colspan", "content", "href", "id",
                              "lang", "name", "rowspan", "src", "style"))


@lru_cache(maxsize=1)
def _mentioned() -> tuple[frozenset[str], frozenset[str]]:
    """Every tag and attribute name ``_might_match`` can ask about for the user-agent
    sheet: whether a document has any other name changes nothing in the cut."""
    tinycss2, parser = _tinycss2(), _parser()
    html: Any = importlib.import_module("weasyprint.html")
    tags: set[str] = {tag for needs in _PSEUDO_NEEDS.values() for tag in needs[0]}
    attributes: set[str] = {needs[1] for needs in _PSEUDO_NEEDS.values()}
    for rule in tinycss2.parse_stylesheet(html.UA, skip_comments=True):
        if rule.type == "qualified-rule":
            for each in _selectors(rule.prelude):
                for selector in parser.parse(each):
                    _collect(selector, tags, attributes)
    return frozenset(tags), frozenset(attributes)


def _collect(node: Any, tags: set[str], attributes: set[str]) -> None:
    """Add the names of the selector tree ``node`` to ``tags`` and ``attributes``."""
    p = _parser()
    if isinstance(node, p.LocalNameSelector):
        tags.add(node.lower_local_name)
    elif isinstance(node, p.AttributeSelector):
        attributes.add(node.lower_name)
    children = [getattr(node, name) for name in ("parsed_tree", "left", "right", "selector")
                if hasattr(node, name)]
    children += [*getattr(node, "simple_selectors", ()), *getattr(node, "selector_list", ())]
    for child in children:
        _collect(child, tags, attributes)


@lru_cache(maxsize=32)
def sheet(tags: frozenset[str], attributes: frozenset[str]) -> Any:
    """WeasyPrint's HTML user-agent sheet for documents with these names, parsed."""
    from weasyprint import CSS
    html: Any = importlib.import_module("weasyprint.html")
    return CSS(string=cut(html.UA, tags, attributes), counter_style={})


def house_sheet() -> Any:
    """The sheet cut for every name sopkit's templates write."""
    tags, attributes = _mentioned()
    return sheet(HOUSE_TAGS & tags, HOUSE_ATTRIBUTES & attributes)


def for_document(root: Any, sheets: Iterable[Any]) -> list[Any]:
    """``sheets`` (what WeasyPrint would use) with its HTML user-agent sheet cut for the
    document ``root``: the house cut if the document has no name beyond it (the house
    cut then keeps a few selectors that cannot match here, which changes nothing)."""
    html: Any = importlib.import_module("weasyprint.html")
    mentioned_tags, mentioned_attributes = _mentioned()
    tags, attributes = names_of(root)
    tags, attributes = tags & mentioned_tags, attributes & mentioned_attributes
    if tags <= HOUSE_TAGS and attributes <= HOUSE_ATTRIBUTES:
        cut_sheet = house_sheet()
    else:
        cut_sheet = sheet(tags, attributes)
    return [cut_sheet if each is html.UA_STYLESHEET else each for each in sheets]
