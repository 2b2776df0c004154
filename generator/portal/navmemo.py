"""Material's navigation, each closed branch rendered once per folder instead of once per page.

Material renders the whole navigation tree into every page (the sidebar, hidden by CSS), so a
site of n pages renders n² navigation items: at 300 roles, a third of the portal's CPU. What
an item renders reads the current page in two ways only: whether the item is on the page's
path (``active``, set by MkDocs on the page and its sections) and the ``url`` filter, which
makes links relative to the page's folder. An item off the path therefore renders the same
for every page in one folder. Its HTML is kept for the build, by item, place in the tree and
folder; an item on the path is rendered as before.

Material's ``partials/nav-item.html`` is used as the theme loader finds it, with its ``render``
macro renamed and a ``render`` put in front that asks the memo; a section's loop over its
children is done in Python (``NavMemo.children``, the loop's text as Jinja outputs it), each
child asking the memo directly. When a release changes the lines this relies on, or a site
overrides the partial, the template is used unchanged (a changed loop alone stays Jinja's).
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from jinja2 import ChoiceLoader, DictLoader, TemplateNotFound, Undefined

PARTIAL = "partials/nav-item.html"
MEMO = "sops_nav_memo"
_DEFINED = "{% macro render(nav_item, path, level, parent) %}"
_RECURSION = '{{ render(item, path ~ "_" ~ loop.index, level + 1, nav_item) }}'
# the loop over a section's children, as Material writes it (no trim_blocks in MkDocs' theme
# environment: its text between tags is output as it stands), and the call that replaces it
_LOOP = ("{% for item in nav_item.children %}\n"
         "              {% if not index or item != index %}\n"
         "                " + _RECURSION + "\n"
         "              {% endif %}\n"
         "            {% endfor %}")
_CHILDREN = "sops_nav_children"
_DIRECT = ("{{ " + _CHILDREN + "(nav_item, index, path, level, render_each, page, base_url) }}")
_FRONT = ("{% macro render(nav_item, path, level, parent) %}{{ " + MEMO +
          "(nav_item, path, level, parent, render_each, page, base_url) }}{% endmacro %}\n")


def memoised_source(source: str) -> str | None:
    """The partial with its ``render`` memoised; None when it is not the one this expects."""
    if source.count(_DEFINED) != 1 or source.count(_RECURSION) != 1:
        return None
    renamed = source.replace(_DEFINED, _DEFINED.replace("render(", "render_each(", 1))
    # the children looped over in Python, each asking the memo itself: Jinja's loop, test and
    # macro call per item were most of what a page's navigation still cost (children())
    return renamed.replace(_LOOP, _DIRECT) + _FRONT


def install(env: Any) -> None:
    """Put the memoised partial in front of the theme's loader (once per environment) and give
    this build a fresh memo: items are kept by identity, which only one build's lives."""
    env.globals[MEMO] = memo = NavMemo()
    env.globals[_CHILDREN] = memo.children
    if getattr(env.loader, "sops_nav_memo", False):
        return
    try:
        source = env.loader.get_source(env, PARTIAL)[0]
    except TemplateNotFound:
        return
    memoised = memoised_source(source)
    if memoised is None:
        return
    loader = ChoiceLoader([DictLoader({PARTIAL: memoised}), env.loader])
    loader.sops_nav_memo = True  # type: ignore[attr-defined]
    env.loader = loader


class NavMemo:
    """The HTML of navigation items off the current page's path, by item, tree position,
    level and the folder links are relative to."""

    def __init__(self) -> None:
        self._kept: dict[tuple, Any] = {}
        self._items: list[Any] = []  # held, so that no id is reused while the memo lives

    def __call__(self, item: Any, path: str, level: int, parent: Any,
                 render: Callable[..., Any], page: Any, base_url: str) -> Any:
        if _on_path(item, page):
            return render(item, path, level, parent)
        key = (id(item), path, level, _active(parent), _folder(page, base_url))
        kept = self._kept.get(key)
        if kept is None:
            kept = self._kept[key] = render(item, path, level, parent)
            self._items.append(item)
        return kept


    def children(self, section: Any, index: Any, path: str, level: int,
                 render: Callable[..., Any], page: Any, base_url: str) -> str:
        """Material's loop over a section's children (``_LOOP``), its text included: each
        child but the section's index page, at ``path_n`` one level down."""
        out = []
        for number, item in enumerate(section.children, start=1):
            out.append(_BEFORE_TEST)
            if not index or item != index:
                made = self(item, f"{path}_{number}", level + 1, section, render, page, base_url)
                out.append(f"{_BEFORE_ITEM}{made}{_AFTER_ITEM}")
            out.append(_AFTER_TEST)
        return "".join(out)


_BEFORE_TEST, _BEFORE_ITEM = "\n              ", "\n                "
_AFTER_ITEM, _AFTER_TEST = "\n              ", "\n            "


def _on_path(item: Any, page: Any) -> bool:
    """Rendered for this page alone: the page itself, a section holding it."""
    if getattr(item, "active", False):
        return True
    if page is None or _is_undefined(page):
        return False
    return item == page or page in (getattr(item, "pages", None) or ())


def _active(parent: Any) -> bool | None:
    return None if _is_undefined(parent) else bool(getattr(parent, "active", False))


def _folder(page: Any, base_url: str) -> tuple[str, str]:
    """What MkDocs' ``url`` filter makes links relative to (mkdocs.utils.get_relative_url):
    the page's URL without its file name, or without a page the site's base URL."""
    if page is None or _is_undefined(page):
        return ("base", str(base_url))
    folder, _, name = page.url.rpartition("/")
    return ("page", folder if "." in name else page.url)


def _is_undefined(value: Any) -> bool:
    return isinstance(value, Undefined)

