"""Make a .docx byte-for-byte reproducible: python-docx stamps each zip entry with the
current time, so the same form would differ between two builds."""
from __future__ import annotations

import io
import zipfile

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def reproducible(docx: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=FIXED_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry.filename))
    return out.getvalue()
