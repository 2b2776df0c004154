"""The `sopkit` command line: the group, and each command from its own module.

Every command that reports takes --quiet and --format text|json and reports through
report.py, which also holds the exit statuses; the shared options are in options.py.
"""
from __future__ import annotations

import click

from .. import __version__
from .build import build
from .check import check
from .diff import diff
from .forms import form
from .init import init
from .jd import jd
from .new import new
from .onboard import onboard
from .schema import schema
from .serve import serve
from .status import status
from .theme import theme


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="sopkit")
def main() -> None:
    """sopkit: SOP content in YAML → handbooks, forms, onboarding packs and a portal."""


for _command in (init, check, build, diff, schema, new, form, jd, onboard, status, theme,
                 serve):
    main.add_command(_command)
