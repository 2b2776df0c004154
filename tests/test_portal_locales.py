"""The portal's labels follow the organisation's `locale`, like every other output."""
from __future__ import annotations

import lxml.html
import pytest

from conftest import write
from generator.i18n import Labels
from portal_support import build_site

KB = {
    "roles/boss.yaml": "title: Boss\ndepartment: sales\nduties: [Lead the team]\n",
    "roles/clerk.yaml": "title: Clerk\ndepartment: sales\nreports_to: boss\nduties: [File]\n",
    "workflows/flow.yaml": "title: Flow\nowner: boss\nsteps:\n"
                           "  - {id: one, name: Start, by: clerk, forms: [sheet]}\n",
    "forms/sheet.yaml": "title: Sheet\nowner: clerk\nfields:\n  - {id: a, label: Name}\n",
}


@pytest.mark.parametrize("locale", ["en", "zh-Hant"])
def test_labels_follow_the_locale(tmp_path, locale):
    write(tmp_path / "sops" / "org.yaml", f"organization: {{name: Co}}\nlocale: {locale}\n"
          "departments:\n  - {id: sales, name: Sales}\n")
    for relative, content in KB.items():
        write(tmp_path / "sops" / relative, content)
    site = build_site(tmp_path / "sops", tmp_path / "dist", only="site")
    t = Labels(locale)
    page = lxml.html.fromstring((site / "roles" / "clerk.html").read_text(encoding="utf-8"))
    text = page.xpath("string(//article)")
    assert t("portal_reporting") in text and t("reports_to") in text
    tabs = page.xpath("//nav[contains(@class, 'md-tabs')]//a/text()")
    assert t("job_descriptions") in [tab.strip() for tab in tabs]
