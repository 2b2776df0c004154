"""Write a form's .docx byte-for-byte reproducible: python-docx stamps each zip entry with
the current time, so the same form would differ between two builds.

``saved`` zips python-docx's parts once, in python-docx's own order, each entry stamped
with a fixed time. It used to be saved by python-docx and then unzipped and zipped again
(~45 % of the time a form's .docx took to write, bench/RESULTS.md); the entries, their
order, their bytes and their attributes are the same, so the file is too
(tests/test_forms_docx.py).
"""
from __future__ import annotations

from ..docx.package import package_entries, zip_in_order

FIXED_TIME = (2026, 1, 1, 0, 0, 0)


def saved(document) -> bytes:
    """A python-docx ``Document`` as the bytes of a reproducible .docx."""
    return zip_in_order(package_entries(document), FIXED_TIME)
