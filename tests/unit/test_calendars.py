"""Calendar invitations become interview records: start, organiser, cancellation."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from agent.calendars import first_invite, read_invites
from agent.models import InterviewKind
from agent.parse import parse_message


def ics(*event: str, method: str = "REQUEST", timezone_block: str = "") -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", f"METHOD:{method}"]
    if timezone_block:
        lines.append(timezone_block)
    lines += ["BEGIN:VEVENT", "UID:abc-1", *event, "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines).encode()


OUTLOOK_ZONE = "\r\n".join(
    [
        "BEGIN:VTIMEZONE",
        "TZID:W. Europe Standard Time",
        "BEGIN:STANDARD",
        "DTSTART:16010101T030000",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "END:STANDARD",
        "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "END:DAYLIGHT",
        "END:VTIMEZONE",
    ]
)


def test_outlook_invitation_with_its_own_zone() -> None:
    [invite] = read_invites(
        ics(
            "SUMMARY:Intervju – Backend",
            "DTSTART;TZID=W. Europe Standard Time:20260310T100000",
            "DTEND;TZID=W. Europe Standard Time:20260310T110000",
            'ORGANIZER;CN="Ann Berg":mailto:Ann.Berg@Acme.example',
            "LOCATION:Microsoft Teams Meeting",
            timezone_block=OUTLOOK_ZONE,
        )
    )
    assert invite.start.astimezone(UTC) == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert invite.end is not None
    assert invite.end - invite.start == timedelta(hours=1)
    assert invite.organizer == "Ann Berg <ann.berg@acme.example>"
    assert invite.kind is InterviewKind.VIDEO
    assert invite.method == "REQUEST"
    assert not invite.cancelled


def test_utc_floating_and_all_day_times() -> None:
    [utc] = read_invites(ics("DTSTART:20260310T090000Z", "SUMMARY:Call"))
    assert utc.start == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    oslo = timezone(timedelta(hours=1))
    [floating] = read_invites(ics("DTSTART:20260310T100000", "LOCATION:Storgata 1"), oslo)
    assert floating.start == datetime(2026, 3, 10, 10, 0, tzinfo=oslo)
    assert floating.kind is InterviewKind.ONSITE
    [day] = read_invites(ics("DTSTART;VALUE=DATE:20260310"))
    assert day.start.date().isoformat() == "2026-03-10"
    assert day.start.tzinfo is not None


def test_cancellations_are_recognised() -> None:
    [by_method] = read_invites(ics("DTSTART:20260310T090000Z", method="CANCEL"))
    [by_status] = read_invites(ics("DTSTART:20260310T090000Z", "STATUS:CANCELLED"))
    assert by_method.cancelled
    assert by_status.cancelled


def test_unreadable_calendar_data_gives_nothing() -> None:
    assert read_invites(b"BEGIN:VCALENDAR\r\nthis is not ical") == []
    assert read_invites(b"\xff\xfe\x00garbage") == []
    assert read_invites(ics("SUMMARY:no start")) == []
    assert first_invite([b"junk", ics("DTSTART:20260310T090000Z")]) is not None
    assert first_invite([]) is None


def test_calendar_part_of_a_real_message_is_read() -> None:
    calendar = ics(
        "DTSTART:20260312T130000Z", "SUMMARY:Interview", "ORGANIZER:mailto:hr@acme.example"
    ).decode()
    raw = (
        "From: HR <hr@acme.example>\r\nTo: kari@example.net\r\nSubject: Invitation: Interview\r\n"
        "Date: Mon, 02 Mar 2026 10:00:00 +0100\r\nMessage-ID: <inv-1@acme.example>\r\n"
        'MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary="b"\r\n\r\n'
        "--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee you then.\r\n"
        "--b\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n"
        f"{calendar}\r\n--b--\r\n"
    ).encode()
    invite = first_invite(parse_message(raw).calendars)
    assert invite is not None
    assert invite.start == datetime(2026, 3, 12, 13, 0, tzinfo=UTC)
    assert invite.organizer == "hr@acme.example"
