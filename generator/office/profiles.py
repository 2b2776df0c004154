"""The LibreOffice profiles sopkit starts soffice with: copied from a template kept in the
build cache, and told which version last ran in them so that soffice skips its graphics
self-test.

Standard library only: unoserver.py, run by the Python that has ``uno`` (not sopkit's),
imports it as a script's neighbour.
"""
from __future__ import annotations

import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

SETTINGS = Path("user", "registrymodifications.xcu")
LAST_VERSION = ('<item oor:path="/org.openoffice.Setup/Product"><prop oor:name='
                '"ooSetupLastVersion" oor:op="fuse"><value>{}</value></prop></item>\n')
EMPTY_SETTINGS = ('<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor='
                  '"http://openoffice.org/2001/registry" xmlns:xs='
                  '"http://www.w3.org/2001/XMLSchema" xmlns:xsi='
                  '"http://www.w3.org/2001/XMLSchema-instance">\n</oor:items>\n')
SETUP_VERSION = re.compile(rb'<prop oor:name="ooSetupVersion">\s*<value>([0-9][0-9.]*)</value>')


def seed_profile(template: str, profile: str) -> bool:
    """Start from a copy of a profile an earlier LibreOffice made: a new profile costs its
    first start ~0.2 s more CPU (the profile is created and soffice restarts once), at
    every build. Whether the copy was made."""
    if not template or os.path.exists(profile) or not os.path.isfile(
            os.path.join(template, SETTINGS)):
        return False
    try:
        shutil.copytree(template, profile)
    except OSError:
        shutil.rmtree(profile, ignore_errors=True)
        return False
    return True


def keep_template(profile: str, template: str) -> None:
    """A copy of the profile a LibreOffice just made (less its lock and the restart it
    notes while starting), for the next servers. Put in place by a rename, so that a
    server never copies a half-written template; a folder that cannot be written costs
    only the time."""
    if not template or os.path.exists(template):
        return
    building = f"{template}.{os.getpid()}.tmp"
    try:
        shutil.copytree(profile, building, ignore=shutil.ignore_patterns(".lock"))
        settings = Path(building, SETTINGS)
        settings.write_text("".join(line for line in settings.read_text(encoding="utf-8")
                                    .splitlines(keepends=True)
                                    if "OfficeRestartInProgress" not in line),
                            encoding="utf-8")
        os.rename(building, template)
    except OSError:
        pass
    finally:
        shutil.rmtree(building, ignore_errors=True)


def skip_render_tests(profile: str) -> bool:
    """Note the installed version as the last one that ran in ``profile`` (new or copied).

    LibreOffice 7.2+ runs ~100 drawing self-tests (GraphicsRenderTests, up to 4096×4096
    pixel surfaces) at every start whose profile names an older version than its own, or
    none. Only its update dialog writes that version, which never runs headless: every
    soffice sopkit started paid them, ~0.8 s of its ~0.9 s of CPU to start (bench/
    RESULTS.md, docx19). Their result only goes to a log in the profile: nothing a
    document's layout reads. Whether the profile now names the version."""
    version = installed_version()
    if version is None:
        return False
    settings = Path(profile, SETTINGS)
    try:
        text = settings.read_text(encoding="utf-8") if settings.is_file() else EMPTY_SETTINGS
        if 'oor:name="ooSetupLastVersion"' in text:
            return True
        head, end, tail = text.rpartition("</oor:items>")
        if not end:  # not settings this code can read: left to LibreOffice
            return False
        settings.parent.mkdir(parents=True, exist_ok=True)
        settings.write_text(head + LAST_VERSION.format(version) + end + tail, encoding="utf-8")
    except OSError:
        return False
    return True


@lru_cache(maxsize=1)
def installed_version() -> str | None:
    """The installed LibreOffice's "major.minor" (``ooSetupVersion`` in its main.xcd, what
    it compares the profile's with), or None when it cannot be read."""
    found = shutil.which("soffice")
    if found is None:
        return None
    registry = Path(found).resolve().parent.parent / "share" / "registry" / "main.xcd"
    try:
        match = SETUP_VERSION.search(registry.read_bytes())
    except OSError:
        return None
    return match.group(1).decode() if match else None
