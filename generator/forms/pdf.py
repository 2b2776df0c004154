"""Form HTML → PDF with WeasyPrint: fillable (then finished by acroform.py) or flattened."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from ..fonts import org_font
from ..i18n import Labels
from ..linker import LinkedKB
from ..model import Form
from ..pdf import htmlscan, subsetarrays
from ..pdf.weasy import FACES_END, shared_fonts
from . import acroform
from .cjkfont import font_for
from .html import STYLESHEET, form_html, locale_of, page_css
from .slots import form_slots


def render_html(html: str, css: str, finisher: Callable | None = None) -> bytes:
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # The only resource a form's HTML may load is a data: URL; refusing every other scheme
    # keeps a build from ever reaching the network or the disk. Its fonts (the placeholder
    # and the layout copy of the page font) are in the shared part of its page CSS, parsed
    # once per process into the FontConfiguration every form then lays out with.
    fetcher = URLFetcher(allowed_protocols={"data"})
    faces, furniture = css.split(FACES_END, 1) if FACES_END in css else ("", css)
    faces_sheet, fonts = shared_fonts(faces)
    subsetarrays.install()  # cutting the fonts' subsets parses no C per form
    htmlscan.install()  # the HTML parser finds the patterns it keeps
    stylesheets = [faces_sheet, _house_sheet(STYLESHEET.read_text(encoding="utf-8")),
                   CSS(string=furniture, url_fetcher=fetcher)]
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets,
                                                           font_config=fonts, finisher=finisher)


@lru_cache(maxsize=4)
def _house_sheet(text: str):
    """form.css parsed once per process (by its text: an edited sheet is parsed again). It
    has no @font-face and loads nothing, so it needs neither the form's fonts nor its
    fetcher, and one parsed sheet serves every form (a layout only reads it)."""
    from weasyprint import CSS
    return CSS(string=text, base_url=STYLESHEET.resolve().as_uri())


def warm() -> None:
    """Import WeasyPrint and parse form.css before forking workers, which inherit both
    instead of paying ~0.9 s of CPU each for the import (and the parser's fix: so do the
    print workers forked later)."""
    htmlscan.install()
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
