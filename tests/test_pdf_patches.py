"""WeasyPrint's text layouts set up from caches (generator/pdf/pangocache.py), its used
lengths resolved inline and kept by style (generator/pdf/percentfast.py), its cascade
shared (cascadeshare.py), its plain computed values made directly (stylefast.py), boxes
without a background answered directly (backfast.py) and the min- and max-content widths
of text kept per font configuration (widthmemo.py), lines of text split once per font
configuration (linememo.py), pages cascaded alike sharing their
styles (pageshare.py), charts' letters and strings laid out once (svgfast.py) and page content's
numbers and colours written without re-parsing (drawfast.py): the PDFs
are the bytes WeasyPrint's own code prints, for sample documents and for the cases the
sample does not have (other languages and directions, underlines, font features, calc()
and percentage lengths); another WeasyPrint version runs unpatched."""
from __future__ import annotations

import importlib
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.documents import render_documents
from generator.pdf import diagram_svgs, render_pdf
from generator.pdf import weasy as weasy_module
from generator.pipeline import check

ROOT = Path(__file__).resolve().parent.parent
PATCHES = ("pangocache", "percentfast", "cascadeshare", "stylefast", "backfast",
           "widthmemo", "linememo", "pageshare", "svgfast", "drawfast")


def _patch(name: str):
    return importlib.import_module(f"generator.pdf.{name}")


def _printed(render, patches: tuple[str, ...]) -> dict[bool, object]:
    """What ``render()`` prints with the patches switched off, then on."""
    printed = {}
    for on in (False, True):
        for name in patches:
            _patch(name).switch(on)
        printed[on] = render()
    return printed


@pytest.fixture(scope="module")
def sample():
    linked = check(ROOT / "sops").linked
    documents = {d.path: d for d in render_documents(linked)}
    # a role, a workflow with its chart in two parts, another chart drawn in the same
    # process (letters laid out before), a policy
    chosen = [documents["roles/sales-manager"], documents["workflows/complaint-handling"],
              documents["workflows/customer-reception"],
              next(d for p, d in documents.items() if p.startswith("policies/"))]
    return chosen, diagram_svgs(linked)


def test_sample_documents_print_the_same_bytes_patched(sample):
    documents, svgs = sample
    printed = _printed(lambda: [render_pdf(d.html, dict(d.meta), svgs) for d in documents],
                       PATCHES)
    assert printed[True] == printed[False]
    assert all(pdf.startswith(b"%PDF") for pdf in printed[True])


# Text in styles the sample never prints: each goes through a path of the patched setup
# (language override, rtl, underline metrics, OpenType features, letter spacing), of the
# inline percentages (calc(), %, auto heights, border-box, collapsed borders, one style
# in containing blocks of other widths, 0 among them), of the cascade (pseudo-elements
# asked for, one that sets an anchor, shared styles) or of the computed values (logical
# properties in both directions, var() in an inherited one) or of the backgrounds (radii,
# colours, currentcolor, hidden, shadows, gradients).
EDGE_CASES = """<html lang="zh-Hans"><head><style>
p.note::before { content: "注: "; color: red } li::marker { color: red }
h2.anchored::after { content: " §"; anchor: "after-h2" } td + td { font-weight: bold }
p.pct { width: 80%; padding: 2% 5%; margin-left: 10% }
</style></head><body>
<h2 class="anchored" id="h">标题 heading</h2><p class="note">带前缀 before</p>
<ul><li>一</li><li>二 two</li></ul><ol><li>三</li><li>四</li></ol>
<p style="text-decoration: underline">下划线 underlined</p>
<p style="text-decoration: line-through; font-size: 14pt">删除线 struck</p>
<p lang="en" dir="rtl" style="direction: rtl">right to left 123</p>
<p style="font-language-override: 'TRK'; font-feature-settings: 'liga' 0, 'kern' 0">
  official fi ffl 字形</p>
<p style="font-variant-numeric: tabular-nums; letter-spacing: 2px; word-spacing: 4px">
  0123 4567 间距</p>
<div style="width: calc(50% + 10px); padding: 5% 2%; margin: 1em auto;
  box-sizing: border-box; border: 3px solid; min-height: 10%">宽度 calc</div>
<div style="height: 30%; max-width: 80%; min-width: auto">高度百分比</div>
<table style="border-collapse: collapse; width: 90%"><tr>
  <td style="width: 30%; padding: 2%; border: 2px solid">甲</td>
  <td style="width: calc(20% - 4px); border: 1px dashed">乙 second cell</td></tr></table>
<p style="white-space: pre; tab-size: 4">tab\there</p>
<div style="width: 60%"><p class="pct">同一样式 one style</p></div>
<div style="width: 30%"><p class="pct">不同宽度 narrower block</p></div>
<div style="width: 0"><p class="pct">零</p></div>
<table style="width: 100%"><tr><td>首</td><td><p class="pct">短</p></td>
  <td><p class="pct">一个长得多的单元格 a much longer cell, so wider</p></td></tr></table>
<p style="margin-inline-start: 12px; padding-inline-end: 8%">逻辑属性 logical</p>
<div dir="rtl" style="direction: rtl"><p style="margin-inline-start: 20px">右起 rtl</p></div>
<div style="--gap: 6px; word-spacing: var(--gap)"><p>变量 var() inherited</p></div>
<div style="border-radius: 4px 0; background: #eef">圆角 <span style="border-radius: 10%;
  background: yellow">百分比圆角</span></div>
<p style="background-color: currentcolor; color: #cde">当前色</p>
<p style="color: hsl(120 50% 40%); border: 1px solid hwb(200 10% 20%)">色相 hsl hwb
  <span style="color: rgb(10 20 30 / 50%); outline: 1px solid hsl(120 50% 40%)">半透明</span>
  <span style="color: lab(50% 20 30)">lab</span></p>
<p style="visibility: hidden">隐藏 hidden</p><p style="visibility: hidden; box-shadow: 1px 1px">影</p>
<p style="box-shadow: 2px 2px 0 #888">阴影 shadow</p>
<p style="border: 2px solid #888; border-radius: 6px 12px">圆角边框 rounded border</p>
<p style="background-image: linear-gradient(red, blue)">渐变 gradient</p>
</body></html>"""


# Short texts drawn again in what changes how they are drawn (another size, weight,
# colour, spacing, justification, decorations, an ellipsis, a lone space, a tab, right to
# left), and a chart (svgfast.py) whose letters repeat in other sizes and weights, anchored, rotated, in em and percentages, dashed, coloured with
# opacity, with markers, a gradient and a clip path.
SHORT_TEXTS = """<html lang="zh-Hans"><head><style>
td { padding: 2px } .j { text-align: justify; width: 9em } .e { width: 2.5em;
overflow: hidden; white-space: nowrap; text-overflow: ellipsis }
</style></head><body>
<table><tr><td>销售</td><td>销售</td><td style="font-size: 9pt">销售</td>
<td style="font-weight: bold">销售</td><td style="color: red">销售</td>
<td style="letter-spacing: 1px">销售</td><td style="word-spacing: 5px">a b</td></tr>
<tr><td style="text-decoration: underline">销售</td><td style="text-decoration: line-through">
销售</td><td lang="en">Sales</td><td lang="en" style="font-size: 7pt">Sales</td>
<td dir="rtl" style="direction: rtl">abc</td><td style="white-space: pre">a	b</td>
<td style="white-space: pre"> </td></tr></table>
<p class="j">a b c d e f g h i j k l m n o p</p><p class="j">a b c d e f g h i j k l m n o p</p>
<p class="e">销售部门经理</p><p class="e">销售部门经理</p>
<svg xmlns="http://www.w3.org/2000/svg" width="300" height="160" viewBox="0 0 300 160">
<defs><linearGradient id="g"><stop offset="0" stop-color="red"/><stop offset="1"
stop-color="blue"/></linearGradient><marker id="m" markerWidth="4" markerHeight="4"
refX="2" refY="2" orient="auto"><path d="M0,0 L4,2 L0,4 z"/></marker>
<clipPath id="c"><rect x="0" y="0" width="150" height="160"/></clipPath></defs>
<g transform="scale(1 1) rotate(0) translate(4 156)" font-family="Noto Sans CJK SC">
<text x="40" y="-140" text-anchor="middle" font-size="14.00">销售部 销售</text>
<text x="40" y="-120" font-size="1.2em" font-weight="bold">销售 经理 Sales</text>
<text x="120" y="-120" font-size="10pt" fill="#336699" fill-opacity="0.5">销售经理</text>
<text x="200" y="-100" text-anchor="end" transform="rotate(-10)" font-size="80%">售后</text>
<text x="40" y="-80" letter-spacing="2" stroke="red" stroke-width="0.5">销售 Sales</text>
<polyline points="10,-10 60,-40 110,-10" fill="none" stroke="black"
stroke-dasharray="5,2" marker-end="url(#m)"/>
<polygon points="150,-10 200,-40 250,-10" fill="url(#g)" stroke="#000" opacity="0.7"/>
<rect x="5" y="-60" width="280" height="20" fill="none" stroke="currentColor"
clip-path="url(#c)" stroke-width="2px"/>
<text x="150" y="-50" text-anchor="middle" font-size="14.00">销售部 经理 Sales</text>
<text x="150" y="-30" font-size="14.00" font-weight="bold">Sales</text>
<text x="220" y="-30" font-size="14.00" font-style="italic">Sales</text>
</g></svg></body></html>"""


def test_short_texts_and_a_chart_print_the_same_bytes_patched():
    from weasyprint import HTML

    def render() -> list[bytes]:  # twice in one process: the second from what the first kept
        return [HTML(string=SHORT_TEXTS).write_pdf() for _ in range(2)]

    printed = _printed(render, PATCHES)
    assert printed[True] == printed[False]
    assert printed[True][0] == printed[True][1]


def test_edge_cases_print_the_same_bytes_patched():
    from weasyprint import HTML

    def render() -> bytes:
        return HTML(string=EDGE_CASES).write_pdf()

    printed = _printed(render, PATCHES)
    assert printed[True] == printed[False]


# One text in automatic table cells and margin boxes, in every style value that changes
# its measure (widthmemo.py keys on each: one left out serves the first width for all),
# over pages whose running header repeats but for a page number and a heading.
_SAME_TEXT = "客户投诉处理流程 complaint handling, internationalisation\t制度"
_CELL_STYLES = (  # (style, lang): the hyphenated cell measures as its neighbour would
    ("", "zh"), ("font-size: 14pt", "zh"), ("font-weight: bold", "zh"),
    ("letter-spacing: 3px", "zh"), ("word-spacing: 12px", "zh"), ("white-space: nowrap", "zh"),
    ("white-space: pre; tab-size: 12", "zh"), ("white-space: pre; tab-size: 2", "zh"),
    ("white-space: pre-line", "zh"), ("overflow-wrap: normal", "zh"),
    ("word-break: break-all; overflow-wrap: normal", "zh"), ("font-family: monospace", "zh"),
    ("font-variant-east-asian: full-width", "zh"), ("font-feature-settings: 'fwid'", "zh"),
    ("font-kerning: none", "zh"), ("font-variant-caps: small-caps", "zh"),
    ("direction: rtl", "zh"), ("text-decoration: underline", "zh"), ("font-style: italic", "zh"),
    ("overflow-wrap: normal", "en"), ("hyphens: auto; overflow-wrap: normal", "en"),
    ("hyphens: auto; overflow-wrap: normal; hyphenate-limit-chars: 12", "en"),
    ("hyphens: auto; overflow-wrap: normal; hyphenate-character: '~~~'", "en"),
    ("overflow-wrap: normal", "ja"))
WIDTH_CASES = """<html lang="zh-Hans"><head><style>
@page { size: A6; margin: 16mm 8mm;
  @top-left { content: "销售部作业指导书 handbook"; font-size: 8pt }
  @top-center { content: string(mark); font-size: 9pt }
  @top-right { content: "第 " counter(page) " 页"; font-size: 8pt } }
h2 { string-set: mark content(); font-size: 10pt }
table { border-collapse: collapse; margin: 2mm 0 } td { border: 1px solid; font-size: 8pt }
td:first-child { overflow-wrap: anywhere }
</style></head><body>""" + "".join(
    f'<h2>第 {index} 节</h2><table><tr><td style="{style}" lang="{lang}">{_SAME_TEXT}</td>'
    f"<td>{_SAME_TEXT[:8]}</td></tr></table>"
    for index, (style, lang) in enumerate(_CELL_STYLES)) + "</body></html>"


def test_text_widths_print_the_same_bytes_patched():
    """widthmemo.py's key: each style above gives the text another width (so the memo
    serves nothing from another style), in one document with one font configuration."""
    from weasyprint import HTML

    printed = _printed(lambda: HTML(string=WIDTH_CASES).write_pdf(), PATCHES)
    assert printed[True] == printed[False]
    assert len(PdfReader(io.BytesIO(printed[True])).pages) >= 3


# One paragraph broken into lines again and again (linememo.py keeps each split by its
# text, style values, width, justification and line start): at other widths, justified
# (the spacing a line is drawn with), hyphenated, after an inline box (not at a line's
# start: a word too long for its line is broken only there), broken anywhere, preserved
# newlines, underlined (the font's metrics the kept layout carries), cut by an ellipsis
# twice (drawing a clamped block's last line changes its layout's text: no two boxes may
# share one), in other sizes, weights and line heights (linememo.py keeps each style's
# strut too); the document printed twice in one process.
_PARAGRAPH = ("销售人员每日拜访客户并记录在客户关系管理系统中，internationalisation of "
              "customer relationship management, 每周汇总报告给销售经理审阅。")
_CLAMPED = "customer relationship management reports are reviewed weekly by the manager"
_LINE_STYLES = ("width: 100%", "width: 60%", "width: 31%", "width: 12em",
                "width: 60%; text-align: justify", "width: 31%; text-align: justify",
                "width: 60%; font-size: 13pt", "width: 60%; font-weight: bold",
                "width: 60%; text-decoration: underline", "width: 60%; letter-spacing: 1px",
                "width: 9em; overflow-wrap: anywhere", "width: 60%; word-spacing: 6px",
                "width: 60%; line-height: 2", "width: 60%; line-height: 1.5",
                "width: 60%; line-height: 30px",
                "width: 60%; line-height: 30px; font-size: 13pt",
                "width: 60%; font-family: monospace")
LINE_CASES = """<html lang="zh-Hans"><head><style>
p { margin: 1mm 0 } .e { width: 8em; white-space: nowrap; overflow: hidden;
text-overflow: ellipsis } .h { width: 7em; hyphens: auto; text-align: justify }
.c { width: 11em; line-clamp: 2 } .a { width: 4em; overflow-wrap: anywhere }
</style></head><body>""" + "".join(
    f'<p style="{style}">{_PARAGRAPH}</p><p style="{style}"><b>加粗</b>{_PARAGRAPH}</p>'
    for style in _LINE_STYLES) + f"""
<p class="e">{_PARAGRAPH}</p><p class="e">{_PARAGRAPH}</p>
<p class="c">{_PARAGRAPH}</p><p class="c">{_PARAGRAPH}</p>
<p class="c" lang="en">{_CLAMPED}</p><p class="c" lang="en">{_CLAMPED}</p>
<p class="a">internationalisation</p><p class="a"><span></span>internationalisation</p>
<p class="h" lang="en">internationalisation characteristically incomprehensibilities</p>
<p class="h" lang="en">internationalisation characteristically incomprehensibilities</p>
<p style="white-space: pre-wrap; width: 40%">{_PARAGRAPH}\n{_PARAGRAPH}</p>
<div style="width: 50%; text-align: justify">{_PARAGRAPH}<span style="font-size: 15pt">
大字</span>{_PARAGRAPH}</div></body></html>"""


def test_lines_split_again_print_the_same_bytes_patched():
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    def render() -> list[bytes]:  # twice in one font configuration: the second print's
        fonts = FontConfiguration()  # lines all come from what the first one kept
        return [HTML(string=LINE_CASES).write_pdf(font_config=fonts) for _ in range(2)]

    printed = _printed(render, PATCHES)
    assert printed[True] == printed[False]
    assert printed[True][0] == printed[True][1]
    assert len(PdfReader(io.BytesIO(printed[True][0])).pages) >= 2


# Pages of every kind (pageshare.py shares the styles of pages cascaded alike): first,
# left and right, blank, nth, named and landscape pages, page groups, margin boxes with page
# counters, running strings, leaders and lengths relative to the page (vw, set once the
# first page is made), a page counter incremented by 2 from the third page on.
PAGE_CASES = """<html lang="zh-Hans"><head><style>
@page { size: A6; margin: 18mm 10mm; @top-left { content: "页眉 " string(mark); font-size: 2.2vw }
  @top-right { content: leader(".") counter(page) "/" counter(pages); width: 30vw }
  @bottom-center { content: "第 " counter(page) " 页"; font-size: 8pt; padding: 0 2vw } }
@page :first { @top-left { content: none } margin-top: 25mm }
@page :left { @bottom-left { content: "左 left"; font-size: 7pt } }
@page :right { @bottom-right { content: "右 right"; color: red } }
@page :blank { @top-right { content: "空白页 blank" } }
@page :nth(3) { counter-increment: page 2; @top-center { content: "第三页 third" } }
@page wide { size: A6 landscape; @top-center { content: "横向 " string(mark) } }
@page wide:first { @bottom-center { content: "横向首页" } }
h2 { string-set: mark content(); break-before: right } section.wide { page: wide }
</style></head><body>""" + "".join(
    f"<h2>第 {index} 章</h2>" + "<p>一段正文，足够长的文字会换行。A paragraph of text.</p>" * 6
    + (f'<section class="wide"><h2>横 {index}</h2><p>横向页面 landscape</p></section>'
       if index % 3 == 1 else "")
    for index in range(7)) + "</body></html>"


# No rule for the first page: its margins (in vw) are computed before the first page sets
# the page sizes WeasyPrint resolves vw against, so they differ from every later page's.
PLAIN_PAGES = """<html><head><style>@page { size: A6; margin: 12mm 6vw;
  @top-right { content: counter(page) } }</style></head><body>""" + (
    "<p>一段正文，足够长的文字会换行。A paragraph of text.</p>" * 40) + "</body></html>"


def test_pages_of_every_kind_print_the_same_bytes_patched():
    from weasyprint import HTML

    printed = _printed(lambda: [HTML(string=html).write_pdf()
                                for html in (PAGE_CASES, PLAIN_PAGES)], PATCHES)
    assert printed[True] == printed[False]
    assert [len(PdfReader(io.BytesIO(pdf)).pages) >= 3 for pdf in printed[True]] == [True] * 2


def test_a_font_face_added_empties_the_kept_widths():
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    _patch("widthmemo").switch(True)
    _patch("linememo").switch(True)
    fonts = FontConfiguration()
    HTML(string=WIDTH_CASES).render(font_config=fonts)
    assert getattr(fonts, _patch("widthmemo")._MEMO)
    assert getattr(fonts, _patch("widthmemo").LINES)  # linememo.py's lines
    font = sorted(Path("/usr/share/fonts").rglob("*.tt[cf]"))[0]  # (fonts-noto-cjk: .ttc)
    CSS(string=f'@font-face {{ font-family: added; src: url("{font.as_uri()}") }}',
        font_config=fonts)
    assert not hasattr(fonts, _patch("widthmemo")._MEMO)
    assert not hasattr(fonts, _patch("widthmemo").LINES)


def test_installed_on_the_pinned_version_only(monkeypatch):
    import pydyf
    import weasyprint
    from weasyprint.css import ComputedStyle
    from weasyprint.layout import background, block, inline, page, percent, preferred, table
    from weasyprint.pdf.stream import Stream
    from weasyprint.svg import utils as svg_utils
    from weasyprint.text import line_break
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.text.line_break import Layout

    for name in PATCHES:
        _patch(name).switch(True)
    assert weasyprint.__version__ == _patch("pangocache").VERSION
    assert getattr(Layout.setup, "sopkit_cached", False)
    assert all(getattr(module.resolve_percentages, "sopkit_fast", False)
               for module in (percent, block, table))
    assert getattr(ComputedStyle.__missing__, "sopkit_fast", False)
    assert getattr(background.layout_box_backgrounds, "sopkit_fast", False)
    assert getattr(preferred.split_first_line, "sopkit_memo", False)
    assert getattr(FontConfiguration.add_font_face, "sopkit_memo", False)
    assert getattr(inline.split_first_line, "sopkit_lines", False)
    assert getattr(page.set_page_type_computed_styles, "sopkit_shared", False)
    assert getattr(line_break.split_first_line, "sopkit_kept", False)
    assert getattr(svg_utils.size, "sopkit_kept", False)
    assert getattr(pydyf._to_bytes, "sopkit_fast", False)
    assert getattr(Stream.set_color, "sopkit_kept", False)
    for name in PATCHES:
        _patch(name).switch(False)
        _patch(name).switch(True)  # switched back on: installed again, once
    assert getattr(Layout.setup, "sopkit_cached", False)
    for name in PATCHES:
        _patch(name).switch(False)
        monkeypatch.setattr(weasyprint, "__version__", "71.0")
        _patch(name).switch(True)  # another WeasyPrint: left as it is
        monkeypatch.undo()
    assert not getattr(Layout.setup, "sopkit_cached", False)
    assert not getattr(block.resolve_percentages, "sopkit_fast", False)
    assert not getattr(ComputedStyle.__missing__, "sopkit_fast", False)
    assert not getattr(background.layout_box_backgrounds, "sopkit_fast", False)
    assert not getattr(preferred.split_first_line, "sopkit_memo", False)
    assert not getattr(FontConfiguration.add_font_face, "sopkit_memo", False)
    assert not getattr(inline.split_first_line, "sopkit_lines", False)
    assert not getattr(page.set_page_type_computed_styles, "sopkit_shared", False)
    assert not getattr(line_break.split_first_line, "sopkit_kept", False)
    assert not getattr(svg_utils.size, "sopkit_kept", False)
    assert not getattr(pydyf._to_bytes, "sopkit_fast", False)
    assert not getattr(Stream.set_color, "sopkit_kept", False)
    weasy_module.warm()  # as a build starts: installed
    assert getattr(Layout.setup, "sopkit_cached", False)
    assert getattr(table.resolve_percentages, "sopkit_fast", False)
    assert getattr(ComputedStyle.__missing__, "sopkit_fast", False)
    assert getattr(background.layout_box_backgrounds, "sopkit_fast", False)
    assert getattr(preferred.split_first_line, "sopkit_memo", False)
    assert getattr(page.set_page_type_computed_styles, "sopkit_shared", False)
    assert getattr(svg_utils.size, "sopkit_kept", False)

