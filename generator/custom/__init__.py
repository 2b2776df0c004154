"""Custom job descriptions as documents: each overlay's job description and its redlines.

The linker has already applied every overlay (``LinkedKB.custom_jds``, see
``generator.overlays``); this package prints a :class:`CustomJD` as a normal job description
(``outputs.py``), compares it with the standard as Word tracked changes and as a marked-up
PDF (``compare.py``, ``redline*.py``), and lists the variants for the portal
(``variants.py``). It reads only the linked model.
"""
from ..overlays import CustomJD
from .variants import Variant, variants

__all__ = ["CustomJD", "Variant", "variants"]
