"""The interview moment read from an employer's own words, in five languages.

Every case is a sentence an employer might write; the reader must find the one moment it
names, or say None when there is none, several, or only a cancelled one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from agent.textdates import interview_time

OSLO = ZoneInfo("Europe/Oslo")
NEW_YORK = ZoneInfo("America/New_York")
#: Monday 4 May 2026, 09:00 in Oslo: next Tuesday is 5 May, 12 May is a Tuesday.
SENT = datetime(2026, 5, 4, 9, 0, tzinfo=OSLO)


def at(month: int, day: int, hour: int, minute: int = 0, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=OSLO)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # English date forms
        ("We would like to invite you to an interview on 12 May at 10:00.", at(5, 12, 10)),
        ("Could you come in on May 12 at 2:30 pm?", at(5, 12, 14, 30)),
        ("Are you free on May 12th at 10am for a first conversation?", at(5, 12, 10)),
        ("We'd love to see you on the 12th of May at 10 a.m. in our office.", at(5, 12, 10)),
        ("Interview confirmed: Tuesday, 2026-05-12 at 09:30.", at(5, 12, 9, 30)),
        ("Would 12/5 at 11:00 suit you?", at(5, 12, 11)),
        ("Our colleagues in Boston suggest 5/13 at 3pm.", at(5, 13, 15)),
        ("Let's meet on May 12, 2026 at 1:15 pm.", at(5, 12, 13, 15)),
        ("The interview is on Tuesday 12 May, 10:00–11:00, at our Oslo office.", at(5, 12, 10)),
        ("Let's meet on 12 May from 2-3pm.", at(5, 12, 14)),
        ("Would 12 May between 11-1pm work? Any time in that window.", at(5, 12, 11)),
        ("See you on 12 May at 14h in the lobby.", at(5, 12, 14)),
        ("See you on 12 May at 14h30.", at(5, 12, 14, 30)),
        ("Please come in on 12 May at 2.", at(5, 12, 14)),
        ("Interview: 2026-05-12T10:00, video link to follow.", at(5, 12, 10)),
        # English relative days
        ("See you tomorrow at 3pm!", at(5, 5, 15)),
        ("Shall we say Thursday at 1:30 pm?", at(5, 7, 13, 30)),
        ("Tuesday at 10 works for us, see you then.", at(5, 5, 10)),
        ("Could we do Monday at 10?", at(5, 11, 10)),  # sent on a Monday: the next one
        ("How about Tuesday next week at 10:00?", at(5, 12, 10)),
        ("Would the day after tomorrow at 11:00 be possible?", at(5, 6, 11)),
        ("Tue. 12 May at 10:00 in room 4.", at(5, 12, 10)),
        # Norwegian bokmål
        ("Vi vil gjerne invitere deg til intervju tirsdag 12. mai kl. 10.", at(5, 12, 10)),
        ("Intervjuet blir den 12.05. kl 10.30 i våre lokaler.", at(5, 12, 10, 30)),
        ("Du er velkommen til intervju 12.5. klokka 14.", at(5, 12, 14)),
        ("Kan du komme i morgen kl. 13?", at(5, 5, 13)),
        ("Passer det imorgen klokka 9?", at(5, 5, 9)),
        ("Vi møtes tirsdag fra 10 til 11.", at(5, 5, 10)),
        ("Dato: 12.05.2026\nTid: 10.00\nSted: Storgata 1", at(5, 12, 10)),
        ("Intervju onsdag 13. mai 10.00 hos oss.", at(5, 13, 10)),
        ("Vi sees 12.05 kl. 10.05.", at(5, 12, 10, 5)),
        ("Vi foreslår tirsdag neste uke kl. 10.", at(5, 12, 10)),
        ("Kan du komme overmorgen kl 11?", at(5, 6, 11)),
        ("Intervju 12. mai 2026 kl 10:00-11:00", at(5, 12, 10)),
        # Norwegian nynorsk
        ("Vi vil gjerne ha deg på intervju tysdag 12. mai klokka 10.", at(5, 12, 10)),
        ("Kan du kome i morgon kl. 11?", at(5, 5, 11)),
        ("Intervjuet er måndag 11. mai kl. 9.30.", at(5, 11, 9, 30)),
        # Swedish
        ("Välkommen på intervju tisdag den 12 maj klockan 14.00.", at(5, 12, 14)),
        ("Passar det imorgon kl 10?", at(5, 5, 10)),
        ("Vi ses på torsdag kl. 15.30.", at(5, 7, 15, 30)),
        ("Intervjun äger rum den 12 maj 2026 kl. 13.", at(5, 12, 13)),
        ("Går det bra med fredag 15 maj klockan 9?", at(5, 15, 9)),
        # Danish
        ("Vi vil gerne invitere dig til samtale den 12. maj kl. 10.", at(5, 12, 10)),
        ("Samtalen holdes fredag den 15. maj klokken 13.30.", at(5, 15, 13, 30)),
        ("Kan du komme i morgen kl. 14?", at(5, 5, 14)),
        ("Vi ses onsdag kl 9 på kontoret.", at(5, 6, 9)),
        # German
        ("Wir laden Sie am Dienstag, 12. Mai um 10 Uhr zu einem Gespräch ein.", at(5, 12, 10)),
        ("Das Gespräch findet am 12.05. um 10:30 Uhr statt.", at(5, 12, 10, 30)),
        ("Können Sie morgen um 14 Uhr?", at(5, 5, 14)),
        ("Gerne am Donnerstag von 10 bis 11 Uhr.", at(5, 7, 10)),
        ("Termin: Dienstag, 12. Mai, 10 Uhr", at(5, 12, 10)),
        ("Wir erwarten Sie am 12.5. um 10.00 in der Zentrale.", at(5, 12, 10)),
        ("Di. 12.05. um 9:30 Uhr im Raum 3", at(5, 12, 9, 30)),
        ("Morgen um 10 Uhr passt uns gut.", at(5, 5, 10)),
        ("Passt es in morgen um 10 Uhr?", at(5, 5, 10)),
    ],
)
def test_reads_the_one_time(text: str, expected: datetime) -> None:
    assert interview_time(text, SENT, OSLO) == expected


@pytest.mark.parametrize(
    ("text", "sent", "expected"),
    [
        ("Interview am 12. Mär. um 10 Uhr", datetime(2026, 2, 20, tzinfo=OSLO), at(3, 12, 10)),
        ("Intervju 12. mars kl. 10", datetime(2026, 2, 20, tzinfo=OSLO), at(3, 12, 10)),
        ("Samtale den 12. marts kl. 10", datetime(2026, 2, 20, tzinfo=OSLO), at(3, 12, 10)),
        ("Gespräch am 12. März um 10 Uhr", datetime(2026, 2, 20, tzinfo=OSLO), at(3, 12, 10)),
        ("Interview on Mar 12 at 10am", datetime(2026, 2, 20, tzinfo=OSLO), at(3, 12, 10)),
        ("Intervju 3. des. kl. 10", datetime(2026, 11, 20, tzinfo=OSLO), at(12, 3, 10)),
        ("Interview on Dec 3 at 10am", datetime(2026, 11, 20, tzinfo=OSLO), at(12, 3, 10)),
        ("Gespräch am 3. Dez. um 10 Uhr", datetime(2026, 11, 20, tzinfo=OSLO), at(12, 3, 10)),
        ("Intervju 5. okt kl 10", datetime(2026, 9, 20, tzinfo=OSLO), at(10, 5, 10)),
        ("Interview on Oct 5 at 10am", datetime(2026, 9, 20, tzinfo=OSLO), at(10, 5, 10)),
        ("Interview on Sept 28 at 10am", datetime(2026, 9, 20, tzinfo=OSLO), at(9, 28, 10)),
        ("Intervju 3. jun. kl 10", SENT, at(6, 3, 10)),
        ("Intervju 3. juli kl 10", SENT, at(7, 3, 10)),
        ("Intervju 3 aug kl 10", SENT, at(8, 3, 10)),
        # year rollover: sent before New Year, the date is next January
        (
            "Could you come in on 7 January at 10?",
            datetime(2025, 12, 20, tzinfo=OSLO),
            at(1, 7, 10),
        ),
        ("Intervju onsdag 7. jan. kl 10", datetime(2025, 12, 20, tzinfo=OSLO), at(1, 7, 10)),
        ("Intervju 07.01.26 kl 10", datetime(2025, 12, 20, tzinfo=OSLO), at(1, 7, 10)),
    ],
)
def test_month_names_and_years(text: str, sent: datetime, expected: datetime) -> None:
    assert interview_time(text, sent, OSLO) == expected


@pytest.mark.parametrize(
    ("name", "weekday"),
    [
        *[(name, 0) for name in ["Monday", "mandag", "måndag", "Montag"]],
        *[(name, 1) for name in ["Tuesday", "tirsdag", "tysdag", "tisdag", "Dienstag"]],
        *[(name, 2) for name in ["Wednesday", "onsdag", "Mittwoch"]],
        *[(name, 3) for name in ["Thursday", "torsdag", "Donnerstag"]],
        *[(name, 4) for name in ["Friday", "fredag", "Freitag"]],
        *[(name, 5) for name in ["Saturday", "lørdag", "lördag", "Samstag"]],
        *[(name, 6) for name in ["Sunday", "søndag", "söndag", "Sonntag"]],
    ],
)
def test_weekday_names(name: str, weekday: int) -> None:
    sunday = datetime(2026, 5, 10, 8, 0, tzinfo=OSLO)  # a Sunday is not "next Sunday"
    assert interview_time(f"Intervju {name} kl. 10:00", sunday, OSLO) == at(5, 11 + weekday, 10)


@pytest.mark.parametrize(
    "text",
    [
        # no time, or no day
        "We'd like to invite you for an interview on 12 May.",
        "The interview will start at 10:00 and last an hour.",
        "Guten Morgen! Passt es Ihnen um 10 Uhr?",
        "God morgen, klokka 10 passer fint.",
        # weekday and date disagree
        "Wednesday 12 May at 10:00 works for us.",
        "Vi sees onsdag 12. mai kl. 10.",
        "Am Mittwoch, 12. Mai um 10 Uhr?",
        # several different moments offered
        "Could you do Tuesday 12 May at 10:00 or Wednesday 13 May at 14:00?",
        "Passer tirsdag eller onsdag kl 10?",
        "Wir könnten am 12. Mai um 10 Uhr oder 14 Uhr.",
        "Tuesday 12 May at 10 or 14, whichever suits.",
        "Vi kan erbjuda följande tider:\n- tisdag 12 maj kl 10\n- onsdag 13 maj kl 14",
        "Tuesday no longer works, could we do Thursday 14:00 instead?",
        # the only moment is cancelled
        "Unfortunately Tuesday at 10 no longer works.",
        "The interview on Tuesday at 10 has been cancelled.",
        "Dessverre passer ikke tirsdag kl. 10 likevel.",
        "Intervjuet tirsdag kl. 10 er avlyst.",
        "Intervjun på tisdag kl 10 är inställd.",
        "Samtalen tirsdag kl. 10 er aflyst.",
        "Tyvärr passar inte tisdag kl 10 längre.",
        "Der Termin am Dienstag um 10 Uhr klappt leider nicht.",
        # outside the window: past, or more than 120 days ahead
        "Interview on 12 May 2025 at 10:00.",
        "Could we meet on 14 March at 10:00?",
        "Shall we say 1 October at 10:00?",
        # not a meeting
        "Please reply by Friday 12:00.",
        "Søknadsfrist: 20. mai kl. 12.00.",
    ],
)
def test_none(text: str) -> None:
    assert interview_time(text, SENT, OSLO) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the cancelled moment is dropped and the new one stands
        (
            "Tuesday 10:00 no longer works; let's meet Thursday 14 May at 14:00 instead.",
            at(5, 14, 14),
        ),
        (
            "Tirsdag kl. 10 passer ikke lenger. Kan vi heller ta torsdag 14. mai kl. 14?",
            at(5, 14, 14),
        ),
        (
            "Der Termin am Dienstag um 10 Uhr klappt leider nicht. "
            "Wie wäre es am Donnerstag, 14. Mai um 14 Uhr?",
            at(5, 14, 14),
        ),
        # the same moment named twice
        (
            "Interview 12 May 10:00\n\nHi Kari, just confirming our interview on Tuesday "
            "12 May at 10:00. Looking forward to it!",
            at(5, 12, 10),
        ),
        # deadlines, reply-by times and application dates are not the meeting
        (
            "Søknadsfrist: 20. mai kl. 12.00. Vi inviterer deg til intervju 12. mai kl. 10.",
            at(5, 12, 10),
        ),
        (
            "Application deadline 20 May at 12:00 - we'd like to meet you on 12 May at 10:00.",
            at(5, 12, 10),
        ),
        ("Please confirm by Friday 12:00. The interview is on 12 May at 10:00.", at(5, 12, 10)),
        (
            "Bitte bestätigen Sie bis Freitag, 12 Uhr. Das Gespräch ist am 12. Mai um 10 Uhr.",
            at(5, 12, 10),
        ),
        (
            "Die Bewerbungsfrist endet am 20. Mai um 12 Uhr; Ihr Gespräch ist am 12. Mai um 10 Uhr.",
            at(5, 12, 10),
        ),
        ("You applied on 4 May at 08:12, and we'd like to meet on 12 May at 10:00.", at(5, 12, 10)),
        # numbers that are not times
        (
            "Ring meg på 22 33 44 55 om noe skjer. Intervju tirsdag 12. mai kl. 10.",
            at(5, 12, 10),
        ),
        ("Tuesday 12 May at 10:00; 1 or 2 people from the team will join.", at(5, 12, 10)),
        ("Dienstag, 12. Mai um 10 Uhr, Dauer ca. 2h.", at(5, 12, 10)),
        ("Tuesday 12 May at 10:00, the interview takes 45 minutes.", at(5, 12, 10)),
        # a wrapped line and a time in the next sentence
        (
            "We would like to invite you to an interview on Tuesday 12 May\nat 10:00 in our office.",
            at(5, 12, 10),
        ),
        ("We'll see you on Tuesday 12 May. It starts at 10:00 sharp.", at(5, 12, 10)),
        ("Tuesday 12 May at 10:00. Please arrive at 9:45 to sign in.", at(5, 12, 10)),
    ],
)
def test_picks_the_meeting(text: str, expected: datetime) -> None:
    assert interview_time(text, SENT, OSLO) == expected


def test_result_is_in_the_users_zone() -> None:
    result = interview_time("See you on 12 May at 10:00.", SENT.astimezone(UTC), OSLO)
    assert result == at(5, 12, 10)
    assert result is not None
    assert result.tzinfo is OSLO


def test_today_is_the_users_day_not_utcs() -> None:
    # 23:30 UTC on Monday is already Tuesday in Oslo, so "tomorrow" is Wednesday.
    sent = datetime(2026, 5, 4, 23, 30, tzinfo=UTC)
    assert interview_time("See you tomorrow at 10:00.", sent, OSLO) == at(5, 6, 10)


def test_summer_time_starts_between_sending_and_meeting() -> None:
    sent = datetime(2026, 3, 24, 9, 0, tzinfo=OSLO)  # winter time, UTC+1
    result = interview_time("Could you come in on Monday 30 March at 10:00?", sent, OSLO)
    assert result == at(3, 30, 10)
    assert result is not None
    assert result.utcoffset() == timedelta(hours=2)


def test_time_in_the_spring_gap_moves_forward() -> None:
    sent = datetime(2026, 3, 24, 9, 0, tzinfo=OSLO)
    result = interview_time("Let's talk on 29 March at 02:30.", sent, OSLO)
    assert result is not None
    assert (result.hour, result.minute, result.utcoffset()) == (3, 30, timedelta(hours=2))


def test_other_zone() -> None:
    sent = datetime(2026, 3, 5, 9, 0, tzinfo=NEW_YORK)  # before US summer time (8 March)
    result = interview_time("Are you free Tuesday, March 10 at 9am?", sent, NEW_YORK)
    assert result == datetime(2026, 3, 10, 9, 0, tzinfo=NEW_YORK)
    assert result is not None
    assert result.utcoffset() == timedelta(hours=-4)
