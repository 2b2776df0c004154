"""Overlays: a manager's changes to a standard job description (`sops/custom/<id>.yaml`).

Core, like the model and the linker: the loader reads overlays into
``KnowledgeBase.overlays`` (``model.py`` is their format), and the linker applies each to
its standard role (``apply.py`` and the list/named/picking helpers, ``placeholders.py`` for
`{territory}`) into a :class:`CustomJD` in ``LinkedKB.custom_jds``. Printing them and their
redlines is ``generator.custom``'s job.
"""
from .model import Overlay
from .placeholders import known_variables
from .variant import CustomJD, Standards, check_overlay_id, customise, standard_overlay

__all__ = ["CustomJD", "Overlay", "Standards", "check_overlay_id", "customise",
           "known_variables", "standard_overlay"]
