"""Search finds the right page: tests/search_relevance.yaml, run through the real search.

Both portals (the sample and the synthetic hotel of tests/search_kb.py) are built with the
real CLI and served; every query goes to the site's own search worker in Chromium, and the
search box is used the way staff use it (paste, results, status marks, snippets).
"""
from __future__ import annotations

import pytest

from portal_support import (
    PROJECT_DIR,
    build_site,
    needs_chromium,
    open_page,
    serve,
    wait_for,
)
from relevance import cases, rankings, table
from search_kb import write_hotel_kb

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory):
    site = build_site(PROJECT_DIR / "sops", tmp_path_factory.mktemp("sample") / "dist", "site")
    with serve(site) as url:
        yield url


@pytest.fixture(scope="module")
def hotel_url(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hotel")
    site = build_site(write_hotel_kb(folder / "sops"), folder / "dist", "site")
    with serve(site) as url:
        yield url


@pytest.mark.parametrize("base_name", ["sample", "hotel"])
def test_every_query_finds_its_page(browser, request, base_name):
    url = request.getfixturevalue(f"{base_name}_url")
    wanted = cases(base_name)
    assert len(wanted) >= (40 if base_name == "sample" else 15)
    with open_page(browser) as page:
        found = list(zip(wanted, rankings(page, url, [c.query for c in wanted]), strict=True))
    failed = [case.query for case, ranking in found if not case.passes(ranking)]
    assert failed == [], table(base_name, found)


def results(page) -> list[dict]:
    """What the search box shows: each result's page, title text and snippet text."""
    return page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')]
        .map(item => ({href: new URL(item.querySelector('a').href).pathname.slice(1),
                       title: item.querySelector('h1').textContent,
                       text: item.querySelector('article').textContent,
                       marks: [...item.querySelectorAll('mark')].map(m => m.textContent)}))""")


def paste(page, query: str) -> None:
    """Text arrives as one input event and no key is pressed, as with a mouse paste."""
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.evaluate("(box, text) => { box.value = text; box.dispatchEvent("
                 "new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste'})) }",
                 query)


def test_a_pasted_query_searches_and_marks_the_words(browser, sample_url):
    with open_page(browser) as page:
        page.goto(sample_url)
        paste(page, "月报")
        assert wait_for(lambda: results(page))
        shown = results(page)
        assert [r["href"] for r in shown] == ["roles/sales-manager.html"]
        assert set(shown[0]["marks"]) == {"月报"}  # never 月 or 报 alone


def test_a_table_hit_shows_its_row_only(browser, hotel_url):
    with open_page(browser) as page:
        page.goto(hotel_url)
        paste(page, "毛巾更换")
        assert wait_for(lambda: results(page))
        snippets = page.locator(".md-search-result__item article").all_text_contents()
        assert any("毛巾更换" in s for s in snippets)
        assert max(len(s) for s in snippets) < 160  # a row, not the whole table


def test_drafts_are_marked_and_retired_documents_left_out(browser, hotel_url):
    with open_page(browser) as page:
        page.goto(hotel_url)
        paste(page, "协议价")
        assert wait_for(lambda: results(page))
        hrefs = [r["href"] for r in results(page)]
        assert "policies/corporate-rates-2024.html" not in hrefs  # retired
        assert hrefs[0] == "policies/corporate-rates.html"
        paste(page, "客房清洁检查表")
        assert wait_for(lambda: results(page) and "cleaning-check" in results(page)[0]["href"])
        badge = page.locator(".md-search-result__item h1 .sop-badge--draft").first
        assert badge.text_content() == "草稿"


def test_a_document_number_finds_its_document(browser, sample_url):
    with open_page(browser) as page:
        page.goto(sample_url)
        paste(page, "XS-LC-007")
        assert wait_for(lambda: results(page))
        assert [r["href"] for r in results(page)] == [
            "workflows/quotation-and-bidding.html"]


def test_the_landing_page_highlights_the_search_term(browser, sample_url):
    with open_page(browser) as page:
        page.goto(sample_url)
        paste(page, "月报")
        assert wait_for(lambda: results(page))
        page.locator(".md-search-result__item a").first.click()
        page.wait_for_url("**/roles/sales-manager.html*")
        marks = wait_for(lambda: page.locator("article mark").all_text_contents())
        assert marks and set(marks) <= {"月报"}, marks


def test_nothing_is_found_for_words_nowhere_in_the_content(browser, sample_url):
    with open_page(browser) as page:
        page.goto(sample_url)
        paste(page, "退货")
        meta = page.locator(".md-search-result__meta")
        assert wait_for(lambda: meta.text_content() == "没有找到符合条件的结果")
        assert results(page) == []
