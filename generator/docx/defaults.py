"""Where the reference document lives, and the font it is generated with."""
from ..paths import TEMPLATES_DIR

REFERENCE_PATH = TEMPLATES_DIR / "word" / "reference.docx"
DEFAULT_FONT = "Noto Sans CJK SC"   # the converter replaces it with the sopkit:font meta
