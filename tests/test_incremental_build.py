"""Issue 14's correctness test: an incremental build is byte-identical to a clean one.

A small knowledge base (tests/incremental_kb.py: three roles, two workflows with their
charts, a form, a training plan, a policy) is built with one cache folder; then a seeded
`random.Random` applies a sequence of edits of the kinds a writer or a developer makes (a
role's title, a step's executor, a form field, the theme's print.css, the org's locale,
the org's font, deleting a file nothing refers to, adding a file, a document template) and
after each one the test builds again with that cache and compares the whole output folder
with a clean `--no-cache` build of the same content, file by file, byte for byte (same
SOPKIT_TODAY, same --out folder name).

Every build is `python -m generator build` in a child process, run from a copy of this
checkout (generator/, templates/, site/, mkdocs.yml), so that the template edit changes a
template without touching the repository and every build reads the code fresh, as a
writer's next command does. Cost: every format is built (no --only: the fixture is small,
and each format's cache is what is under test), ~18 s per build on a calm development
machine (~6 minutes for the file); the first cached build and its clean twin are shared
by all seeds (the cache folder is copied), so a seed costs 2 × EDITS_PER_SEED builds. The seeds are chosen so that
together they make every kind of edit (test_seeds_make_every_kind_of_edit).
"""
from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from conftest import PROJECT_DIR
from incremental_kb import write_kb

TODAY = "2026-11-30"
SEEDS = (1, 10, 12)
EDITS_PER_SEED = 3
CODE_PARTS = ("generator", "templates", "site", "mkdocs.yml")
ORIGINAL_ROLES = ("manager", "clerk", "driver")   # never deleted: the workflows name them
LOCALES = ("zh-Hans", "zh-Hant", "en")
FONTS = (None, "Noto Serif CJK SC", "Noto Sans CJK TC")   # fonts-noto-cjk has all three
TEMPLATES = ("role", "workflow", "policy", "training")
TEMPLATE_ANCHOR = '<section class="chapter">\n'


@dataclass
class Content:
    """The knowledge base and the code being edited, and what the edits added."""

    sops: Path
    code: Path
    added: list[str] = field(default_factory=list)   # files nothing refers to, deletable

    def load(self, relative: str) -> dict:
        return yaml.safe_load((self.sops / relative).read_text(encoding="utf-8"))

    def dump(self, relative: str, data: dict) -> None:
        text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (self.sops / relative).write_text(text, encoding="utf-8")

    def files(self, folder: str) -> list[str]:
        return sorted(f"{folder}/{path.name}" for path in (self.sops / folder).glob("*.yaml"))


def edit_role_title(rng: random.Random, content: Content) -> str:
    relative = rng.choice(content.files("roles"))
    role = content.load(relative)
    role["title"] += rng.choice("甲乙丙丁戊")
    content.dump(relative, role)
    return f"{relative}: title → {role['title']}"


def edit_step_executor(rng: random.Random, content: Content) -> str:
    relative = rng.choice(content.files("workflows"))
    workflow = content.load(relative)
    step = rng.choice(workflow["steps"])
    step["by"] = rng.choice([role for role in ORIGINAL_ROLES if role != step["by"]])
    content.dump(relative, workflow)
    return f"{relative}: step {step['id']} by {step['by']}"


def edit_form_field(rng: random.Random, content: Content) -> str:
    relative = "forms/car-request.yaml"
    form = content.load(relative)
    fields = form["sections"][0]["fields"]
    if rng.random() < 0.5:
        chosen = rng.choice(fields)
        chosen["label"] += "（新）"
        what = f"field {chosen['id']} relabelled"
    else:
        number = rng.randrange(1000)
        fields.append({"id": f"note-{number}", "label": f"备注{number}", "type": "text"})
        what = f"field note-{number} added"
    content.dump(relative, form)
    return f"{relative}: {what}"


def edit_print_css(rng: random.Random, content: Content) -> str:
    path = content.sops / "theme" / "print.css"
    path.parent.mkdir(exist_ok=True)
    rule = f"h1 {{ color: #{rng.randrange(0x1000000):06x}; }}\n"
    with path.open("a", encoding="utf-8") as stream:
        stream.write(rule)
    return f"theme/print.css: + {rule.strip()}"


def edit_locale(rng: random.Random, content: Content) -> str:
    org = content.load("org.yaml")
    org["locale"] = rng.choice([name for name in LOCALES if name != org.get("locale")])
    content.dump("org.yaml", org)
    return f"org.yaml: locale {org['locale']}"


def edit_font(rng: random.Random, content: Content) -> str:
    org = content.load("org.yaml")
    font = rng.choice([name for name in FONTS if name != org.get("font")])
    org.pop("font", None)
    if font is not None:
        org["font"] = font
    content.dump("org.yaml", org)
    return f"org.yaml: font {font or '(the locale default)'}"


def delete_file(rng: random.Random, content: Content) -> str:
    candidates = content.added + ["policies/vehicles.yaml"]
    relative = rng.choice([name for name in candidates if (content.sops / name).exists()])
    (content.sops / relative).unlink()
    if relative in content.added:
        content.added.remove(relative)
    return f"{relative} deleted"


def add_file(rng: random.Random, content: Content) -> str:
    number = rng.randrange(1000)
    if rng.random() < 0.5:
        relative = f"roles/extra-{number}.yaml"
        content.dump(relative, {"title": f"专员{number}", "department": "sales",
                                "reports_to": "manager", "duties": [f"处理第{number}号事务"]})
    else:
        relative = f"policies/extra-{number}.yaml"
        content.dump(relative, {"title": f"补充制度{number}", "applies_to": ["sales"],
                                "sections": [{"title": "规定", "rules": [f"第{number}条"]}]})
    content.added.append(relative)
    return f"{relative} added"


def edit_template(rng: random.Random, content: Content) -> str:
    name = rng.choice(TEMPLATES)
    path = content.code / "templates" / "documents" / f"{name}.html.j2"
    text = path.read_text(encoding="utf-8")
    assert TEMPLATE_ANCHOR in text, f"{path.name} changed: pick another place to edit"
    mark = f'<p class="edit-{rng.randrange(1000)}"></p>\n'
    path.write_text(text.replace(TEMPLATE_ANCHOR, TEMPLATE_ANCHOR + mark, 1), encoding="utf-8")
    return f"templates/documents/{path.name}: + {mark.strip()}"


EDITS: dict[str, Callable[[random.Random, Content], str]] = {
    "role title": edit_role_title, "step executor": edit_step_executor,
    "form field": edit_form_field, "print.css": edit_print_css, "locale": edit_locale,
    "font": edit_font, "delete a file": delete_file, "add a file": add_file,
    "template": edit_template,
}


def edit_sequence(seed: int) -> list[str]:
    return random.Random(seed).sample(sorted(EDITS), EDITS_PER_SEED)


def build(code: Path, sops: Path, out: Path, cache: Path | None) -> dict:
    """`sopkit build` by ``code`` in a child process; its --format json document."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("SOPKIT_CACHE", "SOPKIT_NO_CACHE")}
    env.update(SOPKIT_TODAY=TODAY, PYTHONPATH=str(code))
    caching = ["--cache", str(cache)] if cache is not None else ["--no-cache"]
    done = subprocess.run([sys.executable, "-m", "generator", "build", "--sops", str(sops),
                           "--out", str(out), "--format", "json", *caching],
                          env=env, capture_output=True, text=True, cwd=sops.parent)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    return json.loads(done.stdout)


def differences(built: Path, clean: Path) -> list[str]:
    """Every file missing from one folder or different in bytes; empty when identical."""
    def files(root: Path) -> dict[str, Path]:
        return {str(path.relative_to(root)): path for path in sorted(root.rglob("*"))
                if path.is_file()}

    mine, theirs = files(built), files(clean)
    found = [f"only in the incremental build: {name}" for name in mine.keys() - theirs.keys()]
    found += [f"only in the clean build: {name}" for name in theirs.keys() - mine.keys()]
    found += [f"differs: {name}" for name in sorted(mine.keys() & theirs.keys())
              if mine[name].read_bytes() != theirs[name].read_bytes()]
    return sorted(found)


def assert_same(built: Path, clean: Path, history: list[str], report: dict) -> None:
    found = differences(built, clean)
    assert found == [], ("incremental build differs from a clean one after:\n  "
                         + "\n  ".join(history) + "\n" + "\n".join(found[:30])
                         + f"\ncache report of the incremental build: {report.get('cache')}")


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content and a copy of the code, built once with a cache (and compared
    with a clean build): each seed starts from a copy of this folder."""
    base = tmp_path_factory.mktemp("incremental-start")
    code = base / "code"
    for part in CODE_PARTS:
        source = PROJECT_DIR / part
        if source.is_dir():
            shutil.copytree(source, code / part,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, code / part)
    sops = write_kb(base / "sops")
    report = build(code, sops, base / "incremental" / "dist", base / "cache")
    build(code, sops, base / "clean" / "dist", None)
    assert_same(base / "incremental" / "dist", base / "clean" / "dist", ["first build"], report)
    shutil.rmtree(base / "clean")
    return base


def test_seeds_make_every_kind_of_edit() -> None:
    made = {kind for seed in SEEDS for kind in edit_sequence(seed)}
    assert made == set(EDITS), f"no seed makes: {sorted(set(EDITS) - made)}"


def test_differences_are_found(tmp_path: Path) -> None:
    """The comparison itself can fail: a changed byte, a missing and an extra file."""
    for side in ("a", "b"):
        (tmp_path / side / "x").mkdir(parents=True)
        (tmp_path / side / "x" / "same.txt").write_bytes(b"same")
    (tmp_path / "a" / "x" / "one.pdf").write_bytes(b"%PDF-1.7 a")
    (tmp_path / "b" / "x" / "one.pdf").write_bytes(b"%PDF-1.7 b")
    (tmp_path / "a" / "extra.html").write_text("x")
    (tmp_path / "b" / "gone.html").write_text("x")
    assert differences(tmp_path / "a", tmp_path / "b") == [
        "differs: x/one.pdf", "only in the clean build: gone.html",
        "only in the incremental build: extra.html"]
    assert differences(tmp_path / "a" / "x", tmp_path / "a" / "x") == []


@pytest.mark.parametrize("seed", SEEDS)
def test_incremental_build_equals_clean_build(seed: int, first_build: Path,
                                              tmp_path: Path) -> None:
    shutil.copytree(first_build, tmp_path / "run", symlinks=True)
    base = tmp_path / "run"
    content = Content(base / "sops", base / "code")
    rng = random.Random(seed)
    history = []
    for kind in edit_sequence(seed):
        history.append(f"{kind}: {EDITS[kind](rng, content)}")
        report = build(content.code, content.sops, base / "incremental" / "dist",
                       base / "cache")
        clean = tmp_path / f"clean-{len(history)}"
        build(content.code, content.sops, clean / "dist", None)
        assert_same(base / "incremental" / "dist", clean / "dist", history, report)
        shutil.rmtree(clean)
