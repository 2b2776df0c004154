"""The options several commands share, defined once so that they read and behave the same
everywhere."""
from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable
from pathlib import Path

import click

from ..suggest import did_you_mean
from .report import FORMATS, Reporter


def find_knowledge_base(start: Path) -> Path | None:
    """The knowledge base a command run in ``start`` means: the nearest folder, from
    ``start`` up, that holds org.yaml (the user is inside it) or a ``sops/`` folder holding
    one (the user is beside it). A new user runs `sopkit check` wherever they happen to be."""
    for folder in (start, *start.parents):
        for candidate in (folder, folder / "sops"):
            if any((candidate / f"org{suffix}").is_file() for suffix in (".yaml", ".yml")):
                return candidate
    return None


def _sops(_ctx: click.Context, _param: click.Parameter, value: Path | None) -> Path:
    if value is not None:
        return value
    found = find_knowledge_base(Path.cwd())
    if found is None:  # `sops` as before: its "not found" message tells what to do
        return Path("sops")
    try:
        return found.relative_to(Path.cwd()) if found != Path.cwd() else Path(".")
    except ValueError:  # above the working directory: shown as an absolute path
        return found


sops_option = click.option("--sops", "sops", type=click.Path(path_type=Path), default=None,
                           callback=_sops,
                           help="Knowledge base folder (default: the folder with org.yaml, "
                                "found from here upwards, or ./sops).")


def default_out(sops: Path, name: str) -> Path:
    """``name`` beside the knowledge base when the command runs inside it, so that outputs
    never land among the content files; otherwise ``name`` in the working directory."""
    cwd = Path.cwd().resolve()
    kb = sops.resolve()
    if cwd == kb or kb in cwd.parents:
        return Path(os.path.relpath(kb.parent / name, cwd))
    return Path(name)


def _date(_ctx: click.Context, _param: click.Parameter, value: dt.datetime | None):
    return value.date() if value else None


today_option = click.option("--today", type=click.DateTime(["%Y-%m-%d"]), default=None,
                            callback=_date,
                            help="Date used for review-overdue checks (default: today).")

history_option = click.option(
    "--no-history", "no_history", is_flag=True,
    help="Publish drafts as they are in sops/, marked, instead of their last approved "
         "revision from git.")

jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="Worker processes for PDF, Word, forms and packs "
                                "(default: the machine's cores).")

quiet_option = click.option("--quiet", "-q", is_flag=True,
                            help="Print nothing but errors (no progress bar, no results).")

format_option = click.option("--format", "fmt", type=click.Choice(FORMATS), default="text",
                             show_default=True,
                             help="json: one JSON document on stdout, whatever the outcome.")


def reporting(command: str):
    """--quiet and --format, handed to the command as one ``report`` (a Reporter)."""
    def decorate(function):
        @quiet_option
        @format_option
        @functools.wraps(function)
        def run(*args, fmt: str, quiet: bool, **kwargs):
            return function(*args, report=Reporter(command, fmt, quiet), **kwargs)
        return run
    return decorate


class CommaList(click.ParamType):
    """``a,b`` → ``("a", "b")``, in the order of the choices (the order things are made in),
    without repeats; an empty list is ``()``, which each command reads as its default. An
    unknown name is a usage error (exit 2) naming the valid ones; every comma list sopkit
    has today names formats, hence the wording."""

    name = "list"

    def __init__(self, choices: Iterable[str] | Callable[[], Iterable[str]]) -> None:
        # A function when the choices are known only when used: the renderers are found
        # by importing them, which `sopkit --help` should not pay for.
        self._choices = choices

    def choices(self) -> list[str]:
        return list(self._choices() if callable(self._choices) else self._choices)

    def convert(self, value, param, ctx) -> tuple[str, ...]:
        if isinstance(value, tuple):  # already converted (a default given as a tuple)
            return value
        choices = self.choices()
        by_lower = {choice.lower(): choice for choice in choices}
        names = [part.strip().lower() for part in str(value).split(",") if part.strip()]
        for name in names:
            if name not in by_lower:
                self.fail(f"unknown format `{name}`{did_you_mean(name, by_lower)} (choose "
                          f"from: {', '.join(choices)})", param, ctx)
        wanted = {by_lower[name] for name in names}
        return tuple(choice for choice in choices if choice in wanted)


def comma_list(choices: Iterable[str] | Callable[[], Iterable[str]]) -> CommaList:
    return CommaList(choices)


def cache_options(function):
    """--cache DIR and --no-cache, handed to the command as ``cache`` (a folder, or None for
    the default) and ``no_cache``."""
    function = click.option(
        "--no-cache", "no_cache", is_flag=True,
        help="Make every output again and keep nothing (the cache is left as it is).")(function)
    return click.option(
        "--cache", "cache", type=click.Path(path_type=Path, file_okay=False), default=None,
        help="Build cache folder (default: $SOPKIT_CACHE, else .sopkit-cache/ beside "
             "sops/). Safe to delete; old entries are pruned.")(function)
