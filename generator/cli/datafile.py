"""Read a form's data file (YAML or JSON) into plain values and where each was written.

Both formats become the located nodes of generator/yamlsource.py, so every problem the
data check finds can be reported as ``data.yaml:3:9``. YAML goes through ``read_yaml``
(depth, aliases, tags and duplicate keys already refused there); JSON through the small
reader below, which keeps positions, never recurses and keeps numbers as written (a
5,000-digit number must become a message, not a ValueError from int()).
"""
from __future__ import annotations

import json.decoder
import re
import stat
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..diagnostics import Diagnostics, Loc
from ..forms.data import Where
from ..forms.limits import printable
from ..yamlsource import MAX_DEPTH, YMap, YNode, YScalar, YSeq, read_yaml

MAX_DATA_BYTES = 1024 * 1024   # far above any form's worth of values (10,000 characters each)
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
_WORDS = {"true", "false", "null"}
_WORD = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"[ \t\n\r]*")
_RESOLVER = yaml.resolver.Resolver()
_TOO_DEEP = (f"nesting deeper than {MAX_DEPTH} levels: form data needs three "
             "(field, table row, cell)")
# read_yaml's messages speak of SOP content; these say the same of form data.
_FOR_DATA = {"too-deep": _TOO_DEEP}


class DataFileError(Exception):
    """The file cannot be read as data; ``diagnostics`` says where and why."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("\n".join(d.message for d in diagnostics.errors))
        self.diagnostics = diagnostics


@dataclass
class DataFile:
    values: object
    value_places: dict[tuple, Loc] = field(default_factory=dict)
    key_places: dict[tuple, Loc] = field(default_factory=dict)

    def locate(self, where: Where | None) -> Loc:
        """The place of a key (``where.key``) or value, or of the nearest enclosing value."""
        if where is None:
            return self.value_places[()]
        places = self.key_places if where.key else self.value_places
        path = where.path
        while path not in places and path:
            path, places = path[:-1], self.value_places
        return places.get(path) or self.value_places[()]


def read_data_file(path: Path, shown: str) -> DataFile:
    """The file's values and places; raises DataFileError with located problems."""
    diags = Diagnostics()
    root = _read_root(path, shown, diags)
    if diags.errors:
        raise DataFileError(diags)
    data = DataFile(None, {(): root.loc if root else Loc(shown, 1, 1)})
    data.values = _plain(root, (), data) if root else None
    return data


def _read_root(path: Path, shown: str, diags: Diagnostics) -> YNode | None:
    status = path.stat()
    size = status.st_size
    if not stat.S_ISREG(status.st_mode):   # /dev/zero or a pipe would be read forever
        diags.error(Loc(shown), "is not a regular file: give a YAML or JSON file",
                    "data-file")
        return None
    if size > MAX_DATA_BYTES:
        diags.error(Loc(shown), f"the data file is {-(-size // 1024):,} KiB, over the "
                    f"{MAX_DATA_BYTES // 1024:,} KiB limit for one form's data", "too-large")
        return None
    if path.suffix.lower() != ".json":
        found = Diagnostics()
        root = read_yaml(path, shown, found)
        for problem in found.errors:
            # An empty file is data like any other: the check says it maps no field ids.
            if problem.code != "empty-file":
                diags.error(problem.loc, _FOR_DATA.get(problem.code, problem.message),
                            problem.code)
        return root
    text = _decoded(path.read_bytes(), shown, diags)
    if text is None:
        return None
    try:
        return JsonReader(text, shown).document()
    except _JsonError as exc:
        diags.error(exc.loc, exc.message, exc.code)
        return None


def _decoded(raw: bytes, shown: str, diags: Diagnostics) -> str | None:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        diags.error(Loc(shown, line, column), "the file is not UTF-8: re-save it as UTF-8",
                    "encoding")
        return None


def _plain(node: YNode, path: tuple, data: DataFile) -> object:
    """Plain values from located nodes; depth is bounded by the readers (MAX_DEPTH)."""
    data.value_places[path] = node.loc
    if isinstance(node, YSeq):
        return [_plain(item, path + (index,), data) for index, item in enumerate(node.items)]
    if isinstance(node, YMap):
        values = {}
        for key, value in node.items:
            data.key_places[path + (key.text,)] = key.loc
            values[key.text] = _plain(value, path + (key.text,), data)
        return values
    return _scalar(node)


def _scalar(node: YScalar) -> object:
    """Quoted text stays text; unquoted null and true/false mean themselves. Numbers and
    dates stay as written: the field they land in decides what they must be."""
    if not node.plain:
        return node.text
    tag = _RESOLVER.resolve(yaml.ScalarNode, node.text, (True, False))
    if tag.endswith(":null"):
        return None
    if tag.endswith(":bool"):
        return node.text.lower() in ("yes", "true", "on")
    return node.text


# ---------------------------------------------------------------- JSON

class _JsonError(Exception):
    def __init__(self, loc: Loc, message: str, code: str = "json-syntax") -> None:
        super().__init__(message)
        self.loc, self.message, self.code = loc, message, code


@dataclass(slots=True)
class _Open:
    """A collection being read: its node, the key waiting for its value (in a mapping)."""
    node: YMap | YSeq
    key: YScalar | None = None
    empty: bool = True   # nothing read yet, so no comma is due


class JsonReader:
    """JSON (RFC 8259) into located nodes, iteratively, with the same depth limit as YAML.
    NaN and Infinity, which Python's json module accepts, are not JSON and are refused."""

    def __init__(self, text: str, shown: str) -> None:
        self.text, self.shown, self.at = text, shown, 0
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def loc(self, offset: int) -> Loc:
        line = bisect_right(self.line_starts, offset)
        return Loc(self.shown, line, offset - self.line_starts[line - 1] + 1)

    def fail(self, message: str, offset: int | None = None) -> _JsonError:
        return _JsonError(self.loc(self.at if offset is None else offset),
                          f"not valid JSON: {message}")

    def skip_space(self) -> str:
        space = _SPACE.match(self.text, self.at)
        assert space is not None  # the pattern matches the empty string too
        self.at = space.end()
        return self.text[self.at:self.at + 1]

    def document(self) -> YNode | None:
        if not self.skip_space():
            return None
        stack: list[_Open] = []
        root = self.one_value(stack)
        while stack:
            self.next_in(stack)
        if self.skip_space():
            raise self.fail("more text after the end of the data")
        return root

    def one_value(self, stack: list[_Open]) -> YNode:
        """A scalar, or a collection opened on ``stack`` (filled by ``next_in``)."""
        char = self.skip_space()
        if char not in ("{", "["):
            return self.scalar()
        if len(stack) >= MAX_DEPTH:
            raise _JsonError(self.loc(self.at), _TOO_DEEP, "too-deep")
        node = (YMap if char == "{" else YSeq)(self.loc(self.at))
        self.at += 1
        stack.append(_Open(node))
        return node

    def next_in(self, stack: list[_Open]) -> None:
        """One step inside the innermost open collection: an item, or its end."""
        current = stack[-1]
        node = current.node
        closing = "}" if isinstance(node, YMap) else "]"
        char = self.skip_space()
        if char == closing:
            self.at += 1
            stack.pop()
            if stack:
                self.attach(stack, node)
            return
        if not current.empty:
            if char != ",":
                raise self.fail(f"expected `,` or `{closing}`")
            self.at += 1
            self.skip_space()
        current.empty = False
        if isinstance(node, YMap):
            current.key = self.key(node)
        value = self.one_value(stack)
        if value is not stack[-1].node:   # a collection is attached once it is closed
            self.attach(stack, value)

    def key(self, node: YMap) -> YScalar:
        if self.skip_space() != '"':
            raise self.fail("expected a key in double quotes")
        key = self.scalar()
        if key.text in node.first_seen:
            first = node.first_seen[key.text].loc.line
            raise _JsonError(key.loc, f"duplicate key `{printable(key.text)}` (first written "
                             f"at line {first}): remove or merge one of them", "duplicate-key")
        node.first_seen[key.text] = key
        if self.skip_space() != ":":
            raise self.fail("expected `:` after the key")
        self.at += 1
        return key

    @staticmethod
    def attach(stack: list[_Open], value: YNode) -> None:
        parent = stack[-1]
        if isinstance(parent.node, YMap):
            assert parent.key is not None  # read_key sets it before any value of a mapping
            parent.node.items.append((parent.key, value))
        else:
            parent.node.items.append(value)

    def scalar(self) -> YScalar:
        start, char = self.at, self.text[self.at:self.at + 1]
        if char == '"':
            try:
                text, self.at = json.decoder.scanstring(  # type: ignore[attr-defined]
                    self.text, start + 1)  # stubs omit scanstring; json documents it
            except json.JSONDecodeError as exc:
                raise self.fail(exc.msg, exc.pos) from None
            return YScalar(text, False, self.loc(start))
        match = (_NUMBER if char in "-0123456789" else _WORD).match(self.text, start)
        if not match or (char.isalpha() and match.group() not in _WORDS):
            raise self.unexpected(start)
        self.at = match.end()
        return YScalar(match.group(), True, self.loc(start))

    def unexpected(self, start: int) -> _JsonError:
        word = _WORD.match(self.text, start + (self.text[start:start + 1] == "-"))
        found = self.text[start:word.end()] if word else self.text[start:start + 1]
        if found.lstrip("-") in ("NaN", "Infinity"):
            return self.fail(f"`{found}` is not a number in JSON: NaN and infinity are refused",
                             start)
        return self.fail(f"unexpected `{printable(found, 20)}`" if found else
                         "the data ends too early",
                         start)
