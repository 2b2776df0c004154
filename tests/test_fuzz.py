"""Fuzzing ("never lose a file, never show a traceback"): Hypothesis throws mutated knowledge
bases at `check` and `build --only json,pdf`, random data at `form fill` and random arguments
at `onboard`. Whatever it throws, the command must end without an exception escaping, with
exit 0, 1 or 2, every error located (`file:line:col: error: …`, or a usage `Error: …`), and
no file written outside `--out` (nor in the repository).

The runs are deterministic (``derandomize=True``, no example database, so nothing is written
into the repository either) and bounded: the counts below keep the whole file under two
minutes on the shared 2-core test machine. Figures: bench/RESULTS.md, "Fuzzing".
"""
from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import json
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir

from conftest import ORG_YAML, PROJECT_DIR, SAMPLE_SOPS, TODAY
from generator.cli import main
from generator.pipeline import CheckResult, check

FUZZ = settings(deadline=None, derandomize=True, database=None, print_blob=False,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.large_base_example,
                                       HealthCheck.function_scoped_fixture])

# Examples per strategy (module docstring: the whole file runs in under two minutes).
CHECK_EXAMPLES = 80
BUILD_EXAMPLES = 3
FILL_EXAMPLES = 100
ONBOARD_EXAMPLES = 150

CASES: Counter[str] = Counter()
SECONDS: Counter[str] = Counter()
EXITS: Counter[tuple[str, int]] = Counter()
RUNNING: list[str] = []  # the strategy whose example is running, if any

# A content diagnostic: `path:line:col: error: message [code]`, or `path: error: …` for a
# problem with a file as a whole (a folder named .yaml, an unreadable file).
CONTENT_ERROR = re.compile(r"^\S.*?(:\d+:\d+)?: error: .+ \[[a-z-]+\]$")
DATA_ERROR = re.compile(r":\d+:\d+: error: ")
IGNORED = {".venv", ".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache"}

# Hypothesis keeps caches (e.g. .hypothesis/constants) under the working directory it was
# imported in, the repository: they go to a temporary folder instead.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "sopkit-fuzz-hypothesis")


# ---------------------------------------------------------------- helpers

def tree(root: Path, skip: Path | None = None) -> dict[str, tuple[int, int]]:
    """Every file under ``root`` (but not ``skip`` or under it), with its size and mtime."""
    found = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in IGNORED and Path(folder, d) != skip]
        for name in files:
            path = Path(folder, name)
            if path == skip:
                continue
            stat = path.lstat()
            found[str(path.relative_to(root))] = (stat.st_size, stat.st_mtime_ns)
    return found


@pytest.fixture(scope="module", autouse=True)
def repository_untouched():
    """No example writes anything into the repository folder; the figures are printed."""
    before = tree(PROJECT_DIR)
    yield
    assert tree(PROJECT_DIR) == before
    for strategy, cases in CASES.items():
        seconds = SECONDS[strategy]
        exits = ", ".join(f"exit {code}: {n}" for (name, code), n in sorted(EXITS.items())
                          if name == strategy)
        print(f"\nfuzz {strategy}: {cases} cases in {seconds:.1f} s, "
              f"{cases / seconds:.1f} cases/s ({exits}), tracebacks: 0")


@contextlib.contextmanager
def workspace(strategy: str) -> Iterator[Path]:
    """A fresh temporary folder as the working directory; counted and timed."""
    base = Path(tempfile.mkdtemp(prefix="sopkit-fuzz-"))
    cwd = os.getcwd()
    started = time.perf_counter()
    os.chdir(base)
    RUNNING.append(strategy)
    try:
        yield base
    finally:
        RUNNING.pop()
        os.chdir(cwd)
        shutil.rmtree(base, ignore_errors=True)
        CASES[strategy] += 1
        SECONDS[strategy] += time.perf_counter() - started


def invoke(*args: str):
    """The CLI in-process; an exception escaping it fails the test (catch_exceptions=False)."""
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    if RUNNING:
        EXITS[RUNNING[-1], result.exit_code] += 1
    assert "Traceback" not in result.output, result.output
    assert result.exit_code in (0, 1, 2), result.output
    return result


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    # Lone surrogates become the bytes of no UTF-8 character: the reader must say so.
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))


# ---------------------------------------------------------------- text strategies

YAML_BITS = ["&a", "*a", "&a [1]", "<<: *a", "!!python/object:os.system", "!!python/name:os.path",
             "!!binary AAAA", "!custom", "{", "}", "[", "]", "- ", ": ", "? ", "|", ">-", "'",
             '"', "#", "%YAML 1.1", "---", "...", "\\", "\t", "@", "`", ",", "~", "null", "yes",
             "0x1F", "0o17", "1_000", ".nan", "-.inf", "2026-02-30", "0000-01-01",
             "9999-12-31T23:59:59Z", "\ufeff", "\r", "\r\n", "\u200b", "\u202e"]
CONTROLS = ["\x00", "\x01", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80",
            "\x85", "\x9f", "\u2028", "\u2029", "\ufffe", "\uffff", "\ud800", "\udfff"]
ANY_CHAR = st.characters(exclude_categories=())  # surrogates included
FRAGMENT = st.one_of(
    st.sampled_from(YAML_BITS),
    st.sampled_from(CONTROLS),
    st.text(max_size=12),
    st.text(ANY_CHAR, max_size=6),
    st.integers(1, 400).map(lambda n: "9" * n),                       # huge numbers
    st.integers(1, 3000).map(lambda n: "[" * n + "]" * n),            # deep flow nesting
    st.integers(1, 200).map(lambda n: "{a: " * n + "1" + "}" * n),
    st.integers(1, 120).map(lambda n: "".join("  " * i + "- \n" for i in range(n))),
    st.sampled_from([9_999, 10_000, 10_001, 50_001, 300_000]).map(lambda n: "长" * n),
)
PAYLOAD = st.lists(FRAGMENT, min_size=1, max_size=4).map("".join)

KINDS = ["delete-line", "duplicate-line", "replace-line", "insert-line", "insert-in-line",
         "replace-value", "swap-lines", "indent", "tab-indent", "truncate", "empty-file",
         "delete-file", "new-file", "crlf", "bom", "invalid-utf8", "too-large"]
MUTATION = st.tuples(st.sampled_from(KINDS), st.integers(0, 10**6), st.integers(0, 10**6),
                     PAYLOAD)
SAMPLE_FILES = sorted(str(p.relative_to(SAMPLE_SOPS)) for p in SAMPLE_SOPS.rglob("*.yaml"))


def mutate(root: Path, relative: str, mutation: tuple[str, int, int, str]) -> None:
    """Apply one mutation to ``root/relative`` (positions taken modulo the file's size)."""
    kind, i, j, payload = mutation
    path = root / relative
    if kind == "new-file":
        write_text(root / "roles" / "fuzz.yaml", payload)
        return
    if not path.is_file():
        return
    if kind == "delete-file":
        path.unlink()
        return
    raw = path.read_bytes()
    if kind == "invalid-utf8":
        at = i % (len(raw) + 1)
        path.write_bytes(raw[:at] + b"\xff\xc3(" + raw[at:])
        return
    if kind == "bom":
        path.write_bytes(b"\xef\xbb\xbf" + raw)
        return
    if kind == "too-large":
        path.write_bytes(raw + b"# " + b"x" * (2 * 1024 * 1024) + b"\n")
        return
    text = raw.decode("utf-8", errors="surrogateescape")
    lines = text.splitlines(keepends=True) or [""]
    i %= len(lines)
    j %= len(lines)
    if kind == "delete-line":
        del lines[i]
    elif kind == "duplicate-line":
        lines.insert(i, lines[i])
    elif kind == "replace-line":
        lines[i] = payload + "\n"
    elif kind == "insert-line":
        lines.insert(i, payload + "\n")
    elif kind == "insert-in-line":
        col = j % (len(lines[i]) + 1)
        lines[i] = lines[i][:col] + payload + lines[i][col:]
    elif kind == "replace-value":
        key, sep, _ = lines[i].partition(": ")
        lines[i] = f"{key}: {payload}\n" if sep else f"{lines[i].rstrip()} {payload}\n"
    elif kind == "swap-lines":
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = " " * (j % 9) + lines[i].lstrip(" ")
    elif kind == "tab-indent":
        lines[i] = "\t" + lines[i]
    elif kind == "truncate":
        lines = [text[: i % (len(text) + 1)]]
    elif kind == "empty-file":
        lines = []
    elif kind == "crlf":
        lines = [line.replace("\n", "\r\n") for line in lines]
    text = "".join(lines)
    write_text(path, text)  # bytes that were not UTF-8 stay invalid


# ---------------------------------------------------------------- 1. check

@settings(FUZZ, max_examples=CHECK_EXAMPLES)
@given(target=st.sampled_from(SAMPLE_FILES), mutations=st.lists(MUTATION, min_size=1,
                                                                 max_size=3))
def test_check_of_a_mutated_sample_never_crashes_and_locates_every_error(target, mutations):
    with workspace("check") as base:
        shutil.copytree(SAMPLE_SOPS, base / "sops")
        for mutation in mutations:
            mutate(base / "sops", target, mutation)
        files = tree(base)

        result = check(Path("sops"), today=TODAY)
        for problem in result.diagnostics.errors:
            assert problem.loc.path, problem
            path = Path(problem.loc.path)
            if path.suffix in (".yaml", ".yml") and path.is_file() and path.stat().st_size:
                assert problem.loc.line >= 1, problem.format()

        cli = invoke("check", "--sops", "sops", "--today", TODAY.isoformat())
        assert cli.exit_code == (1 if result.diagnostics.errors else 0), cli.output
        errors = [line for line in cli.output.splitlines() if ": error: " in line]
        assert len(errors) == len(result.diagnostics.errors), cli.output
        for line in errors:
            assert CONTENT_ERROR.match(line), line
        assert tree(base) == files  # check writes nothing


# ---------------------------------------------------------------- 2. build --only json,pdf

WORKFLOW = {"title": "拜访流程", "owner": "boss", "purpose": "拜访客户",
            "steps": [{"id": "plan", "name": "制定计划", "by": "rep", "description": "写明目的"},
                      {"id": "visit", "name": "拜访", "by": "rep"}]}
POLICY = {"title": "纪律", "applies_to": ["rep"],
          "sections": [{"title": "总则", "rules": ["守时"]}]}

MARKUP = ["<script>alert(1)</script>", "<b>粗</b>", "&amp;", "&lt;", "]]>", "<!--", "{{ 7*7 }}",
          "{% raw %}", "{# x #}", "${x}", "**粗体**", "_斜_", "[链接](javascript:alert(1))",
          "# 标题", "| a | b |", "`代码`", "\\", "%s", "{0}", "\t", "\u200b", "\u202e", "﷽",
          "👩‍👩‍👧", "e\u0301", "𠀀"]
# Printable text the checker accepts: no control characters (Cc), unassigned or private-use
# code points, surrogates or line/paragraph separators.
PRINTABLE = st.characters(exclude_categories=["Cc", "Cs", "Cn", "Co", "Zl", "Zp"])
VALUE = st.lists(st.one_of(st.sampled_from(MARKUP), st.text(PRINTABLE, min_size=1, max_size=15)),
                 min_size=1, max_size=4).map("".join).filter(lambda s: s.strip() == s and s)


@settings(FUZZ, max_examples=BUILD_EXAMPLES)
@given(title=VALUE, duties=st.lists(VALUE, min_size=1, max_size=3), step=VALUE, rule=VALUE)
def test_build_json_pdf_of_odd_text_writes_only_into_out(title, duties, step, rule):
    with workspace("build") as base:
        sops = base / "sops"
        write_text(sops / "org.yaml", ORG_YAML)
        dump = {"allow_unicode": True, "sort_keys": False}
        write_text(sops / "roles/boss.yaml", yaml.safe_dump(
            {"title": "经理", "department": "sales", "duties": ["管理销售部"]}, **dump))
        write_text(sops / "roles/rep.yaml", yaml.safe_dump(
            {"title": title, "department": "sales", "reports_to": "boss", "duties": duties},
            **dump))
        workflow = json.loads(json.dumps(WORKFLOW))
        workflow["steps"][0]["name"] = step
        write_text(sops / "workflows/visit.yaml", yaml.safe_dump(workflow, **dump))
        write_text(sops / "policies/rules.yaml",
                   yaml.safe_dump(POLICY | {"sections": [{"title": rule, "rules": [rule]}]},
                                  **dump))
        assert check(sops, today=TODAY).ok, [d.format() for d in check(sops).diagnostics.items]
        before = tree(base)

        result = invoke("build", "--sops", "sops", "--out", "dist", "--only", "json,pdf",
                        "--today", TODAY.isoformat(), "-j", "1", "--quiet")
        assert result.exit_code == 0, result.output
        assert tree(base, skip=base / "dist") == before
        assert (base / "dist/sops.json").is_file()
        assert (base / "dist/roles/rep.pdf").read_bytes().startswith(b"%PDF-")


# ---------------------------------------------------------------- shared: the sample, checked

@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> tuple[Path, CheckResult]:
    """A copy of the sample (so a stray write into it would show), checked once."""
    root = tmp_path_factory.mktemp("fuzz-sample") / "sops"
    shutil.copytree(SAMPLE_SOPS, root)
    return root, check(root)


@pytest.fixture
def checked_once(sample, monkeypatch):
    """`form fill` and `onboard` reuse the one check instead of checking per example."""
    root, result = sample
    for module in ("generator.cli.forms", "generator.cli.onboard"):
        monkeypatch.setattr(importlib.import_module(module), "run_check", lambda sops, **options: result)
    return root


# ---------------------------------------------------------------- 3. form fill

CAR = {"name": "张三", "department": "销售部", "phone": "13800138000",
       "apply-date": "2026-11-23", "use-date": "2026-11-25", "purpose": "接送客户"}
FIELD_IDS = ["name", "department", "phone", "apply-date", "use-date", "use-time", "purpose",
             "route", "passengers", "driver-needed", "applicant-sign", "items", "amount",
             "claim-date", "total"]
ODD_VALUES = ["NaN", "nan", "inf", "-Infinity", "1e309", "1e-400", "0x10", "1_000", "１２３",
              "٣", "2026-02-30", "1899-12-31", "2201-01-01", "0001-01-01", "2026-11-23T10:00",
              "", " ", "true", "null", "~", "13800138000", "+86 138", "9" * 16, "9" * 5000]
KEY = st.one_of(st.sampled_from(FIELD_IDS), st.text(ANY_CHAR, max_size=8))
SCALAR = st.one_of(
    st.text(ANY_CHAR, max_size=20), st.sampled_from(ODD_VALUES), st.sampled_from(CONTROLS),
    st.integers(), st.integers(-10**20, 10**20), st.floats(), st.booleans(), st.none(),
    st.dates(), st.sampled_from([9_999, 10_001, 60_000]).map(lambda n: "字" * n))
VALUE_TREE = st.recursive(SCALAR, lambda inner: st.lists(inner, max_size=3)
                          | st.dictionaries(KEY, inner, max_size=3), max_leaves=8)
DATA = st.one_of(
    st.dictionaries(KEY, VALUE_TREE, max_size=6),
    st.dictionaries(st.sampled_from(FIELD_IDS), VALUE_TREE, max_size=3).map(
        lambda extra: CAR | extra),
    st.just(CAR),
    VALUE_TREE,
)


def serialized(data, how: str) -> str:
    if how == "json":
        return json.dumps(data, ensure_ascii=True, default=str)  # NaN, Infinity and \ud800 too
    if how == "json-raw":
        return json.dumps(data, ensure_ascii=False, default=str)
    try:
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    except yaml.YAMLError:
        return json.dumps(data, default=str)


@settings(FUZZ, max_examples=FILL_EXAMPLES)
@given(form=st.sampled_from(["car-request", "car-request", "expense-claim", "car-requst"]),
       data=DATA, how=st.sampled_from(["yaml", "json", "json-raw"]),
       cut=st.one_of(st.none(), st.integers(0, 200)), suffix=st.sampled_from(
           [".yaml", ".json", ".txt"]), out=st.sampled_from(["out.pdf", "out.docx", "out.txt"]),
       flatten=st.booleans())
def test_form_fill_of_random_data_never_crashes(checked_once, form, data, how, cut, suffix, out,
                                                flatten):
    with workspace("form fill") as base:
        text = serialized(data, how)
        data_file = base / f"data{suffix}"
        write_text(data_file, text if cut is None else text[:cut])
        sample_before = tree(checked_once)
        before = tree(base)

        result = invoke("form", "fill", form, "--data", str(data_file), "-o", str(base / out),
                        "--sops", str(checked_once), *(["--flatten"] if flatten else []))
        if result.exit_code == 0:
            assert (base / out).is_file(), result.output
        elif result.exit_code == 1:
            assert DATA_ERROR.search(result.output), result.output
        else:
            assert "Error: " in result.output, result.output
        assert tree(base, skip=base / out) == before
        assert tree(checked_once) == sample_before


# ---------------------------------------------------------------- 4. onboard

ROLES = sorted(p.stem for p in (SAMPLE_SOPS / "roles").glob("*.yaml"))
NAMES = [".", "..", "/", "a/b", "..\\x", "~", "-", "--name", "CON", "nul", "张三\x00",
         "a\x1bb", " 张三 ", "张" * 64, "张" * 65, "x" * 300, "\u202e三张", "e\u0301"]
STARTS = ["2026-02-30", "0000-01-01", "1899-12-31", "2201-01-01", "9999-12-31",
          "99999-01-01", "-2026-01-01", "2026-1-1", "2026/11/30", "20261130", "", " ",
          "2026-11-30T09:00", "today", "2026-W48-1", "2026-11-28", "2026-10-01"]
OPTIONAL_TEXT = st.one_of(st.none(), st.text(ANY_CHAR, max_size=20),
                          st.sampled_from(NAMES))


OPTIONS = {
    "--role": st.one_of(st.none(), st.sampled_from(ROLES), st.text(ANY_CHAR, max_size=15)),
    "--name": OPTIONAL_TEXT,
    "--start": st.one_of(st.none(), st.sampled_from(STARTS), st.text(ANY_CHAR, max_size=12),
                         st.dates().map(dt.date.isoformat)),
    "--manager": OPTIONAL_TEXT,
    "--buddy": OPTIONAL_TEXT,
}


@st.composite
def onboard_options(draw) -> dict[str, str | None]:
    """A valid hire with some of its options replaced (None: left out)."""
    options: dict[str, str | None] = {"--role": "sales-rep", "--name": "张三",
                                      "--start": "2026-11-30"}
    for option in draw(st.sets(st.sampled_from(sorted(OPTIONS)), max_size=len(OPTIONS))):
        options[option] = draw(OPTIONS[option])
    return options


@settings(FUZZ, max_examples=ONBOARD_EXAMPLES)
@given(options=onboard_options())
def test_onboard_with_random_arguments_writes_only_into_out(checked_once, options):
    with workspace("onboard") as base:
        args = ["onboard", "--sops", str(checked_once), "--out", str(base / "packs"),
                "--formats", "ics"]
        for option, value in options.items():
            if value is not None:
                args += [option, value]
        sample_before = tree(checked_once)
        before = tree(base)

        result = invoke(*args)
        if result.exit_code == 0:
            assert (any((base / "packs").rglob("*.ics"))
                    or "training sessions, so there is no training calendar (.ics)"
                    in result.output), result.output   # none, or none with a day
        else:
            assert re.search(r"(^|\n)(Error: |\S.*: error: )", result.output), result.output
        assert tree(base, skip=base / "packs") == before
        assert tree(checked_once) == sample_before


def test_a_calendar_only_pack_of_a_role_without_training_says_so(checked_once, tmp_path):
    """Found by the fuzzer: `--formats ics` for a role with no training sessions printed
    `wrote …/2026-11-30-provincial-manager-张三: ` (an empty list) and nothing else."""
    result = invoke("onboard", "--sops", str(checked_once), "--out", str(tmp_path / "packs"),
                    "--formats", "ics", "--role", "provincial-manager", "--name", "张三",
                    "--start", "2026-11-30")
    assert result.exit_code == 0
    folder = tmp_path / "packs/2026-11-30-provincial-manager-张三"
    assert f"wrote {folder}: no files" in result.output
    assert ("warning: the role `provincial-manager` has no training sessions, so there is no "
            "training calendar (.ics) to write: add pdf or docx to --formats") in result.output
    assert not any(folder.rglob("*.ics"))
