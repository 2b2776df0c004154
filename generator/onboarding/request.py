"""Who is starting, in what role, when: checked before anything is built.

Every problem is an InputError whose message is shown to the user as it is, so it says
what is wrong and what to write instead.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..linker import LinkedKB
from ..suggest import did_you_mean_id
from .workdays import WorkingCalendar

FORMATS = ("pdf", "docx", "ics")
DEFAULT_FORMATS = ("pdf", "ics")
MAX_NAME_LENGTH = 64
YEARS = (1900, 2200)   # a schedule runs a year past the start: 9999-12-31 would overflow
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# The name is part of the pack's folder and file names, which cannot hold these.
_NOT_IN_FILE_NAMES = re.compile(r'[\\/:*?"<>|]')


class InputError(ValueError):
    """Bad input from the command line or a CSV row; the message is for the user."""


@dataclass(frozen=True, slots=True)
class NewHire:
    name: str
    role: str
    start: dt.date              # the first working day: requested, or moved forward
    manager: str | None = None
    buddy: str | None = None
    requested_start: dt.date | None = None   # set only when the start was moved
    moved_because: str | None = None         # "weekend" | "holiday"

    @property
    def moved(self) -> bool:
        return self.requested_start is not None


def parse_date(text: str) -> dt.date:
    value = (text or "").strip()
    if not _DATE.match(value):
        raise InputError(f"start date `{text}` is not a date: write YYYY-MM-DD, e.g. 2026-09-28")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(f"start date `{value}` is not a real date "
                         "(check the month and day)") from None
    if not YEARS[0] <= date.year <= YEARS[1]:
        raise InputError(f"start date `{value}` is out of range: write a year from "
                         f"{YEARS[0]} to {YEARS[1]}")
    return date


def check_name(text: str | None, what: str = "name") -> str:
    value = " ".join((text or "").split())
    if not value:
        raise InputError(f"the new hire's {what} is empty")
    if len(value) > MAX_NAME_LENGTH:
        raise InputError(f"the {what} is {len(value):,} characters long, at most "
                         f"{MAX_NAME_LENGTH}: shorten it")
    bad = _CONTROL.search(value)
    if bad and "\ud800" <= bad.group() <= "\udfff":
        # How Python keeps bytes of a command-line argument that are not UTF-8.
        raise InputError(f"the {what} has bytes that are not UTF-8 (U+{ord(bad.group()):04X}, "
                         f"character {bad.start() + 1}): type it again in a UTF-8 terminal")
    if bad:
        raise InputError(f"the {what} has the control character U+{ord(bad.group()):04X} "
                         f"(character {bad.start() + 1}): remove it")
    return value


def check_folder_name(name: str) -> str:
    """The new hire's name, which also names the pack's folder: it must name one folder
    of its own (`.`, `..` or `a/b` would not) and say who the pack is for."""
    bad = _NOT_IN_FILE_NAMES.search(name)
    if bad:
        raise InputError(f"the name `{name}` has `{bad.group()}`, which cannot be in a folder "
                         "name: write the name without it")
    if not any(char.isalnum() for char in name):
        raise InputError(f"the name `{name}` has no letters or digits: write the new hire's "
                         "name")
    return name


def check_role(linked: LinkedKB, role_id: str | None) -> str:
    value = (role_id or "").strip()
    if not value:
        raise InputError("the role is empty: give a role id such as `sales-rep`")
    if value not in linked.kb.roles:
        titles = {key: str(role.title) for key, role in linked.kb.roles.items()}
        hint = did_you_mean_id(value, titles) or \
            f" (roles: {', '.join(sorted(linked.kb.roles))})"
        raise InputError(f"unknown role `{value}`{hint}")
    return value


def _optional(text: str | None, what: str) -> str | None:
    return check_name(text, what) if text and text.strip() else None


def new_hire(linked: LinkedKB, calendar: WorkingCalendar, *, name: str | None,
             role: str | None, start: str, manager: str | None = None,
             buddy: str | None = None) -> NewHire:
    """A checked new hire whose start is a working day (moved forward when it is not)."""
    requested = parse_date(start)
    first = calendar.next_workday(requested)
    moved = first != requested
    return NewHire(
        name=check_folder_name(check_name(name)), role=check_role(linked, role), start=first,
        manager=_optional(manager, "manager"), buddy=_optional(buddy, "buddy"),
        requested_start=requested if moved else None,
        moved_because=calendar.day_off_reason(requested) if moved else None)


def moved_warning(hire: NewHire) -> str | None:
    """The CLI's warning when the start date was not a working day."""
    if not hire.moved:
        return None
    reason = ("a public holiday in the org.yaml calendar" if hire.moved_because == "holiday"
              else f"a {hire.requested_start:%A}")
    return (f"start date {hire.requested_start} is {reason}: the pack starts on the next "
            f"working day, {hire.start}")
