"""Time whole `sopkit build` runs as a writer meets them (issue 14's "Done when").

One run measures, on the sample knowledge base and on a synthetic one (bench/synthetic.py):

0. today's cold builds: the same content built by the code of ``--baseline REV`` (default
   81fe6e6, the last commit before any build cache), checked out with ``git worktree add
   --detach`` into a temporary folder and run with this venv's python (the dependencies
   are the same); the worktree is removed afterwards. ``--no-baseline`` leaves it out;
1. a cold build (fresh output folder, empty cache), alternating with today's: ``--pairs N``
   (default 2) builds of each, today's first in odd pairs and last in even ones (today,
   this, this, today), and the ratio of their means;
2. a rebuild with nothing changed;
3. a rebuild after editing one role's summary;
4. a rebuild after editing the knowledge base's print.css (``sops/theme/print.css``, which a
   theme adds after the house style: it is written before the cold build so that step 4
   edits a file the cold build already used);
5. a rebuild after editing one template: ``templates/documents/workflow.html.j2``, the
   standalone workflow document's page (the handbook lays workflows out from the macros,
   not from this file). Templates are sopkit's own files (a knowledge base's theme holds
   CSS, the Word reference document and a logo, no templates: docs/format-additions.md), so
   every build of this code runs from a copy of the checkout (``generator/``,
   ``templates/``, ``site/``, ``mkdocs.yml``) and step 5 edits the template in that copy:
   the repository is never edited.

Every build of steps 1–5 runs ``python -m generator build --cache DIR --format json`` (a
fresh cache folder per knowledge base; SOPKIT_CACHE is kept out of the environment) and
prints, per format, what the build says it rebuilt (the JSON document's ``cache``; a
format without cache information yet is listed as such). For each step: wall time, CPU
time of the build process and its workers (RUSAGE_CHILDREN, so WeasyPrint, LibreOffice and
Graphviz children count; the LibreOffice server of generator/office/ is the build's child
and reaps its soffice.bin, so its CPU counts too: there is no daemon outside the build),
the load average before it, the ratios to today's cold build and to this code's own cold
build of the same run, and the targets, judged as the issue words them ("each time against
today's cold build in the same run"; without --baseline, against the own cold build):
nothing changed ≤ 3 % of the cold wall time, one summary edited ≤ 15 %, cold CPU ≤ 50 %
of today's. Every build works on a copy of the
content in a temporary folder; the repository's `sops/` is never edited.

    .venv/bin/python bench/bench_build.py                      # sample + 300 synthetic roles
    .venv/bin/python bench/bench_build.py --roles 40 --workflows 6 --forms 5   # a few minutes
    .venv/bin/python bench/bench_build.py --no-synthetic       # the sample only
    .venv/bin/python bench/bench_build.py --baseline HEAD~3    # today's = another commit
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from synthetic import generate  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BASELINE = "81fe6e6"   # "An org.yaml without organization: is reported…": before any build cache
TODAY = "2026-11-30"   # pinned, so that every build of a run sees the same content
CODE_PARTS = ("generator", "templates", "site", "mkdocs.yml")
TEMPLATE = Path("templates/documents/workflow.html.j2")
TEMPLATE_ANCHOR = '<section class="chapter">\n'
TEMPLATE_EDIT = "<!-- bench_build.py: a template edit -->\n"
THEME_CSS = ("/* bench_build.py: a theme addition the benchmark edits */\n"
             "h1 { letter-spacing: 0; }\n")
CSS_EDIT = "h2 { letter-spacing: 0; }\n"
SUMMARY_EDIT = "（修订）"
SHOWN_NAMES = 8        # names of rebuilt files printed per format before "… N more"
# Targets of issue 14, as ratios: (step, which time, limit).
NOTHING = "rebuild, nothing changed"
SUMMARY = "rebuild, one role's summary edited"
CSS = "rebuild, print.css edited"
TEMPLATE_STEP = f"rebuild, {TEMPLATE.name} edited"
COLD = "cold build"
TODAYS = "today's cold build"
TARGETS = {NOTHING: 0.03, SUMMARY: 0.15}
COLD_CPU_TARGET = 0.50
PAIRS = 2  # cold builds of each code (cold_order)


@dataclass(frozen=True)
class Timing:
    step: str
    wall: float
    cpu: float     # user + system of the sopkit process and everything it started
    load: float    # 1-minute load average just before the step
    ok: bool
    cache: dict = field(default_factory=dict)   # the build's --format json "cache" object


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _clean_env(code: Path) -> dict[str, str]:
    """This process's environment for a build of ``code``: no cache chosen by the caller's
    environment (each build names its own), the pinned day, ``code`` first on the path."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("SOPKIT_CACHE", "SOPKIT_NO_CACHE", "PYTHONPATH")}
    return dict(env, SOPKIT_TODAY=TODAY, PYTHONPATH=str(code))


def timed_build(step: str, code: Path, sops: Path, out: Path, cache: Path,
                jobs: int | None, baseline: bool = False) -> Timing:
    """One `sopkit build` of ``sops`` by the code in ``code``. Today's code knows no
    --cache: its chart and form store is pointed at the empty ``cache`` instead."""
    command = [PYTHON, "-m", "generator", "build", "--sops", str(sops), "--out", str(out)]
    env = _clean_env(code)
    if baseline:
        command.append("--quiet")
        env["SOPKIT_CACHE"] = str(cache)
    else:
        command += ["--cache", str(cache), "--format", "json"]
    if jobs:
        command += ["--jobs", str(jobs)]
    load = os.getloadavg()[0]
    cpu, start = _children_cpu(), time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, cwd=sops.parent)
    wall, cpu = time.perf_counter() - start, _children_cpu() - cpu
    if done.returncode:
        print(f"  {step}: sopkit build failed ({done.returncode}):\n{done.stderr[-2000:]}",
              file=sys.stderr)
    report = {} if baseline else _json_document(step, done.stdout)
    return Timing(step, wall, cpu, load, done.returncode == 0, report.get("cache", {}))


def _json_document(step: str, stdout: str) -> dict:
    try:
        document = json.loads(stdout)
    except json.JSONDecodeError:
        print(f"  {step}: no JSON document on stdout: {stdout[:200]!r}", file=sys.stderr)
        return {}
    return document if isinstance(document, dict) else {}


def edit_one_summary(sops: Path) -> Path:
    """Append to the first line of the first role's summary (block or one-line form)."""
    for role in sorted((sops / "roles").glob("*.yaml")):
        lines = role.read_text(encoding="utf-8").splitlines(keepends=True)
        for n, line in enumerate(lines):
            found = re.match(r"summary:\s*(\S.*)?$", line.rstrip("\n"))
            if not found:
                continue
            value = found.group(1) or ""
            if value[:1] in "|>":         # a block: edit its first content line
                n += 1
            elif value[:1] in "'\"":     # quoted on one line: edit inside the quotes
                end = line.rstrip("\n").rstrip()
                lines[n] = end[:-1] + SUMMARY_EDIT + end[-1] + "\n"
                role.write_text("".join(lines), encoding="utf-8")
                return role
            lines[n] = lines[n].rstrip("\n") + SUMMARY_EDIT + "\n"
            role.write_text("".join(lines), encoding="utf-8")
            return role
    raise SystemExit(f"no role with a summary in {sops}/roles")


def copy_code(source: Path, target: Path) -> Path:
    """The parts of a checkout a build runs from (no caches, no .git, no venv), compiled."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for part in CODE_PARTS:
        if (source / part).is_dir():
            shutil.copytree(source / part, target / part, ignore=ignore)
        elif (source / part).is_file():
            shutil.copy2(source / part, target / part)
    return compiled(target)


def compiled(code: Path) -> Path:
    """``code`` with its modules' bytecode written, as pip installs them: with
    PYTHONDONTWRITEBYTECODE set (as in some sandboxes) every build would compile every
    module it imports again (0.15–0.35 s of CPU), which no installed sopkit does."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(code / "generator")], check=True)
    return code


def edit_template(code: Path) -> None:
    path = code / TEMPLATE
    text = path.read_text(encoding="utf-8")
    if TEMPLATE_ANCHOR not in text:
        raise SystemExit(f"{TEMPLATE} has no {TEMPLATE_ANCHOR.strip()!r} to edit after")
    path.write_text(text.replace(TEMPLATE_ANCHOR, TEMPLATE_ANCHOR + TEMPLATE_EDIT, 1),
                    encoding="utf-8")


@contextlib.contextmanager
def baseline_checkout(revision: str | None) -> Iterator[Path | None]:
    """Today's code at ``revision`` in a temporary detached worktree, removed afterwards."""
    if revision is None:
        yield None
        return
    folder = Path(tempfile.mkdtemp(prefix="bench-build-baseline-"))
    checkout = folder / "code"
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "--detach", "--quiet",
                    str(checkout), revision], check=True)
    try:
        yield compiled(checkout)
    finally:
        subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force",
                        str(checkout)], check=False)
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run(["git", "-C", str(REPO), "worktree", "prune"], check=False)


def measure(name: str, source: Path | None, size: tuple[int, int, int] | None,
            jobs: int | None, baseline: tuple[Path, str] | None,
            pairs: int = PAIRS) -> list[Timing]:
    with tempfile.TemporaryDirectory(prefix="bench-build-") as tmp:
        work = Path(tmp)
        sops = work / "sops"
        if source is not None:
            shutil.copytree(source, sops)
        else:
            assert size is not None
            generate(sops, *size)
        (sops / "theme").mkdir(exist_ok=True)
        css = sops / "theme" / "print.css"
        css.write_text(THEME_CSS, encoding="utf-8")
        code = copy_code(REPO, work / "code")
        cache, out = work / "cache", work / "dist"

        def step(title: str, out: Path = out, cache: Path = cache) -> Timing:
            print(f"{name}: {title} …", file=sys.stderr, flush=True)
            timing = timed_build(title, code, sops, out, cache, jobs)
            print(rebuilt_lines(timing), file=sys.stderr, flush=True)
            return timing

        def todays(title: str, out: Path, cache: Path) -> Timing:
            assert baseline is not None
            return timed_build(title, baseline[0], sops, out, cache, jobs, baseline=True)

        timings = cold_builds(name, work, baseline, pairs, step, todays)
        timings.append(step(NOTHING))
        edited = edit_one_summary(sops)
        print(f"{name}: edited the summary of {edited.name}", file=sys.stderr)
        timings.append(step(SUMMARY))
        with css.open("a", encoding="utf-8") as stream:
            stream.write(CSS_EDIT)
        timings.append(step(CSS))
        edit_template(code)
        timings.append(step(TEMPLATE_STEP))
        return timings


def cold_order(pairs: int) -> list[str]:
    """Today's and this code's cold builds alternating, each pair in the other order than
    the one before (today, this, this, today, …): CPU seconds drift by 20–30 % within
    minutes on this shared machine, and a drift then weighs on both sides alike. The last
    cold build of this code is the one the rebuilds start from."""
    order: list[str] = []
    for index in range(pairs):
        pair = [TODAYS, COLD]
        order += pair if index % 2 == 0 else pair[::-1]
    return order


def cold_builds(name: str, work: Path, baseline: tuple[Path, str] | None, pairs: int,
                own: Callable[..., Timing],
                todays: Callable[[str, Path, Path], Timing]) -> list[Timing]:
    """The cold builds of both codes, each from an empty cache into a new folder; only the
    last of this code's keeps its cache and output for the rebuilds (``own``'s defaults)."""
    order = cold_order(pairs) if baseline is not None else [COLD]
    last_own = max(i for i, kind in enumerate(order) if kind == COLD)
    timings = []
    for index, kind in enumerate(order):
        number = order[:index + 1].count(kind)
        title = f"{kind} {number}/{order.count(kind)}"
        out, cache = work / f"dist-{index}", work / f"cache-{index}"
        if kind == TODAYS:
            assert baseline is not None
            print(f"{name}: {title} ({baseline[1]}) …", file=sys.stderr, flush=True)
            timings.append(todays(title, out, cache))
        else:
            timings.append(own(title) if index == last_own else own(title, out, cache))
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
    return timings


def _of(kind: str, timings: list[Timing]) -> list[Timing]:
    return [t for t in timings if t.step.startswith(kind)]


def rebuilt_lines(timing: Timing) -> str:
    """Per format, what the build rebuilt and how much it reused."""
    if not timing.cache:
        return f"  {timing.step}: no cache information in the build's report"
    lines = [f"  {timing.step}:"]
    for fmt, counts in timing.cache.items():
        made = counts.get("made", [])
        shown = ", ".join(made[:SHOWN_NAMES])
        more = f" … {len(made) - SHOWN_NAMES} more" if len(made) > SHOWN_NAMES else ""
        lines.append(f"    {fmt}: {counts.get('rebuilt', 0)} rebuilt, "
                     f"{counts.get('reused', 0)} from cache"
                     + (f" — {shown}{more}" if made else ""))
    return "\n".join(lines)


def table(name: str, timings: list[Timing], revision: str | None) -> str:
    """The run's figures. The issue measures each step "against today's cold build in the
    same run": targets are judged on that ratio; the ratio to this code's own cold build
    is shown beside it (the stricter reading)."""
    colds, todays = _of(COLD, timings), _of(TODAYS, timings)
    cold = _mean(COLD, colds)
    today = _mean(TODAYS, todays) if todays else None
    reference = today or cold
    rows = [f"### {name}", "",
            "| step | wall | wall / today's cold | target | wall / own cold | "
            "CPU (all processes) | CPU / own cold | load before |",
            "|---|---|---|---|---|---|---|---|"]
    for t in timings:
        failed = "" if t.ok else " (FAILED)"
        wall_ratio = t.wall / reference.wall
        rows.append(f"| {t.step}{failed} | {t.wall:.1f} s | {wall_ratio:.1%} | "
                    f"{_target(t.step, wall_ratio)} | {t.wall / cold.wall:.1%} | "
                    f"{t.cpu:.1f} s | {t.cpu / cold.cpu:.1%} | {t.load:.1f} |")
    if today is not None:
        ratio = cold.cpu / today.cpu
        met = "met" if ratio <= COLD_CPU_TARGET else "NOT met"
        pairs = ", ".join(f"{c.cpu / t.cpu:.1%}" for c, t in zip(colds, todays, strict=True))
        rows += ["", f"Cold build CPU / today's ({revision}), mean of {len(colds)} each, "
                     f"alternating: {cold.cpu:.1f} s / {today.cpu:.1f} s = **{ratio:.1%}** "
                     f"(target ≤ {COLD_CPU_TARGET:.0%}: {met}); pair by pair {pairs}; wall "
                     f"{cold.wall:.1f} s / {today.wall:.1f} s = {cold.wall / today.wall:.1%}."]
    rows += ["", "What each rebuild rebuilt (the build's `--format json` `cache`):", "",
             "```"]
    rows += [rebuilt_lines(t) for t in timings if not t.step.startswith(TODAYS)]
    rows.append("```")
    return "\n".join(rows)


def _mean(step: str, timings: list[Timing]) -> Timing:
    """One row's worth of several builds of a kind: their mean wall and CPU time."""
    count = len(timings)
    return Timing(step, sum(t.wall for t in timings) / count,
                  sum(t.cpu for t in timings) / count, timings[0].load,
                  all(t.ok for t in timings))


def _target(step: str, ratio: float) -> str:
    limit = TARGETS.get(step)
    if limit is None:
        return "only what uses it" if step in (CSS, TEMPLATE_STEP) else ""
    return f"≤ {limit:.0%}: {'met' if ratio <= limit else 'NOT met'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sops", type=Path, default=REPO / "sops",
                        help="the sample knowledge base (copied, never edited)")
    parser.add_argument("--no-sample", action="store_true")
    parser.add_argument("--no-synthetic", action="store_true")
    parser.add_argument("--roles", type=int, default=300)
    parser.add_argument("--workflows", type=int, default=30)
    parser.add_argument("--forms", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=None, help="sopkit build --jobs")
    parser.add_argument("--baseline", default=BASELINE, metavar="REV",
                        help=f"today's code, for the cold-build CPU ratio (default {BASELINE})")
    parser.add_argument("--pairs", type=int, default=PAIRS,
                        help=f"cold builds of each code, alternating (default {PAIRS})")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip today's cold build (no CPU ratio)")
    args = parser.parse_args()
    revision = None if args.no_baseline else args.baseline
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start",
          flush=True)
    with baseline_checkout(revision) as checkout:
        baseline = (checkout, str(revision)) if checkout is not None else None
        if not args.no_sample:
            timings = measure("sample", args.sops, None, args.jobs, baseline, args.pairs)
            print(table(f"sample ({args.sops})", timings, revision), "\n", flush=True)
        if not args.no_synthetic:
            size = (args.roles, args.workflows, args.forms)
            name = (f"synthetic: {args.roles} roles, {args.workflows} workflows, "
                    f"{args.forms} forms")
            timings = measure("synthetic", None, size, args.jobs, baseline, args.pairs)
            print(table(name, timings, revision), flush=True)


if __name__ == "__main__":
    main()
