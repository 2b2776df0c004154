"""Blank fillable form PDFs kept on disk between `sopkit onboard` runs.

A blank form is the same for everyone and takes WeasyPrint about a third of a second, so
the pack keeps each one in sopkit's content store (generator/store.py, kind ``forms``),
named by the SHA-256 of everything the drawing depends on: the form's HTML, page CSS,
field slots and locale (generator.forms.pdf.fillable_job), the forms stylesheet and the
code that draws and finishes the PDF, and the sopkit, WeasyPrint and pydyf versions. Any
change to these is a new name, so a stale blank is never used.

Only the onboarding packs use this; `sopkit build` always draws its forms afresh.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from .. import store
from ..forms.pdf import fillable_from_job, fillable_job
from ..linker import LinkedKB
from ..model import Form

FORMS_CODE = Path(__file__).resolve().parent.parent / "forms"
KIND = "forms"


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
    return store.load(KIND, f"{key}.pdf")


def cached_fillable_pdf(linked: LinkedKB, form: Form) -> bytes:
    """generator.forms.fillable_pdf, through the cache."""
    job = fillable_job(linked, form)
    key = job_key(job)
    return store.load_or_make(KIND, f"{key}.pdf", lambda: fillable_from_job(job))

