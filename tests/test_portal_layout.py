"""The portal on a desktop, on a phone and on paper, in Chromium (Playwright).

Long tables scroll in their own box with the header row and first column kept in view;
an A4 print of a workflow page has every column of every table and no buttons or
navigation. Screenshots are kept in dist/test-artifacts/portal/.
"""
from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from portal_support import (
    PROJECT_DIR,
    build_site,
    needs_chromium,
    open_page,
    save_screenshot,
    serve,
)

pytestmark = needs_chromium
WORKFLOW = "workflows/complaint-handling.html"  # 13 steps, 7 roles: scrolls both ways on a phone
LAYOUT_SITE: list = []  # the built site's folder, for pages opened from disk


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    site = build_site(PROJECT_DIR / "sops", tmp_path_factory.mktemp("layout") / "dist", "site")
    LAYOUT_SITE[:] = [site]
    with serve(site) as url:
        yield url


# The table's box, and where its first header cell, last header cell and first-column
# cells are once the box is scrolled right and down.
_SCROLLED = """wrap => {
  wrap.scrollLeft = wrap.scrollWidth; wrap.scrollTop = wrap.scrollHeight
  const box = wrap.getBoundingClientRect()
  const rect = el => el.getBoundingClientRect()
  const heads = [...wrap.querySelectorAll('thead th')]
  const firsts = [...wrap.querySelectorAll('tbody tr > :first-child')]
  const visible = firsts.filter(c => rect(c).bottom > box.top + rect(heads[0]).height + 2
                                     && rect(c).top < box.bottom)
  return {box: [box.left, box.top, box.right, box.bottom],
          scrolled: [wrap.scrollLeft, wrap.scrollTop],
          corner: [rect(heads[0]).left, rect(heads[0]).top],
          lastHead: [rect(heads.at(-1)).top],
          firstColumn: visible.map(c => rect(c).left),
          headers: heads.map(h => h.textContent.trim())}
}"""


@pytest.mark.parametrize("table", ["sop-steps", "sop-raci-matrix"])
def test_on_a_phone_header_and_first_column_stay_while_the_table_scrolls(browser, base, table):
    with open_page(browser) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + WORKFLOW)
        wrap = page.locator(f".{table} .md-typeset__scrollwrap")
        wrap.scroll_into_view_if_needed()
        seen = wrap.evaluate(_SCROLLED)
        left, top, _, _ = seen["box"]
        assert seen["scrolled"][0] > 0 and seen["scrolled"][1] > 0  # it did scroll both ways
        assert seen["corner"] == pytest.approx([left, top], abs=1.5)
        assert seen["lastHead"][0] == pytest.approx(top, abs=1.5)
        assert seen["firstColumn"] and all(x == pytest.approx(left, abs=1.5)
                                           for x in seen["firstColumn"])
        save_screenshot(page, f"{table}-scrolled-phone")


# Scroll the page until the table's last row is just below Material's header bar.
_PAGE_SCROLLED = """table => {
  const bar = document.querySelector('.md-header').getBoundingClientRect().bottom
  const last = table.querySelector('tbody tr:last-child')
  window.scrollBy(0, last.getBoundingClientRect().top - bar - 60)
  const rect = el => el.getBoundingClientRect()
  const heads = [...table.querySelectorAll('thead th')]
  return {bar: bar, tableTop: rect(table).top, headTops: heads.map(h => rect(h).top),
          headBottom: rect(heads[0]).bottom, lastTop: rect(last).top,
          fits: table.scrollWidth <= table.parentElement.clientWidth + 1}
}"""


@pytest.mark.parametrize("table", ["sop-steps", "sop-raci-matrix"])
def test_on_a_desktop_the_header_row_stays_under_the_bar(browser, base, table):
    with open_page(browser) as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(base + WORKFLOW)
        seen = page.locator(f".{table} table").evaluate(_PAGE_SCROLLED)
        assert seen["fits"]  # every column, first one included, without scrolling sideways
        assert seen["tableTop"] < seen["bar"] - 100  # the table's top is scrolled away
        assert all(t == pytest.approx(seen["bar"], abs=1.5) for t in seen["headTops"])
        assert seen["headBottom"] <= seen["lastTop"] + 1  # the header covers no row seen
        save_screenshot(page, f"{table}-scrolled-desktop")


def test_an_a4_print_of_a_workflow_has_every_column_and_no_buttons(browser, base):
    with open_page(browser) as page:
        page.goto(base + WORKFLOW)
        headers = page.evaluate("""() => [...document.querySelectorAll(
            '.sop-steps thead th, .sop-raci-matrix thead th')].map(h => h.textContent.trim())""")
        assert "检核人员" in headers and "时限" in headers and "客服专员" in headers
        page.emulate_media(media="print")
        pdf = PdfReader(io.BytesIO(page.pdf(format="A4")))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (596, 843)  # A4 in points
    # NFKC: the CJK font maps some characters to Kangxi radicals (⽣ for 生) in the text layer;
    # the radical ⼾ normalizes to the traditional 戶, which in this content is always 户;
    # 门 comes out as the supplement radical ⻔, which NFKC leaves alone (责任部门's header)
    text = unicodedata.normalize("NFKC", "".join(p.extract_text() for p in pdf.pages))
    text = text.replace("戶", "户").replace("⻔", "门")
    text = "".join(text.split())
    missing = [h for h in headers if h.replace(" ", "") not in text]
    assert missing == []
    for hidden in ("打印", "下载", "搜索"):  # buttons, downloads and the search box
        assert hidden not in text


def test_a_document_page_has_breadcrumbs_and_a_print_button(browser, base):
    with open_page(browser) as page:
        page.goto(base + WORKFLOW)
        crumbs = page.locator(".md-path__item").all_text_contents()
        assert [c.strip() for c in crumbs][-1] == "作业流程"
        page.evaluate("() => { window.printed = 0; window.print = () => window.printed++ }")
        page.get_by_role("button", name="打印").click()
        assert page.evaluate("() => window.printed") == 1
        page.set_viewport_size({"width": 390, "height": 844})
        save_screenshot(page, "workflow-phone", full_page=False)


def test_the_404_page_works_opened_from_disk(browser, base):
    """Relative paths: styles, scripts and links load from a file:// URL too."""
    folder = LAYOUT_SITE[0]
    with open_page(browser) as page:
        page.goto((folder / "404.html").as_uri())
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header'))"
                             ".position") == "sticky"  # Material's stylesheet loaded
        home = page.locator("a.md-header__button.md-logo").get_attribute("href")
        assert home is not None and not home.startswith("/")
        assert (folder / home.split("#")[0]).resolve().is_file()


# Rules axe reports on Material's own header, tabs and search dialog (not sopkit's CSS or
# templates) are told apart by where they are: a violation is sopkit's when one of its
# elements has a `sop-` class or lies in the article sopkit's templates write.
_OURS = ("sop-",)


@pytest.mark.parametrize("path", ["index.html", WORKFLOW, "roles/account-manager.html",
                                  "forms/index.html", "org.html"])
def test_axe_finds_no_violation_in_sopkits_own_css_or_templates(browser, base, path):
    from axe_playwright_python.sync_playwright import Axe

    with open_page(browser) as page:
        page.goto(base + path)
        found = Axe().run(page).response["violations"]
    ours = [(v["id"], node["target"]) for v in found for node in v["nodes"]
            if any(mark in node["html"] for mark in _OURS) or v["id"] in (
                "color-contrast",) and "article" in " ".join(map(str, node["target"]))]
    assert ours == []


def test_a_skill_or_kpi_name_is_kept_whole_and_no_kpi_column_is_empty(browser, base):
    """At 390 px 客户服务能力 wrapped its last character onto a line of its own, and the
    KPI table had a 权重 column no KPI fills (the manuals give 客户经理 no weight)."""
    with open_page(browser) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + "roles/account-manager.html")
        tables = page.eval_on_selector_all(".sop-named table", """tables => tables.map(t => ({
          headers: [...t.querySelectorAll('thead th')].map(h => h.textContent.trim()),
          names: [...t.querySelectorAll('tbody tr > :first-child')].map(c => {
            const range = document.createRange(); range.selectNodeContents(c)
            return [c.textContent.trim(), range.getClientRects().length]})}))""")
    assert [table["headers"][0] for table in tables] == ["技能要求", "绩效指标"]
    assert "客户服务能力" in [name for name, _ in tables[0]["names"]]
    assert all(lines == 1 for table in tables for _, lines in table["names"]), tables
    assert "权重" not in tables[1]["headers"] and "周期" in tables[1]["headers"]


def test_on_a_phone_an_approvals_tier_table_fits_and_keeps_role_names_whole(browser, base):
    """Material gives every header cell a 5rem minimum: four columns made 差旅审批's tier
    table 402 px wide on a 390 px phone, 审批 was cut off and 销售部经理 broke before 理."""
    with open_page(browser) as page:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base + "approvals/travel.html")
        table = page.eval_on_selector("article table", """t => ({
          fits: t.scrollWidth <= t.parentElement.clientWidth + 1,
          headers: [...t.querySelectorAll('thead th')].map(h => h.textContent.trim()),
          roles: [...t.querySelectorAll('tbody td a')].map(a => {
            const range = document.createRange(); range.selectNodeContents(a)
            return [a.textContent.trim(), range.getClientRects().length]})})""")
    assert table["headers"] == ["档次", "条件", "审核", "审批"]
    assert table["fits"], table
    assert ["销售部经理", 1] in table["roles"] and all(n == 1 for _, n in table["roles"]), table
