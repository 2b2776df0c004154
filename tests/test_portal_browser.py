"""The portal in a real browser: Debian's Chromium, headless, driven by Playwright for Python.

The sample site is built once (with its real PDFs), served by http.server on 127.0.0.1, and
used the way staff use it: search in Chinese, follow links, download a document, open it from
disk. Every request the browser makes is recorded, and none may leave the machine.
Screenshots are kept in dist/test-artifacts/portal/.
"""
from __future__ import annotations

import io
import re
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal_support import (
    PROJECT_DIR,
    build_site,
    is_local,
    needs_chromium,
    requested_urls,
    result_summary,
    save_screenshot,
    search,
    serve,
    wait_for,
)
from test_portal import make_documents

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portal-browser") / "dist"
    make_documents(out)  # stand-ins for what the pdf renderer does not make (Word, forms)
    return build_site(PROJECT_DIR / "sops", out, only="diagrams,pdf,site")


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


def h1(page) -> str:
    """The page's heading as the reader sees it: without Material's hidden ¶ anchor."""
    from playwright.sync_api import Error

    try:
        return page.locator("article h1").first.evaluate(
            "h => { const c = h.cloneNode(true); c.querySelectorAll('.headerlink')"
            ".forEach(a => a.remove()); return c.textContent.trim(); }", timeout=5_000)
    except Error:  # between two pages while a click navigates
        return ""


# ---------------------------------------------------------------- search

SEARCHES = [
    # query, pages among the results (one of them first), words highlighted in each
    ("投诉", ["workflows/complaint-handling.html", "forms/complaint-record.html"], ["投诉"]),
    ("派车", ["workflows/customer-reception.html", "forms/car-request.html"], ["派车"]),
    ("预订住宿", ["roles/sales-assistant.html"], ["预订", "住宿"]),  # words of a duty
    # Longer than two characters: Material alone drops the last word (处理, 审核).
    ("客户投诉处理", ["workflows/complaint-handling.html"], ["客户", "投诉", "处理"]),
    ("报价审核", ["workflows/quotation-and-bidding.html", "forms/quotation.html"],
     ["报价", "审核"]),
]


@pytest.mark.parametrize("query, pages, highlighted", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_chinese_search_finds_and_highlights(page, base, query, pages, highlighted):
    page.goto(base)
    items = search(page, query)
    found = result_summary(items, base)
    best = items[0].locator("a.md-search-result__link").first
    missing = best.locator("del").all_text_contents()
    assert missing == [], (query, missing)  # Material strikes out words it did not find
    for result in pages:
        assert result in found, (query, list(found))
        marks = found[result]
        for word in highlighted:
            assert any(word in mark for mark in marks), (query, result, marks)
    assert list(found)[0] in pages, (query, list(found))  # and first
    assert page.locator(".md-search-result__item mark").count() > 0  # highlighted on screen


def test_search_results_screenshot(page, base):
    page.goto(base)
    search(page, "客户投诉处理")
    assert save_screenshot(page, "search-客户投诉处理").stat().st_size > 10_000


# ---------------------------------------------------------------- navigation and downloads

def test_home_to_role_to_workflow_by_links(page, base):
    page.goto(base)
    save_screenshot(page, "home", full_page=True)
    page.get_by_role("link", name="岗位说明书", exact=True).first.click()
    page.wait_for_url(re.compile(r"roles/index\.html"))
    page.locator("article a[href$='sales-manager.html']").first.click()
    assert wait_for(lambda: h1(page) == "销售部经理")
    save_screenshot(page, "role-sales-manager", full_page=True)
    page.locator("article a[href$='complaint-handling.html#step-training-case']").first.click()
    assert wait_for(lambda: h1(page) == "客户投诉处理流程")
    assert page.url.endswith("#step-training-case")
    chart = page.locator(".sop-chart svg").first
    assert wait_for(lambda: chart.evaluate("svg => svg.getBoundingClientRect().width")) > 300
    page.goto(base + "workflows/complaint-handling.html")
    save_screenshot(page, "workflow-complaint-handling", full_page=True)


@pytest.mark.parametrize("document, title", [("roles/sales-manager", "销售部经理"),
                                             ("workflows/complaint-handling", "客户投诉处理流程")])
def test_download_link_gives_the_built_pdf(page, base, site, document, title):
    page.goto(base + document + ".html")
    link = page.locator(".sop-downloads a[href$='.pdf']").first
    assert link.evaluate("a => a.href") == f"{base}downloads/{document}.pdf"
    with page.expect_download() as download:
        link.click()
    assert download.value.url == f"{base}downloads/{document}.pdf"
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"%PDF-")
    assert data == (site / "downloads" / f"{document}.pdf").read_bytes()
    pdf = PdfReader(io.BytesIO(data))
    assert len(pdf.pages) >= 1 and title in pdf.pages[0].extract_text()


def test_form_page_download_link_gives_a_pdf(page, base):
    page.goto(base + "forms/car-request.html")
    save_screenshot(page, "form-car-request", full_page=True)
    link = page.locator(".sop-downloads a").first.evaluate("a => a.href")
    assert link == base + "downloads/forms/car-request.pdf"
    with urllib.request.urlopen(link) as response:
        data = response.read()
    assert data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(data)).pages) == 1


def test_no_request_leaves_the_site(browser, page, base):
    for path in ("index.html", "org.html", "roles/sales-manager.html",
                 "workflows/complaint-handling.html", "forms/car-request.html"):
        page.goto(base + path, wait_until="load")
        wait_for(lambda: page.evaluate("document.readyState") == "complete")
    search(page, "投诉")
    urls = requested_urls(browser)
    assert any(u.endswith("search_index.json") for u in urls)  # the recording works
    outside = [u for u in urls if not u.startswith((base, "data:", "blob:", "about:"))]
    assert outside == []
    assert all(is_local(u) for u in urls)


def test_opened_from_disk_it_renders_and_searches(browser, page, site):
    page.goto((site / "workflows" / "complaint-handling.html").as_uri())
    assert h1(page) == "客户投诉处理流程"
    header = page.locator(".md-header").first
    background = header.evaluate("e => getComputedStyle(e).backgroundColor")
    assert background != "rgba(0, 0, 0, 0)"  # CSS loaded
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font
    found = result_summary(search(page, "投诉"), site.as_uri() + "/")
    assert "forms/complaint-record.html" in found
    urls = requested_urls(browser)
    assert any(u.startswith("file:") for u in urls)  # the recording works
    outside = [u for u in urls if not u.startswith(("file:", "data:"))]
    assert outside == []
