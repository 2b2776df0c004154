"""Read one YAML file into a tree of located nodes, refusing hostile or broken input.

PyYAML's own loaders lose positions, keep the last of duplicate keys, guess types
(``no`` becomes False, ``1.10`` becomes 1.1) and recurse on deep nesting. We read libyaml's
event stream instead and build plain nodes iteratively; the model converter then decides
what each scalar means from the field it lands in.
"""
from __future__ import annotations

import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import imechars, yamlcontrols
from .diagnostics import Diagnostics, Loc
from .flowdepth import first_too_deep
from .textsafety import CONTROL, char_name, without_control

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 64
MAX_EXPANDED_NODES = 200_000

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(slots=True, eq=False)
class YScalar:
    text: str
    plain: bool  # unquoted: only plain scalars may mean null, numbers or booleans
    loc: Loc
    size: int = 1

    @property
    def is_null(self) -> bool:
        return self.plain and self.text in ("", "~", "null", "Null", "NULL")


@dataclass(slots=True, eq=False)
class YMap:
    loc: Loc
    items: list[tuple[YScalar, YNode]] = field(default_factory=list)
    size: int = 1
    first_seen: dict[str, YScalar] = field(default_factory=dict)


@dataclass(slots=True, eq=False)
class YSeq:
    loc: Loc
    items: list[YNode] = field(default_factory=list)
    size: int = 1


YNode = YScalar | YMap | YSeq


@dataclass(slots=True)
class _Progress:
    """How far the event stream got, for placing an error the library raised further on."""
    open_collections: list[YMap | YSeq] = field(default_factory=list)
    last_end: yaml.Mark | None = None
    # Every scalar's span, to tell a control character in a value from one in a comment;
    # kept only when the file has any.
    scalar_spans: list[yamlcontrols.Span] | None = None
    stand_in: str = ""  # what each control character was replaced with, if any
    flow_lists: set[int] = field(default_factory=set)  # ids of the `[…]` lists open or read


class _Refused(Exception):
    """Input we will not read further; carries the message and where it was found."""

    def __init__(self, loc: Loc, message: str, code: str) -> None:
        super().__init__(message)
        self.loc, self.message, self.code = loc, message, code


def read_yaml(path: Path, shown_path: str, diags: Diagnostics) -> YNode | None:
    """Return the document's root node, or None after reporting why it cannot be read."""
    raw = _read_bytes(path, shown_path, diags)
    return None if raw is None else parse_yaml_bytes(raw, shown_path, diags)


def parse_yaml_bytes(raw: bytes, shown_path: str, diags: Diagnostics) -> YNode | None:
    """A file's bytes read elsewhere (an old revision from git) as :func:`read_yaml` reads a
    file: the same checks, and locations in ``shown_path``."""
    text = _decode(raw, shown_path, diags)
    if text is None:
        return None
    masked = yamlcontrols.mask(text)
    progress = _Progress(scalar_spans=[] if masked.stand_in else None,
                         stand_in=masked.stand_in)
    root: YNode | None = None
    try:
        root = _compose(masked.text, shown_path, diags, progress)
    except _Refused as refused:
        diags.error(refused.loc, refused.message, refused.code)
        return None
    finally:
        yamlcontrols.report(masked, progress.scalar_spans or [], shown_path, diags)
    if root is None or (isinstance(root, YScalar) and root.plain and root.text == ""):
        diags.error(Loc(shown_path, 1, 1), "file is empty: write the item's fields, or "
                    "delete the file (`sopkit new` scaffolds one)", "empty-file")
        return None
    return root


def _read_bytes(path: Path, shown_path: str, diags: Diagnostics) -> bytes | None:
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # Reading a FIFO would wait forever, a device could be endless.
            diags.error(Loc(shown_path), "not a regular file (a folder, pipe or device): "
                        "content files must be ordinary .yaml files", "io")
            return None
        if status.st_size > MAX_FILE_BYTES:
            diags.error(Loc(shown_path, 1, 1), f"file is {-(-status.st_size // 1024)} KiB, "
                        f"over the {MAX_FILE_BYTES // 1024} KiB limit for one content file: "
                        "split it into several items", "too-large")
            return None
        return path.read_bytes()
    except OSError as exc:
        diags.error(Loc(shown_path), f"cannot read file: {exc.strerror or exc}", "io")
        return None


def _decode(raw: bytes, shown_path: str, diags: Diagnostics) -> str | None:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        hint = "re-save it as UTF-8"
        if _looks_like_gbk(raw):
            hint = ("it looks like GBK/GB18030, which Windows editors in China often save: "
                    "re-save it as UTF-8 (in Notepad: Save As, Encoding: UTF-8)")
        diags.error(Loc(shown_path, line, col), f"file is not UTF-8: {hint}", "encoding")
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_gbk(raw: bytes) -> bool:
    try:
        raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    return True


def _loc(shown_path: str, mark) -> Loc:
    return Loc(shown_path, mark.line + 1, mark.column + 1)


def _compose(text: str, shown_path: str, diags: Diagnostics,
             progress: _Progress) -> YNode | None:
    try:
        return _build(yaml.parse(text, Loader=_Loader), shown_path, diags, progress)
    except yaml.MarkedYAMLError as exc:
        if _is_library_depth_limit(exc):
            raise _too_deep_after(text, shown_path, progress, exc) from None
        mark = exc.problem_mark or exc.context_mark
        typed = imechars.explain(text, mark.line, mark.column) if mark else None
        if typed is not None:  # a full-width colon, a tab …: the character and the fix
            raise _Refused(Loc(shown_path, typed.line, typed.col), typed.message,
                           "yaml-syntax") from None
        loc = _loc(shown_path, mark) if mark else Loc(shown_path)
        problem = exc.problem or "invalid YAML"
        if exc.context and exc.context_mark:
            problem += f" ({exc.context} started at line {exc.context_mark.line + 1})"
        elif exc.context:
            problem += f" ({exc.context})"
        raise _Refused(loc, f"YAML syntax error: {problem}; check indentation, colons "
                       "and quotes near here", "yaml-syntax") from None


def _is_library_depth_limit(exc: yaml.MarkedYAMLError) -> bool:
    return "maximum nesting depth" in (exc.problem or "")


def _too_deep_after(text: str, shown_path: str, progress: _Progress,
                    exc: yaml.MarkedYAMLError) -> _Refused:
    """Our own too-deep message at the level our limit refuses, not where libyaml stopped."""
    mark = progress.last_end
    found = first_too_deep(text, mark.line if mark else 0, mark.column if mark else 0,
                           len(progress.open_collections), MAX_DEPTH)
    if found is None:  # the library's limit was reached another way: its place is the best
        return _too_deep(_loc(shown_path, exc.problem_mark) if exc.problem_mark
                         else Loc(shown_path))
    return _too_deep(Loc(shown_path, *found))


def _build(events, shown_path: str, diags: Diagnostics, progress: _Progress) -> YNode | None:
    """Turn the event stream into nodes without recursion (deep input cannot blow the stack)."""
    stack: list[YMap | YSeq] = progress.open_collections
    pending_keys: list[YScalar | None] = []
    anchors: dict[str, YNode] = {}
    root: YNode | None = None
    documents = 0
    for event in events:
        progress.last_end = event.end_mark
        if isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _Refused(_loc(shown_path, event.start_mark),
                               "more than one YAML document (`---`) in one file: "
                               "put each item in its own file", "multiple-documents")
            continue
        node = _node_for(event, shown_path, anchors)
        if isinstance(event, yaml.ScalarEvent):
            assert isinstance(node, YScalar)  # _node_for makes a scalar of a scalar event
            _note_scalar(event, node, progress, diags)
        if isinstance(event, yaml.AliasEvent) and any(node is open_node for open_node in stack):
            raise _Refused(_loc(shown_path, event.start_mark),
                           f"alias *{event.anchor} is used inside the value it names, so it "
                           "would expand forever: refused", "alias-bomb")
        if isinstance(event, yaml.SequenceStartEvent) and event.flow_style:
            progress.flow_lists.add(id(node))
        if node is None:
            if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                done = stack.pop()
                pending_keys.pop()
                if isinstance(done, YSeq) and id(done) in progress.flow_lists:
                    _warn_one_item_list(done, diags)
                _attach(done, stack, pending_keys, diags)
                if not stack:
                    root = done
            continue
        anchor = getattr(event, "anchor", None)
        if anchor and not isinstance(event, yaml.AliasEvent):
            anchors[anchor] = node
        if isinstance(node, (YMap, YSeq)) and not isinstance(event, yaml.AliasEvent):
            if len(stack) >= MAX_DEPTH:
                raise _too_deep(node.loc)
            stack.append(node)
            pending_keys.append(None)
            continue
        _attach(node, stack, pending_keys, diags)
        if not stack:
            root = node
    return root


def _note_scalar(event, node: YScalar, progress: _Progress, diags: Diagnostics) -> None:
    if progress.scalar_spans is not None:
        start, end = event.start_mark, event.end_mark
        progress.scalar_spans.append(((start.line, start.column), (end.line, end.column)))
        node.text = node.text.replace(progress.stand_in, "")  # yamlcontrols reports it
    escaped = CONTROL.search(node.text)
    if escaped:  # only a quoted escape (\a, \e, "\x07") can still carry one here
        diags.error(node.loc, f"control character {char_name(escaped.group())} in quoted text "
                    "(an escape such as `\\e` or `\\x07`): remove the escape; it is invisible "
                    "and breaks documents", "control-char")
        node.text = without_control(node.text)


def _warn_one_item_list(seq: YSeq, diags: Diagnostics) -> None:
    """`[公司概况，财务部组织架构]` is one item to YAML: an input method typed the comma."""
    if len(seq.items) != 1 or not isinstance(seq.items[0], YScalar) or not seq.items[0].plain:
        return
    hint = imechars.single_item_hint(seq.items[0].text)
    if hint:
        diags.warning(seq.items[0].loc, hint, "one-item-list")


def _ime_key(key: YScalar, diags: Diagnostics) -> None:
    """A key indented with full-width spaces (U+3000): reported, and read without them so
    that the rest of the file is still checked."""
    space = imechars.FULL_WIDTH_SPACE
    if key.plain and key.text.startswith(space):
        diags.error(key.loc, "YAML syntax error: " + imechars.FIXES[space], "yaml-syntax")
        key.text = key.text.lstrip(space)


def _too_deep(loc: Loc) -> _Refused:
    return _Refused(loc, f"nesting deeper than {MAX_DEPTH} levels: "
                    "SOP content never needs this; flatten the structure", "too-deep")


def _node_for(event, shown_path: str, anchors: dict[str, YNode]) -> YNode | None:
    if isinstance(event, yaml.ScalarEvent):
        _refuse_tag(event, shown_path)
        plain = event.implicit[0] and event.style in (None, "")
        return YScalar(event.value, plain, _loc(shown_path, event.start_mark))
    if isinstance(event, yaml.MappingStartEvent):
        _refuse_tag(event, shown_path)
        return YMap(_loc(shown_path, event.start_mark))
    if isinstance(event, yaml.SequenceStartEvent):
        _refuse_tag(event, shown_path)
        return YSeq(_loc(shown_path, event.start_mark))
    if isinstance(event, yaml.AliasEvent):
        target = anchors.get(event.anchor or "")
        if target is None:
            raise _Refused(_loc(shown_path, event.start_mark),
                           f"alias *{event.anchor} names no anchor defined before it",
                           "yaml-syntax")
        return target
    return None


_STANDARD_TAG = "tag:yaml.org,2002:"


def _refuse_tag(event, shown_path: str) -> None:
    tag = event.tag
    if tag and tag not in ("!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:map",
                           "tag:yaml.org,2002:seq"):
        shown = "!!" + tag[len(_STANDARD_TAG):] if tag.startswith(_STANDARD_TAG) else tag
        raise _Refused(_loc(shown_path, event.start_mark),
                       f"YAML tag `{shown}` is not allowed: content is plain data", "yaml-tag")


def _attach(node: YNode, stack: list, pending_keys: list, diags: Diagnostics) -> None:
    if not stack:
        return
    parent = stack[-1]
    parent.size += node.size
    if parent.size > MAX_EXPANDED_NODES:
        raise _Refused(parent.loc, f"the document expands to more than {MAX_EXPANDED_NODES} "
                       "values (aliases repeated inside aliases?): refused", "alias-bomb")
    if isinstance(parent, YSeq):
        parent.items.append(node)
        return
    key = pending_keys[-1]
    if key is None:
        if not isinstance(node, YScalar):
            raise _Refused(node.loc, "a key must be plain text, not a list or mapping",
                           "yaml-syntax")
        _ime_key(node, diags)
        pending_keys[-1] = node
        return
    pending_keys[-1] = None
    first = parent.first_seen.get(key.text)
    if first is not None:
        # PyYAML would silently keep the last value; we keep the first and say so.
        diags.error(key.loc, f"duplicate key `{key.text}` (first written at line "
                    f"{first.loc.line}): remove or merge one of them", "duplicate-key")
        return
    parent.first_seen[key.text] = key
    parent.items.append((key, node))
