"""Output files are complete or absent, and readable by the people they are for."""
from __future__ import annotations

import os
import stat

from generator.diagnostics import Diagnostics, summary_line
from generator.outputs import write_atomic


def test_written_files_follow_the_umask_not_mkstemp_privacy(tmp_path):
    previous = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "a" / "b.txt", b"x")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert [p.name for p in path.parent.iterdir()] == ["b.txt"]  # no temporary left


def test_summary_line_is_singular_for_one_file():
    assert summary_line(Diagnostics(), 1) == "1 file checked: 0 errors, 0 warnings"
