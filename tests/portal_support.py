"""Helpers for the portal tests: build a site with the real CLI, serve it, drive Chromium.

Chromium is Debian's (`/usr/bin/chromium` with its `chromedriver`), run headless with a
fresh profile and no background networking, so every request it makes is one the page made.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import shutil
import tempfile
import threading
import time
from pathlib import Path
from typing import Iterator

import pytest
from click.testing import CliRunner

from generator.cli import main

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
CHROMIUM_FLAGS = ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                  "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--window-size=1400,1000")
PROJECT_DIR = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT_DIR / "dist" / "test-artifacts" / "portal"
TODAY = "2026-11-23"

needs_chromium = pytest.mark.skipif(not (CHROMIUM.exists() and CHROMEDRIVER.exists()),
                                    reason="Chromium and chromedriver are not installed")


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


@contextlib.contextmanager
def chromium():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="sopkit-chromium-")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"performance": "ALL", "browser": "ALL"})
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    try:
        driver.get("about:blank")
        requested_urls(driver)  # drop what the browser itself loaded at start
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def requested_urls(driver) -> list[str]:
    """Every URL the pages requested since the last call (Chrome's network log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_for(condition, timeout: float = 10.0, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


def search(driver, query: str) -> list:
    """Type ``query`` into the search box of the current page; the result items once the
    list has settled (results update while typing, one keystroke at a time)."""
    from selenium.webdriver.common.by import By

    box = driver.find_element(By.CSS_SELECTOR, "input.md-search__input")
    box.click()
    box.clear()
    box.send_keys(query)
    snapshot = ("return [...document.querySelectorAll('.md-search-result__item')]"
                ".map(e => e.textContent).join('|')")
    seen: list[str] = []

    def settled() -> bool:
        seen.append(driver.execute_script(snapshot))
        return len(seen) >= 4 and seen[-1] and len(set(seen[-4:])) == 1

    wait_for(settled, interval=0.2)
    return driver.find_elements(By.CSS_SELECTOR, ".md-search-result__item")


def result_summary(items, base: str) -> dict[str, list[str]]:
    """Result page (path under ``base``) -> the highlighted words in it, collapsed sections
    included, in the order shown."""
    from selenium.webdriver.common.by import By

    summary: dict[str, list[str]] = {}
    for item in items:
        link = item.find_element(By.CSS_SELECTOR, "a").get_attribute("href")
        page = re.sub(r"#.*$", "", link.removeprefix(base))
        marks = [m.get_attribute("textContent") for m in item.find_elements(By.TAG_NAME, "mark")]
        summary.setdefault(page, []).extend(marks)
    return summary


def save_screenshot(driver, name: str, full_page: bool = False) -> Path:
    """Screenshots are kept as test artifacts in dist/test-artifacts/portal/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(1400, min(max(height, 1000), 8000))
    path = ARTIFACTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(1400, 1000)
    return path
