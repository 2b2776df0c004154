"""SVG → PNG in process: librsvg draws (the library `rsvg-convert` is built on, so the same
pixels), and the PNG is written here, quickly.

Measured on the 352 charts of the 300-workflow base (bench/RESULTS.md): `rsvg-convert` spent
about 0.2 s of CPU a chart, three quarters of it in cairo's PNG writer (every row tried with
all five PNG filters, then zlib level 6), most of the rest starting the process and loading
the fonts. A chart is a few flat colours on white, so rows left unfiltered and zlib level 1
make files no larger than cairo's in a fraction of the time, and calling librsvg through
ctypes loads the fonts once per thread. ctypes lets go of the GIL during each C call and
zlib does while it compresses, so the renderer's threads draw on every core.

Where librsvg or cairo cannot be loaded, or an SVG has no size of its own (a logo with only
a viewBox), :func:`to_png` returns None and the caller runs `rsvg-convert` as before.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import math
import struct
import threading
import zlib
from functools import lru_cache

from PIL import Image  # pillow is WeasyPrint's dependency: cairo's BGRX rows → RGB

ENCODING = "png-rgb-unfiltered-zlib1"  # part of the content store key: change it with the code
ZLIB_LEVEL = 1
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
METRES_PER_INCH = 0.0254
CAIRO_FORMAT_ARGB32 = 0
_P = ctypes.c_void_p
_D = ctypes.c_double


class _Viewport(ctypes.Structure):  # RsvgRectangle
    _fields_ = [("x", _D), ("y", _D), ("width", _D), ("height", _D)]


class _GError(ctypes.Structure):
    _fields_ = [("domain", ctypes.c_uint32), ("code", ctypes.c_int), ("message", ctypes.c_char_p)]


class RasterError(RuntimeError):
    """librsvg could not read or draw an SVG (its message says why)."""


class _Libraries:
    """The C functions used, with their signatures (ctypes would guess int otherwise)."""

    def __init__(self) -> None:
        rsvg, cairo, gobject = (_load(name) for name in ("rsvg-2", "cairo", "gobject-2.0"))
        self.new = _fn(rsvg.rsvg_handle_new_from_data, _P,
                       ctypes.c_char_p, ctypes.c_size_t, ctypes.POINTER(_P))
        self.set_dpi = _fn(rsvg.rsvg_handle_set_dpi_x_y, None, _P, _D, _D)
        self.size = _fn(rsvg.rsvg_handle_get_intrinsic_size_in_pixels, ctypes.c_int,
                        _P, ctypes.POINTER(_D), ctypes.POINTER(_D))  # librsvg ≥ 2.52
        self.draw = _fn(rsvg.rsvg_handle_render_document, ctypes.c_int,
                        _P, _P, ctypes.POINTER(_Viewport), ctypes.POINTER(_P))
        self.unref = _fn(gobject.g_object_unref, None, _P)
        self.error_free = _fn(rsvg.g_error_free, None, _P)
        self.surface = _fn(cairo.cairo_image_surface_create, _P,
                           ctypes.c_int, ctypes.c_int, ctypes.c_int)
        self.surface_status = _fn(cairo.cairo_surface_status, ctypes.c_int, _P)
        self.surface_data = _fn(cairo.cairo_image_surface_get_data, _P, _P)
        self.stride = _fn(cairo.cairo_image_surface_get_stride, ctypes.c_int, _P)
        self.flush = _fn(cairo.cairo_surface_flush, None, _P)
        self.surface_free = _fn(cairo.cairo_surface_destroy, None, _P)
        self.context = _fn(cairo.cairo_create, _P, _P)
        self.context_free = _fn(cairo.cairo_destroy, None, _P)
        self.colour = _fn(cairo.cairo_set_source_rgb, None, _P, _D, _D, _D)
        self.paint = _fn(cairo.cairo_paint, None, _P)


def _load(name: str) -> ctypes.CDLL:
    path = ctypes.util.find_library(name)
    if path is None:
        raise OSError(f"lib{name} not found")
    return ctypes.CDLL(path)


def _fn(function, restype, *argtypes):
    function.restype, function.argtypes = restype, list(argtypes)
    return function


@lru_cache(maxsize=1)
def _libraries() -> _Libraries | None:
    try:
        return _Libraries()
    except (OSError, AttributeError):  # not installed, or a librsvg older than 2.52
        return None


def available() -> bool:
    return _libraries() is not None


_one_at_a_time = threading.Lock()  # only while librsvg parses: see to_png


def to_png(svg: bytes, dpi: int) -> bytes | None:
    """The SVG on white at ``dpi``, as PNG; None when this path cannot draw it (the caller
    falls back to `rsvg-convert`)."""
    lib = _libraries()
    if lib is None:
        return None
    handle = _parse(lib, svg)
    try:
        lib.set_dpi(handle, float(dpi), float(dpi))
        width, height = _D(), _D()
        if not lib.size(handle, ctypes.byref(width), ctypes.byref(height)):
            return None  # no width/height: rsvg-convert's own rules decide the size
        pixels = _draw(lib, handle, width.value, height.value)
    finally:
        lib.unref(handle)
    if pixels is None:
        return None
    return encode(*pixels, dpi=dpi)


def _parse(lib: _Libraries, svg: bytes) -> int:
    error = _P()
    # librsvg parses with libxml2, whose set-up is not documented as safe to run from two
    # threads at once; parsing is ~2 % of the time, so it is simply done one at a time.
    with _one_at_a_time:
        handle = lib.new(svg, len(svg), ctypes.byref(error))
    if not handle:
        raise RasterError(_message(lib, error))
    return handle


def _draw(lib: _Libraries, handle: int, width: float,
          height: float) -> tuple[int, int, bytes] | None:
    """(width, height, RGB bytes); rsvg-convert's surface: whole pixels rounded up."""
    columns, rows = math.ceil(width), math.ceil(height)
    surface = lib.surface(CAIRO_FORMAT_ARGB32, columns, rows)
    try:
        if lib.surface_status(surface) != 0:  # too big for cairo: let rsvg-convert say so
            return None
        context = lib.context(surface)
        lib.colour(context, 1.0, 1.0, 1.0)
        lib.paint(context)
        error = _P()
        drawn = lib.draw(handle, context, ctypes.byref(_Viewport(0, 0, width, height)),
                         ctypes.byref(error))
        lib.context_free(context)
        if not drawn:
            raise RasterError(_message(lib, error))
        lib.flush(surface)
        stride = lib.stride(surface)
        memory = (ctypes.c_ubyte * (stride * rows)).from_address(lib.surface_data(surface))
        # cairo keeps pixels as 32-bit native-endian ARGB: B, G, R, A bytes on this machine;
        # on white every pixel is opaque, so dropping alpha loses nothing.
        rgb = Image.frombuffer("RGB", (columns, rows), memory, "raw", _BGRX, stride, 1).tobytes()
    finally:
        lib.surface_free(surface)
    return columns, rows, rgb


_BGRX = "BGRX" if struct.pack("=I", 1)[0] == 1 else "XRGB"


def _message(lib: _Libraries, error: ctypes.c_void_p) -> str:
    if not error.value:
        return "librsvg failed without saying why"
    text = ctypes.cast(error, ctypes.POINTER(_GError)).contents.message or b""
    lib.error_free(error)
    return text.decode("utf-8", "replace")


def encode(width: int, height: int, rgb: bytes, dpi: int) -> bytes:
    """An 8-bit RGB PNG: each row with filter 0 (none), deflated at zlib level 1, and a pHYs
    chunk so Word and image viewers know its print size."""
    row = 3 * width
    view = memoryview(rgb)
    raw = b"".join(piece for y in range(height)
                   for piece in (b"\0", view[y * row:(y + 1) * row]))
    per_metre = round(dpi / METRES_PER_INCH)
    return b"".join((
        PNG_SIGNATURE,
        _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)),
        _chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)),
        _chunk(b"IDAT", zlib.compress(raw, ZLIB_LEVEL)),
        _chunk(b"IEND", b""),
    ))


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
