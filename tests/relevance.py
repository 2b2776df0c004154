"""The search relevance set (tests/search_relevance.yaml) run against a built site.

Queries go to the site's own search worker in Chromium, exactly as the search box sends
them, and the pages come back in the order the results list shows them. Used by
tests/test_search_relevance.py and bench/search_relevance.py (the before/after table).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

CASES = Path(__file__).with_name("search_relevance.yaml")

# Material's worker protocol: SETUP 0, READY 1, QUERY 2, RESULT 3.
_RUN = """async queries => {
  const config = JSON.parse(document.getElementById("__config").textContent)
  const base = new URL(config.base + "/", location.href)
  const index = await (await fetch(new URL("search/search_index.json", base))).json()
  const worker = new Worker(new URL(config.search, base))
  const next = () => new Promise(resolve =>
    worker.addEventListener("message", ev => resolve(ev.data), {once: true}))
  // as Material's page script sends it: the index plus the search options
  const options = {suggest: config.features.includes("search.suggest")}
  worker.postMessage({type: 0, data: {...index, options}})
  await next()
  const rankings = []
  for (const query of queries) {
    worker.postMessage({type: 2, data: query})
    const {data} = await next()
    rankings.push(data.items.map(group =>
      group[0].location.split("#")[0].replace(/\\.html$/, "")))
  }
  worker.terminate()
  return rankings
}"""


@dataclass(frozen=True)
class Case:
    query: str
    first: str | None = None
    top3: tuple[str, ...] = ()
    none: bool = False

    def passes(self, ranking: list[str]) -> bool:
        if self.none:
            return ranking == []
        if self.first is not None and ranking[:1] != [self.first]:
            return False
        return all(page in ranking[:3] for page in self.top3)

    @property
    def expected(self) -> str:
        if self.none:
            return "(none)"
        return self.first or " ".join(self.top3) + " in top 3"


def cases(base_name: str) -> list[Case]:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))[base_name]
    return [Case(c["query"], c.get("first"), tuple(c.get("top3", ())), bool(c.get("none")))
            for c in data]


def rankings(page, url: str, queries: list[str]) -> list[list[str]]:
    """Each query's result pages, best first, from the site served at ``url``."""
    page.goto(url)
    return page.evaluate(_RUN, queries)


def table(base_name: str, found: list[tuple[Case, list[str]]]) -> str:
    """A Markdown table: query, expected, the first three results, pass/fail."""
    lines = [f"| {base_name} query | expected | results (first 3, of n) | ok |",
             "|---|---|---|---|"]
    for case, ranking in found:
        shown = ", ".join(ranking[:3]) + (f" (of {len(ranking)})" if ranking else "—")
        lines.append(f"| {case.query} | {case.expected} | {shown} | "
                     f"{'yes' if case.passes(ranking) else '**no**'} |")
    passed = sum(case.passes(r) for case, r in found)
    lines.append(f"\n{passed} of {len(found)} pass")
    return "\n".join(lines)
