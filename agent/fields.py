"""Application fields as a person types them (command line, CSV), read into stored values.

One table of readers serves `add`, `edit` and `import`, so a priority or a date is checked the
same way wherever it comes from. Every reader raises `UsageError` naming the field and the fix.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date, datetime, tzinfo
from email.utils import parseaddr
from typing import Any

from agent.dates import parse_date, parse_datetime
from agent.errors import UsageError
from agent.models import Status

#: The priority range `add --priority` accepts: 1 is the job the person wants most.
PRIORITY_RANGE = (1, 99)

#: Years a typed date may fall in: anything outside is a typo (and year 1 or 9999 would
#: overflow the working-day arithmetic of the policy).
YEAR_RANGE = (1970, 2199)

#: The languages drafts are written in (agent/templates/<language>/).
DRAFT_LANGUAGES = ("en", "no")

#: Fields an empty text may not clear.
_REQUIRED = frozenset({"company", "role"})

#: Fields whose text may run over several lines.
_MULTILINE = frozenset({"notes"})

#: Control characters (C0 and C1): nothing a person types on purpose, and a terminal acts on them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _text(name: str, text: str, today: date) -> str:
    value = text.strip()
    allowed = "\t\n\r" if name in _MULTILINE else ""
    bad = next((c for c in _CONTROL.findall(value) if c not in allowed), None)
    if bad is not None:
        where = "a line break" if bad in "\r\n" else f"a control character (U+{ord(bad):04X})"
        raise UsageError(f"{name} contains {where}; remove it and give the text on one line")
    return value


def _priority(name: str, text: str, today: date) -> int:
    low, high = PRIORITY_RANGE
    try:
        value = int(text.strip())
    except ValueError:
        raise UsageError(
            f"{name} must be a whole number from {low} to {high} (1 = most wanted), got {text!r}"
        ) from None
    if not low <= value <= high:
        raise UsageError(f"{name} must be from {low} to {high} (1 = most wanted), got {value}")
    return value


def _date(name: str, text: str, today: date) -> date:
    try:
        value = parse_date(text, today)
    except (UsageError, OverflowError):
        raise UsageError(
            f"{name} {text!r} is not a date; use YYYY-MM-DD (or today, tomorrow, +3d)"
        ) from None
    check_year(name, text, value)
    return value


def check_year(name: str, text: str, value: date) -> None:
    """Refuse a date outside YEAR_RANGE: it is a typo, and the policy cannot count from it."""
    low, high = YEAR_RANGE
    if not low <= value.year <= high:
        raise UsageError(
            f"{name} {text!r} is in the year {value.year}; give a date between {low} and {high}"
        )


def _key(name: str, text: str, today: date) -> str:
    return check_key(text)


def _domain(name: str, text: str, today: date) -> str:
    value = text.strip().lower().removeprefix("@")
    if not value or " " in value or "." not in value or "@" in value:
        raise UsageError(f"{name} must be a mail domain such as acme.com, got {text!r}")
    return value


def _language(name: str, text: str, today: date) -> str:
    value = text.strip().lower()
    if value not in DRAFT_LANGUAGES:
        raise UsageError(
            f"{name} must be a language code such as en or no (drafts are written in "
            f"{' and '.join(DRAFT_LANGUAGES)}), got {text!r}"
        )
    return value


#: Every field a person may set by hand, with the reader for its text. The store's
#: EDITABLE_FIELDS is this table's keys.
FIELD_READERS: dict[str, Callable[[str, str, date], Any]] = {
    "key": _key,
    "company": _text,
    "role": _text,
    "priority": _priority,
    "source": _text,
    "url": _text,
    "applied_on": _date,
    "company_domain": _domain,
    "job_ref": _text,
    "notes": _text,
    "language": _language,
    "next_contact_on": _date,
}


def read_field(name: str, text: str, today: date, label: str | None = None) -> Any:
    """Turn typed text into the stored value of field `name`; empty text clears the field.

    Errors name the field as `label` when given: the option the person typed (`--applied`)
    rather than the column it fills (`applied_on`).
    """
    reader = FIELD_READERS.get(name)
    if reader is None:
        known = ", ".join(FIELD_READERS)
        raise UsageError(f"{name} is not a field you can set; these are: {known}")
    if not text.strip():
        if name in _REQUIRED:
            raise UsageError(f"{label or name} cannot be empty")
        return None
    try:
        return reader(name, text, today)
    except UsageError as err:
        if label is None:
            raise
        raise UsageError(str(err).replace(name, label, 1)) from None


def read_moment(text: str, now: datetime, tz: tzinfo, label: str = "date") -> datetime:
    """A date-time the person typed (`2026-03-02 14:30`, `tomorrow`, `+3d`), aware in `tz`."""
    try:
        moment = parse_datetime(text, now, tz).astimezone(tz)
    except (OverflowError, ValueError):
        moment = None
    if moment is None:
        low, high = YEAR_RANGE
        raise UsageError(f"{label} {text!r} is out of range; give a date between {low} and {high}")
    check_year(label, text, moment.date())
    return moment


def read_status(text: str) -> Status:
    try:
        return Status(text.strip().lower())
    except ValueError:
        known = ", ".join(s.value for s in Status)
        raise UsageError(f"status {text!r} is not one of: {known}") from None


def check_key(text: str) -> str:
    """A key is the person's own name for an application; digits alone would read as an ID."""
    value = text.strip()
    if not value:
        raise UsageError("key cannot be empty")
    if value.isdigit():
        raise UsageError(
            f"key {value!r} is only digits and would be confused with an application ID; "
            "add a letter, e.g. job-" + value
        )
    if any(c.isspace() for c in value):
        raise UsageError(f"key {value!r} contains spaces; use - or _ instead")
    odd = next((c for c in value if not c.isprintable()), None)
    if odd is not None:
        name = unicodedata.name(odd, f"U+{ord(odd):04X}")
        raise UsageError(
            f"key {value!r} contains an invisible character ({name}); type it again using "
            "letters, digits, - and _"
        )
    return value


def read_contact(text: str) -> tuple[str | None, str | None]:
    """Read `Name <email>`, a bare address or a bare name into (name, email)."""
    name, address = parseaddr(text)
    if address and "@" in address and " " not in address.strip():
        return (name.strip() or None), address.strip().lower()
    if "@" in text or "<" in text:
        raise UsageError(f'cannot read {text!r} as a contact; use "Name <name@example.com>"')
    return text.strip() or None, None


def contact_label(name: str | None, email: str | None) -> str:
    """How a contact reads in the contact log: `Name <email>`, or whichever part is known."""
    if name and email:
        return f"{name} <{email}>"
    return name or email or ""
