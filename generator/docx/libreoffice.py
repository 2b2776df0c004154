"""Printing Word files with LibreOffice: one ``soffice`` call for many files, each call in
a private profile of its own, started from an initialised profile kept in the store.

A private profile (``-env:UserInstallation``) per call keeps a running LibreOffice or a
user's settings out, and keeps two builds at once apart: a second instance started on a
live profile hands its job to the first and prints nothing. Creating a profile costs every
call a few tenths of a second of LibreOffice's first start, so the profile a successful
call initialised is kept in the store (``libreoffice-profile``, keyed by the installed
LibreOffice) and each later call starts from a copy of it. The profile holds only
LibreOffice's defaults, never anything of the documents (checked: the configuration a print
leaves is the same for a one-line file and for the handbook), and ``--no-cache`` builds,
which start from an empty profile, print the same pages (tests/test_docx_pagination.py).
"""
from __future__ import annotations

import io
import shutil
import subprocess
import tarfile
import tempfile
from functools import lru_cache
from pathlib import Path

from .. import store
from ..errors import SetupError

PRINT_TIMEOUT_S = 600
PROFILE_KIND = "libreoffice-profile"
# Word bookmarks become named destinations (pageunits.Split.marked finds units by them).
PDF_FILTER = ('pdf:writer_pdf_Export:{"ExportBookmarksToPDFDestination":'
              '{"type":"boolean","value":"true"}}')


@lru_cache(maxsize=1)
def libreoffice_version() -> str:
    """The installed LibreOffice (another version may break pages elsewhere). Read from the
    installation's files: `soffice --version` starts LibreOffice, seconds on a loaded
    machine, at every build."""
    found = shutil.which("soffice")
    if found is None:
        return "soffice missing"
    program = Path(found).resolve().parent
    marks = [program / "versionrc", program / "soffice.bin", program / "libmergedlo.so"]
    if not marks[0].is_file():
        done = subprocess.run(["soffice", "--version"], capture_output=True, text=True,
                              check=False, timeout=120)
        return done.stdout.strip() or done.stderr.strip()
    # the build id and the size and time of the program files: a new package changes them
    stamps = [f"{mark.name} {mark.stat().st_size} {mark.stat().st_mtime_ns}"
              for mark in marks[1:] if mark.is_file()]
    return "\n".join([marks[0].read_text(encoding="utf-8", errors="replace"), *stamps])


def print_pdfs(documents: list[bytes], what: str = "the handbook") -> list[bytes]:
    """The PDF LibreOffice prints from each .docx of ``documents``, in one ``soffice`` call
    (its start and the profile are paid once). ``what`` names the documents in the
    message if LibreOffice fails."""
    if not documents:
        return []
    with tempfile.TemporaryDirectory(prefix="sopkit-lo-") as folder:
        work = Path(folder)
        names = [work / f"doc{index}.docx" for index in range(len(documents))]
        for name, data in zip(names, documents, strict=True):
            name.write_bytes(data)
        profile = work / "profile"
        fresh = not _restore_profile(profile)
        result = subprocess.run(
            ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless",
             "--convert-to", PDF_FILTER, "--outdir", str(work), *map(str, names)],
            capture_output=True, text=True, timeout=PRINT_TIMEOUT_S, check=False)
        printed = [name.with_suffix(".pdf") for name in names]
        if result.returncode != 0 or not all(path.is_file() for path in printed):
            raise SetupError(f"LibreOffice (soffice) could not print {what} to number its "
                             f"table of contents: {result.stderr.strip()[-300:]}")
        if fresh:
            _keep_profile(profile)
        return [path.read_bytes() for path in printed]


def _profile_key() -> str:
    return store.key_of(PROFILE_KIND, libreoffice_version())


def _restore_profile(profile: Path) -> bool:
    """Fill ``profile`` with a copy of the kept one; False if there is none."""
    archive = store.load(PROFILE_KIND, _profile_key())
    if archive is None:
        return False
    try:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            if hasattr(tarfile, "data_filter"):  # Python 3.11.4+: refuse odd members
                tar.extractall(profile, filter="data")
            else:
                tar.extractall(profile)  # noqa: S202 (our own archive)
    except (tarfile.TarError, OSError):
        shutil.rmtree(profile, ignore_errors=True)  # a damaged entry: start afresh
        return False
    return True


def _keep_profile(profile: Path) -> None:
    """Keep the profile LibreOffice has just initialised and left (it deletes its lock on
    exit; a leftover lock is not kept, so a copy never looks in use)."""
    if not store.enabled() or not profile.is_dir():
        return
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        for path in sorted(profile.rglob("*")):
            if path.is_file() and path.name != ".lock":
                tar.add(path, arcname=str(path.relative_to(profile)), recursive=False)
    store.save(PROFILE_KIND, _profile_key(), buffer.getvalue())
