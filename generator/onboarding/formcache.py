"""Blank fillable form PDFs kept on disk between `sopkit onboard` runs.

A blank form is the same for everyone and takes WeasyPrint about a third of a second, so
the pack keeps each one under ``$XDG_CACHE_HOME/sopkit/forms/`` (``~/.cache`` when unset),
named by the SHA-256 of everything the drawing depends on: the form's HTML, page CSS,
field slots and locale (generator.forms.pdf.fillable_job), the forms stylesheet and the
code that draws and finishes the PDF, and the sopkit, WeasyPrint and pydyf versions. Any
change to these is a new name, so a stale blank is never used; old files are only
clutter. A cache folder that cannot be read or written is simply not used.

Only the onboarding packs use this; `sopkit build` always draws its forms afresh.
"""
from __future__ import annotations

import contextlib
import hashlib
import os
import tempfile
from functools import lru_cache
from pathlib import Path

from ..forms.pdf import fillable_from_job, fillable_job
from ..linker import LinkedKB
from ..model import Form

FORMS_CODE = Path(__file__).resolve().parent.parent / "forms"


def cache_folder() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "sopkit" / "forms"


@lru_cache(maxsize=1)
def _environment() -> bytes:
    """What every blank depends on besides the form itself."""
    from importlib.metadata import PackageNotFoundError, version

    from .. import __version__
    from ..forms.html import STYLESHEET

    digest = hashlib.sha256(f"sopkit {__version__}\n".encode())
    for package in ("weasyprint", "pydyf", "pypdf"):
        try:
            digest.update(f"{package} {version(package)}\n".encode())
        except PackageNotFoundError:
            digest.update(f"{package} -\n".encode())
    for path in sorted([Path(STYLESHEET), *FORMS_CODE.glob("*.py")]):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def job_key(job: tuple) -> str:
    html, css, slots, locale = job
    digest = hashlib.sha256(_environment())
    for part in (html, css, repr(list(slots.items())), repr(locale)):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


def form_key(linked: LinkedKB, form: Form) -> str:
    return job_key(fillable_job(linked, form))


def load(key: str) -> bytes | None:
    try:  # RuntimeError: no XDG_CACHE_HOME and no home folder to find ~/.cache in
        return (cache_folder() / f"{key}.pdf").read_bytes()
    except (OSError, RuntimeError):
        return None


def store(key: str, pdf: bytes) -> None:
    """Write atomically (a reader never sees half a file); give up quietly on any error."""
    try:
        folder = cache_folder()
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(pdf)
            os.replace(tmp, folder / f"{key}.pdf")
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except (OSError, RuntimeError):
        pass


def cached_fillable_pdf(linked: LinkedKB, form: Form) -> bytes:
    """generator.forms.fillable_pdf, through the cache."""
    job = fillable_job(linked, form)
    key = job_key(job)
    pdf = load(key)
    if pdf is None:
        pdf = fillable_from_job(job)
        store(key, pdf)
    return pdf

