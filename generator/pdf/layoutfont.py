"""A smaller copy of the CJK font for WeasyPrint to lay documents out with.

Every PDF embeds a subset of each font it uses, cut by WeasyPrint from the font the text
was laid out with. Cut from Noto Sans CJK (65,000 glyphs, 20 MB a weight) that costs ~80 ms
per font per PDF, mostly spent walking the glyph ids up to the last one used; a build cuts
~130 of them. Cut from a copy already reduced to the characters Chinese documents use
(GB 2312, Big5's common hanzi, Latin, punctuation: ~10,000 characters, ~18,600 glyphs with
their variants) it costs about a third. The copy is made once (~0.4 s a weight) and kept in
the store. The character set is fixed, not read from the content, so an edit never changes
the font every other PDF embeds. A character outside it is still drawn in the same family:
the installed font follows the copy in every font-family list, and Pango falls back to it.

A document in a Chinese locale gets a copy keyed by its language: the copy keeps only that
language's OpenType language system (and the scripts' defaults), so the other regions'
forms that `locl` maps to (Japanese, Korean, the other Chinese, Hong Kong's: ~8,500 of
Noto Sans CJK SC's 18,977 glyphs) go, and every subset is cut from ~10,450 glyphs.
HarfBuzz shapes the document's text with the same lookups as before (its language system
is kept), so it prints the same glyphs. A run Pango gives another language (kana: ja) falls
back to the script's default forms. English keeps the full copy: Pango may give its CJK
runs any language.
"""
from __future__ import annotations

import hashlib
import re
import shutil
import struct
import subprocess
from functools import cache
from pathlib import Path
from urllib.parse import quote, unquote

from .. import store
from ..buildcache import file_fingerprint
from .hbsubset import subset_to_characters

STORE_KIND = "layout-fonts"
RECIPE = "layout font v1"  # a new recipe (other characters, other cut) is a new key
WEIGHTS = {"regular": 400, "bold": 700}
# The OpenType language system HarfBuzz selects for a document language (its lang
# attribute), where the copy keeps only that one.
LANGUAGE_SYSTEMS = {"zh-Hans": "ZHS", "zh-Hant": "ZHT"}
_URL = re.compile(r"fonts/([^/]+)/(regular|bold)/(?:([A-Za-z-]+)/)?[0-9a-f]+\.otf")

# Latin, general punctuation, CJK symbols and punctuation, full-width forms.
_RANGES = ((0x20, 0x7F), (0xA0, 0x180), (0x2000, 0x2070), (0x2100, 0x2200), (0x2460, 0x2500),
           (0x25A0, 0x2600), (0x3000, 0x3040), (0xFE30, 0xFE50), (0xFF00, 0xFFF0))
# Double-byte codes of GB 2312 (all of it) and Big5 up to the end of its common hanzi.
_CODE_PAGES = (("gb2312", range(0xA1, 0xF8), tuple(range(0xA1, 0xFF))),
               ("big5", range(0xA1, 0xC7), (*range(0x40, 0x7F), *range(0xA1, 0xFF))))


@cache
def characters() -> frozenset[int]:
    """The code points every layout font keeps."""
    kept = {code for start, end in _RANGES for code in range(start, end)}
    for codec, leads, trails in _CODE_PAGES:
        for lead in leads:
            for trail in trails:
                try:
                    kept.update(map(ord, bytes((lead, trail)).decode(codec)))
                except UnicodeDecodeError:
                    continue
    return frozenset(kept)


@cache
def _installed(family: str, weight: str) -> tuple[str, int] | None:
    """The file and face index fontconfig picks for the family in that weight, or None
    when it would substitute another family (nothing of ours to cut then) or embolden
    the regular face (no bold file: the regular copy is emboldened the same way)."""
    if shutil.which("fc-match") is None:
        return None
    found = subprocess.run(["fc-match", "-f", "%{family}\n%{file}\n%{index}\n%{embolden}",
                            f"{family}:weight={weight}"],
                           capture_output=True, text=True, check=False).stdout.split("\n")
    if len(found) != 4 or family not in found[0].split(",") or found[3] == "True":
        return None
    return found[1], int(found[2] or 0)


@cache
def _key(family: str, weight: str, lang: str | None = None) -> str | None:
    installed = _installed(family, weight)
    if installed is None:
        return None
    path, index = installed
    chars = hashlib.sha256(repr(sorted(characters())).encode()).hexdigest()
    system = LANGUAGE_SYSTEMS.get(lang or "")
    variant = (f"only language system {system}",) if system else ()  # none: the full copy's key
    return store.key_of(RECIPE, file_fingerprint(Path(path)), str(index), chars, *variant)


@cache
def face_bytes(family: str, weight: str, lang: str | None = None) -> bytes | None:
    """The layout copy of one weight for a document in ``lang``: from the store, else cut
    now (and kept). A language of its own is cut from the installed font with the other
    language systems dropped (the full copy is not needed for it); if the font has no
    layout table to drop them from, the full copy it is."""
    key, installed = _key(family, weight, lang), _installed(family, weight)
    if key is None or installed is None:
        return None
    data = store.load(STORE_KIND, key)
    if data is None:
        system = LANGUAGE_SYSTEMS.get(lang or "")
        source = Path(installed[0]).read_bytes()
        data = (_one_language(source, installed[1], system) if system else
                subset_to_characters(source, installed[1], characters()))
        if data is None:
            return face_bytes(family, weight) if system else None
        store.save(STORE_KIND, key, data)
    return data


def _one_language(font: bytes, index: int, system: str) -> bytes | None:
    """Face ``index`` of ``font`` cut to the characters, without the language systems other
    than ``system`` (the scripts' defaults stay), so that the glyphs only their lookups
    reached go; None without GSUB. The records are dropped in the GSUB table's bytes (each
    script's count lowered, the kept record moved first): HarfBuzz's cut serialises only
    what it reaches, so this gives the bytes that cutting the full copy, then dropping the
    records with fontTools and cutting again gave (0.11 s a weight instead of 0.5 s)."""
    found = _table(font, index, b"GSUB")
    if found is None:
        return None
    edited = bytearray(font)
    scripts = found + struct.unpack_from(">H", edited, found + 4)[0]
    for number in range(struct.unpack_from(">H", edited, scripts)[0]):
        script = scripts + struct.unpack_from(">4sH", edited, scripts + 2 + 6 * number)[1]
        records = [struct.unpack_from(">4sH", edited, script + 4 + 6 * record)
                   for record in range(struct.unpack_from(">H", edited, script + 2)[0])]
        kept = [record for record in records if record[0].strip() == system.encode()]
        struct.pack_into(">H", edited, script + 2, len(kept))
        for place, record in enumerate(kept):
            struct.pack_into(">4sH", edited, script + 4 + 6 * place, *record)
    return subset_to_characters(bytes(edited), index, characters())


def _table(font: bytes, index: int, tag: bytes) -> int | None:
    """The offset of face ``index``'s table ``tag`` (a collection's faces share tables: the
    edit above is made on this process's copy of the bytes), or None if it has none."""
    directory = struct.unpack_from(">I", font, 12 + 4 * index)[0] if font[:4] == b"ttcf" else 0
    for number in range(struct.unpack_from(">H", font, directory + 4)[0]):
        found, _, offset, _ = struct.unpack_from(">4sIII", font, directory + 12 + 16 * number)
        if found == tag:
            return int(offset)
    return None


def private_family(family: str) -> str:
    """The copy's family name. WeasyPrint names the PDF font after it (spaces as dashes):
    it must stay a plain PDF name, so no brackets or other delimiters are added."""
    return f"{family} Sopkit"


def faces_css(family: str, base_url: str, lang: str | None = None) -> str:
    """@font-face rules naming the layout copies for a document in ``lang`` (served by
    ``font_file``); empty when the family has no file to cut from. The content key in each
    URL makes a new font a new stylesheet, so cached prints keyed by their stylesheets are
    printed again."""
    rules = []
    for weight, number in WEIGHTS.items():
        # Cut (or loaded) here, in the process that lays out the stylesheets, before it
        # starts the workers: they inherit the bytes instead of each cutting its own.
        key = _key(family, weight, lang)
        if key is not None and face_bytes(family, weight, lang) is not None:
            url = _css_string(base_url + _path(family, weight, lang, key))
            rules.append(f"@font-face {{ font-family: {_css_string(private_family(family))}; "
                         f"font-weight: {number}; src: url({url}); }}")
    return "\n".join(rules)


def has_copy(family: str) -> bool:
    """Whether the family has a file to cut copies from (answered without cutting one: a
    Chinese build needs only its language's copies)."""
    return any(_key(family, weight) is not None for weight in WEIGHTS)


def family_list(family: str) -> str:
    """The CSS font-family value: the layout copy first when there is one, then the
    installed family (every character the copy lacks). A copy of a language exists when
    the full one does."""
    names = [private_family(family)] if has_copy(family) else []
    return ", ".join(_css_string(name) for name in [*names, family])


_SVG_FAMILY = re.compile(rb'font-family="([^",]+)"')


def svg_for_layout(svg: bytes) -> bytes:
    """A diagram whose text names the layout copy before each installed family
    (Graphviz writes one family per text): its labels then share the document's embedded
    font instead of adding a subset of the full one."""
    def replaced(match: re.Match[bytes]) -> bytes:
        family = match.group(1).decode("utf-8", "replace")
        if not has_copy(family):
            return match.group(0)
        names = f"{private_family(family)},{family}".replace('"', "")
        return b'font-family="' + names.encode("utf-8") + b'"'
    return _SVG_FAMILY.sub(replaced, svg)


def font_file(path: str) -> bytes | None:
    """The layout copy a URL path from faces_css names, or None if it names none."""
    match = _URL.fullmatch(path)
    if match is None:
        return None
    return face_bytes(unquote(match.group(1)), match.group(2), match.group(3))


def _path(family: str, weight: str, lang: str | None, key: str) -> str:
    language = f"{lang}/" if LANGUAGE_SYSTEMS.get(lang or "") else ""
    return f"fonts/{quote(family, safe='')}/{weight}/{language}{key[:16]}.otf"


def _css_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ")
    return f'"{escaped}"'
