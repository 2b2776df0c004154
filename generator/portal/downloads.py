"""The Word and PDF documents other renderers built, offered for download on the portal,
and the Excel registers (`dist/registers/*.xlsx`), offered on the home page.

The portal runs after them and only links to what exists, so a build of the site alone
(`sopkit build --only site`) or a plain `mkdocs build` still has no broken links.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Collection
from pathlib import Path

from .. import store
from ..buildcache import file_fingerprint, output_key
from ..kinds import KINDS

# Custom job descriptions and their redlines are in roles/custom/ (see generator/custom).
FOLDERS = (*(kind.folder for kind in KINDS), "roles/custom")
SUFFIXES = (".pdf", ".docx")
REGISTERS = "registers"  # the registers renderer's folder: Excel workbooks, named by locale
SITE_FOLDER = "downloads"
FORMS_ZIP = f"{SITE_FOLDER}/forms.zip"
ZIP_KIND = "site-forms-zip"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed: the same forms give the same zip, byte for byte


def find_downloads(folder: Path | None, promised: Collection[str] = ()
                   ) -> dict[str, Path]:
    """Documents under ``folder`` by their path relative to it: "roles/a.pdf" -> file.
    ``promised`` names files (relative to ``folder``) that are still being made, and will
    be there when the site is complete (build.py ``RenderContext.promised``)."""
    if folder is None or not folder.is_dir():
        return {}
    found = {f"handbook{suffix}": folder / f"handbook{suffix}" for suffix in SUFFIXES}
    for kind in FOLDERS:
        for suffix in SUFFIXES:
            for path in (folder / kind).glob(f"*{suffix}"):
                found[f"{kind}/{path.name}"] = path
    for path in (folder / REGISTERS).glob("*.xlsx"):
        found[f"{REGISTERS}/{path.name}"] = path
    found.update((name, folder / name) for name in promised if is_download(name))
    return {name: path for name, path in sorted(found.items())
            if name in promised or path.is_file()}


def is_download(name: str) -> bool:
    """Whether ``name`` (relative to the documents' folder) is a file the portal offers."""
    folder, _, file = name.rpartition("/")
    if not folder:
        return name in {f"handbook{suffix}" for suffix in SUFFIXES}
    if folder == REGISTERS:
        return file.endswith(".xlsx")
    return folder in FOLDERS and file.endswith(SUFFIXES)


class Downloads:
    """What may be linked: ``for_document("roles/a")`` gives the site paths that exist."""

    def __init__(self, documents: dict[str, Path]) -> None:
        self.documents = documents

    def for_document(self, stem: str) -> list[tuple[str, str]]:
        """(suffix without dot, site path) for each built format of one document."""
        return [(suffix[1:], f"{SITE_FOLDER}/{stem}{suffix}") for suffix in SUFFIXES
                if f"{stem}{suffix}" in self.documents]

    def site_path(self, name: str) -> str | None:
        """The site path of one built document ("roles/custom/a.pdf"), if it was built."""
        return f"{SITE_FOLDER}/{name}" if name in self.documents else None

    def register(self, name: str) -> str | None:
        """The site path of one Excel register, if it was built."""
        return self.site_path(f"{REGISTERS}/{name}.xlsx")

    def site_files(self) -> dict[str, Path]:
        return {f"{SITE_FOLDER}/{name}": path for name, path in self.documents.items()}

    def forms(self) -> dict[str, Path]:
        """Every built form document ("forms/a.pdf", "forms/a.docx", fillable ones too)."""
        return {name: path for name, path in self.documents.items()
                if name.startswith("forms/")}

    def forms_zip(self) -> bytes | None:
        """All forms in one zip for the forms page ("all forms"); None if none was built.
        Kept in the build cache under the forms' names and bytes: compressing them is most
        of a portal rebuild's cost when the forms are unchanged."""
        forms = self.forms()
        if not forms:
            return None
        key = output_key(ZIP_KIND, *(f"{name}={file_fingerprint(path)}"
                                     for name, path in sorted(forms.items())))
        return store.load_or_make(ZIP_KIND, key, lambda: _zipped(forms))


def _zipped(forms: dict[str, Path]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, path in sorted(forms.items()):
            info = zipfile.ZipInfo(name.removeprefix("forms/"), _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
    return buffer.getvalue()
