"""What Material ships that the portal never loads, removed from the built site.

Source maps (1.2 MB) serve only developers debugging Material itself, and the lunr
language files other than the search language(s) are never requested: the Thai/Hindi
segmenter alone is 660 KB. The `sourceMappingURL` comments go too, or a browser's developer
tools would ask for the missing maps.
"""
from __future__ import annotations

import re
from pathlib import Path

_MAP_COMMENT = re.compile(r"\n?/[/*]# sourceMappingURL=[^\n]*?(?:\*/)?\s*$")
# Loaded by Material's worker for every language: its stemmer support (and for more than
# one language, the multi-language plugin).
_ALWAYS = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}


def prune(site_dir: Path, languages: list[str]) -> int:
    """Remove unused assets; returns the number of bytes removed."""
    assets = site_dir / "assets"
    removed = 0
    for path in sorted(assets.rglob("*.map")):
        removed += _remove(path)
    wanted = _ALWAYS | {f"lunr.{lang}.min.js" for lang in languages}
    for path in sorted((assets / "javascripts" / "lunr" / "min").glob("lunr.*.min.js")):
        if path.name not in wanted:
            removed += _remove(path)
    segmenters = {"ja": "tinyseg.js", "th": "wordcut.js", "hi": "wordcut.js"}
    needed = {segmenters[lang] for lang in languages if lang in segmenters}
    for name in set(segmenters.values()) - needed:
        removed += _remove(assets / "javascripts" / "lunr" / name)
    for script in [*assets.rglob("*.js"), *assets.rglob("*.css")]:
        text = script.read_text(encoding="utf-8")
        stripped = _MAP_COMMENT.sub("\n", text)
        if stripped != text:
            script.write_text(stripped, encoding="utf-8")
    return removed


def _remove(path: Path) -> int:
    if not path.is_file():
        return 0
    size = path.stat().st_size
    path.unlink()
    return size
