"""Content is data: markup, Markdown and template syntax written in YAML shows as text and
never runs. Also: retired items stay out of the navigation, and `--sops` builds another
knowledge base than the sample.
"""
from __future__ import annotations

import json
from pathlib import Path

import lxml.html
import pytest

from conftest import write
from portal_support import (
    build_site,
    launch_chromium,
    needs_chromium,
    open_page,
    search,
    serve,
    wait_for,
)

PWN = 'window.__pwned="{}"'
HOSTILE_KB = {
    "org.yaml": f"""\
        organization:
          name: '华&游 <script>{PWN.format("org")}</script>'
        departments:
          - id: sales
            name: '销售部 </title><script>{PWN.format("dept")}</script>'
            head: boss
        """,
    "roles/boss.yaml": f"""\
        title: '经理 </title><script>{PWN.format("title")}</script>'
        department: sales
        duties:
          - '<script>{PWN.format("duty")}</script>处理客户投诉'
          - '[点我](javascript:{PWN.format("link")}) *强调* | 竖线 # 标题 {{{{ 7*7 }}}} <img src=x onerror="{PWN.format("img")}">'
          - |
            第一行

                缩进的代码块
            ![图](javascript:{PWN.format("image")})
        classification:
          - {{scheme: 'isco</script><script>{PWN.format("ld")}</script>', code: '1221'}}
        """,
    "roles/helper.yaml": """\
        title: 助理
        department: sales
        reports_to: boss
        duties: [协助经理]
        document: {status: draft}
        """,
    "roles/old.yaml": """\
        title: 旧岗位
        department: sales
        reports_to: boss
        duties: [已不再设置]
        document: {status: retired}
        """,
    "workflows/flow.yaml": f"""\
        title: '流程 <b onmouseover="{PWN.format("hover")}">粗</b>'
        owner: boss
        steps:
          - id: one
            name: '第一步 <script>{PWN.format("step")}</script>'
            by: helper
            description: '说明 [x](javascript:{PWN.format("step-link")})'
            forms: [sheet]
          - id: two
            name: 结束
            by: boss
        """,
    "forms/sheet.yaml": """\
        title: '表 {% raw %}{{ x }}'
        owner: boss
        fields:
          - id: a
            label: 'javascript:alert(1)'
            type: choice
            options: ['<i>选项</i>', '`code`']
        """,
    "policies/rules.yaml": f"""\
        title: 旧制度
        applies_to: [all]
        sections:
          - title: '章 <script>{PWN.format("policy")}</script>'
            rules: ['规则 | 竖线']
        document: {{status: retired}}
        """,
    "training/plan.yaml": """\
        title: 培训
        for: [helper]
        sessions:
          - id: s1
            title: 入门
            topics: ['*a*', '<u>b</u>']
            by: boss
            day: 1
            materials: [flow, sheet]
        """,
}


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    for relative, content in HOSTILE_KB.items():
        write(base / "sops" / relative, content)
    return build_site(base / "sops", base / "dist", only="site")


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def text_of(site: Path, name: str) -> str:
    tree = lxml.html.fromstring((site / name).read_text(encoding="utf-8"))
    return tree.xpath("string(//article)")


def test_no_content_becomes_markup(site):
    for page in pages(site):
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        for script in tree.xpath("//script"):
            assert "__pwned" not in (script.text or "") or \
                script.get("type") == "application/ld+json", page
        assert not tree.xpath("//*[@onerror or @onmouseover]"), page
        links = tree.xpath("//@href | //@src")
        assert not [link for link in links if "javascript:" in link.lower()], page
        assert not tree.xpath("//article//img[@alt='图'] | //article//em | //article//pre"), page


def test_the_organisation_name_shows_as_written_in_the_site_name(site):
    name = f'华&游 <script>{PWN.format("org")}</script>'
    tree = lxml.html.fromstring((site / "index.html").read_text(encoding="utf-8"))
    assert name in tree.findtext(".//title")
    logo = tree.xpath("//a[contains(@class, 'md-header__button md-logo')]")[0]
    assert name in logo.get("title") and name in logo.get("aria-label")
    assert name in tree.xpath("string(//header)")


def test_content_shows_as_written(site):
    text = text_of(site, "roles/boss.html")
    assert f'<script>{PWN.format("duty")}</script>处理客户投诉' in text
    assert "[点我](javascript:" in text and "*强调* | 竖线 # 标题 {{ 7*7 }}" in text
    assert "缩进的代码块" in text
    assert "{% raw %}{{ x }}" in text_of(site, "forms/sheet.html")
    assert "<i>选项</i>" in text_of(site, "forms/sheet.html")


def test_titles_are_escaped_in_title_navigation_and_json_ld(site):
    page = (site / "roles" / "boss.html").read_text(encoding="utf-8")
    tree = lxml.html.fromstring(page)
    assert tree.xpath("string(//title)").startswith('经理 </title><script>')
    data = json.loads(tree.xpath('//script[@type="application/ld+json"]')[0].text)
    assert data["name"] == f'经理 </title><script>{PWN.format("title")}</script>'
    assert data["occupationalCategory"][0]["inCodeSet"]["name"].startswith("ISCO</SCRIPT>")


def test_retired_items_are_marked_and_out_of_the_navigation(site):
    index = (site / "index.html").read_text(encoding="utf-8")
    nav = lxml.html.fromstring(index).xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    nav_links = nav.xpath(".//a/@href")
    assert "roles/helper.html" in nav_links  # a draft stays in the navigation
    assert "roles/old.html" not in nav_links and "policies/rules.html" not in nav_links
    assert "旧岗位" in text_of(site, "roles/index.html")  # still reachable from the index
    retired = lxml.html.fromstring((site / "roles" / "old.html").read_text(encoding="utf-8"))
    assert retired.xpath("//article//div[contains(@class, 'sop-notice--retired')]")


@needs_chromium
def test_nothing_from_content_runs_in_the_browser(site):
    with serve(site) as base, launch_chromium() as context, open_page(context) as browser:
        for page in pages(site):
            browser.goto(base + page.relative_to(site).as_posix())
            wait_for(lambda: browser.evaluate("document.readyState") == "complete")
            assert browser.evaluate("window.__pwned") is None, page
        browser.goto(base + "roles/boss.html")
        assert search(browser, "处理客户投诉")  # results show the duty with its <script>
        assert browser.evaluate("window.__pwned") is None
