"""WeasyPrint's text layouts set up from per-process caches instead of from scratch.

WeasyPrint 70.0 makes a Pango layout for every piece of text it measures or breaks
(``text.line_break.Layout.setup``: ~44,000 for the sample's 39 documents), and for each it
creates a new Pango context, a new font description and the font-feature string, all from
the same few styles. The context only carries the font map, the base direction and the
language, and the layout copies the font description: one of each per distinct set of
inputs serves every layout. ``install()`` swaps in a ``setup`` that keeps them in a dict
on the FontConfiguration (so they live exactly as long as the fonts they were made from);
the layouts, their text and their attributes are made as before, so the same glyphs are
placed at the same positions (tests/test_pangocache.py compares the PDFs).

Pinned: a WeasyPrint other than ``VERSION`` runs unpatched.
"""
from __future__ import annotations

import importlib
from typing import Any

from .weasypatch import Patch, Site

VERSION = "70.0"
_CACHE = "_sopkit_layout_parts"  # the attribute on the FontConfiguration


def _language(style: Any, line_break: Any) -> str | None:
    """The language tag the layout's context gets (as WeasyPrint's setup picks it)."""
    override = style["font_language_override"]
    if override != "normal":
        return line_break.LST_TO_ISO.get(override.lower(), override)
    return style["lang"] or None


def _context(cache: dict, style: Any, lb: Any) -> tuple[Any, Any]:
    """The Pango context and language for this style's font map, direction and language."""
    lang = _language(style, lb)
    key = ("context", style["direction"], lang)
    found = cache.get(key)
    if found is None:
        context = lb.ffi.gc(lb.pango.pango_font_map_create_context(style.font_config.font_map),
                            lb.gobject.g_object_unref)
        lb.pango.pango_context_set_round_glyph_positions(context, False)
        lb.pango.pango_context_set_base_dir(context, lb.PANGO_DIRECTION[style["direction"]])
        if lang:
            lang_p, _keep = lb.unicode_to_char_p(lang)
            language = lb.pango.pango_language_from_string(lang_p)
            lb.pango.pango_context_set_language(context, language)
        else:
            language = lb.pango.pango_language_get_default()
        found = cache[key] = (context, language)
    return found


_FONT_KEYS = ("font_style", "font_stretch", "font_weight", "font_size", "font_variant_caps",
              "font_variation_settings")
_FEATURE_KEYS = ("font_kerning", "font_variant_ligatures", "font_variant_position",
                 "font_variant_caps", "font_variant_numeric", "font_variant_alternates",
                 "font_variant_east_asian", "font_feature_settings")


def _font(cache: dict, style: Any, lb: Any) -> tuple[tuple, Any]:
    """The font description (Pango copies it into each layout) and its cache key."""
    key = ("font", tuple(style["font_family"]), *(style[name] for name in _FONT_KEYS))
    description = cache.get(key)
    if description is None:
        description = cache[key] = lb.get_font_description(style)
    return key, description


def _metrics(cache: dict, context: Any, language: Any, key: tuple, description: Any,
             lb: Any) -> tuple[float, ...]:
    """Ascent and decoration lines of the font, for underlined or struck text."""
    found = cache.get(("metrics", context, key))
    if found is None:
        pango = lb.pango
        metrics = lb.ffi.gc(pango.pango_context_get_metrics(context, description, language),
                            pango.pango_font_metrics_unref)
        getters = (pango.pango_font_metrics_get_ascent,
                   pango.pango_font_metrics_get_underline_position,
                   pango.pango_font_metrics_get_strikethrough_position,
                   pango.pango_font_metrics_get_underline_thickness,
                   pango.pango_font_metrics_get_strikethrough_thickness)
        found = tuple(lb.FROM_UNITS * getter(metrics) for getter in getters)
        cache[("metrics", context, key)] = found
    return found


def _features(cache: dict, style: Any, lb: Any) -> Any:
    """The Pango attribute of the style's OpenType features, or None for none."""
    key = ("features", *(style[name] for name in _FEATURE_KEYS))
    if key not in cache:
        features = lb.font_features(*(style[name] for name in _FEATURE_KEYS))
        attr = None
        if features:
            text = ",".join(f"{name} {value}" for name, value in features.items()).encode()
            known = style.font_config.font_features
            attr = known.get(text)
            if attr is None:  # WeasyPrint keeps one attribute per feature string
                attr = known[text] = lb.pango.pango_attr_font_features_new(text)
        cache[key] = attr
    return cache[key]


def _setup(lb: Any, original: Any):
    def setup(self: Any, style: Any) -> None:
        self.style = style
        self.first_line_direction = 0
        config = style.font_config
        cache = config.__dict__.setdefault(_CACHE, {})
        try:
            context, self.language = _context(cache, style, lb)
            key, description = _font(cache, style, lb)
        except TypeError:  # a style value that cannot be a key: set up as WeasyPrint does
            original(self, style)
            return
        pango = lb.pango
        self.layout = lb.ffi.gc(pango.pango_layout_new(context), lb.gobject.g_object_unref)
        pango.pango_layout_set_auto_dir(self.layout, False)
        pango.pango_layout_set_font_description(self.layout, description)
        if style["text_decoration_line"] != "none":
            (self.ascent, self.underline_position, self.strikethrough_position,
             self.underline_thickness, self.strikethrough_thickness) = _metrics(
                cache, context, self.language, key, description, lb)
        else:
            self.ascent = self.underline_position = self.strikethrough_position = None
        attr = _features(cache, style, lb)
        if attr is not None:
            # a list of its own: set_text adds spacing attributes to the layout's list
            attr_list = pango.pango_attr_list_new()
            pango.pango_attr_list_insert(attr_list, attr)
            pango.pango_layout_set_attributes(self.layout, attr_list)

    setup.sopkit_cached = True  # type: ignore[attr-defined]
    return setup


def _sites() -> list[Site]:
    return [(importlib.import_module("weasyprint.text.line_break").Layout, "setup")]


PATCH = Patch(VERSION, _sites, lambda originals: [
    _setup(importlib.import_module("weasyprint.text.line_break"), originals[0])])
install, switch = PATCH.install, PATCH.switch
