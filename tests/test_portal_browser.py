"""The portal in a real browser: Debian's Chromium, headless, driven by Selenium.

The sample site is built once, served by http.server on 127.0.0.1, and used the way staff
use it: search in Chinese, follow links, download a document, open it from disk. Every
request the browser makes is recorded, and none may leave the site. Screenshots are kept in
dist/test-artifacts/portal/.
"""
from __future__ import annotations

import io
import urllib.request
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal_support import (PROJECT_DIR, build_site, chromium, needs_chromium, requested_urls,
                            result_summary, save_screenshot, search, serve, wait_for)
from test_portal import make_documents

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portal-browser") / "dist"
    make_documents(out)
    return build_site(PROJECT_DIR / "sops", out)


@pytest.fixture(scope="module")
def base(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as driver:
        yield driver


def visible_h1(driver) -> str:
    from selenium.webdriver.common.by import By
    return driver.find_element(By.CSS_SELECTOR, "article h1").text


# ---------------------------------------------------------------- search

SEARCHES = [
    # query, pages among the results (one of them first), words highlighted in each
    ("投诉", ["workflows/complaint-handling.html", "forms/complaint-record.html"], ["投诉"]),
    ("派车", ["workflows/customer-reception.html", "forms/car-request.html"], ["派车"]),
    ("订票订房", ["roles/sales-assistant.html"], ["订票", "订房"]),  # words of a duty
    # Longer than two characters: Material alone drops the last word (处理, 审核).
    ("客户投诉处理", ["workflows/complaint-handling.html"], ["客户", "投诉", "处理"]),
    ("报价审核", ["workflows/quotation-and-bidding.html", "forms/quotation.html"],
     ["报价", "审核"]),
]


@pytest.mark.parametrize("query, pages, highlighted", SEARCHES, ids=[s[0] for s in SEARCHES])
def test_chinese_search_finds_and_highlights(browser, base, query, pages, highlighted):
    from selenium.webdriver.common.by import By

    if not browser.current_url.startswith(base):
        browser.get(base)
    items = search(browser, query)
    found = result_summary(items, base)
    best = items[0].find_element(By.CSS_SELECTOR, "a.md-search-result__link")
    missing = [d.get_attribute("textContent") for d in best.find_elements(By.TAG_NAME, "del")]
    assert missing == [], (query, missing)  # Material strikes out words it did not find
    for page in pages:
        assert page in found, (query, list(found))
        marks = found[page]
        for word in highlighted:
            assert any(word in mark for mark in marks), (query, page, marks)
    assert list(found)[0] in pages, (query, list(found))  # and first


def test_search_results_screenshot(browser, base):
    browser.get(base)
    search(browser, "客户投诉处理")
    assert save_screenshot(browser, "search-客户投诉处理").stat().st_size > 10_000


# ---------------------------------------------------------------- navigation and downloads

def test_home_to_role_to_workflow_by_links(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(base)
    save_screenshot(browser, "home", full_page=True)
    browser.find_element(By.LINK_TEXT, "岗位说明书").click()
    wait_for(lambda: "roles/index.html" in browser.current_url)
    browser.find_element(By.CSS_SELECTOR, "article a[href$='sales-manager.html']").click()
    assert wait_for(lambda: visible_h1(browser) == "销售部经理")
    save_screenshot(browser, "role-sales-manager", full_page=True)
    browser.find_element(By.CSS_SELECTOR,
                         "article a[href$='complaint-handling.html#step-assign-department']").click()
    assert wait_for(lambda: visible_h1(browser) == "客户投诉处理流程")
    assert browser.current_url.endswith("#step-assign-department")
    chart = browser.find_element(By.CSS_SELECTOR, ".sop-diagram img")
    assert wait_for(lambda: browser.execute_script(
        "return arguments[0].complete && arguments[0].naturalWidth", chart)) > 300
    browser.get(base + "workflows/complaint-handling.html")
    save_screenshot(browser, "workflow-complaint-handling", full_page=True)


def test_form_page_download_link_gives_a_pdf(browser, base):
    from selenium.webdriver.common.by import By

    browser.get(base + "forms/car-request.html")
    save_screenshot(browser, "form-car-request", full_page=True)
    link = browser.find_element(By.CSS_SELECTOR, ".sop-downloads a").get_attribute("href")
    assert link == base + "downloads/forms/car-request.pdf"
    with urllib.request.urlopen(link) as response:
        data = response.read()
    assert data.startswith(b"%PDF-") and len(PdfReader(io.BytesIO(data)).pages) == 1


def test_no_request_leaves_the_site(browser, base):
    requested_urls(browser)
    for page in ("index.html", "org.html", "roles/sales-manager.html",
                 "workflows/complaint-handling.html", "forms/car-request.html"):
        browser.get(base + page)
        wait_for(lambda: browser.execute_script("return document.readyState") == "complete")
    search(browser, "投诉")
    urls = requested_urls(browser)
    assert any(u.endswith("search_index.json") for u in urls)  # the recording works
    outside = [u for u in urls if not u.startswith((base, "data:", "blob:", "about:"))]
    assert outside == []


def test_opened_from_disk_it_renders_and_searches(browser, site):
    from selenium.webdriver.common.by import By

    requested_urls(browser)
    browser.get((site / "workflows" / "complaint-handling.html").as_uri())
    assert visible_h1(browser) == "客户投诉处理流程"
    header = browser.find_element(By.CSS_SELECTOR, ".md-header")
    assert header.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"  # CSS loaded
    font = browser.execute_script("return getComputedStyle(document.body).fontFamily")
    assert "Noto Sans CJK SC" in font
    found = result_summary(search(browser, "投诉"), site.as_uri() + "/")
    assert "forms/complaint-record.html" in found
    outside = [u for u in requested_urls(browser) if not u.startswith(("file:", "data:"))]
    assert outside == []
