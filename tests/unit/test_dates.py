"""Dates as people type them: ISO, words and relative forms, read in the user's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from agent.dates import (
    DATE_ONLY_TIME,
    date_from_iso,
    from_iso,
    parse_date,
    parse_datetime,
    system_zone,
    to_iso,
    zone,
)
from agent.errors import ConfigError, UsageError

OSLO = ZoneInfo("Europe/Oslo")
TODAY = date(2026, 3, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-10", date(2026, 3, 10)),
        (" today ", TODAY),
        ("Tomorrow", date(2026, 3, 3)),
        ("yesterday", date(2026, 3, 1)),
        ("+3d", date(2026, 3, 5)),
        ("-2w", date(2026, 2, 16)),
        ("+0d", TODAY),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "March 3", "2026-02-30", "+3x", "3d", "10/03/2026"])
def test_bad_date_says_what_to_type(text: str) -> None:
    with pytest.raises(UsageError, match="use YYYY-MM-DD, today, tomorrow or \\+3d"):
        parse_date(text, TODAY)


def test_datetime_without_offset_is_read_in_the_users_zone() -> None:
    now = datetime(2026, 3, 2, 9, 30, tzinfo=OSLO)
    parsed = parse_datetime("2026-07-01 14:00", now, OSLO)
    assert parsed == datetime(2026, 7, 1, 14, 0, tzinfo=OSLO)
    assert to_iso(parsed) == "2026-07-01T14:00:00+02:00"  # summer time
    assert parse_datetime("2026-03-10T08:15", now, OSLO).utcoffset() == timedelta(hours=1)


def test_datetime_with_offset_keeps_the_moment() -> None:
    now = datetime(2026, 3, 2, 9, 30, tzinfo=OSLO)
    parsed = parse_datetime("2026-03-10T14:00:00+00:00", now, OSLO)
    assert parsed == datetime(2026, 3, 10, 15, 0, tzinfo=OSLO)


def test_bare_and_relative_dates_mean_midday_in_the_users_zone() -> None:
    now = datetime(2026, 3, 2, 23, 30, tzinfo=UTC)  # already the 3rd in Oslo
    assert parse_datetime("tomorrow", now, OSLO) == datetime(2026, 3, 4, 12, 0, tzinfo=OSLO)
    assert parse_datetime("2026-03-10", now, OSLO).time() == DATE_ONLY_TIME


def test_bad_datetime_shows_examples() -> None:
    now = datetime(2026, 3, 2, 9, 30, tzinfo=OSLO)
    with pytest.raises(UsageError, match="2026-03-01T14:00"):
        parse_datetime("next tuesday", now, OSLO)


def test_iso_round_trip_and_naive_refused() -> None:
    moment = datetime(2026, 3, 2, 9, 30, 15, 999, tzinfo=timezone(timedelta(hours=1)))
    assert to_iso(moment) == "2026-03-02T09:30:15+01:00"
    assert from_iso(to_iso(moment)) == moment.replace(microsecond=0)
    assert from_iso(None) is None
    assert from_iso("") is None
    assert date_from_iso("2026-03-02") == TODAY
    assert date_from_iso(None) is None
    with pytest.raises(ValueError, match="naive"):
        to_iso(datetime(2026, 3, 2, 9, 30))


def test_zone_by_name_or_system(monkeypatch: pytest.MonkeyPatch) -> None:
    assert zone("Europe/Oslo") == OSLO
    monkeypatch.setenv("TZ", "America/Chicago")
    assert zone(None) == ZoneInfo("America/Chicago") == system_zone()


def test_unknown_zone_is_a_config_error_with_an_example() -> None:
    with pytest.raises(ConfigError, match="IANA name such as 'Europe/Oslo'"):
        zone("Mars/Olympus")
