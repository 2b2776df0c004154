"""Write a .docx byte-for-byte reproducible: python-docx stamps each zip entry with the
current time, so the same form would differ between two builds.

``saved`` zips the document once, each entry stamped with a fixed time. It used to be
saved by python-docx and then unzipped and zipped again with the fixed times (~45 % of
the time a form's .docx took to write, bench/RESULTS.md); the entries, their order, their
bytes and their attributes are the same, so the file is too (tests/test_forms_docx.py).
"""
from __future__ import annotations

import io
import zipfile

from docx.opc.phys_pkg import _ZipPkgWriter
from docx.opc.pkgwriter import PackageWriter

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def saved(document) -> bytes:
    """A python-docx ``Document`` as the bytes of a reproducible .docx."""
    package = document.part.package
    for part in package.parts:  # as OpcPackage.save does before writing
        part.before_marshal()
    out = io.BytesIO()
    entries = _FixedTimeZip(out)
    # python-docx's own order: content types, the package's relationships, then each
    # part followed by its relationships (PackageWriter.write, with our zip writer)
    PackageWriter._write_content_types_stream(entries, package.parts)
    PackageWriter._write_pkg_rels(entries, package.rels)
    PackageWriter._write_parts(entries, package.parts)
    entries.close()
    return out.getvalue()


class _FixedTimeZip(_ZipPkgWriter):
    """python-docx's zip writer, each entry stamped with the fixed time and plain file
    permissions."""

    def __new__(cls, pkg_file):
        # PhysPkgWriter.__new__ always makes python-docx's own class; make ours
        return object.__new__(cls)

    def write(self, pack_uri, blob: bytes) -> None:
        fixed = zipfile.ZipInfo(pack_uri.membername, date_time=FIXED_TIME)
        fixed.compress_type = zipfile.ZIP_DEFLATED
        fixed.external_attr = 0o644 << 16
        self._zipf.writestr(fixed, blob)
