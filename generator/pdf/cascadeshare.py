"""WeasyPrint's cascade without the work whose result it throws away.

WeasyPrint 70.0 (``css.StyleFor.__init__``) walks every element, merges the declarations
of every rule that matches it into a cascaded style, and then, if an element with the same
parent style, style attribute and matched rules already has a computed style, shares that
one: the merged declarations of the element are never read (they are cleared at the end).
In sopkit's documents most elements are such repeats (table rows and cells, list items).
This version computes the sharing key first, from the same matched rules, and merges an
element's own declarations only when it gets a computed style of its own.

It also merges a pseudo-element's rules and makes its computed style only when layout
asks for it (``StyleFor.__call__``): every element matches the user-agent sheet's
``::marker``, ``::footnote-call`` and note rules, so WeasyPrint made ~6 pseudo-element
styles per element (34,000 for the sample's 39 documents) and used a few hundred. A
pseudo-element whose rules set ``anchor`` is still made at once, in WeasyPrint's order, as
making it registers the anchor. The same computed styles, so the same PDFs
(tests/test_pdf_patches.py).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from math import inf
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"


def _merge(style: dict, declarations: Any, precedence: Any, origin: str, layer_order: Any,
           specificity: Any) -> None:
    """One rule's declarations into a cascaded style, the heaviest winning (as WeasyPrint)."""
    for name, values, importance in declarations:
        weight = (precedence(origin, importance), layer_order, specificity)
        old_weight = style.get(name, (None, None))[1]
        if old_weight is None or old_weight <= weight:
            style[name] = values, weight


def _style_attributes(css: Any, html: Any, hints: Any, cascaded: dict) -> dict:
    """The style attributes (and presentational hints) cascaded, by element."""
    declared = {}
    for specificity, element, declarations, base_url in css.find_style_attributes(
            html.etree_element, hints, html.base_url):
        style = cascaded.setdefault((element, None), {})
        declared[element] = tuple(declarations)
        for name, values, importance in css.preprocess_declarations(base_url, declarations):
            weight = (css.declaration_precedence("author", importance), inf, specificity)
            old_weight = style.get(name, (None, None))[1]
            if old_weight is None or old_weight <= weight:
                style[name] = values, weight
    return declared


def _matched(sheets: Any, element: Any) -> tuple[list, tuple]:
    """The rules matching ``element`` (for the merge) and WeasyPrint's sharing key of them."""
    rules, keys = [], []
    for sheet, origin, sheet_specificity in sheets:
        for specificity, _order, pseudo_type, (declarations, layer) in sheet.matcher.match(
                element):
            layer_order = inf if layer is None else sheet.layers.index(layer)
            keys.append((sheet, specificity, id(declarations), layer_order))
            rules.append((pseudo_type, declarations, origin, layer_order,
                          sheet_specificity or specificity))
    return rules, tuple(keys)


def _init(css: Any):
    def __init__(self: Any, html: Any, sheets: Any, presentational_hints: Any,  # noqa: N807
                 font_config: Any, target_collector: Any) -> None:
        cascaded: dict = {}
        computed: dict = {}
        self._cascaded_styles, self._computed_styles = cascaded, computed
        self.initial_page_sizes = {"box": None, "area": None}  # set by the first page
        self._sheets = sheets
        self.font_config = font_config
        css.PROGRESS_LOGGER.info("Step 3 - Applying CSS")
        declared = _style_attributes(css, html, presentational_hints, cascaded)
        shared_styles: dict = {}
        pending: dict = {}  # (element, pseudo-type) → its rules, not merged yet
        for element in html.wrapper_element.iter_subtree():  # parents first: inheritance
            tree_element = element.etree_element
            parent = element.parent.etree_element if element.parent else None
            parent_id = id(computed[parent, None]) if element.parent else None
            rules, keys = _matched(sheets, element)
            key = (parent_id, declared.get(tree_element), keys)
            shared = shared_styles.get(key)
            for pseudo_type, declarations, *weights in rules:
                if pseudo_type is not None:  # merged if and when the pseudo-element is asked for
                    pending.setdefault((tree_element, pseudo_type), []).append(
                        (declarations, weights))
                elif shared is None:
                    style = cascaded.setdefault((tree_element, None), {})
                    _merge(style, declarations, css.declaration_precedence, *weights)
            if shared is not None:
                computed[tree_element, None] = shared
            else:
                self.set_computed_styles(tree_element, root=html.etree_element, parent=parent,
                                         base_url=html.base_url,
                                         target_collector=target_collector)
                shared_styles[key] = computed[tree_element, None]
        cascaded.clear()  # the dict itself is kept: page margins use it later
        self._sopkit_pending = pending
        self._sopkit_html, self._sopkit_targets = html, target_collector
        for pseudo_key, rules_of in list(pending.items()):  # in WeasyPrint's order
            if any(name == "anchor" for declarations, _ in rules_of
                   for name, *_rest in declarations):
                _pseudo_style(self, css, pseudo_key)  # collects its anchor now, as WeasyPrint

    __init__.sopkit_shared = True  # type: ignore[attr-defined]
    return __init__


def _pseudo_style(style_for: Any, css: Any, key: tuple) -> None:
    """A pseudo-element's rules merged and its computed style made, as WeasyPrint's cascade
    does for every pseudo-element any rule names (most are never asked for: every element
    matches the user-agent sheet's ::marker and ::footnote-call rules)."""
    rules = style_for._sopkit_pending.pop(key)
    style: dict = {}
    for declarations, weights in rules:
        _merge(style, declarations, css.declaration_precedence, *weights)
    html, cascaded = style_for._sopkit_html, style_for._cascaded_styles
    cascaded[key] = style
    try:
        style_for.set_computed_styles(key[0], pseudo_type=key[1], root=html.etree_element,
                                      parent=key[0], base_url=html.base_url,
                                      target_collector=style_for._sopkit_targets)
    finally:
        del cascaded[key]


def _call(css: Any, original: Any):
    def __call__(self: Any, element: Any, pseudo_type: Any = None) -> Any:  # noqa: N807
        if pseudo_type and (element, pseudo_type) in self.__dict__.get("_sopkit_pending", ()):
            _pseudo_style(self, css, (element, pseudo_type))
        return original(self, element, pseudo_type)

    return __call__


def _sites() -> list[Site]:
    style_for = importlib.import_module("weasyprint.css").StyleFor
    return [(style_for, "__init__"), (style_for, "__call__")]


PATCH = Patch(VERSION, _sites, lambda originals: [
    _init(importlib.import_module("weasyprint.css")),
    _call(importlib.import_module("weasyprint.css"), originals[1])])
install, switch = PATCH.install, PATCH.switch
