"""``<ol>`` and ``<ul>`` → List Number / List Bullet paragraphs (one level of nesting).

The numbering format belongs to the reference document: the List Number style points at a
numbering definition there. Every ``<ol>`` gets its own numbering instance on that same
definition with a restart at 1, because Word otherwise continues counting from the
previous list (duties would be numbered 1–3, then 4–6 under the next group).
"""
from __future__ import annotations

from typing import cast

from lxml import etree

from .context import Context
from .errors import unexpected
from .inline import has_text, inline_content
from .ooxml import el, paragraph, qn, sub
from .source import element_children
from .tails import keep_with_next

LIST_TAGS = ("ol", "ul")
STYLES = {("ol", 1): "ListNumber", ("ol", 2): "ListNumber2",
          ("ul", 1): "ListBullet", ("ul", 2): "ListBullet2"}


def write_list(context: Context, element: etree._Element, depth: int = 1) -> None:
    if depth > 2:
        raise unexpected(element, "(lists nest one level deep at most)")
    style = STYLES[(element.tag, depth)]
    num_id = restarted_numbering(context, style) if element.tag == "ol" else None
    items: list[etree._Element] = []
    for item in element_children(element):
        if item.tag != "li":
            raise unexpected(item, f"inside <{element.tag}>")
        if has_text(item, skip=LIST_TAGS):
            block = paragraph(style, inline_content(context, item, skip=LIST_TAGS),
                              *_numbering(num_id))
            items.append(context.add(block, "li"))
        for nested in element_children(item):
            if nested.tag in LIST_TAGS:
                write_list(context, nested, depth + 1)
    # no item alone at a page's foot or top: the first two items and the last two keep
    # together (issue 16: 适用制度 and 价格制度 ended a page, the other bullets on the next)
    for block in {id(b): b for b in (items[:1] + items[-2:-1])}.values():
        keep_with_next(block)


def _numbering(num_id: int | None) -> list[etree._Element]:
    if num_id is None:
        return []
    numbering = el("w:numPr")
    sub(numbering, "w:ilvl", {"w:val": 0})
    sub(numbering, "w:numId", {"w:val": num_id})
    return [numbering]


def restarted_numbering(context: Context, style_id: str) -> int | None:
    """A new ``w:num`` on the abstract numbering of ``style_id``, restarting at 1; None
    when the reference's style has no numbering (then the style alone decides)."""
    numbering = context.document.part.numbering_part.element
    # both looked up once a document, not per list: searching the numbering part, which
    # grows by a w:num per list, made a 300-role handbook quadratic (14 s of 1,200 lists)
    if style_id not in context.list_abstracts:
        context.list_abstracts[style_id] = _abstract_of_style(context, numbering, style_id)
    abstract_id = context.list_abstracts[style_id]
    if abstract_id is None:
        return None
    num_id = next_num_id(context)
    context.next_num_id += 1
    num = sub(numbering, "w:num", {"w:numId": num_id})
    sub(num, "w:abstractNumId", {"w:val": abstract_id})
    override = sub(num, "w:lvlOverride", {"w:ilvl": 0})
    sub(override, "w:startOverride", {"w:val": 1})
    return num_id


def next_num_id(context: Context) -> int:
    """The w:numId the next list gets: counted from the reference's largest, once."""
    if not context.next_num_id:
        numbering = context.document.part.numbering_part.element
        used = [int(num.get(qn("w:numId"))) for num in numbering.iterfind(qn("w:num"))]
        context.next_num_id = max(used, default=0) + 1
    return context.next_num_id


def _abstract_of_style(context: Context, numbering: etree._Element,
                       style_id: str) -> str | None:
    styles = context.document.styles.element
    found = styles.xpath(f'w:style[@w:styleId="{style_id}"]/w:pPr/w:numPr/w:numId/@w:val')
    if not found:
        return None
    # a path to an attribute selects its values, as strings
    abstract = cast("list[str]", numbering.xpath(
        f'w:num[@w:numId="{found[0]}"]/w:abstractNumId/@w:val'))
    return abstract[0] if abstract else None
