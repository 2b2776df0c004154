"""The role's forms as fillable PDFs in the pack, pre-filled with name and department.

The forms feature draws each fillable form (WeasyPrint, about a third of a second a form)
and fills in values (pypdf, milliseconds). A blank form is the same for everyone, so each
process draws each form once and fills copies of it, and keeps the blank on disk for the
next run (formcache.py); for a single pack another process starts on the forms not in
that cache while this one prints the pack, and then they share what is left.

`generator.forms.fill_form` checks that every required field has a value, which a pre-fill
of two fields cannot satisfy, so the pack fills through the forms feature's own fill step.
"""
from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Executor, Future, ProcessPoolExecutor

from ..forms.cjkfont import font_for
from ..forms.fill_pdf import fill
from ..jobs import process_pool
from ..linker import LinkedKB
from ..model import Form
from . import workers as workers_module
from .formcache import cached_fillable_pdf, form_key, load
from .view import Pack

# (id of the linked model, form id) → (the linked model, blank PDF). The model is kept so
# its id cannot be reused by another while the entry exists.
_BLANKS: dict[tuple[int, str], tuple[LinkedKB, bytes]] = {}


def missing_blanks(linked: LinkedKB, forms: Iterable[Form]) -> list[str]:
    """Ids of the forms still to draw: neither drawn by this process nor in the disk cache."""
    missing: list[str] = []
    for form in forms:
        if (id(linked), form.id) in _BLANKS:
            continue
        pdf = load(form_key(linked, form))
        if pdf is None:
            missing.append(form.id)
        else:
            _BLANKS[(id(linked), form.id)] = (linked, pdf)
    return missing


def draw_in_background(form_ids: list[str], pool: Executor) -> list[Future]:
    """Futures of (form id, blank PDF), drawn by workers of ``form_pool``."""
    return [pool.submit(_draw_in_worker, form_id) for form_id in form_ids]


def form_pool(linked: LinkedKB, workers: int) -> ProcessPoolExecutor:
    return process_pool(workers, workers_module.receive_model, (linked,))


def keep_drawn(linked: LinkedKB, drawing: list[Future]) -> None:
    """Keep what the workers drew; forms they have not started are left to this process
    (filled_forms draws them), so both cores stay busy until the end."""
    for future in drawing:
        if not future.cancel():
            form_id, pdf = future.result()
            _BLANKS[(id(linked), form_id)] = (linked, pdf)


def fill_in_background(linked: LinkedKB, pack: Pack, pool: Executor) -> dict[str, Future]:
    """Pack file → future of its filled PDF, filled by a worker of ``pool`` (any pool: the
    work needs no model), for a pack whose blanks are all at hand (missing_blanks is empty).
    """
    font = font_for(linked.locale)
    return {entry.file: pool.submit(fill, _BLANKS[(id(linked), entry.form.id)][1],
                                    dict(entry.values), font)
            for entry in pack.forms}


def filled_forms(linked: LinkedKB, pack: Pack) -> dict[str, bytes]:
    """Pack file → filled PDF, for every form of the pack (drawing any not drawn yet)."""
    for form_id in missing_blanks(linked, (entry.form for entry in pack.forms)):
        _BLANKS[(id(linked), form_id)] = (linked,
                                          cached_fillable_pdf(linked, linked.kb.forms[form_id]))
    font = font_for(linked.locale)
    return {entry.file: fill(_BLANKS[(id(linked), entry.form.id)][1], dict(entry.values), font)
            for entry in pack.forms}


def _draw_in_worker(form_id: str) -> tuple[str, bytes]:
    linked = workers_module.model()
    return form_id, cached_fillable_pdf(linked, linked.kb.forms[form_id])
