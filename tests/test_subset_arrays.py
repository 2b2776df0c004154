"""WeasyPrint's font subsetting through open cffi arrays (generator/pdf/subsetarrays.py):
the same arrays and the same PDFs, without a pycparser run per array length."""
from __future__ import annotations

import pytest
from weasyprint import HTML
from weasyprint.pdf import fonts
from weasyprint.text.ffi import ffi

from generator.pdf import onepass, subsetarrays
from generator.pdf.subsetarrays import OpenArrays


def test_an_array_sized_by_its_values_is_the_same_array_of_one_open_type():
    arrays = OpenArrays(ffi)
    values = [3, 1, 4, 1, 5, 9, 2, 6]
    declared = f"hb_codepoint_t[{len(values)}]"
    made = arrays.new(declared, values)
    assert ffi.typeof(made) is ffi.typeof("hb_codepoint_t[]")
    assert ffi.sizeof(made) == ffi.sizeof(declared)
    assert list(made) == values
    assert arrays.new("hb_codepoint_t[]", values)[7] == 6


def test_other_allocations_are_left_as_asked():
    arrays = OpenArrays(ffi)
    assert ffi.typeof(arrays.new("hb_codepoint_t[4]")) is ffi.typeof("hb_codepoint_t[4]")
    fewer = arrays.new("hb_codepoint_t[4]", [7, 8])  # fewer values: the declared size
    assert ffi.sizeof(fewer) == ffi.sizeof("hb_codepoint_t[4]") and list(fewer) == [7, 8, 0, 0]
    assert arrays.new("unsigned int *", 5)[0] == 5
    assert arrays.NULL == ffi.NULL  # everything else is the wrapped FFI's


@pytest.fixture
def weasyprints_own_subset():
    """WeasyPrint's two subset passes, whose arrays these are (onepass.py cuts in its own
    binding), whatever test installed the patches before."""
    onepass.switch(False)
    yield
    onepass.switch(True)


@pytest.mark.usefixtures("weasyprints_own_subset")
def test_installing_it_leaves_the_pdf_byte_for_byte_the_same(monkeypatch):
    html = "<p style='font-family: \"Noto Sans CJK SC\"'>岗位职责 Job description 2026</p>"
    monkeypatch.setattr(fonts, "ffi", ffi)  # WeasyPrint's own, restored after the test
    before = HTML(string=html).write_pdf()
    subsetarrays.install()
    assert isinstance(fonts.ffi, OpenArrays)
    subsetarrays.install()  # once: not wrapped twice
    assert fonts.ffi.wrapped is ffi
    asked = []
    allocate = OpenArrays.new
    monkeypatch.setattr(OpenArrays, "new", lambda self, cdecl, init=None: (
        asked.append(cdecl), allocate(self, cdecl, init))[1])
    after = HTML(string=html).write_pdf()
    assert after == before
    # the subset's glyph arrays went through it (the used glyphs, then all ids up to them)
    assert sum(cdecl.startswith("hb_codepoint_t[") for cdecl in asked) >= 2, asked


@pytest.mark.parametrize("length", [123, 4567])
def test_a_new_length_parses_no_new_type(length):
    arrays = OpenArrays(ffi)
    arrays.new("hb_codepoint_t[]", [0])
    parsed = dict(ffi._parsed_types)
    arrays.new(f"hb_codepoint_t[{length}]", list(range(length)))
    assert f"hb_codepoint_t[{length}]" not in ffi._parsed_types
    assert len(ffi._parsed_types) == len(parsed)
