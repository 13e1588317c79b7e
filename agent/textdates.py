"""The interview moment an employer names in plain words, when no calendar file came with it.

Knowing it lets the agent remind the person beforehand and suggest a thank-you note the day
after. The reader is conservative on purpose: it returns None when the text names no time or
several different ones, because a wrong reminder is worse than none. Stdlib only, regexes
compiled at import: it runs on every interview message.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from itertools import pairwise

_MONTH_NAMES = (
    "january januar januari jan|february februar februari feb|march mars marts märz maerz mär mar"
    "|april apr|may mai maj|june juni jun|july juli jul|august augusti aug|september sept sep"
    "|october oktober okt oct|november nov|december desember dezember des dec dez"
)
_MONTHS = {n: num for num, names in enumerate(_MONTH_NAMES.split("|"), 1) for n in names.split()}
# Month-first ("May 12") is an English habit; limiting it to English names keeps the German
# article "des" and the like from reading as December.
_EN_MONTHS = {n.split()[0]: num for num, n in enumerate(_MONTH_NAMES.split("|"), 1)}
_EN_MONTHS |= {n[:3]: num for n, num in _EN_MONTHS.items()} | {"sept": 9}
_WEEKDAY_NAMES = (
    "monday mandag måndag montag mon mo|tuesday tirsdag tysdag tisdag dienstag tue tues di"
    "|wednesday onsdag mittwoch wed mi|thursday torsdag donnerstag thu thur thurs do"
    "|friday fredag freitag fri fr|saturday lørdag laurdag lördag samstag sonnabend"
    "|sunday søndag sundag söndag sonntag"
)
_WEEKDAYS = {n: num for num, names in enumerate(_WEEKDAY_NAMES.split("|")) for n in names.split()}


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted(names, key=len, reverse=True))


_MONTH_CAP = "Jan|Feb|Mär|Mar|Apr|Mai|May|Jun|Jul|Aug|Sep|Okt|Oct|Nov|Dez|Dec"
_FULL_DAYS = _alternation({n: 0 for n in _WEEKDAYS if len(n) > 5})
_NEXT_WEEK = r"next\s+week|neste\s+(?:uke|veke)|nästa\s+vecka|næste\s+uge|nächste[rn]?\s+woche"
_ANCHOR = re.compile(
    rf"""\b(?:
      (?P<iy>\d{{4}})-(?P<im>\d{{1,2}})-(?P<id>\d{{1,2}})(?!\d)(?:T(?=\d))?
    | (?<![\d:.,/])(?P<dd>\d{{1,2}})(?:\.|st|nd|rd|th)?(?:\s+of)?\s*
      (?P<dm>{_alternation(_MONTHS)})(?!\w)\.?(?:,?\s+(?P<dy>\d{{4}})(?!\d))?
    | (?P<mm>{_alternation(_EN_MONTHS)})\.?\s+(?P<md>\d{{1,2}})(?:st|nd|rd|th)?(?![\w:]|[.,]\d)
      (?:,?\s+(?P<my>\d{{4}})(?!\d))?
    | (?<![\w.,:/+-])(?P<nd>\d{{1,2}})(?P<ns>[./])(?P<nm>\d{{1,2}})
      (?:(?P=ns)(?P<ny>\d{{4}}|\d{{2}})?)?(?![\w/]|[.:]\d)
    | (?:(?P<wf>{_FULL_DAYS})(?:en)?\b
        | (?-i:(?:(?P<wa>Mon|Tues?|Wed|Thu(?:rs?)?|Fri)|(?P<wg>Mo|Di|Mi|Do|Fr)(?=\.))
          \b(?=\.?,?\s*(?:\d|{_MONTH_CAP}))))  # "Fri"/"Do." only before a date
      \.?(?P<nw>\s+(?:{_NEXT_WEEK}))?
    | (?P<rel2>day\s+after\s+tomorrow|i\s+overmorgen|i\s+övermorgon|overmorgen|övermorgon
        |übermorgen)\b
    | (?P<rel1>tomorrow|i\s*morgen|i\s*morgon|in\s+morgen)\b
    | (?P<morgen>morgen)\b
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_MARK = r"(?:kl\.?|klokka|klokken|klockan|um|at)"
_TIME = re.compile(
    rf"""(?:\b|(?=@))
    (?:(?P<mark>
        (?:fra|från|from|von|mellom|mellan|between|zwischen|or|eller|oder)\s+(?:{_MARK}\s*)?
      | {_MARK}\s* | @\s*
      | (?:tid(?:spunkt)?|time|zeit|uhrzeit|klokkeslett|klockslag)\s*:\s*(?:kl\.?\s*)?)
    | (?<![\w.,:/+-]))
    (?P<h>\d{{1,2}})(?:(?P<sep>[:.])(?P<m>\d{{2}}))?(?!\d)
    (?:(?P<hh>h)(?P<hm>\d{{2}})?\b | \s*(?P<ap>[ap])\.?\s?m\b\.? | \s*(?P<uhr>uhr)\b)?
    (?:\s*(?:[-–—]|\b(?:to|til|till|bis|until)\b)\s*(?:kl\.?\s*)?  # a range: keep its start
      (?P<h2>\d{{1,2}})(?:[:.]\d{{2}})?(?!\d)(?:\s*(?P<ap2>[ap])\.?\s?m\b\.?|\s*(?P<uhr2>uhr)\b)?)?
    (?!\s?\d)(?!\s*%)  # not a phone number or a share
    (?!\s*(?:min\w*|hours?|hrs?|timer?|timmar|timme|stunden?|days?|dag\w*|tage?n?|weeks?|uker?
      |veckor|uger|wochen|years?|år|jahre?|kr|nok|sek|dkk|eur|usd)\b)""",
    re.IGNORECASE | re.VERBOSE,
)
# Case-sensitive: a sentence ends at . ! ? ; or a line that starts anew, but not inside
# "12. Mai", "kl. 10" or "Tue. May 12".
_SENTENCE_END = re.compile(
    r"[!?;]+\s+|\n\s*\n\s*|\n(?=\s*[A-ZÆØÅÄÖÜ\-•*\d])"
    rf"|(?:(?<=[a-zæøåäöüß]{{2}})|(?<=\d))\.\s+(?=[A-ZÆØÅÄÖÜ])(?!{_MONTH_CAP})"
)
_CANCEL = re.compile(
    r"\b(?:no\s+longer|ikke\s+lenger|ikkje\s+lenger|inte\s+längre|ikke\s+længere|nicht\s+mehr"
    r"|passer\s+ikk(?:e|je)|passar\s+inte|(?:klappt|passt)\s+(?:\w+\s+)?nicht"
    r"|cancell?ed|avlyst|aflyst|inställd|inställt|abgesagt)\b",
    re.IGNORECASE,
)
# Dates the sender names for another reason: when the person applied, or a deadline.
_CONTEXT = re.compile(
    r"(?:\bappl(?:ied|ication\s+(?:deadline|date|of|from|dated|sent))|\bdeadline|\bclosing\s+date"
    r"|frist|ansökningsdag|\bsista\s+dag|\bs[øö]kte|\bs[øö]gte|\bansøgte|\bbeworben|\bbewerbung\s+vom)",
    re.IGNORECASE,
)
# "Please reply by Friday 12:00": a reply-by moment, not the meeting.
_BY = re.compile(
    r"\b(?:by|innen|inden|senest|senast|spätestens|bis(?:\s+zum)?|before|før|innan|until"
    r"|no\s+later\s+than)\s+(?:(?:on|the|den|på|am|zum|this|next|neste|nästa)\s+)*$",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(rf"(?:\b{_MARK}|@|\b(?:fra|von|from|til|bis|to)|[-–])\s*$", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?:uhr\b|h\b|[ap]\.?m\b|[-–]\s*\d)", re.IGNORECASE)
_ATTACH = re.compile(r"[\s,.(/–-]*(?:(?:the|den|der|am|on)\s+)?", re.IGNORECASE)
_ADJACENT = re.compile(r"[\s,;:()–—-]{0,5}")
_JOIN = re.compile(r"\s*,?\s*(?:or|eller|oder|and|og|och|und|/|&)?\s*", re.IGNORECASE)
_NOT_TOMORROW = {"guten", "god", "godt", "am", "den", "jeden", "heute", "gestern", "this", "neste"}
_DIGIT = re.compile(r"\d")
_NEAR = 40  # characters between a date and a time in neighbouring lines ("Dato: …\nTid: …")
_HORIZON = timedelta(days=120)


@dataclass
class _Time:
    start: int
    end: int
    hour: int
    minute: int
    sentence: int
    ignored: bool


@dataclass
class _Anchor:
    """A date, weekday or "tomorrow", or several of them naming one day ("Tuesday 12 May")."""

    start: int
    end: int
    sentence: int
    day: date | None = None
    weekday: int | None = None
    next_week: bool = False
    relative: date | None = None
    ignored: bool = False
    times: list[_Time] = field(default_factory=list)

    def resolve(self, today: date) -> date | None:
        """The day meant, or None when the parts disagree (weekday not matching the date)."""
        day = self.day or self.relative
        if day is None and self.weekday is not None:
            if self.next_week:
                return today - timedelta(days=today.weekday() - 7 - self.weekday)
            return today + timedelta(days=(self.weekday - today.weekday() - 1) % 7 + 1)
        if day is None or (self.relative is not None and self.relative != day):
            return None
        return None if self.weekday not in (None, day.weekday()) else day


def _calendar(year: str | None, month: int, day: int, today: date) -> date | None:
    """Day and month in the given year, else their first occurrence on or after today."""
    years = [int(year) + (2000 if len(year) == 2 else 0)] if year else [today.year, today.year + 1]
    for candidate in years:
        try:
            found = date(candidate, month, day)
        except ValueError:
            continue
        if year or found >= today:
            return found
    return None


def _read_anchor(text: str, match: re.Match[str], today: date, sentence: int) -> _Anchor | None:
    """One anchor from a match, or None when the match is not a real day."""
    g = match.group
    anchor = _Anchor(match.start(), match.end(), sentence)
    if g("iy"):
        anchor.day = _calendar(g("iy"), int(g("im")), int(g("id")), today)
    elif g("dm"):
        anchor.day = _calendar(g("dy"), _MONTHS[g("dm").lower()], int(g("dd")), today)
    elif g("mm"):
        anchor.day = _calendar(g("my"), _EN_MONTHS[g("mm").lower()], int(g("md")), today)
    elif g("nd"):
        first, second = int(g("nd")), int(g("nm"))
        near_clock = _TIME_BEFORE.search(text, max(0, match.start() - 12), match.start())
        if g("ns") == "." and not g("ny") and (near_clock or _TIME_AFTER.match(text, match.end())):
            return None  # "kl. 10.30" and "10.00 Uhr" are times
        anchor.day = _calendar(g("ny"), second, first, today)
        if anchor.day is None and g("ns") == "/":  # US month-first only when nothing else fits
            anchor.day = _calendar(g("ny"), first, second, today)
    elif g("wf") or g("wa") or g("wg"):
        anchor.weekday = _WEEKDAYS[(g("wf") or g("wa") or g("wg")).lower()]
        anchor.next_week = bool(g("nw"))
    elif g("rel1") or g("rel2"):
        anchor.relative = today + timedelta(days=1 if g("rel1") else 2)
    else:  # bare "morgen": German for tomorrow, but "Guten Morgen"/"god morgen" is a greeting
        words = text[max(0, match.start() - 12) : match.start()].split()
        if (words and words[-1].lower() in _NOT_TOMORROW) or (
            g("morgen")[0] == "M" and words and words[-1][-1] not in ".!?:"
        ):
            return None
        anchor.relative = today + timedelta(days=1)
    return anchor if anchor.day or anchor.relative or anchor.weekday is not None else None


def _anchors(text: str, today: date, bounds: list[int]) -> list[_Anchor]:
    """Days named in the text, with a weekday next to a date merged into one anchor."""
    found: list[_Anchor] = []
    for match in _ANCHOR.finditer(text):
        part = _read_anchor(text, match, today, bisect_right(bounds, match.start()))
        if part is None:
            continue
        last = found[-1] if found else None
        clash = last and (
            (last.day and part.day)
            or (last.relative and part.relative)
            or None not in (last.weekday, part.weekday)
        )
        if last and not clash and _ATTACH.fullmatch(text, last.end, part.start):
            last.end = part.end
            last.day = last.day or part.day
            last.relative = last.relative or part.relative
            last.weekday = part.weekday if last.weekday is None else last.weekday
            last.next_week = last.next_week or part.next_week
        else:
            found.append(part)
    for anchor in found:
        sentence_start = bounds[anchor.sentence - 1] if anchor.sentence else 0
        before = text[max(sentence_start, anchor.start - 25) : anchor.start]
        by = _BY.search(text, max(0, anchor.start - 40), anchor.start)
        anchor.ignored = bool(_CONTEXT.search(before) or by)
    return found


def _clock(match: re.Match[str]) -> tuple[int, int] | None:
    """Hour and minute of a time match; an unmarked 1-6 o'clock is read as afternoon."""
    hour, minute = int(match["h"]), int(match["m"] or match["hm"] or 0)
    ap, end_ap = (match["ap"] or "").lower(), (match["ap2"] or "").lower()
    if ap and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ap == "p" else 0)
    elif end_ap and 1 <= hour <= 12:  # "2-3pm" is 14:00, "11-1pm" is 11:00
        end = int(match["h2"]) % 12 + (12 if end_ap == "p" else 0)
        hour = hour % 12 + (12 if end_ap == "p" and hour % 12 + 12 <= end else 0)
    elif 1 <= hour <= 6 and len(match["h"]) == 1:
        hour += 12
    return (hour, minute) if hour <= 23 and minute <= 59 else None


def _times(text: str, masked: str, anchors: list[_Anchor], bounds: list[int]) -> list[_Time]:
    """Clock times; "10.00" or "10-11" only right next to a day, as they are often not times."""
    found: list[_Time] = []
    for match in _TIME.finditer(masked):
        clock = _clock(match)
        if clock is None:
            continue
        mark = (match["mark"] or "").lower()
        if mark.startswith(("or", "eller", "oder")):  # "at 10 or 14", not "1 or 2 people"
            mark = mark if found and _JOIN.fullmatch(text, found[-1].end, match.start()) else ""
        if match["hh"]:  # "14h" is a time, "2h" a duration
            strong = bool(mark) or len(match["h"]) == 2
        elif mark or match["sep"] == ":" or match["ap"] or match["uhr"] or match["ap2"]:
            strong = True
        else:
            strong = bool(match["sep"] or match["h2"]) and any(
                _ADJACENT.fullmatch(text, a.end, match.start())
                or _ADJACENT.fullmatch(text, match.end(), a.start)
                for a in anchors
                if a.end <= match.start() or a.start >= match.end()
            )
        if strong:
            ignored = bool(_BY.search(text, max(0, match.start() - 40), match.start()))
            sentence = bisect_right(bounds, match.start("h"))
            found.append(_Time(match.start(), match.end(), *clock, sentence, ignored))
    return found


def _gap(anchor: _Anchor, moment: _Time) -> int:
    return max(anchor.start - moment.end, moment.start - anchor.end, 0)


def _pair(text: str, anchors: list[_Anchor], times: list[_Time]) -> None:
    """Give each time to the nearest day in its sentence, else to an untimed day just beside it."""
    unpaired: list[_Time] = []
    for moment in times:
        same = [a for a in anchors if a.sentence == moment.sentence]
        if same:
            min(same, key=lambda a: _gap(a, moment)).times.append(moment)
        else:
            unpaired.append(moment)
    for left, right in reversed(list(pairwise(anchors))):
        # "Tuesday or Wednesday at 10" offers both days at 10.
        joined = _JOIN.fullmatch(text, left.end, right.start)
        if joined and not left.times and right.times and left.sentence == right.sentence:
            left.times = list(right.times)
    for moment in unpaired:
        near = [a for a in anchors if not a.times and _gap(a, moment) <= _NEAR]
        if near:
            min(near, key=lambda a: _gap(a, moment)).times.append(moment)


def interview_time(text: str, sent_at: datetime, zone: tzinfo) -> datetime | None:
    """The one interview time the sender's text names, or None when it names none or several."""
    if not _DIGIT.search(text):  # every time has a digit; most messages stop here
        return None
    text = text.replace("\r\n", "\n")
    today = sent_at.astimezone(zone).date()
    bounds = [m.end() for m in _SENTENCE_END.finditer(text)]
    anchors = _anchors(text, today, bounds)
    if not anchors:  # no day named: no time can count
        return None
    spans = zip([0, *bounds], [*bounds, len(text)], strict=True)
    cancelled = {i for i, (start, end) in enumerate(spans) if _CANCEL.search(text, start, end)}
    masked = text  # days blanked out, so "12.05." is not read again as a time
    for a in anchors:
        masked = masked[: a.start] + "\0" * (a.end - a.start) + masked[a.end :]
    times = _times(text, masked, anchors, bounds)
    _pair(text, anchors, times)
    found: set[datetime] = set()
    for anchor in anchors:
        for moment in anchor.times:
            if anchor.ignored or moment.ignored or {anchor.sentence, moment.sentence} & cancelled:
                continue
            day = anchor.resolve(today)
            if day is None:
                return None
            wall = datetime.combine(day, time(moment.hour, moment.minute), tzinfo=zone)
            when = wall.astimezone(UTC).astimezone(zone)  # a time in the spring gap moves on
            if day >= today and when - sent_at <= _HORIZON:
                found.add(when)
    return found.pop() if len(found) == 1 else None
