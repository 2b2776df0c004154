"""The 404 page with paths relative to the site's root folder.

MkDocs writes 404.html with absolute paths ("/assets/…"), because a web server shows it
for a missing page at any depth. Opened from disk, or served from a sub-path
(intranet/sop/), those paths point outside the portal and the page has no styles, no
search and dead links. Relative paths work in both cases for the site's top folder, where
the servers staff use (IIS, nginx `error_page`, a file share) show it.
"""
from __future__ import annotations

import re
from pathlib import Path

_ABSOLUTE = re.compile(r'(\s(?:href|src)=")/(?!/)')
_BASE = re.compile(r'("base":\s*)"/"')


def relative_404(site_dir: Path) -> bool:
    """Rewrite 404.html in place; False if the site has none."""
    page = site_dir / "404.html"
    if not page.is_file():
        return False
    html = page.read_text(encoding="utf-8")
    html = _BASE.sub(r'\1"."', _ABSOLUTE.sub(r"\1", html))
    page.write_text(html, encoding="utf-8")
    return True
