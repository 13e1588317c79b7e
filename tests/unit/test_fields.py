"""Application fields as typed by a person: one reader per field for add, edit and import."""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from agent.errors import UsageError
from agent.fields import (
    FIELD_READERS,
    contact_label,
    read_contact,
    read_field,
    read_moment,
    read_status,
)
from agent.models import Status
from agent.store import EDITABLE_FIELDS

TODAY = date(2026, 3, 2)


def test_every_editable_field_has_a_reader() -> None:
    assert set(FIELD_READERS) == set(EDITABLE_FIELDS)


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("priority", " 3 ", 3),
        ("applied_on", "2026-02-20", date(2026, 2, 20)),
        ("next_contact_on", "+7d", date(2026, 3, 9)),
        ("company_domain", "@ACME.example ", "acme.example"),
        ("language", "NO", "no"),
        ("key", " acme-1 ", "acme-1"),
        ("notes", "  kept  ", "kept"),
        ("notes", "   ", None),
    ],
)
def test_read_field(name: str, text: str, expected: object) -> None:
    assert read_field(name, text, TODAY) == expected


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("priority", "1.5", "whole number from 1 to 99"),
        ("priority", "-1", "from 1 to 99"),
        ("applied_on", "last week", "use YYYY-MM-DD"),
        ("company_domain", "acme com", "mail domain such as acme.com"),
        ("language", "english", "language code such as en or no"),
        ("key", "12", "add a letter, e.g. job-12"),
        ("key", "my job", "contains spaces"),
        ("role", " ", "role cannot be empty"),
        ("status", "offer", "status is not a field you can set"),
        ("language", "de", "drafts are written in en and no"),
        ("key", "a\x1bb", "invisible character"),
        ("key", "a\u202eb", "RIGHT-TO-LEFT OVERRIDE"),
        ("company", "Acme\x00", "control character \\(U\\+0000\\)"),
        ("role", "Dev\nOps", "line break"),
        ("applied_on", "1900-01-01", "in the year 1900; give a date between 1970 and 2199"),
        ("next_contact_on", "+9999w", "in the year 2217"),
    ],
)
def test_bad_field_says_what_to_give(name: str, text: str, expected: str) -> None:
    with pytest.raises(UsageError, match=expected):
        read_field(name, text, TODAY)


def test_read_status() -> None:
    assert read_status(" Interviewing ") is Status.INTERVIEWING
    with pytest.raises(UsageError, match="is not one of: wishlist, applied"):
        read_status("hired")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann Berg <Ann@Acme.example>", ("Ann Berg", "ann@acme.example")),
        ("ann@acme.example", (None, "ann@acme.example")),
        ("Ann Berg", ("Ann Berg", None)),
    ],
)
def test_read_contact(text: str, expected: tuple[str | None, str | None]) -> None:
    assert read_contact(text) == expected
    assert contact_label(*expected) in (text, text.lower(), "Ann Berg <ann@acme.example>")


@pytest.mark.parametrize("text", ["Ann <ann at acme>", "<>", "ann@"])
def test_unreadable_contact(text: str) -> None:
    with pytest.raises(UsageError, match=re.escape('use "Name <name@example.com>"')):
        read_contact(text)


def test_errors_name_the_option_typed_when_given() -> None:
    with pytest.raises(UsageError, match=r"^--domain must be a mail domain"):
        read_field("company_domain", "acme", TODAY, "--domain")


def test_notes_keep_their_line_breaks() -> None:
    assert read_field("notes", "one\ntwo\tthree", TODAY) == "one\ntwo\tthree"


def test_read_moment() -> None:
    tz = ZoneInfo("Europe/Oslo")
    now = datetime(2026, 3, 2, 9, 30, tzinfo=tz)
    assert read_moment("2026-03-03 14:00", now, tz) == datetime(2026, 3, 3, 14, 0, tzinfo=tz)
    for text in ("0001-01-01 00:00+05:00", "9999-12-31 23:00", "+9999w"):
        with pytest.raises(UsageError, match="between 1970 and 2199"):
            read_moment(text, now, tz, "--at")
