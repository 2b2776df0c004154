"""The search relevance table for the sample and the synthetic hotel knowledge base.

    python bench/search_relevance.py [OUT_DIR] [--rebuild]

Sites already built in OUT_DIR are reused unless --rebuild is given.

Builds both portals (`sopkit build --only site`), runs tests/search_relevance.yaml through
each site's own search worker in Chromium, and prints one Markdown table per base.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "tests"))

from portal_support import build_site, launch_chromium, open_page, serve  # noqa: E402
from relevance import cases, rankings, table  # noqa: E402
from search_kb import write_hotel_kb  # noqa: E402


def main() -> None:
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(tempfile.mkdtemp())
    if (out / "sample" / "site").is_dir() and "--rebuild" not in sys.argv:
        sites = {"sample": out / "sample" / "site", "hotel": out / "hotel" / "site"}
    else:
        sites = {"sample": build_site(PROJECT / "sops", out / "sample", only="site"),
                 "hotel": build_site(write_hotel_kb(out / "hotel-sops"), out / "hotel",
                                     only="site")}
    with launch_chromium() as context, open_page(context) as page:
        for name, site in sites.items():
            with serve(site) as url:
                found = cases(name)
                results = rankings(page, url, [c.query for c in found])
                print(table(name, list(zip(found, results, strict=True))), end="\n\n")


if __name__ == "__main__":
    main()
