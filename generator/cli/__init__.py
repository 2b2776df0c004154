"""The `sopkit` command line: the group, and each command from its own module.

Every command that reports takes --quiet and --format text|json and reports through
report.py, which also holds the exit statuses; the shared options are in options.py.

A command's module is imported only when that command runs (or help lists them all): the
modules import much of sopkit, and a build that is up to date should answer at once.
"""
from __future__ import annotations

import importlib

import click

from .. import __version__

# name → module of this package defining it (its function is the command's name, or
# ``form`` for `form`), in the order help lists them.
COMMANDS = {"init": "init", "check": "check", "build": "build", "diff": "diff",
            "schema": "schema", "new": "new", "form": "forms", "jd": "jd",
            "onboard": "onboard", "status": "status", "theme": "theme", "serve": "serve"}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        module = COMMANDS.get(cmd_name)
        if module is None:
            return None
        command = getattr(importlib.import_module(f"{__name__}.{module}"), cmd_name)
        assert isinstance(command, click.Command), command
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopkit")
def main() -> None:
    """sopkit: SOP content in YAML → handbooks, forms, onboarding packs and a portal."""
