"""The working-day calendar: weekends, public holidays and working hours in the user's zone.

Every "a few days" in the follow-up rules counts working days, and nudges only arrive inside
working hours. This is the one module that imports `holidays`. Everything here is pure: the
same calendar and inputs always give the same answer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from functools import lru_cache
from typing import Any

import holidays

from agent.config import PolicyConfig
from agent.errors import ConfigError

#: Saturday and Sunday, as `date.weekday()` numbers; used when no country is set.
DEFAULT_WEEKEND: frozenset[int] = frozenset({5, 6})

#: Safety stop for the day-by-day walks (no real calendar has a year without working days).
_MAX_WALK = 800


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and hours for one person: their zone, their country's holidays."""

    tz: tzinfo
    start: time = time(9, 0)
    end: time = time(17, 0)
    country: str | None = None
    subdivision: str | None = None
    weekend: frozenset[int] = DEFAULT_WEEKEND
    _holidays: Any = field(default=None, compare=False, repr=False)

    # -- days -----------------------------------------------------------------------------

    def holiday_name(self, day: date) -> str | None:
        """The public holiday on `day`, or None (always None without a country)."""
        if self._holidays is None:
            return None
        name = self._holidays.get(day)
        return str(name) if name else None

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and self.holiday_name(day) is None

    def next_working_day(self, day: date) -> date:
        """The first working day strictly after `day`."""
        return self.add_working_days(day, 1)

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (`count` 0: `day` itself if it is one,
        else the next working day)."""
        if count < 0:
            raise ValueError("count must not be negative")
        current = day
        if count == 0:
            for _ in range(_MAX_WALK):
                if self.is_working_day(current):
                    return current
                current += timedelta(days=1)
            raise ValueError(f"no working day found after {day}")
        for _ in range(_MAX_WALK * max(count, 1)):
            current += timedelta(days=1)
            if self.is_working_day(current):
                count -= 1
                if count == 0:
                    return current
        raise ValueError(f"no working day found after {day}")

    def working_days_between(self, first: date, last: date) -> int:
        """How many working days lie after `first` up to and including `last`."""
        if last <= first:
            return 0
        return sum(
            1
            for n in range(1, (last - first).days + 1)
            if self.is_working_day(first + timedelta(days=n))
        )

    # -- moments --------------------------------------------------------------------------

    def local(self, moment: datetime) -> datetime:
        if moment.tzinfo is None:
            raise ValueError("naive datetime given where an aware one is required")
        return moment.astimezone(self.tz)

    def working_start(self, day: date) -> datetime:
        """The start of working hours on `day` in the user's zone."""
        return datetime.combine(day, self.start, tzinfo=self.tz)

    def is_working_time(self, moment: datetime) -> bool:
        """True inside working hours (start included, end excluded) on a working day."""
        here = self.local(moment)
        return self.is_working_day(here.date()) and self.start <= here.time() < self.end

    def clamp(self, moment: datetime) -> datetime:
        """The earliest moment at or after `moment` that lies inside working hours."""
        here = self.local(moment)
        day = here.date()
        if self.is_working_day(day):
            if here.time() < self.start:
                return self.working_start(day)
            if here.time() < self.end:
                return here
        return self.working_start(self.next_working_day(day))

    def next_working_start(self, moment: datetime) -> datetime:
        """The start of working hours on the first working day after `moment`'s day."""
        return self.working_start(self.next_working_day(self.local(moment).date()))

    def after_working_days(self, moment: datetime, count: int) -> datetime:
        """`count` working days after `moment`, at the same time of day, moved into hours."""
        here = self.local(moment)
        day = self.add_working_days(here.date(), count)
        return self.clamp(datetime.combine(day, here.time(), tzinfo=self.tz))


@lru_cache(maxsize=16)
def build_calendar(
    tz: tzinfo,
    *,
    country: str | None = None,
    subdivision: str | None = None,
    hours: tuple[time, time] = (time(9, 0), time(17, 0)),
) -> WorkCalendar:
    """Make the calendar for a country (ISO 3166 code, optional subdivision) and hours.

    Without a country only weekends are days off. Calendars are cached: building the holiday
    table is the slow part, and the same few settings are asked for on every wake-up.
    """
    start, end = hours
    if not start < end:
        raise ConfigError("policy.working_hours: the start must come before the end")
    if country is None:
        if subdivision:
            raise ConfigError("policy.subdivision is set but policy.country is not; set both")
        return WorkCalendar(tz=tz, start=start, end=end)
    code = country.strip().upper()
    try:
        table = holidays.country_holidays(code, subdiv=subdivision)
    except NotImplementedError as err:
        known = holidays.list_supported_countries()
        if code in known:
            subs = ", ".join(known[code]) or "none"
            raise ConfigError(
                f"policy.subdivision: {country!r} has no subdivision {subdivision!r} "
                f"(known: {subs})"
            ) from err
        raise ConfigError(
            f"policy.country: unknown country {country!r}; use an ISO 3166 code such as "
            "NO, SE, DE or GB"
        ) from err
    weekend = frozenset(getattr(table, "weekend", DEFAULT_WEEKEND)) or DEFAULT_WEEKEND
    return WorkCalendar(
        tz=tz,
        start=start,
        end=end,
        country=code,
        subdivision=subdivision,
        weekend=weekend,
        _holidays=table,
    )


def calendar_for(policy: PolicyConfig, tz: tzinfo) -> WorkCalendar:
    """The calendar the config's `policy:` section describes."""
    return build_calendar(
        tz, country=policy.country, subdivision=policy.subdivision, hours=policy.hours
    )
