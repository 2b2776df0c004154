"""How many worker processes a command uses: one setting, `--jobs N`, for every pool."""
from __future__ import annotations

import os


def machine_cores() -> int:
    """The cores this process may run on (a container's CPU set, not the host's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def workers_for(jobs: int | None, tasks: int) -> int:
    """Processes worth starting for ``tasks`` pieces of work: never more than there are."""
    return max(1, min(jobs or machine_cores(), tasks))
