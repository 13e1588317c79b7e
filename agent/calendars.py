"""iCalendar in and out: invitations read from mail into an interview record, and the
agenda written as a file for the person's own calendar. icalendar is imported here only.

Reading: whatever the sender's calendar program wrote (VTIMEZONE blocks, floating times,
all-day events, cancellations) comes out as one `Invite` with an aware start time, or as
nothing when the data cannot be read.

Writing: times go out in UTC (the `Z` form) so every calendar program reads them the same
way without time-zone definitions; UIDs are stable, so importing a newer export updates the
earlier entries instead of adding copies.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import icalendar

from agent.dates import DATE_ONLY_TIME
from agent.escape import one_line
from agent.models import Application, Interview, InterviewKind

log = logging.getLogger(__name__)

_VIDEO = re.compile(
    r"teams\.microsoft|microsoft teams|zoom\.us|\bzoom\b|meet\.google|google meet|whereby|"
    r"webex|\bvideo\b|videomøte|videomöte|videomøde|videokonferenz|videocall|skype",
    re.IGNORECASE,
)
_PHONE = re.compile(r"\bphone\b|\btelefon|\bcall you\b|\bring deg\b|\bringer\b", re.IGNORECASE)


@dataclass(frozen=True)
class Invite:
    """One meeting from a calendar part: when, who organises it, and whether it is off."""

    start: datetime
    end: datetime | None = None
    summary: str = ""
    organizer_name: str | None = None
    organizer_email: str | None = None
    location: str | None = None
    method: str | None = None
    uid: str | None = None
    cancelled: bool = False
    kind: InterviewKind | None = None

    @property
    def organizer(self) -> str | None:
        if self.organizer_name and self.organizer_email:
            return f"{self.organizer_name} <{self.organizer_email}>"
        return self.organizer_name or self.organizer_email


def _moment(value: Any, tz: tzinfo) -> datetime | None:
    """An aware datetime from DTSTART/DTEND; floating times are read in `tz`, dates at midday."""
    if isinstance(value, datetime):
        return value if value.tzinfo is not None else value.replace(tzinfo=tz)
    if isinstance(value, date):
        return datetime.combine(value, DATE_ONLY_TIME, tzinfo=tz)
    return None


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _kind(location: str, description: str) -> InterviewKind | None:
    both = f"{location}\n{description}"
    if _VIDEO.search(both):
        return InterviewKind.VIDEO
    if _PHONE.search(both):
        return InterviewKind.PHONE
    return InterviewKind.ONSITE if location else None


def _invite_from(event: Any, method: str | None, tz: tzinfo) -> Invite | None:
    prop = event.get("DTSTART")
    start = _moment(getattr(prop, "dt", None), tz)
    if start is None:
        return None
    end_prop = event.get("DTEND")
    organizer = event.get("ORGANIZER")
    organizer_email = None
    organizer_name = None
    if organizer is not None:
        address = str(organizer)
        if address.lower().startswith("mailto:"):
            address = address[7:]
        organizer_email = address.strip().lower() or None
        params = getattr(organizer, "params", {})
        organizer_name = _text(params.get("CN")).strip('"') or None
    location = _text(event.get("LOCATION"))
    status = _text(event.get("STATUS")).upper()
    return Invite(
        start=start,
        end=_moment(getattr(end_prop, "dt", None), tz),
        summary=_text(event.get("SUMMARY")),
        organizer_name=organizer_name,
        organizer_email=organizer_email,
        location=location or None,
        method=method,
        uid=_text(event.get("UID")) or None,
        cancelled=method == "CANCEL" or status == "CANCELLED",
        kind=_kind(location, _text(event.get("DESCRIPTION"))),
    )


def read_invites(data: bytes, tz: tzinfo = UTC) -> list[Invite]:
    """Every event in one calendar object, earliest first; [] when it cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
        method = _text(calendar.get("METHOD")).upper() or None
        invites = [
            invite
            for event in calendar.walk("VEVENT")
            if (invite := _invite_from(event, method, tz)) is not None
        ]
    except Exception as err:  # icalendar raises many kinds on broken or hostile input
        log.debug("unreadable calendar part: %s", err)
        return []
    return sorted(invites, key=lambda i: i.start)


def first_invite(parts: Iterable[bytes], tz: tzinfo = UTC) -> Invite | None:
    """The invitation a message carries: the first event of its first readable calendar part."""
    for data in parts:
        invites = read_invites(data, tz)
        if invites:
            return invites[0]
    return None


# -- the agenda file ----------------------------------------------------------------------

#: Interviews get this length when nothing better is known.
INTERVIEW_LENGTH = timedelta(hours=1)
#: A follow-up reminder is a short slot.
NUDGE_LENGTH = timedelta(minutes=15)
PRODID = "-//followup//job application follow-ups//EN"


def _uid(*parts: object) -> str:
    digest = hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()[:24]
    return f"{digest}@followup"


def _agenda_event(
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
        event = _agenda_event(
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
            _agenda_event(
                _uid("nudge", key), due, NUDGE_LENGTH, one_line(title), one_line(why), now
            )
        )
    return bytes(cal.to_ical())
