"""Font subsetting with HarfBuzz, as WeasyPrint subsets (glyph ids kept, CFF
desubroutinised, layout tables dropped), for the union of the glyphs the parts of a book
use. Its own small cffi binding: WeasyPrint's does not declare loading a face from bytes.
"""
from __future__ import annotations

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
    # First keep only the used glyphs at their ids, then drop the empty ones after the
    # last: WeasyPrint's two passes, so a joined book embeds what a one-piece print would.
    kept = _subset_face(ffi, hb, hb_subset, face, glyphs,
                        RETAIN_GIDS | PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE, drop=True)
    if kept is None:
        return None
    final = _subset_face(ffi, hb, hb_subset, kept, set(range(max(glyphs) + 1)),
                         PASSTHROUGH_UNRECOGNIZED | DESUBROUTINIZE | NO_HINTING, drop=False)
    return None if final is None else _face_bytes(ffi, hb, final)


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


def _subset_face(ffi, hb, hb_subset, face, glyphs: set[int], flags: int, drop: bool):
    plan = ffi.gc(hb_subset.hb_subset_input_create_or_fail(), hb_subset.hb_subset_input_destroy)
    if plan == ffi.NULL:
        return None
    glyph_set = hb_subset.hb_subset_input_glyph_set(plan)
    for glyph in sorted(glyphs):
        hb.hb_set_add(glyph_set, glyph)
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
