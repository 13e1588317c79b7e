"""The nudge commands, run through the real command line in a private home.

The commands run at a fixed moment (FOLLOWUP_NOW, Monday 2 March 2026 10:00 in Oslo), so every
date below is exact: the application from 60 days before is overdue for a status check.
"""

from __future__ import annotations

import json
import stat
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import click
import pytest

from agent.models import Category, ContactChannel, Direction, NudgeState
from agent.store import Store

OSLO = ZoneInfo("Europe/Oslo")
#: The moment every command here runs at: a Monday morning without holidays around it.
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=OSLO)


@pytest.fixture
def home(invoke: Any) -> Any:
    invoke.env["FOLLOWUP_NOW"] = NOW.isoformat()
    invoke.write_config({"timezone": "Europe/Oslo", "policy": {"country": "NO"}})
    invoke.ok(
        "add",
        "Acme",
        "Backend developer",
        "--key",
        "acme",
        "--applied",
        "-60d",
        "--contact",
        "Ann Berg <ann@acme.example>",
    )
    return invoke


def as_json(result: Any) -> list[dict[str, Any]]:
    return json.loads(result.output)  # type: ignore[no-any-return]


def test_nudges_lists_what_is_due_with_the_json_fields_scripts_use(home: Any) -> None:
    rows = as_json(home.ok("nudges", "--json"))
    assert len(rows) == 1
    row = rows[0]
    assert {"id", "application_id", "application_key", "kind", "due", "state", "reason"} <= set(row)
    assert (row["application_key"], row["kind"], row["state"]) == (
        "acme",
        "status_check",
        "pending",
    )
    due = datetime.fromisoformat(row["due"])
    assert due.utcoffset() is not None
    assert "status check" in row["reason"]
    table = home.ok("nudges").output
    assert "status check" in table
    assert "Acme – Backend developer" in table


def test_nudges_at_a_moment_writes_nothing(home: Any) -> None:
    rows = as_json(home.ok("nudges", "--at", "2031-01-06T10:00", "--json"))
    assert [(r["id"], r["kind"]) for r in rows] == [(None, "status_check")]
    assert home.rows("SELECT count(*) AS n FROM nudges") == [{"n": 0}]
    before = as_json(home.ok("nudges", "--at", "2000-01-03T10:00", "--json"))
    assert before == []  # the application did not exist yet in its own terms: nothing due


def test_done_dismiss_snooze(home: Any) -> None:
    nudge_id = as_json(home.ok("nudges", "--json"))[0]["id"]
    out = home.ok("snooze", str(nudge_id), "+3d").output
    assert f"Snoozed #{nudge_id} status check for Acme – Backend developer until" in out
    assert "09:00" in out  # a bare date means the start of working hours
    assert as_json(home.ok("nudges", "--json")) == []
    out = home.ok("done", str(nudge_id)).output
    assert f"Done: #{nudge_id} status check" in out
    assert "Next: status check on" in out  # the follow-up clock starts again
    failed = home.fails("dismiss", str(nudge_id))
    assert f"nudge {nudge_id} is already done" in failed.output
    assert home.fails("done", "999").output.count("no nudge with number 999") == 1


def test_snooze_rejects_the_past_and_nonsense(home: Any) -> None:
    nudge_id = str(as_json(home.ok("nudges", "--json"))[0]["id"])
    assert "not in the future" in home.fails("snooze", nudge_id, "2001-01-01T10:00").output
    assert "cannot read 'someday'" in home.fails("snooze", nudge_id, "someday").output


def test_a_dismissed_nudge_stays_dismissed(home: Any) -> None:
    nudge_id = as_json(home.ok("nudges", "--json"))[0]["id"]
    home.ok("dismiss", str(nudge_id))
    rows = as_json(home.ok("nudges", "--all", "--json"))
    assert [(r["id"], r["state"]) for r in rows if r["id"] == nudge_id] == [
        (nudge_id, str(NudgeState.DISMISSED))
    ]


def test_draft_prints_subject_and_body_in_the_chosen_language(home: Any) -> None:
    out = home.ok("draft", "acme").output
    assert out.startswith("Subject: Backend developer: checking in on my application\n\n")
    assert "Hello Ann Berg," in out
    norsk = home.ok("draft", "acme", "thank_you", "--language", "no").output
    assert norsk.startswith("Subject: Takk for samtalen om Backend developer")
    assert "'nonsense' is not one of" in home.fails("draft", "acme", "nonsense", code=2).output


def test_draft_uses_the_persons_template(home: Any) -> None:
    override = home.config_dir / "templates" / "en" / "status_check.txt.j2"
    override.parent.mkdir(parents=True)
    override.write_text("Subject: Hi {{ company }}\nShort and sweet.\n", encoding="utf-8")
    assert home.ok("draft", "acme").output == "Subject: Hi Acme\n\nShort and sweet.\n"
    override.write_text("{{ oops", encoding="utf-8")
    failed = home.fails("draft", "acme", code=78)
    assert str(override) in failed.output
    assert "template error" in failed.output


def test_reflect_saves_the_answers(home: Any) -> None:
    home.ok(
        "reflect",
        "acme",
        "--missing",
        "Kubernetes",
        "--strengths",
        "design",
        "--weaknesses",
        "testing",
        "--outcome",
        "internal-hire",
    )
    asked = home.ok("reflect", "acme", stdin="Go experience\n\n\nno-hire\n")
    assert "What was missing" in asked.output
    rows = home.rows("SELECT missing, strengths, weaknesses, outcome FROM reflections")
    assert rows == [
        {"missing": "Go experience", "strengths": None, "weaknesses": None, "outcome": "no-hire"}
    ]


def test_agenda_and_ics_export(home: Any) -> None:
    soon = NOW + timedelta(days=2)
    with home.open_store() as store:
        assert isinstance(store, Store)
        app = store.find_application("acme")
        store.add_interview(app.id, at=soon, now=soon - timedelta(days=3), location="Oslo\nHQ")
        store.add_event(
            app.id,
            at=soon - timedelta(days=3),
            direction=Direction.IN,
            channel=ContactChannel.EMAIL,
            summary="Invitation",
            category=Category.INTERVIEW,
            now=soon - timedelta(days=3),
        )
    target = home.root / "cal.ics"
    out = home.ok("agenda", "--days", "14", "--ics", str(target)).output
    assert "interview: Acme – Backend developer" in out
    assert "thank-you after the interview: Acme – Backend developer" in out
    data = target.read_text(encoding="utf-8")
    assert data.startswith("BEGIN:VCALENDAR")
    assert "SUMMARY:Interview: Acme – Backend developer" in data
    assert "LOCATION:Oslo HQ" in data
    assert "Thank-you after the interview" in data
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    again = home.ok("agenda", "--ics", str(target))  # same UIDs: re-importing updates
    assert again.exit_code == 0
    uids = sorted(
        line for line in target.read_text(encoding="utf-8").splitlines() if line.startswith("UID")
    )
    assert uids == sorted(line for line in data.splitlines() if line.startswith("UID"))


def test_the_clock_can_be_fixed_for_tests_and_a_bad_value_says_so(home: Any) -> None:
    due = datetime.fromisoformat(as_json(home.ok("nudges", "--json"))[0]["due"])
    assert due == datetime(2026, 1, 12, 9, 0, tzinfo=OSLO)  # 7 working days after 1 January
    bad = home.fails("list", env={"FOLLOWUP_NOW": "soon"})
    assert "FOLLOWUP_NOW='soon' is not an ISO date-time" in bad.output


def test_agenda_with_nothing_planned(invoke: Any) -> None:
    assert "Nothing planned in the next 14 days." in invoke.ok("agenda").output


def test_every_command_has_help_with_an_example(home: Any) -> None:
    for command in ("nudges", "agenda", "done", "snooze", "dismiss", "draft", "reflect"):
        assert "Example:" in home.ok(command, "--help").output


def test_status_changes_from_the_policy_reach_the_list(home: Any) -> None:
    """An application quiet after the final message shows up dropped in `list --all`."""
    with home.open_store() as store:
        assert isinstance(store, Store)
        app = store.find_application("acme")
        for days_ago in (50, 40):
            moment = NOW - timedelta(days=days_ago)
            store.add_event(
                app.id,
                at=moment,
                direction=Direction.OUT,
                channel=ContactChannel.EMAIL,
                summary="checking in",
                category=Category.OUTBOUND_FOLLOWUP,
                now=moment,
            )
    rows = as_json(home.ok("nudges", "--json"))
    assert [r["kind"] for r in rows] == ["final_message"]
    # Five working days after it was proposed (backdated here) the application is let go.
    with home.open_store() as store:
        assert isinstance(store, Store)
        long_ago = NOW - timedelta(days=20)
        store.update_nudge(rows[0]["id"], due=long_ago)
    home.ok("nudges")
    listed = as_json(home.ok("list", "--all", "--json"))
    assert [a["status"] for a in listed] == ["dropped"]


# -- what a new user ran into -----------------------------------------------------------


def _interview_on_wednesday(home: Any) -> None:
    """An interview on Wed 4 March: the thank-you is due Thu 5 March 09:00."""
    home.ok(
        "interview", "acme", "--at", "2026-03-04 14:00", "--with", "Bob Stone <bob@acme.example>"
    )


def test_snooze_never_brings_a_nudge_forward(home: Any) -> None:
    _interview_on_wednesday(home)
    rows = as_json(home.ok("nudges", "--all", "--json"))
    thanks = next(r for r in rows if r["kind"] == "thank_you")
    failed = home.fails("snooze", str(thanks["id"]), "tomorrow")
    assert (
        f"nudge {thanks['id']} is not due until Thu 5 Mar 09:00, so snoozing it until "
        "Tue 3 Mar 09:00 would not put it off"
    ) in failed.output
    after = next(
        r for r in as_json(home.ok("nudges", "--all", "--json")) if r["id"] == thanks["id"]
    )
    assert (after["state"], after["snoozed_until"]) == ("pending", None)
    home.ok("snooze", str(thanks["id"]), "2026-03-06")


def test_snooze_into_the_past_says_when_in_the_persons_words(home: Any) -> None:
    nudge_id = str(as_json(home.ok("nudges", "--json"))[0]["id"])
    failed = home.fails("snooze", nudge_id, "yesterday")
    assert "cannot snooze until Sun 1 Mar 09:00: that is not in the future" in failed.output
    assert "2026-03-03 10:00" in failed.output  # an example that would work


@pytest.mark.parametrize(("number", "code"), [("99999999999999999999999", 1), ("0", 2)])
def test_an_impossible_nudge_number_is_a_plain_error(home: Any, number: str, code: int) -> None:
    for command in ("done", "dismiss"):
        result = home.fails(command, number, code=code)
        assert "no nudge with number" in result.output or "x>=1" in result.output


def test_agenda_lines_up_and_shows_planned_contacts(home: Any) -> None:
    _interview_on_wednesday(home)
    home.ok("next", "acme", "2026-03-10")
    lines = home.ok("agenda", "--days", "14").output.splitlines()
    assert lines == [
        "Wed 4 Mar 14:00   interview: Acme – Backend developer",
        "Thu 5 Mar 09:00   #1 thank-you after the interview: Acme – Backend developer",
        "Tue 10 Mar 09:00  planned contact: Acme – Backend developer",
    ]


def test_the_calendar_file_is_private_even_when_it_was_not(home: Any) -> None:
    home.ok("next", "acme", "2026-03-10")
    target = home.root / "cal.ics"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o644)
    out = home.ok("agenda", "--ics", str(target)).output
    assert "(readable by you only)" in out
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    data = target.read_text(encoding="utf-8")
    assert "SUMMARY:Planned contact: Acme – Backend developer" in data
    assert "DTSTART:20260310T080000Z" in data  # 09:00 in Oslo


def test_reflect_names_the_outcomes_once(home: Any) -> None:
    asked = home.ok("reflect", "acme", stdin="\n\n\nother\n").output
    assert "What did they do (internal-hire, no-hire, other) [other]:" in asked
    assert asked.count("internal-hire, no-hire, other") == 1


def test_thank_you_draft_greets_the_interviewer(home: Any) -> None:
    _interview_on_wednesday(home)
    assert "\nHello Bob,\n" in home.ok("draft", "acme", "thank_you").output
    assert (
        "\nHei Bob,\n" in home.ok("draft", "acme", "interview_followup", "--language", "no").output
    )
    assert "Hello Ann Berg," in home.ok("draft", "acme", "status_check").output


def test_draft_help_names_the_kinds(home: Any) -> None:
    out = home.ok("draft", "--help").output
    assert "thank_you" in out
    assert "answer_request" in out


def test_every_nudge_command_option_says_what_it_is_for() -> None:
    from agent.cli import cli
    from agent.cli.nudges import COMMANDS

    for command in COMMANDS:
        params = cli.commands[str(command.name)].params
        bare = [p.name for p in params if isinstance(p, click.Option) and not p.help]
        assert bare == [], command.name
