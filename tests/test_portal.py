"""The portal built from the bundled sample with the real CLI, read back as HTML.

Documents "built by the other renderers" are stand-ins made here (a real one-page PDF and a
.docx-named file) so the download links can be checked without running WeasyPrint.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import lxml.html
import pytest
from pypdf import PdfWriter

from generator.pipeline import check
from generator.portal.search import SEARCH_JS
from generator.portal.urls import page_uri
from portal_support import PROJECT_DIR, TODAY, build_site

SAMPLE = PROJECT_DIR / "sops"
BUILT_DOCUMENTS = ("roles/sales-manager.pdf", "roles/sales-manager.docx",
                   "forms/car-request.pdf", "handbook.pdf")


def write_pdf(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    with path.open("wb") as stream:
        writer.write(stream)


def make_documents(out: Path) -> None:
    for name in BUILT_DOCUMENTS:
        if name.endswith(".pdf"):
            write_pdf(out / name)
        else:
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(b"PK\x03\x04 stand-in")


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("portal") / "dist"
    make_documents(out)
    build_site(SAMPLE, out)
    return out


@pytest.fixture(scope="module")
def site(out) -> Path:
    return out / "site"


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE, today=dt.date.fromisoformat(TODAY)).linked


def html_path(uri: str) -> str:
    return re.sub(r"\.md$", ".html", uri)


def parse(site: Path, uri: str):
    return lxml.html.fromstring((site / html_path(uri)).read_text(encoding="utf-8"))


def cls(name: str) -> str:
    """XPath for elements with a class (lxml's CSS selectors need an extra package)."""
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def find(element, xpath: str) -> list:
    return element.xpath(xpath)


def article(site: Path, uri: str):
    return find(parse(site, uri), f"//article[{cls('md-content__inner')}]")[0]


def links_in(element, page_uri_: str) -> set[str]:
    """Targets of the links in ``element``, as site paths (anchors kept)."""
    base = Path(html_path(page_uri_)).parent
    found = set()
    for href in element.xpath(".//a/@href"):
        if href.startswith(("#", "http")):
            continue
        path, _, anchor = href.partition("#")
        target = (base / path).as_posix()
        normal = re.sub(r"[^/]+/\.\./", "", target)
        found.add(normal + (f"#{anchor}" if anchor else ""))
    return found


def all_items(linked):
    kb = linked.kb
    return [*kb.roles.values(), *kb.workflows.values(), *kb.training.values(),
            *kb.forms.values(), *kb.policies.values()]


# ---------------------------------------------------------------- pages

def test_a_page_for_every_item_and_the_index_pages(site, linked):
    for item in all_items(linked):
        assert (site / html_path(page_uri(item))).is_file(), page_uri(item)
    for name in ("index", "org", "roles/index", "workflows/index", "training/index",
                 "forms/index", "policies/index"):
        assert (site / f"{name}.html").is_file(), name


def test_every_item_page_shows_its_document_control(site, linked):
    for item in all_items(linked):
        block = find(article(site, page_uri(item)), f".//aside[{cls('sop-control')}]")[0]
        text = block.text_content()
        doc = linked.doc(item)
        assert doc.number in text and doc.version in text
        assert doc.effective.isoformat() in text and doc.next_review.isoformat() in text


def test_role_page_links_superior_and_direct_and_dotted_reports(site, linked):
    links = links_in(article(site, "roles/sales-manager.md"), "roles/sales-manager.md")
    assert "roles/sales-vp.html" in links
    for report in linked.direct_reports["sales-manager"]:
        assert f"roles/{report.id}.html" in links
    vp = links_in(article(site, "roles/sales-vp.md"), "roles/sales-vp.md")
    dotted = linked.dotted_reports["sales-vp"]
    assert dotted and all(f"roles/{r.id}.html" in vp for r in dotted)
    county = links_in(article(site, "roles/provincial-manager.md"), "roles/provincial-manager.md")
    assert "roles/sales-vp.html" in county  # its dotted-line superior: 权限上级 销售总监


def test_role_page_lists_every_step_with_its_raci_letters(site, linked):
    page = article(site, "roles/sales-manager.md")
    rows = page.xpath("//h2[@id='workflows']/following-sibling::table[1]/tbody/tr")
    parts = linked.role_steps["sales-manager"]
    assert len(rows) == len(parts)
    cells = {}
    for row in rows:
        step_link = row.xpath("./td[2]//a/@href")[0]
        letters = "".join(a.text_content() for a in row.xpath(".//abbr"))
        cells[step_link.split("/")[-1]] = letters
    for part in parts:
        assert cells[f"{part.workflow.id}.html#step-{part.step.id}"] == part.letters


def test_role_page_shows_every_field(site, linked):
    role = linked.kb.roles["sales-manager"]
    text = article(site, "roles/sales-manager.md").text_content()
    for value in (role.title_en, role.qualifications.education, role.duties[0].items[0],
                  role.routines[0].task, role.skills[0].name, role.knowledge[0],
                  role.authorities[0], role.responsibilities[0], "ISCO-08 1221"):
        assert value in text, value
    rep = linked.kb.roles["sales-rep"]                  # the sales manager has no KPIs
    assert rep.kpis[0].target in article(site, "roles/sales-rep.md").text_content()
    links = links_in(article(site, "roles/sales-manager.md"), "roles/sales-manager.md")
    for target in (*role.career.from_, *role.career.to):
        assert f"roles/{target}.html" in links
    for form in linked.role_forms["sales-manager"]:
        assert f"forms/{form.id}.html" in links
    for policy in linked.role_policies["sales-manager"]:
        assert f"policies/{policy.id}.html" in links


def test_occupation_json_ld_parses(site, linked):
    for role in linked.kb.roles.values():
        scripts = parse(site, page_uri(role)).xpath('//script[@type="application/ld+json"]')
        if not role.classification:
            assert scripts == []
            continue
        data = json.loads(scripts[0].text)
        assert data["@type"] == "Occupation" and data["name"] == role.title
        codes = [c["codeValue"] for c in data["occupationalCategory"]]
        assert codes == [c.code for c in role.classification]
        assert data["responsibilities"]                       # every role has duties
        # skills and knowledge as the manual gives them: none for some roles (销售副总经理)
        assert data.get("skills", []) == [s.name for s in role.skills] + list(role.knowledge)


def test_workflow_page_has_chart_steps_and_raci(site, linked):
    workflow = linked.kb.workflows["complaint-handling"]
    page = article(site, "workflows/complaint-handling.md")
    chart = find(page, f".//div[{cls('sop-chart')}]")[0]  # inline: its boxes are links
    assert chart.get("data-chart") == "diagrams/workflows/complaint-handling.svg"
    assert "#step-judge" in [value for a in chart.iter("a") for name, value in a.attrib.items()
                             if name.endswith("href")]
    assert (site / "diagrams/workflows/complaint-handling.svg").read_bytes().lstrip() \
        .startswith(b"<?xml")
    steps = find(page, f".//div[{cls('sop-steps')}]//tbody/tr")
    assert len(steps) == len(workflow.steps)
    assert [r.xpath("./td[1]/span/@id")[0] for r in steps] == \
        [f"step-{s.id}" for s in workflow.steps]
    raci = find(page, f".//div[{cls('sop-raci-matrix')}]//table")[0]
    assert len(raci.xpath("./thead//th")) == 1 + len(linked.raci[workflow.id].actors)
    text = page.text_content()
    assert "两个工作日内" in text                                  # a step's limit
    plan = linked.kb.workflows["monthly-sales-plan"]                # and a workflow's
    assert plan.time_limit in article(site, "workflows/monthly-sales-plan.md").text_content()
    assert "forms/complaint-record.html" in links_in(page, "workflows/complaint-handling.md")


def test_a_step_table_shows_only_the_columns_some_step_fills(site, linked):
    """As in print and Word (documents/emptycolumns.py): no step of 拜访新客户 has a time
    limit, so its table has no 时限 column; 月度销售计划's steps have limits."""
    def headers(uri: str) -> list[str]:
        return [th.text_content().strip() for th in
                find(article(site, uri), f".//div[{cls('sop-steps')}]//thead//th")]
    visits = linked.kb.workflows["customer-visits"]
    assert not any(step.time_limit for step in visits.steps)
    visit_headers = headers("workflows/customer-visits.md")
    assert "时限" not in visit_headers and "执行人员" in visit_headers
    rows = find(article(site, "workflows/customer-visits.md"),
                f".//div[{cls('sop-steps')}]//tbody/tr")
    assert {len(row.xpath("./td")) for row in rows} == {len(visit_headers)}
    assert "时限" in headers("workflows/monthly-sales-plan.md")


def _table_headers(site: Path, uri: str, first_header: str) -> list[list[str]]:
    """The headers of every table in the page's article whose first header is
    ``first_header``, each checked to have as many cells in every body row."""
    found = []
    for table in find(article(site, uri), ".//table"):
        headers = [th.text_content().strip() for th in table.xpath("./thead/tr/th")]
        if headers[:1] == [first_header]:
            assert {len(row.xpath("./td")) for row in table.xpath("./tbody/tr")} \
                == {len(headers)}, (uri, headers)
            found.append(headers)
    return found


def test_tier_tables_show_only_the_columns_some_tier_fills(site, linked):
    """As in print and Word (documents/emptycolumns.py): no tier of the sample names
    someone to inform (知会), 折扣审批's none a reviewer (审核); 差旅审批's first tier does."""
    approvals = linked.kb.approvals
    assert not any(tier.inform for approval in approvals.values() for tier in approval.tiers)
    assert not any(tier.review for tier in approvals["discount"].tiers)
    assert any(tier.review for tier in approvals["travel"].tiers)
    assert _table_headers(site, "approvals/discount.md", "档次") == [["档次", "条件", "审批"]]
    assert _table_headers(site, "approvals/travel.md", "档次") == [["档次", "条件", "审核",
                                                                    "审批"]]
    # the same table under a workflow's approval step
    assert _table_headers(site, "workflows/business-travel.md", "档次") == [
        ["档次", "条件", "审核", "审批"]]


def test_a_roles_training_table_has_no_hours_column_when_no_session_gives_hours(site, linked):
    assert not any(s.hours is not None for plan in linked.kb.training.values()
                   for s in plan.sessions)
    assert _table_headers(site, "roles/sales-rep.md", "培训计划") == [
        ["培训计划", "培训项目", "第几个工作日"]]


def test_form_page_lists_its_fields_and_where_it_is_used(site, linked):
    form = linked.kb.forms["car-request"]
    page = article(site, "forms/car-request.md")
    labels = [row.xpath("string(./td[1])") for row in page.xpath(".//table/tbody/tr")]
    assert labels == [f.label for f in form.all_fields]
    assert "workflows/customer-reception.html#step-car-request" in \
        links_in(page, "forms/car-request.md")


def test_org_page_shows_the_chart_and_every_department(site, linked):
    page = article(site, "org.md")
    assert find(page, f".//div[{cls('sop-chart')}]/@data-chart")[0] == "diagrams/org.svg"
    for dept_id in linked.departments:
        assert page.xpath(f".//*[@id='dept-{dept_id}']"), dept_id


def test_home_page_has_organisation_counts_and_recent_changes(site, linked):
    page = article(site, "index.md")
    assert linked.org.organization.name in page.xpath("string(.//h1)")
    counts = [a.text_content() for a in find(page, f".//div[{cls('sop-counts')}]//a")]
    assert any(str(len(linked.kb.roles)) in c for c in counts)
    changes = find(page, f".//div[{cls('sop-changes')}]//table")[0]
    assert "roles/account-manager.html" in links_in(changes, "index.md")  # its history


def test_drafts_are_marked_in_page_and_navigation(site):
    page = parse(site, "roles/account-manager.md")
    assert find(page, f"//article//div[{cls('sop-notice--draft')}]")
    nav_link = page.xpath('//nav//a[contains(@href, "account-manager.html")]')[0]
    assert find(nav_link, f".//span[{cls('md-status--draft')}]")


# ---------------------------------------------------------------- downloads

def test_pages_link_only_to_documents_that_were_built(site):
    for name in BUILT_DOCUMENTS:
        assert (site / "downloads" / name).is_file(), name
    manager = links_in(article(site, "roles/sales-manager.md"), "roles/sales-manager.md")
    assert {"downloads/roles/sales-manager.pdf", "downloads/roles/sales-manager.docx"} <= manager
    form = links_in(article(site, "forms/car-request.md"), "forms/car-request.md")
    assert "downloads/forms/car-request.pdf" in form
    vp = article(site, "roles/sales-vp.md")
    assert not find(vp, f".//div[{cls('sop-downloads')}]")  # nothing was built for it
    assert "downloads/handbook.pdf" in links_in(article(site, "index.md"), "index.md")


def test_section_pages_list_downloads_and_forms_come_as_one_zip(site):
    forms = article(site, "forms/index.md")
    links = links_in(forms, "forms/index.md")
    assert {"downloads/forms/car-request.pdf", "downloads/forms.zip"} <= links
    with zipfile.ZipFile(site / "downloads" / "forms.zip") as archive:
        assert archive.namelist() == ["car-request.pdf"]  # every form that was built
        assert archive.read("car-request.pdf") == (
            site / "downloads" / "forms" / "car-request.pdf").read_bytes()
    assert "downloads/forms.zip" not in links_in(article(site, "roles/index.md"),
                                                 "roles/index.md")


@pytest.mark.parametrize("uri", ["index.md", "org.md", "roles/index.md", "forms/index.md"])
def test_home_org_and_section_pages_have_no_handbook_control_block(site, uri):
    assert not find(article(site, uri), f".//aside[{cls('sop-control')}]")


def test_home_speaks_to_staff_with_this_company_words(site):
    home = article(site, "index.md")
    text = home.text_content()
    assert "从我的岗位开始" in text and "sopkit" not in text and "sops/" not in text
    assert "产品派工单" in text and "4S店销售流程" in text  # example queries: own titles, in reading order
    roles = links_in(home, "index.md")
    assert {"roles/sales-assistant.html", "roles/sales-vp.html"} <= roles
    # departments without roles (finance, legal…) are not listed empty
    my_role = home.xpath("string(.//h2[@id='my-role']/following::table[1])")
    assert "销售部" in my_role and "财务部" not in my_role


def test_the_site_ships_no_source_maps_or_unused_search_languages(site):
    assets = site / "assets" / "javascripts"
    assert not list(site.rglob("*.map"))
    assert not [p for p in site.rglob("*.js") if "sourceMappingURL" in p.read_text("utf-8")]
    assert sorted(p.name for p in (assets / "lunr").rglob("*.js")) == [
        "lunr.multi.min.js", "lunr.stemmer.support.min.js", "lunr.zh.min.js"]


def test_every_internal_link_and_image_resolves(site):
    for page in set(site.rglob("*.html")) - {site / "404.html"}:  # 404 links from the root
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        for ref in tree.xpath("//a/@href | //img/@src | //link/@href | //script/@src"):
            if re.match(r"^([a-z]+:|#|//)", ref):
                continue
            target = (page.parent / ref.split("#")[0].split("?")[0]).resolve()
            assert target.exists(), f"{page.relative_to(site)} -> {ref}"


# ---------------------------------------------------------------- intranet

EXTERNAL = re.compile(r"^(https?:)?//", re.I)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)|@import\s+['"]([^'"]+)""")


def test_no_resource_is_loaded_from_another_host(site):
    for page in site.rglob("*.html"):
        tree = lxml.html.fromstring(page.read_text(encoding="utf-8"))
        refs = tree.xpath("//script/@src | //link[not(@rel='alternate')]/@href | //img/@src"
                          " | //iframe/@src | //source/@src | //video/@src | //audio/@src")
        assert not [r for r in refs if EXTERNAL.match(r)], page.relative_to(site)
    for sheet in site.rglob("*.css"):
        for match in CSS_URL.finditer(sheet.read_text(encoding="utf-8")):
            ref = match.group(1) or match.group(2)
            assert not EXTERNAL.match(ref.strip()), f"{sheet.relative_to(site)}: {ref}"
    assert "fonts.googleapis" not in (site / "index.html").read_text(encoding="utf-8")


def test_search_index_holds_sections_units_numbers_and_words(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == []  # Material's own documents: nothing reads them any more
    data = index["config"]["sopkit"]
    pages = {p["location"]: p for p in data["pages"]}
    order = pages["workflows/order-processing.html"]
    assert order["number"] == "XS-LC-002" and order["status"] == ""
    units = [u for s in order["sections"] for u in s["units"]]
    assert [u for u in units if u.startswith("8 · ")] == ["8 · 制单→ 结束 · 仓库"]  # one row, one unit
    assert max(len(u) for p in pages.values() for s in p["sections"] for u in s["units"]) < 400
    assert not any("XS-LC-002" in u for u in units)  # the control block is left out
    assert "派车" in data["words"] and "派车申请单" in data["words"]  # jieba and titles
    assert "roles/index.html" not in pages and "index.html" not in pages  # lists, home
    worker = next((site / "assets/javascripts/workers").glob("search.*.min.js"))
    assert worker.read_text(encoding="utf-8").startswith(
        SEARCH_JS.read_text(encoding="utf-8"))
    offline = (site / "search" / "search_index.js").read_text(encoding="utf-8")
    assert json.loads(offline.removeprefix("var __index = ")) == index  # for file://


# ---------------------------------------------------------------- builds

def test_the_build_is_reproducible(out, tmp_path):
    again = tmp_path / "dist"
    make_documents(again)
    second = build_site(SAMPLE, again)
    first = out / "site"
    names = sorted(p.relative_to(first) for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    changed = [n for n in names if (first / n).read_bytes() != (second / n).read_bytes()]
    assert changed == []


def test_mkdocs_build_strict_passes(tmp_path):
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                             "-f", str(PROJECT_DIR / "mkdocs.yml"), "-d", str(tmp_path / "s")],
                            capture_output=True, text=True, cwd=PROJECT_DIR,
                            env={**os.environ, "SOPKIT_TODAY": TODAY})
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "s" / "roles" / "sales-manager.html").is_file()


def _session_headers(site: Path) -> list[str]:
    page = lxml.html.parse(str(site / "training" / "new-sales-staff.html"))
    return [th.text_content().strip() for th in page.iter("th")]


def test_training_page_leaves_out_columns_no_session_fills(site):
    # the manual gives no hours, methods or assessments: no empty columns for them
    assert _session_headers(site) == ["第几个工作日", "培训项目 / 培训内容", "负责部门", "培训资料"]


def test_training_page_shows_hours_and_method_when_a_session_gives_them(tmp_path):
    import shutil

    sops = shutil.copytree(PROJECT_DIR / "sops", tmp_path / "sops")
    plan = sops / "training" / "new-sales-staff.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("    by: hr\n", "    by: hr\n    hours: 2\n    method: 讲授\n", 1),
                    encoding="utf-8")
    site = build_site(sops, tmp_path / "dist", only="site")
    assert _session_headers(site) == ["第几个工作日", "培训项目 / 培训内容", "负责部门", "课时",
                                      "培训方式 / 考核方式", "培训资料"]
    first = lxml.html.parse(str(site / "training" / "new-sales-staff.html")).find(".//tbody/tr")
    assert [td.text_content().strip() for td in first][3:5] == ["2", "讲授"]
    # the roles trained by the plan list the session's hours on their pages too
    assert _table_headers(site, "roles/sales-rep.md", "培训计划") == [
        ["培训计划", "培训项目", "第几个工作日", "课时"]]
