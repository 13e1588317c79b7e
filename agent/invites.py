"""Calendar invitations (text/calendar parts, .ics files) read into an interview record.

icalendar is imported here and nowhere else. Whatever the sender's calendar program wrote
(VTIMEZONE blocks, floating times, all-day events, cancellations) comes out as one `Invite`
with an aware start time, or as nothing when the data cannot be read.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import icalendar

from agent.dates import DATE_ONLY_TIME
from agent.models import InterviewKind

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


def _event(event: Any, method: str | None, tz: tzinfo) -> Invite | None:
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
            if (invite := _event(event, method, tz)) is not None
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
