"""docs/zh/格式参考.md is generated from the field declarations the JSON Schema comes from."""
from __future__ import annotations

from conftest import PROJECT_DIR
from generator.formatref import reference
from generator.schema import SCHEMA_FILES, schema_for


def test_the_chinese_format_reference_is_in_sync_with_the_field_declarations():
    written = (PROJECT_DIR / "docs/zh/格式参考.md").read_text(encoding="utf-8")
    assert written == reference("zh-Hans") + "\n", \
        "run `python -m generator.formatref` and commit docs/zh/格式参考.md"


def test_every_schema_property_has_a_row():
    text = reference("zh-Hans")
    for kind in SCHEMA_FILES:
        schema = schema_for(kind)
        assert f"## {kind}\n" in text
        for key in schema["properties"]:
            assert f"| `{key}` |" in text, (kind, key)
    assert "| `reports_to` | 直接上级 |  | string |" in text
