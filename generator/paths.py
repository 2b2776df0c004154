"""Where sopkit's own resources live (templates beside the package, in the source tree)."""
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TEMPLATES_DIR = PROJECT_DIR / "templates"
