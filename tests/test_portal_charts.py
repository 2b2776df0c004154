"""Charts in the portal, in Chromium (Playwright): inline, legible at the default zoom on a
desktop, usable on a 390 px phone, and every step box a link to its step."""
from __future__ import annotations

import pytest

from portal_support import (
    PROJECT_DIR,
    build_site,
    needs_chromium,
    save_screenshot,
    serve,
    wait_for,
)

pytestmark = needs_chromium

SMALLEST_TEXT_PX = 11
# The smallest text of every chart on the page, in CSS pixels as drawn: font size × the
# scale from the SVG's units to the screen (zoom and pan included).
SMALLEST_TEXT = """() => Array.from(document.querySelectorAll('.sop-chart svg text')).map(t => {
    const m = t.getScreenCTM();
    return parseFloat(t.getAttribute('font-size')) * Math.hypot(m.a, m.b);
}).reduce((a, b) => Math.min(a, b), Infinity)"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    site = build_site(PROJECT_DIR / "sops", tmp_path_factory.mktemp("portal-charts") / "dist")
    with serve(site) as url:
        yield url


WIDE = ["order-processing", "quotation-and-bidding", "complaint-handling",
        "standard-sales-process"]


@pytest.mark.parametrize("workflow_id", WIDE)
def test_a_chart_is_legible_at_the_default_zoom_on_a_desktop(page, base, workflow_id):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}workflows/{workflow_id}.html")
    page.wait_for_function("() => document.querySelector('.sop-chart').sopChart")
    assert page.locator(".sop-chart svg").count() == 1  # inline, not a picture
    smallest = page.evaluate(SMALLEST_TEXT)
    assert SMALLEST_TEXT_PX <= smallest < 40, smallest
    page.locator(".sop-chart").scroll_into_view_if_needed()
    save_screenshot(page, f"chart-desktop-{workflow_id}")


def test_a_chart_is_usable_on_a_phone(page, base):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}workflows/order-processing.html")
    page.wait_for_function("() => document.querySelector('.sop-chart').sopChart")
    holder = page.locator(".sop-chart").bounding_box()
    assert holder["width"] <= 390 and holder["height"] <= 844  # fits the screen
    assert page.evaluate(SMALLEST_TEXT) >= SMALLEST_TEXT_PX     # readable without zooming
    zoom_out = page.locator('.sop-chart-tools button[data-zoom="out"]')
    assert zoom_out.is_visible()
    before = page.evaluate("() => document.querySelector('.sop-chart').sopChart.getZoom()")
    zoom_out.click()
    after = page.evaluate("() => document.querySelector('.sop-chart').sopChart.getZoom()")
    assert after < before  # the whole chart can be brought into view
    page.locator(".sop-chart").scroll_into_view_if_needed()
    save_screenshot(page, "chart-phone-order-processing")


def test_clicking_a_step_box_lands_on_that_step(page, base):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}workflows/complaint-handling.html")
    page.wait_for_function("() => document.querySelector('.sop-chart').sopChart")
    box = page.locator('.sop-chart a[*|href="#step-judge"]').first
    box.scroll_into_view_if_needed()
    box.click()
    assert wait_for(lambda: page.url.endswith("#step-judge"))
    target = page.locator("#step-judge")
    top = page.evaluate("() => document.getElementById('step-judge').closest('tr')"
                        ".getBoundingClientRect().top")
    assert 0 <= top < 900  # scrolled to the step's row
    row = page.locator("tr", has=target).inner_text()
    assert "判断投诉是否成立" in row


def test_role_and_form_boxes_link_to_their_pages(page, base):
    page.goto(f"{base}workflows/complaint-handling.html")
    hrefs = page.eval_on_selector_all(".sop-chart a", "as => as.map(a => "
                                      "a.getAttribute('xlink:href') || a.getAttribute('href'))")
    assert "../roles/customer-service.html" in hrefs
    assert "../forms/complaint-record.html" in hrefs
    page.goto(f"{base}org.html")
    hrefs = page.eval_on_selector_all(".sop-chart a", "as => as.map(a => "
                                      "a.getAttribute('xlink:href') || a.getAttribute('href'))")
    assert "roles/sales-vp.html" in hrefs


def test_the_phase_column_leaves_a_phone_room_for_the_lanes(page, base):
    """Phase names beside column lanes wrap narrow: on a 390 px screen their column takes
    ~50 px, not ~80 (what five characters a line took), at a legible size."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}workflows/standard-sales-process.html")
    page.wait_for_function("() => document.querySelector('.sop-chart').sopChart")
    widths = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.sop-chart svg g.node[id$="phasehead-0"], .sop-chart svg g.node[id$="phasecorner"]'))
        .map(g => g.getBoundingClientRect().width)""")
    assert len(widths) == 2
    assert max(widths) <= 60, widths
    assert page.evaluate(SMALLEST_TEXT) >= SMALLEST_TEXT_PX


# The zoom buttons wherever they are drawn: the bar above the chart, or svg-pan-zoom's own
# (drawn inside the chart, over its text on a phone, before the bar).
ZOOM_BUTTONS = "'.sop-chart-tools button, [id$=\"svg-pan-zoom-controls\"] > g'"
COVERED_TEXT = """() => {
    const buttons = Array.from(document.querySelectorAll(ZOOM_BUTTONS))
        .map(b => b.getBoundingClientRect());
    const view = document.querySelector('.sop-chart').getBoundingClientRect();
    const texts = Array.from(document.querySelectorAll('.sop-chart svg text'))
        .map(t => t.getBoundingClientRect())
        .filter(r => r.right > view.left && r.left < view.right   // shown in the chart's box
                  && r.bottom > view.top && r.top < view.bottom);
    const meet = (a, b) => a.left < b.right && b.left < a.right
                           && a.top < b.bottom && b.top < a.bottom;
    return {buttons: buttons.length, texts: texts.length,
            covered: texts.filter(t => buttons.some(b => meet(b, t))).length};
}""".replace("ZOOM_BUTTONS", ZOOM_BUTTONS)


@pytest.mark.parametrize("workflow_id", ["order-processing", "after-sales-service",
                                         "standard-sales-process"])
def test_the_zoom_buttons_never_cover_the_charts_text_on_a_phone(page, base, workflow_id):
    """At 390 px svg-pan-zoom's buttons sat over chart text; in a bar above they cannot,
    at the first view nor zoomed out to the whole chart."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}workflows/{workflow_id}.html")
    page.wait_for_function("() => document.querySelector('.sop-chart').sopChart")
    page.locator(".sop-chart").scroll_into_view_if_needed()
    for _ in range(4):
        found = page.evaluate(COVERED_TEXT)
        assert found["buttons"] >= 3 and found["texts"] >= 5, found
        assert found["covered"] == 0, found
        page.evaluate("() => document.querySelector('.sop-chart').sopChart.zoomOut()")
    before = page.evaluate("() => document.querySelector('.sop-chart').sopChart.getZoom()")
    page.locator('.sop-chart-tools button[data-zoom="reset"]').click()
    after = page.evaluate("() => document.querySelector('.sop-chart').sopChart.getZoom()")
    assert after > before
    # svg-pan-zoom redraws on the next frame: wait for it (a timeout fails the test)
    page.wait_for_function(f"() => ({SMALLEST_TEXT})() >= {SMALLEST_TEXT_PX}", timeout=5000)
    save_screenshot(page, f"chart-phone-tools-{workflow_id}")
