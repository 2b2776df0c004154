"""Form HTML → PDF with WeasyPrint: fillable (then finished by acroform.py) or flattened."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache, lru_cache

from ..fonts import org_font
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Form
from ..pdf import uasheet
from ..pdf.weasy import FACES_END, install_patches, shared_fonts
from . import acroform
from .cjkfont import font_for
from .html import STYLESHEET, form_html, locale_of, page_css
from .slots import form_slots


def render_html(html: str, css: str, finisher: Callable | None = None) -> bytes:
    from weasyprint import CSS
    from weasyprint.urls import URLFetcher

    # The only resource a form's HTML may load is a data: URL; refusing every other scheme
    # keeps a build from ever reaching the network or the disk. Its fonts (the placeholder
    # and the layout copy of the page font) are in the shared part of its page CSS, parsed
    # once per process into the FontConfiguration every form then lays out with.
    fetcher = URLFetcher(allowed_protocols={"data"})
    faces, furniture = css.split(FACES_END, 1) if FACES_END in css else ("", css)
    faces_sheet, fonts = shared_fonts(faces)
    install_patches()  # a form is mostly table cells sharing computed styles, fixed-length
    # boxes and short texts in a few styles: cascadeshare, percentfast and pangocache save ~25 %
    stylesheets = [faces_sheet, _house_sheet(STYLESHEET.read_text(encoding="utf-8")),
                   CSS(string=furniture, url_fetcher=fetcher)]
    return _html_class()(string=html, url_fetcher=fetcher).write_pdf(
        stylesheets=stylesheets, font_config=fonts, finisher=finisher)


# The tags and attributes templates/forms/form.html.j2 writes. A form within them is
# matched against one user-agent sheet cut for all of them (parsed once, before the
# workers fork); cut per form, the sample's 15 forms made 5 cuts in every worker, each
# parsing the whole sheet again (~0.1 s). Any other form gets its own cut.
FORM_TAGS = frozenset((
    "body", "col", "colgroup", "div", "h1", "h2", "head", "header", "html", "input", "meta",
    "option", "p", "section", "select", "span", "table", "tbody", "td", "textarea", "th",
    "thead", "title", "tr"))
FORM_ATTRIBUTES = frozenset(("charset", "class", "colspan", "content", "lang", "name",
                             "scope", "title", "type", "value"))


@cache
def _html_class():
    """WeasyPrint's HTML matched against only the user-agent rules that can match a form
    (generator/pdf/uasheet.py): its forms sheet (inputs, selects) stays whole."""
    from weasyprint import HTML

    class FormHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return _cut_sheets(self.etree_element, super()._ua_stylesheets(forms))

    return FormHTML


def _cut_sheets(root, sheets: list) -> list:
    from weasyprint.html import UA_STYLESHEET
    tags, attributes = uasheet.names_of(root)
    if not (tags <= FORM_TAGS and attributes <= FORM_ATTRIBUTES):
        return uasheet.for_document(root, sheets)
    # a cut for more names than the form has keeps selectors that cannot match it:
    # the same declarations reach every element (uasheet.py)
    cut = uasheet.sheet(FORM_TAGS, FORM_ATTRIBUTES)
    return [cut if each is UA_STYLESHEET else each for each in sheets]


@lru_cache(maxsize=4)
def _house_sheet(text: str):
    """form.css parsed once per process (by its text: an edited sheet is parsed again). It
    has no @font-face and loads nothing, so it needs neither the form's fonts nor its
    fetcher, and one parsed sheet serves every form (a layout only reads it)."""
    from weasyprint import CSS
    return CSS(string=text, base_url=STYLESHEET.resolve().as_uri())


def warm() -> None:
    """Import WeasyPrint, patch it, and parse form.css and the forms' cut of the user-agent
    sheet before forking workers, which inherit all of it instead of paying ~0.9 s of CPU
    each for the import (and the parser's fix: so do the print workers forked later)."""
    install_patches()
    uasheet.sheet(FORM_TAGS, FORM_ATTRIBUTES)
    _house_sheet(STYLESHEET.read_text(encoding="utf-8"))


def fillable_job(linked: LinkedKB, form: Form) -> tuple:
    """Everything a worker process needs to make the fillable PDF, as picklable values."""
    locale = locale_of(linked)
    return (form_html(linked, form), page_css(linked, form, org_font(linked.org)),
            form_slots(form, Labels(locale)), locale)


def fillable_from_job(job: tuple) -> bytes:
    html, css, slots, locale = job
    return render_html(html, css, acroform.finisher(slots, font_for(locale)))


def fillable_pdf(linked: LinkedKB, form: Form) -> bytes:
    return fillable_from_job(fillable_job(linked, form))


def flattened_pdf(linked: LinkedKB, form: Form, values: Mapping[str, object]) -> bytes:
    """The same layout with the values printed as page text: no fields, nothing to edit,
    and every character drawn from the embedded (subset) page font."""
    return render_html(form_html(linked, form, values),
                       page_css(linked, form, org_font(linked.org)))
