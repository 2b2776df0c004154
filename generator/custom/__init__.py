"""Custom job descriptions: overlays that adapt a standard role, and their redlines.

A manager writes `sops/custom/<id>.yaml` (`extends: <role id>` plus changes); `sopkit
check` validates it, `sopkit jd` and `sopkit build` print it as a normal job description
and compare it with the standard as Word tracked changes and as a marked-up PDF.
"""
from .load import check_overlays, load_overlay_file, load_overlays
from .overlay import Overlay
from .variant import CustomJD, customise, standard_overlay
from .variants import Variant, custom_jds, variants

__all__ = ["CustomJD", "Overlay", "Variant", "check_overlays", "custom_jds", "customise",
           "load_overlay_file", "load_overlays", "standard_overlay", "variants"]
