"""One drawn line of text as drawfast.py keeps it: what WeasyPrint 70.0's
``draw.text.draw_first_line`` wrote for it, recorded once and replayed on any later page.

``record`` is that function's glyph loop for the lines it can keep (no ellipsis, no
unknown glyph, no text rise, no bitmap or colour font), writing the same strings; a line is
a list of operations (the strings shown, the font switches between them) and, for every
glyph, what the font subsets need from it (its width and Unicode text), which ``note``
adds to a later page's fonts as WeasyPrint would have. Its fonts are kept alive by a
reference of their own, as a later print adds them to its page again.
"""
from __future__ import annotations

import struct
from functools import cache
from typing import Any


class Book:
    """What one FontConfiguration's prints drew: lines by key, and the fonts they use by
    address (each kept alive by a reference of its own, so an address names one font)."""

    def __init__(self) -> None:
        self.lines: dict[tuple, Line] = {}
        self.fonts: dict[int, FontInfo] = {}

    def font(self, pango_font: Any) -> FontInfo:
        from weasyprint.text.ffi import ffi
        address = int(ffi.cast("uintptr_t", pango_font))
        info = self.fonts.get(address)
        if info is None:
            info = self.fonts[address] = FontInfo(pango_font, address)
        return info


class FontInfo:
    """A Pango font: its key and size as ``Stream.add_font`` finds it among a document's
    fonts, and its glyphs' own widths as WeasyPrint records them (1/1000 em)."""

    __slots__ = ("pango_font", "key", "size", "widths", "_ref")

    def __init__(self, pango_font: Any, address: int) -> None:
        from weasyprint.text.fonts import get_pango_font_key
        own, gobject = _gobject()
        self._ref = own.gc(gobject.g_object_ref(own.cast("void *", address)),
                           gobject.g_object_unref)
        self.pango_font = pango_font
        self.key, _description, self.size = get_pango_font_key(pango_font)
        self.widths: dict[int, int] = {}

    def width(self, glyph: int, stream: Any) -> int:
        """The glyph's width as WeasyPrint computes it for a font that has none yet."""
        width = self.widths.get(glyph)
        if width is None:
            from weasyprint.text.ffi import FROM_UNITS, pango
            pango.pango_font_get_glyph_extents(
                self.pango_font, glyph, stream.ink_rect, stream.logical_rect)
            width = self.widths[glyph] = round(
                stream.logical_rect.width * 1000 * FROM_UNITS / self.size)
        return width


class Line:
    """``fonts``: the fonts switched to, in order; ``ops``: a string to show, or the
    index of a font to switch to; ``glyphs``: (font index, glyph, width, text) in drawing
    order; ``exact``: every width is the font's own (else the line is not kept)."""

    __slots__ = ("fonts", "ops", "glyphs", "direction", "exact")

    def __init__(self, fonts: list, ops: list, glyphs: list, direction: int,
                 exact: bool) -> None:
        self.fonts, self.ops, self.glyphs = tuple(fonts), tuple(ops), tuple(glyphs)
        self.direction, self.exact = direction, exact


@cache
def _gobject() -> tuple[Any, Any]:
    """g_object_ref, which WeasyPrint's ffi does not declare, from an FFI of our own."""
    from cffi import FFI
    from weasyprint.text.ffi import _dlopen
    own = FFI()
    own.cdef("void *g_object_ref (void *object); void g_object_unref (void *object);")
    return own, _dlopen(own, "libgobject-2.0-0", "gobject-2.0-0", "gobject-2.0",
                        "libgobject-2.0.so.0", "libgobject-2.0.0.dylib")


def fonts(stream: Any, line: Line) -> list | None:
    """The page's fonts for the line (added as WeasyPrint adds them), or None if a glyph
    width this document already has differs from the line's."""
    known = stream._fonts  # what add_font looks the font up in (and adds it to)
    added = []
    for info in line.fonts:
        found = known.get(info.key)
        added.append((found, info.size) if found is not None
                     else stream.add_font(info.pango_font))
    for index, glyph, width, _text in line.glyphs:
        known_width = added[index][0].widths.get(glyph)
        if known_width is not None and known_width != width:
            return None
    return added


def note(line: Line, added: list) -> None:
    """What the font subsets learn from the line's glyphs, in WeasyPrint's order."""
    for index, glyph, width, text in line.glyphs:
        font = added[index][0]
        if glyph not in font.to_unicode:
            font.to_unicode[glyph] = text
        if glyph not in font.widths:
            font.widths[glyph] = width


def show(stream: Any, line: Line, added: list, matrix: Any) -> None:
    stream.set_text_matrix(*matrix.values)
    for op in line.ops:
        if op.__class__ is str:
            stream.show_text(op)
        else:
            font, size = added[op]
            stream.set_font_size(font.hash, size)


class _Abort(Exception):
    """A line this module does not draw: WeasyPrint's own function draws it."""


# PangoGlyphInfo: glyph (guint32), geometry (width, x_offset, y_offset: gint32), attr
_GLYPH_INFO = struct.Struct("=Iiii4x")


def record(stream: Any, layout: Any, book: Book) -> tuple[Line | None, list | None]:
    """The layout's first line drawn as WeasyPrint draws it: its Line and the page's fonts
    (their widths and Unicode text noted), or (None, None) for WeasyPrint to draw it."""
    from weasyprint.text.ffi import ffi, pango
    pango.pango_layout_set_single_paragraph_mode(layout.layout, True)
    first_line, _index = layout.get_first_line()
    state = _State(stream, book, layout.text.encode())
    try:
        run = first_line.runs[0]
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            state.run(glyph_item, ffi)
    except _Abort:
        return None, None
    state.ops.append(state.string)
    line = Line(state.infos, state.ops, state.glyphs, first_line.resolved_dir,
                state.exact)
    return line, state.added


class _State:
    """WeasyPrint's loop over a line's glyph runs, its local variables as attributes; the
    glyphs of a run are read in one go (a struct array) rather than field by field."""

    def __init__(self, stream: Any, book: Book, utf8: bytes) -> None:
        from weasyprint.text.ffi import FROM_UNITS, pango
        self.stream, self.book, self.utf8 = stream, book, utf8
        self.empty, self.unknown = pango.PANGO_GLYPH_EMPTY, pango.PANGO_GLYPH_UNKNOWN_FLAG
        self.from_units = FROM_UNITS
        self.previous: Any = None
        self.infos: list[FontInfo] = []
        self.added: list = []
        self.ops: list = []
        self.glyphs: list = []
        self.string = ""
        self.exact = True

    def switch(self, pango_font: Any) -> None:
        self.previous = pango_font
        font, font_size = self.stream.add_font(pango_font)
        if font.png or font.svg or font.colr or font.bitmap:
            raise _Abort
        self.infos.append(self.book.font(pango_font))
        self.added.append((font, font_size))
        if self.string:
            self.ops.append(self.string)
        self.string = ""
        self.ops.append(len(self.added) - 1)

    def run(self, glyph_item: Any, ffi: Any) -> None:
        if glyph_item.item.analysis.font != self.previous:
            self.switch(glyph_item.item.analysis.font)
        glyph_string = glyph_item.glyphs
        count = glyph_string.num_glyphs
        infos = _GLYPH_INFO.iter_unpack(
            ffi.buffer(glyph_string.glyphs, _GLYPH_INFO.size * count))
        clusters = ffi.unpack(glyph_string.log_clusters, count)
        item = glyph_item.item
        # each glyph's text: from its cluster to the next one's (the previous one's in rtl)
        ends = (clusters[1:] + [item.length] if not item.analysis.level % 2
                else [item.length] + clusters[:-1])
        string = self.string + "<"
        index = len(self.added) - 1
        font, font_size = self.added[index]
        own_width, to_unicode, widths = self.infos[index].width, font.to_unicode, font.widths
        utf8, offset0, from_units, stream = self.utf8, item.offset, self.from_units, self.stream
        for (glyph_id, width, x_offset, y_offset), start, end in zip(infos, clusters, ends,
                                                                     strict=True):
            if glyph_id == self.empty:
                string += f">{-width / font_size}<"
                continue
            if glyph_id & self.unknown or y_offset / 1000:
                raise _Abort  # WeasyPrint's .notdef or text rise
            try:
                text = utf8[offset0 + start:offset0 + end].decode()
            except UnicodeDecodeError:
                raise _Abort from None
            if glyph_id not in to_unicode:
                to_unicode[glyph_id] = text
            offset = x_offset / font_size
            if offset:
                string += f">{-offset}<"
            string += f"{glyph_id:04x}"
            own = own_width(glyph_id, stream)
            logical_width = widths.get(glyph_id)
            if logical_width is None:
                logical_width = widths[glyph_id] = own
            elif logical_width != own:
                self.exact = False
            kerning = logical_width + offset - width * 1000 * from_units / font_size
            if kerning:
                string += f">{int(kerning)}<"
            self.glyphs.append((index, glyph_id, own, text))
        self.string = string[:-1] if string[-1] == "<" else string + ">"
