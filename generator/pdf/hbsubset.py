"""Font subsetting with HarfBuzz, as WeasyPrint subsets (glyph ids kept, CFF
desubroutinised, layout tables dropped), for the union of the glyphs the parts of a book
use, and for each PDF WeasyPrint writes (onepass.py). Its own small cffi binding:
WeasyPrint's does not declare loading a face from bytes.

WeasyPrint cuts in two passes: the used glyphs at their ids (hinted), then ids 0 up to the
last used one (unhinted), which drops the glyphs HarfBuzz's closure kept above it (the
variants cmap's format 14 maps the used characters to) and a cmap left with no character
map. One unhinted pass that keeps the ids gives the same bytes for a CFF font whenever it
kept no glyph above the last used one and a cmap mapping characters (most fonts of most
PDFs, bench/RESULTS.md "fonts18"); only otherwise is the second pass run, over the first
one's result.
"""
from __future__ import annotations

import struct
from collections.abc import Iterable
from functools import cache

from cffi import FFI

_DECLARATIONS = """
typedef struct hb_blob_t hb_blob_t;
typedef struct hb_face_t hb_face_t;
typedef struct hb_set_t hb_set_t;
typedef struct hb_subset_input_t hb_subset_input_t;
typedef uint32_t hb_codepoint_t;
typedef uint32_t hb_tag_t;
hb_blob_t *hb_blob_create (const char *data, unsigned int length, int mode,
                           void *user_data, void *destroy);
const char *hb_blob_get_data (hb_blob_t *blob, unsigned int *length);
void hb_blob_destroy (hb_blob_t *blob);
hb_face_t *hb_face_create (hb_blob_t *blob, unsigned int index);
hb_blob_t *hb_face_reference_blob (hb_face_t *face);
void hb_face_destroy (hb_face_t *face);
void hb_set_add (hb_set_t *set, hb_codepoint_t codepoint);
void hb_set_add_range (hb_set_t *set, hb_codepoint_t first, hb_codepoint_t last);
void hb_set_add_sorted_array (hb_set_t *set, const hb_codepoint_t *sorted_codepoints,
                              unsigned int num_codepoints);
hb_tag_t hb_tag_from_string (const char *str, int len);
hb_subset_input_t *hb_subset_input_create_or_fail (void);
void hb_subset_input_destroy (hb_subset_input_t *input);
hb_set_t *hb_subset_input_glyph_set (hb_subset_input_t *input);
hb_set_t *hb_subset_input_set (hb_subset_input_t *input, int set_type);
hb_set_t *hb_subset_input_unicode_set (hb_subset_input_t *input);
void hb_subset_input_set_flags (hb_subset_input_t *input, unsigned int value);
hb_face_t *hb_subset_or_fail (hb_face_t *source, const hb_subset_input_t *input);
"""
MEMORY_MODE_READONLY = 1
SETS_DROP_TABLE_TAG = 3
NO_HINTING, RETAIN_GIDS, DESUBROUTINIZE, PASSTHROUGH_UNRECOGNIZED = 0x1, 0x2, 0x4, 0x20
NOTDEF_OUTLINE = 0x40
_FINAL = NO_HINTING | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE  # WeasyPrint's second pass
# the tables WeasyPrint drops from embedded fonts
DROPPED_TABLES = (b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF",
                  b"LTSH", b"PCLT", b"SVG ")


@cache
def _libraries():
    ffi = FFI()
    ffi.cdef(_DECLARATIONS)
    return ffi, ffi.dlopen("libharfbuzz.so.0"), ffi.dlopen("libharfbuzz-subset.so.0")


def subset(font: bytes, index: int, glyphs: set[int]) -> bytes | None:
    """``font`` (face ``index`` of a collection) cut down to ``glyphs``, each keeping its
    id; None if HarfBuzz cannot subset it."""
    try:
        ffi, hb, hb_subset = _libraries()
    except OSError:  # no libharfbuzz-subset: the parts keep their own subsets
        return None
    data = ffi.from_buffer(font)
    blob = ffi.gc(hb.hb_blob_create(data, len(font), MEMORY_MODE_READONLY, ffi.NULL, ffi.NULL),
                  hb.hb_blob_destroy)
    face = ffi.gc(hb.hb_face_create(blob, index), hb.hb_face_destroy)
    return _cut(ffi, hb, hb_subset, face, sorted(glyphs), 0) if glyphs else None


def subset_loaded(face_address: int, glyphs: Iterable[int], notdef_outline: bool) -> bytes | None:
    """What WeasyPrint's two passes cut from a face it loaded (``face_address``: its
    hb_face_t), in one pass where they agree; None if HarfBuzz cannot subset it."""
    ffi, hb, hb_subset = _libraries()
    face = ffi.cast("hb_face_t *", face_address)
    return _cut(ffi, hb, hb_subset, face, sorted(glyphs), NOTDEF_OUTLINE if notdef_outline else 0)


def _cut(ffi, hb, hb_subset, face, glyphs: list[int], extra: int) -> bytes | None:
    """WeasyPrint's subset of ``face`` (``glyphs`` sorted), unhinted."""
    kept = _subset_face(ffi, hb, hb_subset, face, glyphs, RETAIN_GIDS | _FINAL | extra, drop=True)
    if kept is None:
        return None
    content = _face_bytes(ffi, hb, kept)
    if _as_second_pass_leaves_it(content, glyphs[-1]):
        return content
    final = _subset_face(ffi, hb, hb_subset, kept, range(glyphs[-1] + 1), _FINAL | extra,
                         drop=False)
    return None if final is None else _face_bytes(ffi, hb, final)


def _as_second_pass_leaves_it(font: bytes, last: int) -> bool:
    """A CFF font (a TrueType one loses tables such as FontForge's FFTM in the second
    pass) with no glyph after ``last`` (the ids the second pass keeps are all of them) and
    a cmap mapping characters, not only variation sequences (the second pass drops a cmap
    without a character map)."""
    if font[:4] != b"OTTO":
        return False
    tables = {}
    for entry in range(struct.unpack_from(">H", font, 4)[0]):
        tag, _, offset, length = struct.unpack_from(">4sIII", font, 12 + 16 * entry)
        tables[tag] = offset
    if b"maxp" not in tables or b"cmap" not in tables:
        return False
    glyph_count = struct.unpack_from(">H", font, tables[b"maxp"] + 4)[0]
    return glyph_count == last + 1 and _maps_characters(font, tables[b"cmap"])


def _maps_characters(font: bytes, cmap: int) -> bool:
    """A cmap subtable other than format 14 (variation sequences)."""
    for record in range(struct.unpack_from(">H", font, cmap + 2)[0]):
        subtable = struct.unpack_from(">I", font, cmap + 4 + 8 * record + 4)[0]
        if struct.unpack_from(">H", font, cmap + subtable)[0] != 14:
            return True
    return False


def subset_to_characters(font: bytes, index: int, characters: frozenset[int]) -> bytes | None:
    """A font to lay text out with: ``font`` (face ``index``) cut down to ``characters``,
    with HarfBuzz's default layout features, glyphs renumbered; None if HarfBuzz cannot."""
    try:
        ffi, hb, hb_subset = _libraries()
    except OSError:
        return None
    data = ffi.from_buffer(font)
    blob = ffi.gc(hb.hb_blob_create(data, len(font), MEMORY_MODE_READONLY, ffi.NULL, ffi.NULL),
                  hb.hb_blob_destroy)
    face = ffi.gc(hb.hb_face_create(blob, index), hb.hb_face_destroy)
    plan = ffi.gc(hb_subset.hb_subset_input_create_or_fail(), hb_subset.hb_subset_input_destroy)
    if plan == ffi.NULL:
        return None
    wanted = hb_subset.hb_subset_input_unicode_set(plan)
    for character in sorted(characters):
        hb.hb_set_add(wanted, character)
    result = hb_subset.hb_subset_or_fail(face, plan)
    if result == ffi.NULL:
        return None
    return _face_bytes(ffi, hb, ffi.gc(result, hb.hb_face_destroy))


def _subset_face(ffi, hb, hb_subset, face, glyphs: list[int] | range, flags: int, drop: bool):
    """``face`` cut to ``glyphs`` (sorted; a range is added as one)."""
    plan = ffi.gc(hb_subset.hb_subset_input_create_or_fail(), hb_subset.hb_subset_input_destroy)
    if plan == ffi.NULL:
        return None
    glyph_set = hb_subset.hb_subset_input_glyph_set(plan)
    if isinstance(glyphs, range):
        hb.hb_set_add_range(glyph_set, glyphs.start, glyphs.stop - 1)
    else:
        hb.hb_set_add_sorted_array(glyph_set, ffi.new("hb_codepoint_t[]", glyphs), len(glyphs))
    hb_subset.hb_subset_input_set_flags(plan, flags)
    if drop:
        tables = hb_subset.hb_subset_input_set(plan, SETS_DROP_TABLE_TAG)
        for tag in DROPPED_TABLES:
            hb.hb_set_add(tables, hb.hb_tag_from_string(tag, -1))
    result = hb_subset.hb_subset_or_fail(face, plan)
    return None if result == ffi.NULL else ffi.gc(result, hb.hb_face_destroy)


def _face_bytes(ffi, hb, face) -> bytes:
    blob = hb.hb_face_reference_blob(face)
    length = ffi.new("unsigned int *")
    data = hb.hb_blob_get_data(blob, length)
    content = ffi.unpack(data, length[0])
    hb.hb_blob_destroy(blob)
    return content
