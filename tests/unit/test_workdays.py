"""The working-day calendar: weekends, Norwegian holidays, working hours across DST."""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from agent.config import PolicyConfig
from agent.errors import ConfigError
from agent.workdays import build_calendar, calendar_for

OSLO = ZoneInfo("Europe/Oslo")
NORWAY = build_calendar(OSLO, country="NO")
PLAIN = build_calendar(OSLO)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2026, 5, 13), True),  # Wednesday
        (date(2026, 5, 14), False),  # Ascension Day
        (date(2026, 5, 16), False),  # Saturday
        (date(2026, 5, 17), False),  # Constitution Day (a Sunday)
        (date(2026, 5, 25), False),  # Whit Monday
        (date(2026, 12, 24), True),  # Christmas Eve is a working day by law
        (date(2026, 12, 25), False),
        (date(2026, 12, 28), True),
        (date(2027, 1, 1), False),
    ],
)
def test_norwegian_working_days(day: date, working: bool) -> None:
    assert NORWAY.is_working_day(day) is working


def test_without_a_country_only_weekends_are_off() -> None:
    assert PLAIN.is_working_day(date(2026, 5, 14))
    assert not PLAIN.is_working_day(date(2026, 5, 16))
    assert PLAIN.holiday_name(date(2026, 12, 25)) is None


@pytest.mark.parametrize(
    ("start", "count", "expected"),
    [
        (date(2026, 5, 8), 1, date(2026, 5, 11)),  # Friday + 1 → Monday
        (date(2026, 5, 8), 3, date(2026, 5, 13)),
        (date(2026, 5, 13), 1, date(2026, 5, 15)),  # skips Ascension Day
        (date(2026, 5, 13), 7, date(2026, 5, 26)),  # skips 14 May and Whit Monday
        (date(2026, 12, 23), 2, date(2026, 12, 28)),  # 24th works, 25th/26th off
        (date(2026, 5, 16), 0, date(2026, 5, 18)),  # 0 from a Saturday: next working day
        (date(2026, 5, 13), 0, date(2026, 5, 13)),
    ],
)
def test_add_working_days(start: date, count: int, expected: date) -> None:
    assert NORWAY.add_working_days(start, count) == expected


def test_working_days_between_counts_only_working_days() -> None:
    assert NORWAY.working_days_between(date(2026, 5, 13), date(2026, 5, 26)) == 7
    assert NORWAY.working_days_between(date(2026, 5, 26), date(2026, 5, 13)) == 0


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-05-13T10:15", "2026-05-13T10:15"),  # inside hours: unchanged
        ("2026-05-13T07:00", "2026-05-13T09:00"),  # early: start of the day
        ("2026-05-13T17:00", "2026-05-15T09:00"),  # the end is excluded; 14th is a holiday
        ("2026-05-13T23:30", "2026-05-15T09:00"),
        ("2026-05-16T12:00", "2026-05-18T09:00"),  # Saturday → Monday
        ("2026-12-24T16:59", "2026-12-24T16:59"),
        ("2026-12-24T18:00", "2026-12-28T09:00"),
    ],
)
def test_clamp_into_working_hours(moment: str, expected: str) -> None:
    assert NORWAY.clamp(at(moment)) == at(expected)


def test_clamp_works_from_another_zone_and_across_summer_time() -> None:
    # 06:30 UTC on 30 March 2026 is 08:30 in Oslo (summer time began the day before).
    utc_moment = datetime(2026, 3, 30, 6, 30, tzinfo=ZoneInfo("UTC"))
    assert NORWAY.clamp(utc_moment) == at("2026-03-30T09:00")
    assert NORWAY.clamp(utc_moment).utcoffset() == at("2026-03-30T09:00").utcoffset()


def test_next_working_start_is_the_next_working_days_morning() -> None:
    assert NORWAY.next_working_start(at("2026-05-08T10:00")) == at("2026-05-11T09:00")
    assert NORWAY.next_working_start(at("2026-05-13T08:00")) == at("2026-05-15T09:00")


def test_after_working_days_keeps_the_time_of_day_then_clamps() -> None:
    assert NORWAY.after_working_days(at("2026-05-08T10:00"), 3) == at("2026-05-13T10:00")
    assert NORWAY.after_working_days(at("2026-05-08T20:00"), 3) == at("2026-05-15T09:00")


def test_working_time_boundaries() -> None:
    assert NORWAY.is_working_time(at("2026-05-13T09:00"))
    assert not NORWAY.is_working_time(at("2026-05-13T17:00"))
    assert not NORWAY.is_working_time(at("2026-05-14T10:00"))


def test_config_hours_are_used() -> None:
    policy = PolicyConfig(country="NO", working_hours="08:00-16:00")
    cal = calendar_for(policy, OSLO)
    assert (cal.start, cal.end) == (time(8, 0), time(16, 0))
    assert cal.clamp(at("2026-05-13T16:30")) == at("2026-05-15T08:00")


def test_a_subdivision_is_passed_on() -> None:
    cal = build_calendar(OSLO, country="DE", subdivision="BY")
    assert not cal.is_working_day(date(2026, 1, 6))  # Epiphany in Bavaria
    assert build_calendar(OSLO, country="DE").is_working_day(date(2026, 1, 6))


@pytest.mark.parametrize(
    ("country", "subdivision", "message"),
    [
        ("XX", None, "unknown country 'XX'"),
        ("NO", "ZZ", "has no subdivision 'ZZ'"),
        (None, "03", "policy.country is not"),
    ],
)
def test_bad_country_or_subdivision_says_what_to_fix(
    country: str | None, subdivision: str | None, message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        build_calendar(OSLO, country=country, subdivision=subdivision)
