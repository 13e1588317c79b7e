"""iCalendar export of interviews and upcoming follow-ups, for the person's own calendar.

The one module that imports `icalendar`. Times are written in UTC (the `Z` form) so every
calendar program reads them the same way without time-zone definitions. UIDs are stable, so
importing a newer export updates the earlier entries instead of adding copies.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

import icalendar

from agent.escape import one_line
from agent.models import Application, Interview

#: Interviews get this length when nothing better is known.
INTERVIEW_LENGTH = timedelta(hours=1)
#: A follow-up reminder is a short slot.
NUDGE_LENGTH = timedelta(minutes=15)
PRODID = "-//followup//job application follow-ups//EN"


def _uid(*parts: object) -> str:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:24]
    return f"{digest}@followup"


def _event(
    uid: str, start: datetime, length: timedelta, summary: str, description: str, now: datetime
) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", now.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", (start + length).astimezone(UTC))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    return event


def build_calendar_file(
    interviews: Sequence[Interview],
    followups: Sequence[tuple[str, datetime, str, str]],
    applications: Mapping[int, Application],
    now: datetime,
) -> bytes:
    """An iCalendar document: each interview, and each follow-up as (key, due, title, why)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-calname", "followup")
    for interview in interviews:
        app = applications.get(interview.application_id)
        if app is None:
            continue
        summary = f"Interview: {one_line(app.company, 60)} – {one_line(app.role, 80)}"
        details = [one_line(f"With {interview.with_who}") if interview.with_who else ""]
        if interview.kind:
            details.append(f"Kind: {interview.kind}")
        event = _event(
            _uid("interview", interview.id),
            interview.at,
            INTERVIEW_LENGTH,
            summary,
            "\n".join(d for d in details if d),
            now,
        )
        if interview.location:
            event.add("location", one_line(interview.location, 200))
        cal.add_component(event)
    for key, due, title, why in followups:
        cal.add_component(
            _event(_uid("nudge", key), due, NUDGE_LENGTH, one_line(title), one_line(why), now)
        )
    return bytes(cal.to_ical())
