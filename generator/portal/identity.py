"""The portal's name and interface language follow the organisation unless mkdocs.yml says.

The logo is org.yaml's `organization: logo:`, copied into the site, unless mkdocs.yml
names its own (`theme: logo:`). The name is the catalog's `portal_site_name` with
`organization.name` from org.yaml; the language is the catalog's `portal_theme_language`
(Material's code for the locale). A value written in mkdocs.yml wins. MkDocs insists on a
`site_name` key, so an empty one (`site_name: ""`) is how a mkdocs.yml leaves the name to
org.yaml.
"""
from __future__ import annotations

from pathlib import Path

from markupsafe import Markup
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from ..i18n import Labels
from ..linker import LinkedKB
from ..logo import logo_bytes, logo_dist_path
from .markup import attribute_text


def apply(config, linked: LinkedKB, t: Labels) -> None:
    if not config.site_name:
        name = t("portal_site_name", organization=linked.org.organization.name)
        # Content now, not configuration: Material prints the site name unescaped in places
        # and with `| e` in others. Escaped once here as Markup, which `| e` leaves alone.
        config.site_name = Markup(attribute_text(name))
    written = _theme_as_written(config)
    if "language" not in written:
        config.theme["language"] = t("portal_theme_language")
    logo = site_logo(linked)
    if logo is not None and "logo" not in written:  # Material shows it in the header
        config.theme["logo"] = logo[0]


def site_logo(linked: LinkedKB) -> tuple[str, bytes] | None:
    """(path in the site, bytes) of org.yaml's logo, which the plugin adds to the site."""
    logo = logo_bytes(linked.kb)
    return None if logo is None else (logo_dist_path(logo[0]), logo[1])


def _theme_as_written(config) -> dict:
    """The theme settings in the file itself: by now MkDocs has filled in the theme's
    defaults, and Material's default language would hide that none was chosen. Read as
    MkDocs reads it (`INHERIT`, `!ENV`, `!relative`)."""
    if config.config_file_path is None:
        return {}
    with Path(config.config_file_path).open(encoding="utf-8") as stream:
        theme = (yaml_load(stream, get_yaml_loader(config=config)) or {}).get("theme")
    return theme if isinstance(theme, dict) else {}
