"""Labels and wording of outputs, from the locale catalogs in ``generator/locales``.

Renderers and templates ask for a label by key (``t("reports_to")``); the catalog of the
organisation's ``locale`` answers. A key missing from a catalog is a bug, so it raises.
"""
from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

import yaml
from markupsafe import Markup, escape

CATALOG_DIR = Path(__file__).parent / "locales"
# libyaml's parser when PyYAML has it: the same mapping, ~7 times less CPU than the pure
# Python one (a catalog is loaded by every process that labels anything, workers included).
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
DEFAULT_LOCALE = "zh-Hans"


@cache
def catalog(locale: str = DEFAULT_LOCALE) -> Mapping[str, str]:
    path = CATALOG_DIR / f"{locale}.yaml"
    with path.open(encoding="utf-8") as stream:
        return MappingProxyType(yaml.load(stream, Loader=_LOADER))


class Labels:
    """Callable label lookup, handed to templates as ``t``."""

    def __init__(self, locale: str | None) -> None:
        self.locale = locale or DEFAULT_LOCALE
        self._catalog = catalog(self.locale)

    def __call__(self, key: str, **values: object) -> str:
        text = self._catalog[key]
        return text.format(**values) if values else text

    def markup(self, key: str, **values: object) -> Markup:
        """The label for HTML templates: a value that is markup already (a link, a macro's
        output) goes into the wording as it is, any other value is escaped, once."""
        text = escape(self._catalog[key])
        return text.format(**values) if values else text


def available_locales() -> list[str]:
    return sorted(p.stem for p in CATALOG_DIR.glob("*.yaml"))
