"""Putting a finished staging folder in place of the output in one step.

Linux swaps two paths atomically with renameat2(RENAME_EXCHANGE): at every instant the
output path holds either the complete old output or the complete new one. Where that call
is missing (old kernel, some network file systems) two renames are used, and the old
output is put back if the second one fails.
"""
from __future__ import annotations

import ctypes
import errno
import os
import shutil
from pathlib import Path

AT_FDCWD = -100
RENAME_EXCHANGE = 2
_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP}


def swap_in(staging: Path, out: Path) -> None:
    """Make ``staging`` the output ``out``; the old output is deleted afterwards."""
    if not out.exists():
        os.rename(staging, out)
    elif _exchange(staging, out):
        shutil.rmtree(staging, ignore_errors=True)   # now holds the old output
    else:
        _two_renames(staging, out)


def _exchange(first: Path, second: Path) -> bool:
    """Swap the two paths atomically; False when this system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    if renameat2(AT_FDCWD, os.fsencode(first), AT_FDCWD, os.fsencode(second),
                 RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in _UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(second))


def _two_renames(staging: Path, out: Path) -> None:
    retired = staging.with_name(staging.name.replace("-building-", "-old-", 1))
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except BaseException:
        os.rename(retired, out)
        raise
    shutil.rmtree(retired, ignore_errors=True)
