"""Changes between two revisions of the knowledge base: `sopkit diff` and the portal's
"changes since the last release".

Every document (each item, and org.yaml) of both revisions is written out as sections of
items (``flatten.py``), compared with the redline engine (``compare.py``, through
``generator.textdiff``), and printed as the custom job descriptions' redlines are: Word with
tracked changes and a marked-up PDF (``handbook.py``, reusing ``generator.custom``). It reads
only linked models; loading a git revision is ``generator.revisions``'s work.
"""
from .compare import DocumentChange, compare_documents

__all__ = ["DocumentChange", "compare_documents"]
