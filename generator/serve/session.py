"""The serve loop: build once, then rebuild after every save until stopped."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..paths import DEFAULT_MKDOCS_YML, RESOURCE_DIR, TEMPLATES_DIR
from .rebuild import Rebuilder
from .watch import snapshot, wait_for_change

SHOWN_CHANGES = 5


def watched(sops: Path) -> list[Path]:
    """What a build reads besides the model's own files: the knowledge base (content and
    its theme/), sopkit's templates, the portal's source and the MkDocs configuration."""
    roots = [sops, TEMPLATES_DIR, RESOURCE_DIR / "site", DEFAULT_MKDOCS_YML,
             sops.resolve().parent / "mkdocs.yml"]
    return [root for root in dict.fromkeys(roots) if root.exists()]


def serve_forever(rebuilder: Rebuilder, roots: list[Path],
                  echo: Callable[[str], None]) -> None:
    """Never returns; a KeyboardInterrupt ends it."""
    known = snapshot(roots)   # taken before building: a save during the build counts
    rebuilder.run()
    while True:
        known, files = wait_for_change(roots, known)
        names = ", ".join(files[:SHOWN_CHANGES]) + (" …" if len(files) > SHOWN_CHANGES else "")
        echo(f"changed: {names}; rebuilding")
        rebuilder.run()
