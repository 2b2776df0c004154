"""Site size and the weight of one page as Chromium loads it (every file it requests).

    python bench/page_weight.py SITE_DIR [PAGE]     # PAGE: roles/sales-assistant.html
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from portal_support import launch_chromium, open_page, requested_urls, serve  # noqa: E402


def main() -> None:
    site = Path(sys.argv[1])
    page_path = sys.argv[2] if len(sys.argv) > 2 else "roles/sales-assistant.html"
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    with launch_chromium() as context, serve(site) as url, open_page(context) as page:
        page.goto(url + page_path)
        page.locator("input.md-search__input").click()  # search loads its index and worker
        time.sleep(2)
        files = {urlsplit(u).path.lstrip("/") for u in requested_urls(context)
                 if u.startswith(url)}
    weight = sum((site / f).stat().st_size for f in files if (site / f).is_file())
    print(f"site: {total / 1e6:.2f} MB; {page_path} with search opened: "
          f"{len(files)} files, {weight / 1e3:.0f} KB")


if __name__ == "__main__":
    main()
