"""The sample with a training plan that has days, for the tests of dated schedules.

The sample's 销售部培训 says only what its manual says: no session has a `day` (000 第三章
gives none), so a pack built from it schedules nothing. The tests of schedules, calendars
and .ics files need dates: they build packs from this copy of the sample, where each of the
plan's sessions has the next working day in the plan's order (day 1–7). The days are this
fixture's, never the sample's; everything else is the sample unchanged, so the packs still
show its workflows, forms and policies.
"""
from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

import yaml

from conftest import SAMPLE_SOPS

PLAN = "training/new-sales-staff.yaml"


def with_days(plan_yaml: str) -> str:
    """``plan_yaml`` with `day: n` on the n-th session."""
    plan = yaml.safe_load(plan_yaml)
    for number, session in enumerate(plan["sessions"], start=1):
        session["day"] = number
    return yaml.safe_dump(plan, allow_unicode=True, sort_keys=False)


def write_scheduled_sample(sops: Path) -> Path:
    """Copy the sample to ``sops`` (a new folder) with the dated plan; ``sops``."""
    shutil.copytree(SAMPLE_SOPS, sops)
    plan = sops / PLAN
    plan.write_text(with_days(plan.read_text(encoding="utf-8")), encoding="utf-8")
    return sops


@functools.cache
def scheduled_sample() -> Path:
    """One read-only copy per test process (tests that change it make their own)."""
    base = Path(tempfile.mkdtemp(prefix="sopkit-scheduled-"))
    atexit.register(shutil.rmtree, base, ignore_errors=True)
    return write_scheduled_sample(base / "sops")
