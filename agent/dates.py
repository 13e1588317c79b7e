"""Dates and times as people type them, turned into timezone-aware values in the user's zone."""

from __future__ import annotations

import os
import re
from datetime import date, datetime, time, timedelta, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from agent.errors import ConfigError, UsageError

_RELATIVE = re.compile(r"^([+-])(\d{1,4})([dw])$")
_WORDS = {"today": 0, "tomorrow": 1, "yesterday": -1}
#: Time of day given to a bare date where a moment is needed: midday keeps the day the same
#: in every zone a person is likely to travel to.
DATE_ONLY_TIME = time(12, 0)


def zone(name: str | None) -> tzinfo:
    """Return the named zone, or the system's zone when no name is given."""
    if name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as err:
            raise ConfigError(
                f"timezone: unknown zone {name!r}; use an IANA name such as 'Europe/Oslo'"
            ) from err
    return system_zone()


def system_zone() -> tzinfo:
    """Best guess of the machine's zone: $TZ, /etc/timezone, /etc/localtime, else UTC."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    etc_timezone = Path("/etc/timezone")
    if etc_timezone.is_file():
        candidates.append(etc_timezone.read_text(encoding="utf-8").strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if "zoneinfo/" in target:
            candidates.append(target.split("zoneinfo/", 1)[1])
    for name in candidates:
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")


def parse_date(text: str, today: date) -> date:
    """Parse `2026-03-01`, `today`, `tomorrow`, `yesterday`, `+3d`, `-2w`."""
    value = text.strip().lower()
    if value in _WORDS:
        return today + timedelta(days=_WORDS[value])
    relative = _RELATIVE.match(value)
    if relative:
        sign, amount, unit = relative.groups()
        days = int(amount) * (7 if unit == "w" else 1)
        return today + timedelta(days=days if sign == "+" else -days)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            f"cannot read {text!r} as a date; use YYYY-MM-DD, today, tomorrow or +3d"
        ) from None


def parse_datetime(text: str, now: datetime, tz: tzinfo) -> datetime:
    """Parse an ISO date-time (or anything `parse_date` takes) into an aware datetime.

    A time without an offset is read in the user's zone; a bare date means midday.
    """
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = None
    if parsed is not None and ("T" in value.upper() or " " in value):
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
    try:
        day = parse_date(value, now.astimezone(tz).date())
    except UsageError:
        raise UsageError(
            f"cannot read {text!r} as a date and time; use e.g. 2026-03-01T14:00, "
            "2026-03-01 14:00, tomorrow or +3d"
        ) from None
    return datetime.combine(day, DATE_ONLY_TIME, tzinfo=tz)


def to_iso(moment: datetime) -> str:
    """Store form of a moment: ISO 8601 with its offset, to the second."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given where an aware one is required")
    return moment.isoformat(timespec="seconds")


def from_iso(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def date_from_iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
