"""Whose portal it is: `sopkit build` hands the portal the model it linked, and the site's
name and language come from org.yaml unless a mkdocs.yml beside `sops/` sets them."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import lxml.html
import pytest
from click.testing import CliRunner

import generator.pipeline
from conftest import PROJECT_DIR, write
from generator.cli import main
from generator.i18n import Labels
from portal_support import TODAY, build_site

KB = {
    "roles/boss.yaml": "title: Boss\ndepartment: sales\nduties: [Lead the team]\n",
    "roles/clerk.yaml": "title: Clerk\ndepartment: sales\nreports_to: boss\nduties: [File]\n",
    "workflows/flow.yaml": "title: Flow\nowner: boss\nsteps:\n"
                           "  - {id: one, name: Start, by: clerk, forms: [sheet]}\n",
    "forms/sheet.yaml": "title: Sheet\nowner: clerk\nfields:\n  - {id: a, label: Name}\n",
}


def knowledge_base(folder, locale: str = "en", name: str = "Acme Rides"):
    write(folder / "sops" / "org.yaml", f"organization: {{name: {name}}}\nlocale: {locale}\n"
          "departments:\n  - {id: sales, name: Sales}\n")
    for relative, content in KB.items():
        write(folder / "sops" / relative, content)
    return folder / "sops"


def home(site) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((site / "index.html").read_text(encoding="utf-8"))


def test_sopkit_build_reads_the_knowledge_base_once(tmp_path, monkeypatch):
    calls = []
    real_load = generator.pipeline.load

    def counted_load(*args, **kwargs):
        calls.append(args[0])
        return real_load(*args, **kwargs)

    monkeypatch.setattr(generator.pipeline, "load", counted_load)
    sops = knowledge_base(tmp_path)
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out",
                                       str(tmp_path / "dist"), "--quiet", "--today", TODAY])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dist" / "site" / "index.html").is_file()
    assert len(calls) == 1


@pytest.mark.parametrize("locale", ["en", "zh-Hant", "zh-Hans"])
def test_site_name_and_language_follow_org_yaml(tmp_path, locale):
    site = build_site(knowledge_base(tmp_path, locale), tmp_path / "dist", only="site")
    t, page = Labels(locale), home(site)
    assert page.get("lang") == t("portal_theme_language")
    assert page.findtext(".//title").endswith(t("portal_site_name", organization="Acme Rides"))
    assert "Acme Rides" in page.xpath("string(//header)")


def _own_mkdocs_yml(folder, site_name: str, language: str) -> None:
    """The repository's configuration, with the name and language written in."""
    text = (PROJECT_DIR / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace('site_name: ""', f"site_name: {site_name}", 1)
    text = text.replace("  name: material\n", f"  name: material\n  language: {language}\n", 1)
    (folder / "mkdocs.yml").write_text(text, encoding="utf-8")
    shutil.copytree(PROJECT_DIR / "site", folder / "site")


def test_a_mkdocs_yml_beside_sops_sets_name_and_language(tmp_path):
    sops = knowledge_base(tmp_path, "zh-Hant")
    _own_mkdocs_yml(tmp_path, "Shop floor manual", "en")
    page = home(build_site(sops, tmp_path / "dist", only="site"))
    assert page.get("lang") == "en"
    assert page.findtext(".//title").endswith("Shop floor manual")
    assert "Acme Rides" not in page.xpath("string(//header)")


def test_plain_mkdocs_build_loads_the_knowledge_base_itself(tmp_path):
    knowledge_base(tmp_path, "zh-Hant")
    shutil.copy(PROJECT_DIR / "mkdocs.yml", tmp_path / "mkdocs.yml")
    shutil.copytree(PROJECT_DIR / "site", tmp_path / "site")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet"],
                            capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "SOPKIT_TODAY": TODAY})
    assert result.returncode == 0, result.stderr
    page = home(tmp_path / "dist" / "site")
    assert page.get("lang") == "zh-TW"
    assert page.findtext(".//title").endswith(
        Labels("zh-Hant")("portal_site_name", organization="Acme Rides"))


def test_a_mkdocs_yml_without_the_sops_plugin_is_reported(tmp_path):
    sops = knowledge_base(tmp_path)
    write(tmp_path / "mkdocs.yml", "site_name: Docs\ndocs_dir: docs\n")
    (tmp_path / "docs").mkdir()
    result = CliRunner().invoke(main, ["build", "--sops", str(sops), "--out",
                                       str(tmp_path / "dist"), "--only", "site", "--quiet"])
    assert result.exit_code != 0 and isinstance(result.exception, SystemExit)
    assert "does not use the `sops` plugin" in result.output
