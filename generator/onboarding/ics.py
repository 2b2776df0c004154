"""The training schedule as an iCalendar file (RFC 5545) for Outlook and phone calendars.

One event per sitting, in the organisation's time zone with its VTIMEZONE, so a phone set
to another zone still shows the right moment. UIDs are derived from the person, role and
session, and DTSTAMP from the start date: building the same pack twice gives the same
bytes, and importing a rebuilt calendar updates events instead of duplicating them.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os

from icalendar import Calendar, Event

from .. import __version__
from ..i18n import Labels
from .schedule import Sitting
from .view import Pack

PRODID = f"-//sopkit//onboarding {__version__}//EN"
UID_DOMAIN = "onboarding.sopkit.invalid"


def sitting_uid(pack: Pack, sitting: Sitting) -> str:
    key = "\x1f".join((pack.hire.name, pack.role.id, sitting.plan.id, sitting.session.id,
                       str(sitting.part)))
    return f"{hashlib.sha256(key.encode('utf-8')).hexdigest()[:32]}@{UID_DOMAIN}"


def build_stamp() -> dt.datetime:
    """Now, in UTC and whole seconds; SOURCE_DATE_EPOCH (reproducible builds) if set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isascii() and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def pack_calendar(pack: Pack, t: Labels, actor_name,
                  stamp: dt.datetime | None = None) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", t("onboard_ics_name", name=pack.hire.name))
    calendar.add("x-wr-timezone", pack.calendar.timezone)
    stamp = stamp or build_stamp()
    for sitting in pack.sittings:
        calendar.add_component(_event(pack, sitting, t, actor_name, stamp))
    _add_timezone(calendar, pack)
    return calendar.to_ical()


def _event(pack: Pack, sitting: Sitting, t: Labels, actor_name, stamp: dt.datetime) -> Event:
    session = sitting.session
    event = Event()
    event.add("uid", sitting_uid(pack, sitting))
    event.add("dtstamp", stamp)
    event.add("dtstart", sitting.start)
    event.add("dtend", sitting.end)
    title = session.title if sitting.parts == 1 else \
        t("onboard_part_n", title=session.title, part=sitting.part, parts=sitting.parts)
    event.add("summary", title)
    event.add("description", _description(sitting, t, actor_name))
    event.add("categories", [sitting.plan.title])
    event.add("transp", "OPAQUE")
    return event


def _description(sitting: Sitting, t: Labels, actor_name) -> str:
    session = sitting.session
    lines = [(t("training_topics"), t("clause_separator").join(session.topics)),
             (t("training_by"), actor_name(session.by)),
             (t("training_hours"), f"{sitting.hours:g}"),
             (t("training_method"), session.method or ""),
             (t("training_assessment"), session.assessment or ""),
             (t("training"), sitting.plan.title)]
    return "\n".join(f"{label}: {value}" for label, value in lines if value)


def _add_timezone(calendar: Calendar, pack: Pack) -> None:
    """A VTIMEZONE covering the schedule, so the file does not depend on the reader's
    time-zone database (RFC 5545 §3.6.5: every TZID used must be defined)."""
    if not pack.sittings:
        return
    first, last = pack.sittings[0].date, pack.sittings[-1].date
    calendar.add_missing_timezones(first_date=first - dt.timedelta(days=366),
                                   last_date=last + dt.timedelta(days=366))
