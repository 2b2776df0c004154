"""The format reference for writers, in their language, generated from the same field
declarations as the JSON Schema (`schema.schema_for`): `python -m generator.formatref
[LOCALE]` rewrites docs/zh/格式参考.md, and a test keeps the file in sync."""
from __future__ import annotations

import sys
from pathlib import Path

from .i18n import Labels
from .schema import SCHEMA_FILES, schema_for

DOCS = Path(__file__).resolve().parent.parent / "docs"
TARGETS = {"zh-Hans": DOCS / "zh" / "格式参考.md"}


def reference(locale: str = "zh-Hans") -> str:
    t = Labels(locale)
    lines = [f"# {t('formatref_title')}", "", t("formatref_intro"), ""]
    for kind in SCHEMA_FILES:
        schema = schema_for(kind)
        lines += [f"## {kind}", ""]
        lines += _table(schema, t)
        for name, definition in schema["$defs"].items():
            lines += [f"### {kind} › {name}", ""]
            lines += _table(definition, t)
    return "\n".join(lines)


def _table(schema: dict, t: Labels) -> list[str]:
    rows = [f"| {t('formatref_key')} | {t('formatref_name')} | {t('formatref_required')} | "
            f"{t('formatref_type')} | {t('formatref_description')} |", "|---|---|---|---|---|"]
    required = set(schema.get("required", ()))
    for key, field in schema.get("properties", {}).items():
        rows.append(f"| `{key}` | {field.get('title', '')} | "
                    f"{t('formatref_yes') if key in required else ''} | {_type(field)} | "
                    f"{_describe(field, t)} |")
    return [*rows, ""]


def _type(field: dict) -> str:
    if "$ref" in field:
        return field["$ref"].rsplit("/", 1)[1]
    if field.get("type") == "array":
        return f"[{_type(field.get('items', {}))}]"
    if "anyOf" in field:
        return " | ".join(_type(option) for option in field["anyOf"])
    return str(field.get("format") or field.get("type", ""))


def _describe(field: dict, t: Labels) -> str:
    text = str(field.get("description", "")).replace("|", "\\|").replace("\n", " ")
    choices = field.get("enum") or field.get("items", {}).get("enum")
    if choices:
        text += f" ({t('formatref_choices')}: {', '.join(str(c) for c in choices)})"
    return text


def main(argv: list[str]) -> None:
    for locale, target in TARGETS.items():
        if argv and locale not in argv:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(reference(locale) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
