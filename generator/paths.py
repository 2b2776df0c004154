"""Where sopkit's own resources are: templates, the portal's source and its mkdocs.yml.

They live at the top of the repository (`templates/`, `site/`, `mkdocs.yml`). A wheel carries
a copy in the package, `generator/_resources/` (see setup.py); a checkout, run from source or
installed editable, has none and uses the repository's folders themselves.
"""
from importlib.resources import files
from pathlib import Path


def _resource_root() -> Path:
    package = files("generator")
    # Jinja, WeasyPrint and MkDocs read folders from disk, and pip installs wheels unzipped.
    if not isinstance(package, Path):
        raise RuntimeError(f"sopkit must be installed as files on disk, not as {package!r}")
    packaged = package / "_resources"
    return packaged if packaged.is_dir() else package.parent


RESOURCE_DIR = _resource_root()
TEMPLATES_DIR = RESOURCE_DIR / "templates"
DEFAULT_MKDOCS_YML = RESOURCE_DIR / "mkdocs.yml"
