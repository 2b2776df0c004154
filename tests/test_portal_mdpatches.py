"""The Markdown fast paths change how much work is done, never what it makes: the inline one
(generator/portal/mdinline.py) changes which of Python-Markdown's inline patterns are tried,
so text converts to the same HTML with it and without it; the anchor one (rawanchors.py)
skips MkDocs' parse only where it finds no anchor; and a portal built with both is byte for
byte the portal built without."""
from __future__ import annotations

from pathlib import Path

import markdown
import pytest
from click.testing import CliRunner
from markdown import treeprocessors

from generator.cli import main
from generator.portal import mdinline, rawanchors
from portal_support import PROJECT_DIR, TODAY

# the portal's extensions (mkdocs.yml)
EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]
TRICKY = [
    "plain 中文文本，没有任何标记。",
    "**粗体** and *em* and ***both*** and __under__ _em_ and not * a star",
    "`code with *stars* and [brackets]` then ``double ` tick``",
    r"escaped \*not em\* \[not link\] \\ backslash",
    "[link](../roles/role-1.md \"title\") ![img](a.png) [ref][r] [short] <https://x.org> "
    "<me@example.com>\n\n[r]: https://r.example\n[short]: /s",
    "JD&#45;ROLE&#45;1 &amp; &copy; &#x41; &notanentity a&b",
    "line with two spaces  \nbreak and <span class=\"x\">*html*</span> <!-- c -->",
    "| a | *b* |\n|---|---|\n| `c` | [d](e.md) |\n",
    '<div markdown>\n\n**inside** `html` &#46;\n\n</div>\n\n<p markdown="1">*p*</p>',
    "## Heading *em* &#45; `x` { #anchor .cls }\n\ntext {: .para }",
    "nested **bold [link *em* `code`](u.md) tail** and _a **b** c_",
    "* list *item*\n* `two` &#33;\n\n1. one\n1. [x](y)",
    "<abbr title=\"知会\">I</abbr><abbr class=\"a\" title=\"b\">R</abbr> x_y_z snake_case",
    "a * b * c and 2*3*4 and _ lone _ underscores ___triple___",
]


def _convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS).convert(text)


@pytest.fixture
def patch_off():
    mdinline.switch(False)
    yield
    mdinline.switch(True)


def test_the_installed_markdown_is_the_one_the_patch_was_written_for():
    """A Markdown release that changes its inline loop is run unchanged, and this fails
    first, so that the patch is looked at again (or retired)."""
    assert markdown.__version__ == mdinline.VERSION
    assert mdinline.install()
    assert getattr(treeprocessors.InlineProcessor, mdinline._ATTRIBUTE) is mdinline._handle_inline


def test_switched_off_runs_python_markdowns_own_code(patch_off):
    assert getattr(treeprocessors.InlineProcessor, mdinline._ATTRIBUTE) \
        is not mdinline._handle_inline
    assert not mdinline.install()


@pytest.mark.parametrize("text", TRICKY)
def test_text_converts_to_the_same_html_with_and_without(text):
    mdinline.install()
    patched = _convert(text)
    mdinline.switch(False)
    try:
        own = _convert(text)
    finally:
        mdinline.switch(True)
    assert patched == own
    assert "\x02" not in patched  # no placeholder left behind


def test_patterns_are_skipped_only_where_they_find_nothing(monkeypatch):
    """The fast path is used: a text without markup tries no pattern at all, one with an
    entity only the patterns whose expressions find something in it."""
    mdinline.install()
    tried: list[str] = []
    real = treeprocessors.InlineProcessor._InlineProcessor__applyPattern

    def counted(self, pattern, *args):
        tried.append(type(pattern).__name__)
        return real(self, pattern, *args)

    monkeypatch.setattr(treeprocessors.InlineProcessor, "_InlineProcessor__applyPattern", counted)
    _convert("纯文本段落")
    assert tried == []
    _convert("JD&#45;1")
    assert tried and set(tried) <= {"HtmlInlineProcessor"}


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def _built(out: Path) -> dict[str, bytes]:
    result = CliRunner().invoke(main, ["build", "--sops", str(PROJECT_DIR / "sops"),
                                       "--out", str(out), "--only", "site", "--no-cache",
                                       "--quiet", "--today", TODAY])
    assert result.exit_code == 0, result.output
    return _pages(out / "site")


ANCHOR_HTML = [
    '<span id="step-1"></span>', "<SPAN ID=x>", "<a name='n'>", "<div\nid\n=\n'y'>",
    "<p/id=z>", "<b id>", '<abbr title="id name">x</abbr>', "<span style='width: 8%'>",
    "<div data-id=1 idx=2 named=3>", "id = not in a tag", "<a href=x>name</a>",
    "<!-- <i id=c> -->", "<script>var s = '<i id=d>'</script>", "<img\tNAME=q>",
]


def _anchors(text: str) -> set:
    from mkdocs.structure.pages import _HTMLHandler

    parser = _HTMLHandler()
    parser.feed(text)
    parser.close()
    return parser.present_anchor_ids


@pytest.mark.parametrize("text", ANCHOR_HTML)
def test_a_page_is_parsed_for_anchors_wherever_the_parser_could_find_one(text):
    assert rawanchors.may_hold_anchors(text) or _anchors(text) == set()


def test_the_anchor_check_is_used_and_skips_pages_without_one():
    from mkdocs.structure.pages import _RawHTMLPreprocessor

    assert rawanchors.install()
    processor = _RawHTMLPreprocessor()
    lines = ["# t", "", '<span class="a" style="width: 5%">x</span>']
    assert processor.run(lines) is lines and processor.present_anchor_ids == set()
    processor.run(["<p>", '<span id="s"></span><a name="n"></a>', "</p>"])
    assert processor.present_anchor_ids == {"s", "n"}
    assert not rawanchors.may_hold_anchors(lines[-1])
    assert all(rawanchors.may_hold_anchors(t) for t in ANCHOR_HTML[:6])


def test_a_portal_built_with_the_patches_is_the_portal_built_without(tmp_path):
    with_patch = _built(tmp_path / "with")
    assert getattr(treeprocessors.InlineProcessor, mdinline._ATTRIBUTE) is mdinline._handle_inline
    assert rawanchors.PATCH.originals is not None
    mdinline.switch(False)
    rawanchors.switch(False)
    try:
        without = _built(tmp_path / "without")
    finally:
        mdinline.switch(True)
        rawanchors.switch(True)
    assert with_patch.keys() == without.keys()
    assert [name for name in with_patch if with_patch[name] != without[name]] == []
    assert sum(name.endswith(".html") for name in with_patch) > 50
