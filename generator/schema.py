"""JSON Schema for every file kind, generated from the model's annotations and specs.

yaml-language-server (VS Code's YAML extension) reads these through the modeline at the top
of each content file, so writers get completion, descriptions and red squiggles while typing.
"""
from __future__ import annotations

import collections.abc
import dataclasses
import datetime as dt
import json
import types
import typing
from pathlib import Path

from .fields import (
    DATA_KEY,
    DATA_KEY_PATTERN,
    ID_MAX_LENGTH,
    ID_PATTERN,
    Text,
    field_infos,
    max_length,
)
from .i18n import DEFAULT_LOCALE, Labels
from .kinds import KINDS
from .model import Org
from .overlays.model import Overlay

SCHEMA_FILES = {"org": Org, **{kind.name: kind.model for kind in KINDS},
                "overlay": Overlay}
BASE_URL = "https://sopkit.invalid/schema/v1/"


def _scalar_schema(tp) -> dict:
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
    return {"type": "string"}


def _type_schema(tp, defs: dict) -> dict:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [o for o in typing.get_args(tp) if o is not type(None)]
        if len(options) == 1:
            return _type_schema(options[0], defs)
        return {"anyOf": [_type_schema(o, defs) for o in options]}
    if origin is tuple:
        return {"type": "array", "items": _type_schema(typing.get_args(tp)[0], defs)}
    if origin is collections.abc.Mapping:
        return {"type": "object", "additionalProperties": _type_schema(typing.get_args(tp)[1],
                                                                       defs)}
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):  # a class, not an instance
        name = tp.__name__
        if name not in defs:
            defs[name] = {}
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    return _scalar_schema(tp)


def _field_schema(info, defs: dict) -> dict:
    meta = info.meta
    schema = dict(meta["json_schema"]) if meta["json_schema"] else _type_schema(info.type, defs)
    target = schema.get("items", schema) if schema.get("type") == "array" else schema
    if meta["choices"]:
        target["enum"] = list(meta["choices"])
    if meta["is_id"] == DATA_KEY:
        target.setdefault("pattern", DATA_KEY_PATTERN.pattern)
    elif meta["is_id"] or meta["ref"]:
        target.setdefault("pattern", ID_PATTERN.pattern if meta["ref"] != "audience"
                          else r"^(all|[a-z0-9]+(-[a-z0-9]+)*)$")
    if meta["is_id"]:
        target["maxLength"] = ID_MAX_LENGTH
    elif target.get("type") == "string" and "format" not in target:
        target["maxLength"] = max_length(info)
    if meta["minimum"] is not None:
        target["minimum"] = meta["minimum"]
    if meta["maximum"] is not None:
        target["maximum"] = meta["maximum"]
    if meta["min_items"] and schema.get("type") == "array":
        schema["minItems"] = meta["min_items"]
    if meta["doc"]:
        schema["description"] = meta["doc"]
    if meta.get("label"):
        schema["title"] = Labels(DEFAULT_LOCALE)(meta["label"])
    return schema


def _object_schema(cls, defs: dict) -> dict:
    infos = field_infos(cls)
    return {
        "type": "object",
        "title": cls.KIND,
        "properties": {info.key: _field_schema(info, defs) for info in infos},
        "required": [info.key for info in infos if info.required],
        "patternProperties": {"^x-": {}},
        "additionalProperties": False,
    }


def schema_for(kind: str) -> dict:
    defs: dict = {}
    root = _object_schema(SCHEMA_FILES[kind], defs)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"{BASE_URL}{kind}.schema.json",
            "description": f"sopkit content format v1: {kind}", **root, "$defs": defs}


def write_schemas(folder: Path) -> list[Path]:
    from .outputs import write_text_atomic
    written = []
    for kind in SCHEMA_FILES:
        text = json.dumps(schema_for(kind), ensure_ascii=False, indent=2) + "\n"
        written.append(write_text_atomic(folder / f"{kind}.schema.json", text))
    return written


def modeline(kind: str, from_root: bool) -> str:
    prefix = "./" if from_root else "../"
    return f"# yaml-language-server: $schema={prefix}.schema/{kind}.schema.json"


__all__ = ["SCHEMA_FILES", "schema_for", "write_schemas", "modeline", "Text"]
