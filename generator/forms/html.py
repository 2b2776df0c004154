"""A form as HTML for WeasyPrint: templates/forms/form.html.j2 with its page stylesheet."""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Form
from ..paths import TEMPLATES_DIR
from ..pdf import BASE_URL, css_string
from ..pdf.layoutfont import faces_css, family_list
from ..pdf.weasy import FACES_END
from . import placeholder_font
from .layout import sections
from .slots import cell_kind, cell_name, kind_of, option_name, table_rows

FORMS_DIR = TEMPLATES_DIR / "forms"
STYLESHEET = FORMS_DIR / "form.css"
LANG = {"zh-Hans": "zh-Hans", "zh-Hant": "zh-Hant", "en": "en"}


@cache
def environment() -> Environment:
    # HTML is autoescaped (content is data); CSS is not, and escapes through `cssstr`.
    env = Environment(loader=FileSystemLoader(FORMS_DIR), undefined=StrictUndefined,
                      autoescape=select_autoescape(["html.j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["cssstr"] = lambda value: css_string(str(value))
    env.globals.update(kind_of=kind_of, cell_kind=cell_kind, cell_name=cell_name,
                       option_name=option_name, table_rows=table_rows)
    return env


def locale_of(linked: LinkedKB) -> str | None:
    return linked.locale


def organization_name(linked: LinkedKB) -> str:
    return str(linked.org.organization.name)


def form_html(linked: LinkedKB, form: Form, values: Mapping[str, object] | None = None) -> str:
    """The form's HTML: fillable controls, or (with ``values``) the values as text."""
    locale = locale_of(linked)
    return environment().get_template("form.html.j2").render(
        t=Labels(locale), lang=LANG.get(locale or "", "zh-Hans"), form=form,
        document=linked.doc(form), organization=organization_name(linked),
        sections=sections(form), values=values,
        has_required=any(field.required for field in form.all_fields))


def page_css(linked: LinkedKB, form: Form, font: str) -> str:
    t = Labels(locale_of(linked))
    document = linked.doc(form)
    before, middle, after = split_page_pattern(t("page_x_of_y"))
    watermark = (t("watermark_retired") if document.is_retired
                 else t("watermark_draft") if document.is_draft else None)
    furniture = environment().get_template("page.css.j2").render(
        fonts=family_list(font), field_font_family=placeholder_font.FAMILY,
        footer_left=t("form_footer", title=form.title, number=document.number,
                      version=document.version),
        footer_before=before, footer_middle=middle, footer_after=after, watermark=watermark)
    lang = LANG.get(locale_of(linked) or "", "zh-Hans")  # as form_html's html lang
    return font_faces(font, lang) + FACES_END + furniture


def font_faces(font: str, lang: str | None = None) -> str:
    """The @font-face rules every form of a knowledge base shares, up to FACES_END in its
    page CSS: the placeholder font of its fields, and the layout copy of the page font
    (generator/pdf/layoutfont.py), which makes cutting each PDF's subset ~3 times cheaper
    than from the installed font. Being the same text for every form, they are parsed
    (and the fonts loaded) once per process, into one FontConfiguration (forms/pdf.py).
    The layout copy is the one of the forms' language (``lang``, their html lang)."""
    placeholder = (f"@font-face {{ font-family: {css_string(placeholder_font.FAMILY)}; "
                   f"src: url({css_string(placeholder_font.data_url())}); }}")
    return "\n".join(filter(None, [placeholder, faces_css(font, BASE_URL, lang)])) + "\n"


def split_page_pattern(pattern: str) -> tuple[str, str, str]:
    """"第 {page} 页 共 {pages} 页" → the text around the two counters."""
    match = re.fullmatch(r"(.*)\{page\}(.*)\{pages\}(.*)", pattern, re.S)
    if not match:
        raise ValueError(f"page pattern needs {{page}} and {{pages}}: {pattern!r}")
    return match.group(1), match.group(2), match.group(3)
