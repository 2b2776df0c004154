"""The theme's files listed without its hidden folders, which MkDocs would walk only to leave out.

Material's templates folder holds 14,000 icons under ``.icons/`` (for its Markdown emoji
extension, read from there by path). On every build MkDocs lists the theme's files
(``Files.add_files_from_theme``: ``env.list_templates`` walks every theme folder) and runs each
name through its filter, which refuses every path with a part starting with a dot ("``.*``",
"``*/.*``"): 0.07-0.09 s of CPU a build, cold or after an edit, to keep 43 files. The theme's
loader here lists its folders as Jinja's does, without descending into hidden folders, so the
filter is handed only names it may keep: MkDocs' list is the same.
"""
from __future__ import annotations

import os
from typing import Any

from jinja2 import FileSystemLoader

_MARK = "sops_theme_listing"


def install(theme: Any) -> None:
    """Every environment ``theme.get_env()`` makes (one a build) gets the listing."""
    if getattr(theme.get_env, _MARK, False):
        return
    make = theme.get_env

    def get_env():
        env = make()
        if type(env.loader) is FileSystemLoader:  # as MkDocs makes it; anything else as it is
            loader = env.loader
            # on this loader alone: Jinja's method stays as it is for every other loader
            loader.list_templates = lambda: visible_templates(loader)  # type: ignore[method-assign]
        return env

    setattr(get_env, _MARK, True)
    theme.get_env = get_env


def visible_templates(loader: FileSystemLoader) -> list[str]:
    """``FileSystemLoader.list_templates`` (Jinja 3.1) without the files in hidden folders."""
    found: set[str] = set()
    for searchpath in loader.searchpath:
        for dirpath, dirnames, filenames in os.walk(searchpath, followlinks=loader.followlinks):
            dirnames[:] = [name for name in dirnames if not name.startswith(".")]
            for filename in filenames:
                template = (os.path.join(dirpath, filename)[len(searchpath):]
                            .strip(os.path.sep).replace(os.path.sep, "/"))
                if template[:2] == "./":
                    template = template[2:]
                found.add(template)
    return sorted(found)
