"""Application fields as typed by a person: one reader per field for add, edit and import."""

from __future__ import annotations

import re
from datetime import date

import pytest

from agent.errors import UsageError
from agent.fields import FIELD_READERS, contact_label, read_contact, read_field, read_status
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
