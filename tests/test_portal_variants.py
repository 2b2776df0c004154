"""Custom job descriptions on the portal: listed under their standard role as variants.

The sample is built with the real CLI and the real custom renderer (`--only custom,site`),
so the links are checked against the documents `sopkit build` actually wrote.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import lxml.html
import pytest

from conftest import write
from generator.custom import variants
from generator.documents.environment import duty_blocks
from generator.i18n import Labels
from generator.pipeline import check
from portal_support import PROJECT_DIR, TODAY, build_site

SAMPLE = PROJECT_DIR / "sops"
t = Labels("zh-Hans")  # the sample's locale


@pytest.fixture(scope="module")
def out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("variants") / "dist"
    build_site(SAMPLE, out, only="custom,site")
    return out


@pytest.fixture(scope="module")
def site(out) -> Path:
    return out / "site"


@pytest.fixture(scope="module")
def linked():
    return check(SAMPLE, today=dt.date.fromisoformat(TODAY)).linked


@pytest.fixture(scope="module")
def by_role(linked):
    return variants(linked)


def article(site: Path, page: str):
    html = (site / page).read_text(encoding="utf-8")
    return lxml.html.fromstring(html).xpath("//article")[0]


def cls(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def cards(page) -> list:
    return page.xpath(f".//div[{cls('sop-variant')}]")


def duties(role) -> list[str]:
    return [str(duty) for _, items in duty_blocks(role.duties) for duty in items]


def resolve(site: Path, page: str, href: str) -> Path:
    return (site / page).parent.joinpath(href.partition("#")[0]).resolve()


def test_sales_rep_page_lists_the_shanghai_variant(site, by_role):
    variant = by_role["sales-rep"][0]
    page = article(site, "roles/sales-rep.html")
    assert page.xpath("string(.//h2[@id='variants'])").strip().startswith(t("jd_variants"))
    [card] = cards(page)
    title = card.xpath(".//strong/a")[0]
    assert title.text_content() == variant.title and "{" not in variant.title
    assert resolve(site, "roles/sales-rep.html", title.get("href")) == \
        (site / "roles/custom/sales-rep-shanghai.html").resolve()
    badges = [b.text_content() for b in card.xpath(f".//span[{cls('sop-badge--variant')}]")]
    assert badges == [t("jd_variant_badge")]
    facts = card.xpath("string(.//dl)")
    for value in (variant.number, t(f"status_{variant.status}"), variant.author,
                  variant.date.isoformat(), str(variant.changes)):
        assert value in facts, value


def test_variant_links_go_to_the_documents_sopkit_built(site, out, by_role):
    variant = by_role["sales-rep"][0]
    [card] = cards(article(site, "roles/sales-rep.html"))
    links = {a.text_content(): a.get("href")
             for a in card.xpath(f".//div[{cls('sop-downloads')}]//a")}
    expected = {t("portal_download_pdf"): variant.pdf, t("portal_download_docx"): variant.docx,
                t("portal_download_redline_pdf"): variant.redline_pdf,
                t("portal_download_redline_docx"): variant.redline_docx}
    assert set(links) == set(expected)
    for label, built in expected.items():
        target = resolve(site, "roles/sales-rep.html", links[label])
        assert target == (site / "downloads" / built).resolve(), label
        assert target.read_bytes() == (out / built).read_bytes(), label


def test_a_variant_in_review_is_marked_like_other_drafts(site, by_role):
    variant = by_role["customer-service"][0]
    assert variant.status == "in_review"
    [card] = cards(article(site, "roles/customer-service.html"))
    assert card.xpath(f"string(.//span[{cls('sop-badge--draft')}])") == t("watermark_draft")
    status = card.xpath(f".//span[{cls('sop-status--in_review')}]")[0]
    assert status.text_content() == t("status_in_review")
    notice = article(site, "roles/custom/customer-service-hk.html").xpath(
        f".//div[{cls('sop-notice--variant')}]")[0]  # the standard itself is approved
    assert not notice.xpath(f".//span[{cls('sop-badge--draft')}]")


def test_roles_without_variants_have_no_variants_section(site, by_role):
    page = article(site, "roles/sales-manager.html")
    assert "sales-manager" not in by_role
    assert page.xpath(".//h2[@id='variants']") == [] and cards(page) == []


def test_each_variant_has_a_page_linking_back_to_its_standard(site, by_role, linked):
    variant = by_role["sales-rep"][0]
    jd = linked.custom_jds[variant.id]
    page = article(site, "roles/custom/sales-rep-shanghai.html")
    assert "".join(page.xpath(".//h1/text()")).strip() == variant.title
    notice = page.xpath(f".//div[{cls('sop-notice--variant')}]")[0]
    assert t("portal_variant_of") in notice.text_content()
    back = notice.xpath(".//a/@href")
    assert [resolve(site, "roles/custom/x.html", h) for h in back] == \
        [(site / "roles/sales-rep.html").resolve()]
    control = page.xpath(f"string(.//aside[{cls('sop-control')}])")
    assert variant.number in control
    added = set(duties(jd.role)) - set(duties(jd.standard))
    text = page.text_content()
    assert added and all(duty in text for duty in added)  # the customised duties
    assert " ".join(jd.role.summary.split()) in " ".join(text.split())


def test_variant_pages_stay_out_of_the_navigation_but_are_searchable(site):
    html = (site / "roles/sales-rep.html").read_text(encoding="utf-8")
    nav = lxml.html.fromstring(html).xpath("//nav[contains(@class, 'md-nav--primary')]")[0]
    assert not [h for h in nav.xpath(".//a/@href") if "custom/" in h]
    index = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    locations = {page["location"] for page in index["config"]["sopkit"]["pages"]}
    assert "roles/custom/sales-rep-shanghai.html" in locations


def test_roles_index_marks_roles_that_have_variants(site, by_role):
    page = article(site, "roles/index.html")
    marks = {a.get("href"): a.text_content()
             for a in page.xpath(f".//a[{cls('sop-badge--variant')}]")}
    assert marks == {f"{role_id}.html#variants": t("portal_variants_n", n=len(found))
                     for role_id, found in by_role.items()}


# ---------------------------------------------------------------- small knowledge bases

ORG = "organization: {name: Co}\ndepartments:\n  - {id: sales, name: Sales}\n"
CLERK = "title: Clerk\ndepartment: sales\nduties: [File the letters, Answer the phone]\n"
HOSTILE = "<script>alert(1)</script> *x* [y](javascript:alert(1)) | z"


def small_kb(root: Path, overlay: dict | None = None) -> Path:
    write(root / "org.yaml", ORG)
    write(root / "roles" / "clerk.yaml", CLERK)
    if overlay is not None:
        write(root / "custom" / "clerk-night.yaml", overlay)
    return root


def test_a_knowledge_base_without_overlays_shows_no_variants(tmp_path):
    site = build_site(small_kb(tmp_path / "sops"), tmp_path / "dist", only="site")
    page = article(site, "roles/clerk.html")
    assert page.xpath(".//h2[@id='variants']") == [] and cards(page) == []
    assert t("jd_variants") not in page.text_content()
    assert not (site / "roles" / "custom").exists()
    assert not article(site, "roles/index.html").xpath(f".//*[{cls('sop-badge--variant')}]")


def test_variant_content_is_escaped_and_unbuilt_documents_are_not_linked(tmp_path):
    overlay = {"extends": "clerk", "title": HOSTILE, "author": HOSTILE, "date": "2026-11-01",
               "status": "draft", "duties": {"add": [HOSTILE]}}
    site = build_site(small_kb(tmp_path / "sops", overlay), tmp_path / "dist", only="site")
    for name in ("roles/clerk.html", "roles/custom/clerk-night.html"):
        html = (site / name).read_text(encoding="utf-8")
        assert "<script>alert" not in html, name
        page = article(site, name)
        assert HOSTILE in page.text_content(), name
        assert not page.xpath(".//em | .//script[contains(., 'alert')]"), name
        assert not [h for h in page.xpath(".//a/@href") if h.startswith("javascript")], name
    [card] = cards(article(site, "roles/clerk.html"))
    assert card.xpath(f".//div[{cls('sop-downloads')}]") == []  # `--only site`: none built
    hrefs = article(site, "roles/custom/clerk-night.html").xpath(".//a/@href")
    assert not [h for h in hrefs if re.search(r"downloads/", h)]
