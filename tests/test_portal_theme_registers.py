"""The portal's part of issue 19: the Excel registers offered on the home page, and the
knowledge base's own portal CSS (`sops/theme/portal.css`). Knowledge bases made by
`sopkit init`, built with the real CLI, read back from the built HTML."""
from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import openpyxl
import pytest
from click.testing import CliRunner

from generator.cli import main
from portal_support import needs_chromium

TODAY = "2026-11-23"


def sopkit(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def start(folder: Path, locale: str = "zh-Hans") -> Path:
    """`sopkit init` in ``folder``; its sops/ path."""
    result = sopkit("init", str(folder), "--organization", "华游", "--department", "财务部",
                    "--locale", locale)
    assert result.exit_code == 0, result.output
    return folder / "sops"


def build(sops: Path, out: Path, only: str) -> Path:
    result = sopkit("build", "--sops", str(sops), "--out", str(out), "--only", only,
                    "--quiet", "--today", TODAY)
    assert result.exit_code == 0, result.output
    return out / "site"


class _Section(HTMLParser):
    """The links (href, text) between the heading with ``anchor`` and the next h2."""

    def __init__(self, anchor: str) -> None:
        super().__init__()
        self.anchor, self.inside, self.links = anchor, False, []
        self._href: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "h2":
            self.inside = values.get("id") == self.anchor
        elif tag == "a" and self.inside and "headerlink" not in (values.get("class") or ""):
            self._href, self._text = values.get("href"), ""

    def handle_data(self, data):
        if self._href is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, self._text.strip()))
            self._href = None


def section_links(page: Path, anchor: str) -> list[tuple[str, str]]:
    parser = _Section(anchor)
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.links


# ---------------------------------------------------------------- registers on the portal

@pytest.mark.parametrize("locale, names", [
    ("zh-Hans", ["岗位职责与绩效指标", "RACI责任矩阵", "培训矩阵", "文件清单"]),
    ("en", ["Roles, duties and KPIs", "RACI matrix", "Training matrix", "Document register"]),
])
def test_the_home_page_offers_each_register_as_an_xlsx_that_opens(tmp_path, locale, names):
    site = build(start(tmp_path / "kb", locale), tmp_path / "dist", "registers,site")
    home = site / "index.html"
    heading = {"zh-Hans": "Excel 登记表", "en": "Excel registers"}[locale]
    assert re.search(rf'<h2 id="registers">{heading}<', home.read_text(encoding="utf-8"))
    links = section_links(home, "registers")
    assert [text for _, text in links] == names
    for href, text in links:
        target = site / unquote(href)
        assert target.suffix == ".xlsx" and target.is_file(), href
        book = openpyxl.load_workbook(target)  # a real workbook, not a page or a stub
        assert book.sheetnames and book.worksheets[0]["A1"].value, text
        assert target.read_bytes() == (tmp_path / "dist/registers" / target.name).read_bytes()


def test_a_portal_built_without_registers_does_not_offer_them(tmp_path):
    site = build(start(tmp_path / "kb"), tmp_path / "dist", "site")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'id="registers"' not in home and ".xlsx" not in home
    assert not (site / "downloads/registers").exists()


# ---------------------------------------------------------------- sops/theme/portal.css

BLUE = "rgb(31, 78, 121)"  # #1f4e79, the colour of the starter's examples


def uncommented(css: str) -> str:
    """What HR does to use the starter's examples: delete the comment marks of each rule."""
    return re.sub(r"^/\* (.*\{.*\}) \*/$", r"\1", css, flags=re.M)


def colours(site: Path) -> tuple[str, str]:
    """The home page's heading colour and header bar background, as Chromium computes them."""
    from portal_support import launch_chromium, open_page, serve  # Playwright: only here

    with serve(site) as base, launch_chromium() as browser, open_page(browser) as page:
        page.goto(base + "index.html")
        return tuple(page.evaluate("""() => [
            getComputedStyle(document.querySelector('article h1')).color,
            getComputedStyle(document.querySelector('header.md-header')).backgroundColor]"""))


@needs_chromium
def test_the_theme_portal_css_comes_after_sopkits_and_wins(tmp_path):
    sops = start(tmp_path / "kb")
    result = sopkit("theme", "init", "--sops", str(sops))
    assert result.exit_code == 0, result.output
    before = colours(build(sops, tmp_path / "default", "site"))
    assert BLUE not in before  # the starter file is comments only

    theme_css = sops / "theme/portal.css"
    theme_css.write_text(uncommented(theme_css.read_text(encoding="utf-8")), encoding="utf-8")
    site = build(sops, tmp_path / "themed", "site")
    served = (site / "stylesheets/sops-theme.css").read_text(encoding="utf-8")
    assert served == theme_css.read_text(encoding="utf-8") and "{ color: #1f4e79; }" in served
    styles = re.findall(r'<link rel="stylesheet" href="(stylesheets/[^"]+)"',
                        (site / "index.html").read_text(encoding="utf-8"))
    assert styles[-2:] == ["stylesheets/portal.css", "stylesheets/sops-theme.css"]
    assert colours(site) == (BLUE, BLUE)  # heading and header bar, as the examples say


@pytest.mark.parametrize("name", ["print.css", "portal.css"])
def test_the_starter_examples_stay_valid_css_once_uncommented(tmp_path, name):
    """The notes beside the examples must not become part of a selector when HR deletes
    the comment marks of the rules (they did: `标题颜色 body { … }` matched nothing)."""
    import tinycss2

    sops = start(tmp_path / "kb")
    assert sopkit("theme", "init", "--sops", str(sops)).exit_code == 0
    starter = (sops / "theme" / name).read_text(encoding="utf-8")
    rules = tinycss2.parse_stylesheet(uncommented(starter), skip_comments=True,
                                      skip_whitespace=True)
    assert len(rules) == 3 if name == "portal.css" else len(rules) == 2
    for rule in rules:
        assert rule.type == "qualified-rule", rule
        selector = tinycss2.serialize(rule.prelude)
        assert not re.search(r"[\u3000-\u9fff]", selector), selector
        declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True,
                                                       skip_whitespace=True)
        assert declarations and all(d.type == "declaration" for d in declarations), selector
