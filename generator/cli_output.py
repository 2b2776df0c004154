"""How every command reports an output sopkit refused or could not write.

Shared by cli.py and the commands it registers, which must not import cli.py itself.
"""
from __future__ import annotations

import sys
from typing import NoReturn

import click

from .errors import OutputError


def fail_output(exc: OutputError) -> NoReturn:
    """Its message and exit code (2 for an unsafe path, 1 otherwise); no traceback."""
    click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)
