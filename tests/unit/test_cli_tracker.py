"""Every tracker command through click's CliRunner against a temporary database."""

from __future__ import annotations

import json
from typing import Any

import click
import pytest

from agent.cli import cli, contacts, tracker, transfer
from agent.models import CloseReason
from agent.store import EDITABLE_FIELDS


def _leaf_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every runnable command as its words after `followup` (subcommands of groups too)."""
    paths = []
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            paths += _leaf_commands(command, (*prefix, name))
        else:
            paths.append((*prefix, name))
    return paths


ALL_COMMANDS = _leaf_commands(cli)


def _app(invoke: Any, ref: str = "1") -> dict[str, Any]:
    return json.loads(invoke.ok("show", ref, "--json").output)


# -- help -------------------------------------------------------------------------------


def test_top_level_help_lists_every_tracker_command(invoke: Any) -> None:
    output = invoke.ok("--help").output
    for command in (*tracker.COMMANDS, *contacts.COMMANDS, *transfer.COMMANDS):
        assert f"  {command.name} " in output


@pytest.mark.parametrize("words", ALL_COMMANDS, ids=" ".join)
def test_every_command_has_help_with_an_example(invoke: Any, words: tuple[str, ...]) -> None:
    output = invoke.ok(*words, "--help").output
    assert "Example:" in output
    example = output.split("Example:", 1)[1].split("Options:", 1)[0]
    assert "followup " in example
    assert words[-1] in example


@pytest.mark.parametrize(
    "name",
    [c.name for c in (*tracker.COMMANDS, *contacts.COMMANDS, *transfer.COMMANDS)],
)
def test_every_option_says_what_it_is_for(name: str) -> None:
    command = cli.commands[name]
    bare = [p.name for p in command.params if isinstance(p, click.Option) and not p.help]
    assert bare == []


# -- add and list -----------------------------------------------------------------------


def test_add_then_list_shows_active_first_by_priority(invoke: Any) -> None:
    invoke.ok("add", "Later", "Ops", "--priority", "5")
    invoke.ok("add", "Dream", "Dev", "--priority", "1", "--key", "dream")
    invoke.ok("add", "Someday", "Dev", "--status", "wishlist")
    table = invoke.ok("list").output.splitlines()
    assert table[0].split()[:4] == ["ID", "COMPANY", "ROLE", "STATUS"]
    assert [line.split()[1] for line in table[1:]] == ["Dream", "Later", "Someday"]
    rows = json.loads(invoke.ok("list", "--json").output)
    assert rows[0]["key"] == "dream"
    assert rows[0]["applied_on"] is not None
    assert rows[2]["applied_on"] is None  # a wish is not applied for


def test_add_keeps_every_option(invoke: Any) -> None:
    invoke.ok(
        "add", "Acme", "Backend developer",
        "--applied", "2026-02-20", "--source", "LinkedIn", "--url", "https://acme.example/j/1",
        "--priority", "2", "--contact", "Ann Berg <Ann@Acme.example>", "--contact", "Bob",
        "--domain", "ACME.example", "--ref", "J-17", "--status", "acknowledged", "--key", "acme",
    )  # fmt: skip
    app = _app(invoke, "acme")
    assert {k: app[k] for k in ("applied_on", "source", "url", "priority", "status")} == {
        "applied_on": "2026-02-20",
        "source": "LinkedIn",
        "url": "https://acme.example/j/1",
        "priority": 2,
        "status": "acknowledged",
    }
    assert (app["company_domain"], app["job_ref"]) == ("acme.example", "J-17")
    assert app["contacts"] == [
        {"name": "Ann Berg", "email": "ann@acme.example"},
        {"name": "Bob", "email": None},
    ]


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["--applied", "March 3"], "--applied 'March 3' is not a date; use YYYY-MM-DD", 1),
        (["--priority", "0"], "0 is not in the range 1<=x<=99", 2),
        (["--contact", "Ann <ann at acme>"], 'use "Name <name@example.com>"', 1),
        (["--key", "42"], "would be confused with an application ID", 1),
        (["--domain", "acme"], "must be a mail domain such as acme.com", 1),
        (["--status", "hired"], "'hired' is not one of", 2),
    ],
)
def test_add_refuses_bad_input_and_stores_nothing(
    invoke: Any, args: list[str], expected: str, code: int
) -> None:
    assert expected in invoke.fails("add", "Acme", "Dev", *args, code=code).output
    assert invoke.ok("list", "--all", "--json").output.strip() == "[]"


def test_add_refuses_a_key_in_use(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev", "--key", "acme")
    result = invoke.fails("add", "Beta", "Ops", "--key", "acme")
    assert "already exists; choose another --key" in result.output
    assert len(json.loads(invoke.ok("list", "--json").output)) == 1


def test_too_many_active_applications_warns(invoke: Any) -> None:
    invoke.write_config({"timezone": "Europe/Oslo", "policy": {"max_active_applications": 2}})
    for company in ("A", "B"):
        assert "Warning" not in invoke.ok("add", company, "Dev").output
    invoke.ok("add", "Wish", "Dev", "--status", "wishlist")  # does not count
    result = invoke.ok("add", "C", "Dev")
    assert "3 active applications, more than your limit of 2" in result.output
    assert "policy.max_active_applications" in result.output


def test_list_filters(invoke: Any) -> None:
    invoke.ok("add", "Open", "Dev")
    invoke.ok("add", "Gone", "Dev", "--status", "rejected")
    assert [r["company"] for r in json.loads(invoke.ok("list", "--json").output)] == ["Open"]
    everything = json.loads(invoke.ok("list", "--all", "--json").output)
    assert [r["company"] for r in everything] == ["Open", "Gone"]
    only = json.loads(invoke.ok("list", "--status", "rejected", "--json").output)
    assert [r["company"] for r in only] == ["Gone"]


def test_list_when_empty_says_how_to_start(invoke: Any) -> None:
    assert "followup add COMPANY ROLE" in invoke.ok("list").output


# -- show -------------------------------------------------------------------------------


def test_show_has_the_whole_timeline(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev", "--key", "acme", "--contact", "Ann <ann@acme.example>")
    invoke.ok("log", "acme", "--channel", "phone", "--at", "2026-03-02 10:00", "Talked")
    invoke.ok("interview", "acme", "--at", "2026-03-10 14:00", "--kind", "video")
    invoke.ok("case", "acme", "Ask about on-call")
    with invoke.open_store() as store:
        store.insert(
            "messages",
            {
                "message_key": "<m@acme.example>",
                "source": "work",
                "folder": "INBOX",
                "decision": "matched",
                "category": "interview",
                "application_id": 1,
                "subject": "Invitation\x1b[31m",
                "sender": "ann@acme.example",
                "date": "2026-03-03T09:00:00+01:00",
                "processed_at": "2026-03-03T09:00:00+01:00",
            },
        )
        store.insert(
            "nudges",
            {
                "application_id": 1,
                "kind": "interview_followup",
                "due": "2026-03-13T09:00:00+01:00",
                "state": "pending",
                "reason": "3 working days after the interview",
                "fingerprint": "f",
                "created_at": "2026-03-03T09:00:00+01:00",
            },
        )
    text = invoke.ok("show", "acme").output
    for heading in ("Contacts", "Contact log", "Interviews", "Cases", "Messages", "Nudges"):
        assert heading in text
    for fact in (
        "ann@acme.example",
        "2026-03-02 10:00",
        "Talked",
        "2026-03-10 14:00",
        "Ask about on-call",
        "Invitation",
        "interview_followup",
        "3 working days after the interview",
    ):
        assert fact in text
    assert "\x1b" not in text
    record = _app(invoke, "acme")
    assert [m["subject"] for m in record["messages"]] == ["Invitation\x1b[31m"]
    assert record["nudges"][0]["state"] == "pending"


def test_show_of_an_empty_application_says_none(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert invoke.ok("show", "1").output.count("(none)") == 6


def test_show_unknown_says_how_to_find_ids(invoke: Any) -> None:
    result = invoke.fails("show", "12")
    assert "no application with id 12; `followup list --all` shows them" in result.output


# -- log --------------------------------------------------------------------------------


def test_log_records_who_and_what_and_adds_the_contact(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    result = invoke.ok(
        "log", "1", "--channel", "phone", "--with", "Ann Berg <ann@acme.example>",
        "--at", "2026-07-01 15:30", "Second", "round", "next", "week",
    )  # fmt: skip
    assert "2026-07-01 15:30" in result.output
    app = _app(invoke)
    assert app["contacts"] == [{"name": "Ann Berg", "email": "ann@acme.example"}]
    [event] = app["events"]
    assert event["at"] == "2026-07-01T15:30:00+02:00"  # stored in the user's zone
    assert (event["direction"], event["channel"]) == ("in", "phone")
    assert (event["who"], event["summary"]) == (
        "Ann Berg <ann@acme.example>",
        "Second round next week",
    )


def test_log_out_counts_as_an_unanswered_followup(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    invoke.ok("log", "1", "--direction", "out", "--at", "yesterday", "Asked how it goes")
    [row] = json.loads(invoke.ok("list", "--json").output)
    assert row["unanswered_followups"] == 1
    assert row["last_contact"].endswith("T12:00:00+01:00") or row["last_contact"].endswith(
        "T12:00:00+02:00"
    )


def test_log_defaults_to_now(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    invoke.ok("log", "1", "Quick call")
    [event] = _app(invoke)["events"]
    assert event["at"][-6:] in ("+01:00", "+02:00")


@pytest.mark.parametrize(
    ("args", "expected", "code"),
    [
        (["1", "--at", "someday", "x"], "cannot read 'someday' as a date and time", 1),
        (["1", "--with", "Ann <ann at acme>", "x"], "cannot read", 1),
        (["1", "   "], "say what was said", 1),
        (["1"], "Missing argument 'TEXT...'", 2),
        (["9", "x"], "no application with id 9", 1),
        (["1", "--channel", "fax", "x"], "'fax' is not one of", 2),
    ],
)
def test_log_refuses_bad_input_and_stores_nothing(
    invoke: Any, args: list[str], expected: str, code: int
) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert expected in invoke.fails("log", *args, code=code).output
    app = _app(invoke)
    assert (app["events"], app["contacts"]) == ([], [])


# -- interview --------------------------------------------------------------------------


def test_interview_moves_an_application_forward_only(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    invoke.ok("add", "Beta", "Ops", "--status", "offer")
    result = invoke.ok(
        "interview", "1", "--at", "2026-03-10 14:00", "--kind", "onsite",
        "--with", "Ann <ann@acme.example>", "--location", "Oslo office",
    )  # fmt: skip
    assert "status interviewing" in result.output
    app = _app(invoke)
    assert app["interviews"] == [
        {
            "at": "2026-03-10T14:00:00+01:00",
            "kind": "onsite",
            "with": "Ann <ann@acme.example>",
            "location": "Oslo office",
            "message_id": None,
        }
    ]
    assert app["contacts"] == [{"name": "Ann", "email": "ann@acme.example"}]
    invoke.ok("interview", "2", "--at", "2026-03-11 09:00")
    assert _app(invoke, "2")["status"] == "offer"


def test_interview_needs_a_time(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "Missing option '--at'" in invoke.fails("interview", "1", code=2).output
    assert "cannot read 'soon'" in invoke.fails("interview", "1", "--at", "soon").output
    assert _app(invoke)["interviews"] == []


# -- case -------------------------------------------------------------------------------


def test_case_add_list_done(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "No cases yet" in invoke.ok("case", "1").output
    invoke.ok("case", "1", "Ask", "about", "on-call")
    invoke.ok("case", "1", "Mention the Rust project")
    listed = invoke.ok("case", "1", "--list").output
    assert "1. Ask about on-call" in listed
    assert "2. Mention the Rust project" in listed
    assert "Done: Ask about on-call" in invoke.ok("case", "1", "--done", "1").output
    assert "1. Ask about on-call  (done " in invoke.ok("case", "1", "--list").output
    cases = _app(invoke)["cases"]
    assert [c["done_at"] is not None for c in cases] == [True, False]


def test_case_errors(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "has no case 5" in invoke.fails("case", "1", "--done", "5").output
    assert "one at a time" in invoke.fails("case", "1", "x", "--list").output
    assert _app(invoke)["cases"] == []


# -- next, set, close, edit -------------------------------------------------------------


def test_next_sets_and_clears_the_planned_contact(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "Monday 2026-03-16" in invoke.ok("next", "1", "2026-03-16").output
    assert _app(invoke)["next_contact_on"] == "2026-03-16"
    bad = invoke.fails("next", "1", "someday")
    assert "next contact 'someday' is not a date" in bad.output
    assert _app(invoke)["next_contact_on"] == "2026-03-16"
    assert "not planned" in invoke.ok("next", "1", "none").output
    assert _app(invoke)["next_contact_on"] is None


def test_next_in_the_past_warns(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "in the past" in invoke.ok("next", "1", "-3d").output


def test_set_status_is_manual(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev", "--key", "acme")
    assert (
        "applied → interviewing (set by hand)"
        in invoke.ok("set", "acme", "--status", "interviewing").output
    )
    app = _app(invoke)
    assert (app["status"], app["status_manual"]) == ("interviewing", True)
    assert "Missing option '--status'" in invoke.fails("set", "1", code=2).output


@pytest.mark.parametrize("reason", list(CloseReason))
def test_close_maps_each_reason_to_its_status(invoke: Any, reason: CloseReason) -> None:
    invoke.ok("add", "Acme", "Dev")
    invoke.ok("close", "1", "--reason", reason.value, "--note", "Budget frozen")
    app = _app(invoke)
    assert (app["status"], app["close_reason"], app["close_note"]) == (
        reason.status.value,
        reason.value,
        "Budget frozen",
    )
    assert app["status_manual"] is True
    assert json.loads(invoke.ok("list", "--json").output) == []


def test_close_needs_a_known_reason(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "'bored' is not one of" in invoke.fails("close", "1", "--reason", "bored", code=2).output
    assert _app(invoke)["status"] == "applied"


def test_edit_changes_validates_and_clears(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev", "--source", "Board")
    result = invoke.ok(
        "edit", "1", "--priority", "3", "--company-domain", "Acme.example", "--ref", "J-9",
        "--notes", "Met at a meetup", "--applied", "2026-02-01", "--next", "2026-03-20",
        "--key", "acme", "--role", "Senior dev", "--contact", "Ann <ann@acme.example>",
    )  # fmt: skip
    assert "Updated 1 (Acme – Senior dev)" in result.output
    app = _app(invoke, "acme")
    assert (app["priority"], app["company_domain"], app["job_ref"]) == (3, "acme.example", "J-9")
    assert (app["applied_on"], app["next_contact_on"]) == ("2026-02-01", "2026-03-20")
    assert app["contacts"] == [{"name": "Ann", "email": "ann@acme.example"}]
    invoke.ok("edit", "acme", "--source", "")
    assert _app(invoke)["source"] is None


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--source", "X", "--priority", "high"], "priority must be a whole number from 1 to 99"),
        (["--source", "X", "--priority", "100"], "priority must be from 1 to 99"),
        (["--source", "X", "--applied-on", "soonish"], "--applied 'soonish' is not a date"),
        (["--source", "X", "--company", ""], "company cannot be empty"),
        (["--source", "X", "--key", "7"], "would be confused with an application ID"),
        (["--source", "X", "--contact", "<nobody>"], "cannot read '<nobody>' as a contact"),
        ([], "nothing to change"),
    ],
)
def test_edit_refuses_bad_values_and_changes_nothing(
    invoke: Any, args: list[str], expected: str
) -> None:
    invoke.ok("add", "Acme", "Dev", "--priority", "1")
    before = _app(invoke)
    assert expected in invoke.fails("edit", "1", *args).output
    assert _app(invoke) == before


def test_edit_refuses_a_key_in_use(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev", "--key", "acme")
    invoke.ok("add", "Beta", "Ops")
    assert "already has key 'acme'" in invoke.fails("edit", "2", "--key", "acme").output
    assert _app(invoke, "2")["key"] is None


def test_every_editable_field_has_an_edit_option() -> None:
    edit = cli.commands["edit"]
    assert isinstance(edit, click.Command)
    names = {p.name for p in edit.params}
    assert set(EDITABLE_FIELDS) <= names


# -- what a new user ran into -----------------------------------------------------------


@pytest.mark.parametrize("ref", ["99999999999999999999999", "²", "-1"])
def test_an_impossible_id_is_simply_not_found(invoke: Any, ref: str) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "no application with id" in invoke.fails("show", "--", ref).output
    big = invoke.fails("case", "1", "--done", "99999999999999999999999")
    assert "application 1 has no case 99999999999999999999999" in big.output


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--key", "ev\x1bil"], "contains an invisible character (U+001B)"),
        (["--key", "a\u202eb"], "invisible character (RIGHT-TO-LEFT OVERRIDE)"),
        (["--applied", "0001-01-01"], "--applied '0001-01-01' is in the year 1"),
        (["--domain", "acme"], "--domain must be a mail domain"),
        (["--source", "Board\x07"], "--source contains a control character (U+0007)"),
    ],
)
def test_add_refuses_what_would_break_later_and_names_the_option(
    invoke: Any, args: list[str], expected: str
) -> None:
    assert expected in invoke.fails("add", "Acme", "Dev", *args).output
    assert json.loads(invoke.ok("list", "--all", "--json").output) == []


def test_edit_accepts_only_languages_drafts_exist_in(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "drafts are written in en and no" in invoke.fails("edit", "1", "--language", "de").output
    invoke.ok("edit", "1", "--language", "no")
    assert "language:     no" in invoke.ok("show", "1").output


def test_edit_says_what_changed_as_the_options_are_named(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    out = invoke.ok("edit", "1", "--next", "2026-03-20", "--domain", "acme.example").output
    assert out.strip().split(": ")[-1].rstrip(".").split(", ") in (
        ["domain", "next"],
        ["next", "domain"],
    )


@pytest.mark.parametrize("at", ["0001-01-01 00:00+05:00", "+9999w"])
def test_log_refuses_a_moment_out_of_range(invoke: Any, at: str) -> None:
    invoke.ok("add", "Acme", "Dev")
    assert "give a date between 1970 and 2199" in invoke.fails("log", "1", "--at", at, "x").output
    assert _app(invoke)["events"] == []


def test_log_refuses_contact_that_has_not_happened_yet(invoke: Any) -> None:
    invoke.env["FOLLOWUP_NOW"] = "2026-03-02T10:00"
    invoke.ok("add", "Acme", "Dev")
    failed = invoke.fails("log", "1", "--at", "2026-03-04 10:00", "Call about the offer")
    assert "--at 2026-03-04 10:00 is after today" in failed.output
    assert "followup next ID DATE" in failed.output
    assert _app(invoke)["events"] == []
    invoke.ok("log", "1", "--at", "2026-03-02 15:00", "Later today is fine")


def test_closing_again_keeps_the_note_and_says_the_status_once(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev")
    first = invoke.ok("close", "1", "--reason", "rejected", "--note", "Went internal")
    assert first.output.strip() == "Closed 1 (Acme – Dev): status rejected."
    again = invoke.ok("close", "1", "--reason", "internal-hire")
    assert again.output.strip() == "Closed 1 (Acme – Dev): status closed (internal-hire)."
    assert _app(invoke)["close_note"] == "Went internal"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ([], "No open applications; `followup list --all` shows the closed ones too."),
        (["--status", "offer"], "No application has status offer"),
    ],
)
def test_an_empty_list_says_why(invoke: Any, args: list[str], expected: str) -> None:
    invoke.ok("add", "Acme", "Dev")
    invoke.ok("close", "1", "--reason", "rejected")
    assert expected in invoke.ok("list", *args).output
