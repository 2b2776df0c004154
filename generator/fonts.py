"""Which CJK font outputs use, and a clear stop when none is installed.

Without a CJK font, Graphviz, WeasyPrint and LibreOffice silently draw Chinese as boxes;
we would rather refuse to build and say how to fix it.
"""
from __future__ import annotations

import shutil
import subprocess
from functools import cache

from .errors import SetupError
from .model import Org

DEFAULT_FAMILIES = {
    "zh-Hans": "Noto Sans CJK SC",
    "zh-Hant": "Noto Sans CJK TC",
    "en": "Noto Sans CJK SC",
}
SERIF_FAMILIES = {
    "zh-Hans": "Noto Serif CJK SC",
    "zh-Hant": "Noto Serif CJK TC",
    "en": "Noto Serif CJK SC",
}


class FontMissing(SetupError):
    """No usable CJK font: a set-up problem the user can fix, not a bug."""


@cache
def installed_families() -> frozenset[str]:
    if not shutil.which("fc-list"):
        return frozenset()
    listing = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True,
                             check=False).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


def cjk_family(locale: str | None, preferred: str | None = None) -> str:
    """The font family to name in outputs; raises FontMissing when it is not installed."""
    family = preferred or DEFAULT_FAMILIES.get(locale or "zh-Hans", DEFAULT_FAMILIES["zh-Hans"])
    if family not in installed_families():
        raise FontMissing(
            f"font `{family}` is not installed, so Chinese text would print as boxes. "
            "Install it with `apt-get install fonts-noto-cjk` (or install your corporate font "
            "and name it as `font:` in org.yaml), then build again")
    return family


def org_font(org: Org) -> str:
    """The family the organisation's outputs use: its own `font`, or the locale's default."""
    return cjk_family(org.locale, org.font)
