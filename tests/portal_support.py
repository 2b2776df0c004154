"""Helpers for the portal tests: build a site with the real CLI, serve it, drive Chromium.

Chromium is Debian's (`/usr/bin/chromium`), driven headless by Playwright for Python (no
browser download) with a fresh profile and no background networking, so every request it
makes is one the page made. The profile tells Chromium to download PDFs rather than show
them in its viewer, so a click on a download link gives the file itself.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import importlib.util
import json
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from click.testing import CliRunner

from generator.cli import main

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync")
VIEWPORT = {"width": 1400, "height": 1000}
LOCAL_HOSTS = ("127.0.0.1", "localhost")
LOCAL_SCHEMES = ("data", "blob", "file", "about")
PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_DIR / "dist" / "test-artifacts" / "portal"
TODAY = "2026-11-23"

needs_chromium = pytest.mark.skipif(
    not (CHROMIUM.exists() and importlib.util.find_spec("playwright")),
    reason="Chromium (/usr/bin/chromium) or Playwright for Python is not installed")


def build_site(sops: Path, out: Path, only: str = "diagrams,site") -> Path:
    """`sopkit build --only …` into ``out``; returns the site folder."""
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out", str(out),
                                       "--only", only, "--quiet", "--today", TODAY])
    assert result.exit_code == 0, result.output
    return out / "site"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """The folder over HTTP on 127.0.0.1 (a free port), as an intranet server would."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def is_local(url: str) -> bool:
    """A request that stays on this machine: 127.0.0.1 / localhost, or data:, blob:, file:."""
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or parts.hostname in LOCAL_HOSTS


@contextlib.contextmanager
def launch_chromium():
    """Debian's Chromium under Playwright: one browser context (a fresh profile) whose pages
    are opened with `open_page`. Every request any page or worker makes is recorded, and one
    that would leave the machine is recorded and aborted instead of sent."""
    from playwright.sync_api import sync_playwright

    profile = Path(tempfile.mkdtemp(prefix="sopkit-chromium-"))
    (profile / "Default").mkdir()
    (profile / "Default" / "Preferences").write_text(
        json.dumps({"plugins": {"always_open_pdf_externally": True}}), encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(profile), executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS),
                headless=True, viewport=VIEWPORT, accept_downloads=True)
            requests: list[str] = []
            context.on("request", lambda request: requests.append(request.url))
            context.route("**/*", lambda route: route.fallback() if is_local(route.request.url)
                          else route.abort("blockedbyclient"))
            context.recorded_requests = requests
            for page in context.pages:  # the blank page a persistent context starts with
                page.close()
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


@contextlib.contextmanager
def open_page(context):
    """A new page in ``context``; the requests recorded so far are dropped first."""
    requested_urls(context)
    page = context.new_page()
    try:
        yield page
    finally:
        page.close()


def requested_urls(context) -> list[str]:
    """Every URL the pages (and their workers) of ``context`` requested since the last call."""
    urls = list(context.recorded_requests)
    context.recorded_requests.clear()
    return urls


def wait_for(condition, timeout: float = 10.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def search(page, query: str) -> list:
    """Type ``query`` into the search box of the current page; the result items (locators)
    once the list has settled (results update as the query changes)."""
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)  # Chinese goes in as one text input, with no key events,
    box.press("End")  # so a real key press for Material, which searches on keyup
    snapshot = ("() => [...document.querySelectorAll('.md-search-result__item')]"
                ".map(e => e.textContent).join('|')")
    seen: list[str] = []

    def settled() -> bool:
        seen.append(page.evaluate(snapshot))
        return len(seen) >= 4 and seen[-1] and len(set(seen[-4:])) == 1

    wait_for(settled, interval=0.2)
    return page.locator(".md-search-result__item").all()


def result_summary(items, base: str) -> dict[str, list[str]]:
    """Result page (path under ``base``) -> the highlighted words in it, collapsed sections
    included, in the order shown."""
    summary: dict[str, list[str]] = {}
    for item in items:
        link, marks = item.evaluate("item => [item.querySelector('a').href, "
                                    "[...item.querySelectorAll('mark')].map(m => m.textContent)]")
        page = re.sub(r"[?#].*$", "", link.removeprefix(base))  # ?h=: search.highlight
        summary.setdefault(page, []).extend(marks)
    return summary


def save_screenshot(page, name: str, full_page: bool = False) -> Path:
    """Screenshots are kept as test artifacts in dist/test-artifacts/portal/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path
