"""The CSV/JSON contract: import all-or-nothing with line numbers, idempotent; export exact."""

from __future__ import annotations

import csv
import io
import json
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from agent.csvio import CSV_COLUMNS, read_import, write_csv
from agent.errors import UsageError
from agent.models import Status
from agent.store import Store

TODAY = date(2026, 3, 2)
HEADER = ",".join(CSV_COLUMNS)
GOOD = (
    HEADER
    + "\n"
    + "acme-be,Acme,Backend developer,2026-02-20,interviewing,1,LinkedIn,https://acme.example/j/1,"
    + "Ann Berg,Ann@Acme.example,acme.example,J-17,Met at a meetup\n"
    + ",Beta,SRE,,,,,,,,,,\n"
    + 'gamma,Gamma,"Data engineer, platform",2026-01-05,rejected,3,,,,,,,"Two\nlines"\n'
)


def _read(text: str | bytes) -> Any:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_import(data, "apps.csv", TODAY)


def _error(text: str | bytes) -> str:
    with pytest.raises(UsageError) as caught:
        _read(text)
    return str(caught.value)


# -- reading (pure) ---------------------------------------------------------------------


def test_a_good_file_is_read_with_types_and_lines() -> None:
    plan = _read(GOOD)
    assert plan.warnings == ()
    acme, beta, gamma = plan.rows
    assert (acme.line, beta.line, gamma.line) == (2, 3, 4)
    assert acme.fields == {
        "key": "acme-be",
        "company": "Acme",
        "role": "Backend developer",
        "applied_on": date(2026, 2, 20),
        "priority": 1,
        "source": "LinkedIn",
        "url": "https://acme.example/j/1",
        "company_domain": "acme.example",
        "job_ref": "J-17",
        "notes": "Met at a meetup",
    }
    assert (acme.status, acme.contact) == (Status.INTERVIEWING, ("Ann Berg", "ann@acme.example"))
    assert beta.fields == {"company": "Beta", "role": "SRE"}
    assert (beta.status, beta.contact, beta.key) == (None, None, None)
    assert gamma.role == "Data engineer, platform"
    assert gamma.fields["notes"] == "Two\nlines"


def test_only_company_and_role_are_needed_in_any_order_and_case() -> None:
    plan = _read(" Role ,COMPANY\nDev,Acme\n")
    assert [(r.company, r.role) for r in plan.rows] == [("Acme", "Dev")]


def test_semicolons_and_a_byte_order_mark_are_understood() -> None:
    plan = _read(("\ufeffcompany;role;notes\nAcme;Dev;a, b\n").encode())
    assert plan.rows[0].fields["notes"] == "a, b"


def test_utf16_with_a_byte_order_mark_is_understood() -> None:
    plan = _read("company,role\nÆrlig AS,Utvikler\n".encode("utf-16"))
    assert plan.rows[0].company == "Ærlig AS"


def test_unknown_columns_are_reported_with_a_suggestion() -> None:
    plan = _read("company,role,contact_emial,salary\nAcme,Dev,a@b.c,100\n")
    assert plan.warnings == (
        "apps.csv: unknown column 'contact_emial' ignored (did you mean 'contact_email'?)",
        "apps.csv: unknown column 'salary' ignored",
    )


def test_bad_rows_are_all_listed_with_their_lines() -> None:
    text = (
        "key,company,role,applied_on,status,priority,contact_email\n"
        "a,Acme,Dev,2026-02-20,applied,1,\n"  # line 2: fine
        "b,,Dev,,,,\n"  # line 3: no company
        "c,Beta,Ops,20/02/2026,,,\n"  # line 4: bad date
        "d,Gamma,QA,,hired,,\n"  # line 5: bad status
        "e,Delta,PM,,,top,\n"  # line 6: bad priority
        "a,Eps,Dev,,,,\n"  # line 7: key again
        "f,Zeta,Dev,,,,not-an-address\n"  # line 8: bad email
        "g,Eta,\n"  # line 9: no role
    )
    message = _error(text)
    assert message.startswith("apps.csv: 7 bad row(s), nothing was imported:")
    for expected in (
        "line 3: company is empty; every row needs a company and a role",
        "line 4: applied_on '20/02/2026' is not a date; use YYYY-MM-DD",
        "line 5: status 'hired' is not one of: wishlist, applied",
        "line 6: priority must be a whole number from 1 to 99 (1 = most wanted), got 'top'",
        "line 7: key 'a' is also on line 2; keys must be unique",
        "line 8: contact_email 'not-an-address' is not an email address",
        "line 9: role is empty",
    ):
        assert expected in message
    assert "line 2:" not in message
    assert message.endswith("Fix these lines and import the file again.")


def test_a_latin1_file_names_the_first_bad_line_and_how_to_fix_it() -> None:
    data = "company,role\nAcme,Dev\nBjørnstad AS,Utvikler\n".encode("latin-1")
    message = _error(data)
    assert message.startswith("apps.csv line 3: not UTF-8 text (byte 0xf8)")
    assert "Save it as UTF-8" in message
    assert "Nothing was imported." in message


def test_same_job_twice_without_keys_is_an_error() -> None:
    message = _error("company,role\nAcme,Dev\nACME,dev\n")
    assert "line 3: same company and role as line 2 and no key" in message


def test_lines_are_counted_across_quoted_line_breaks() -> None:
    message = _error('company,role,notes\nAcme,Dev,"one\ntwo\nthree"\n,Ops,\n')
    assert "line 5: company is empty" in message


def test_too_many_values_on_a_line() -> None:
    assert "line 2: 3 values but the header names 2 columns" in _error("company,role\nA,B,C\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "apps.csv is empty; the first line must name the columns"),
        ("name,title\nAcme,Dev\n", "line 1: no company or role column"),
        ("company,role,role\nA,B,C\n", "line 1: column(s) named twice: role"),
        ('company,role\n"Acme,Dev\n', "check the quotes"),
    ],
)
def test_broken_files(text: str, expected: str) -> None:
    assert expected in _error(text)


def test_many_bad_lines_are_summed_up() -> None:
    message = _error("company,role\n" + ",Dev\n" * 40)
    assert "... and 15 more" in message
    assert "40 bad row(s)" in message


def test_write_csv_has_exactly_the_contract_columns() -> None:
    text = write_csv([{"company": "Acme", "role": "Dev", "priority": 1, "extra": "x", "key": None}])
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [list(CSV_COLUMNS), ["", "Acme", "Dev", "", "", "1", *[""] * 7]]


# -- applying (store) -------------------------------------------------------------------


def test_import_adds_then_skips_then_updates(store: Store, now: datetime) -> None:
    first = store.import_rows(_read(GOOD).rows, now)
    assert [(o.line, o.action) for o in first] == [(2, "added"), (3, "added"), (4, "added")]
    acme = store.find_application("acme-be")
    assert (acme.status, acme.applied_on, acme.contacts[0].email) == (
        Status.INTERVIEWING,
        date(2026, 2, 20),
        "ann@acme.example",
    )
    again = store.import_rows(_read(GOOD).rows, now)
    assert [o.action for o in again] == ["skipped"] * 3
    assert len(store.applications()) == 3

    changed = GOOD.replace("interviewing,1,", "offer,2,").replace(
        ",Beta,SRE,,,,,,,,,,", ",beta,sre,,,5,,,Bo,bo@beta.example,,,"
    )
    outcome = store.import_rows(_read(changed).rows, now)
    assert [(o.action, o.changed) for o in outcome] == [
        ("updated", ("priority", "status")),
        ("updated", ("company", "role", "priority", "contact")),
        ("skipped", ()),
    ]
    acme = store.find_application("acme-be")
    assert (acme.status, acme.priority, acme.status_manual) == (Status.OFFER, 2, True)


def test_a_row_with_a_key_claims_the_stored_one_without_a_key(store: Store, now: datetime) -> None:
    app = store.add_application(company="Acme", role="Dev", now=now)
    [outcome] = store.import_rows(_read("key,company,role\nacme,Acme,Dev\n").rows, now)
    assert (outcome.action, outcome.application_id, outcome.changed) == (
        "updated",
        app.id,
        ("key",),
    )
    assert store.find_application("acme").id == app.id


def test_ambiguous_rows_change_nothing(store: Store, now: datetime) -> None:
    store.add_application(company="Acme", role="Dev", now=now)
    store.add_application(company="Acme", role="Dev", now=now)
    with pytest.raises(UsageError, match=r"line 3: 2 applications are Acme – Dev \(ids 1, 2\)"):
        store.import_rows(_read("company,role\nBeta,Ops\nAcme,Dev\n").rows, now)
    assert len(store.applications()) == 2


def test_a_failure_part_way_leaves_nothing_behind(
    store: Store, now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The disk filling up on the third row must not leave the first two imported."""
    real = store.add_application
    calls = []

    def failing(**kwargs: Any) -> Any:
        calls.append(kwargs["company"])
        if len(calls) == 3:
            raise OSError("disk full")
        return real(**kwargs)

    monkeypatch.setattr(store, "add_application", failing)
    with pytest.raises(OSError, match="disk full"):
        store.import_rows(_read(GOOD).rows, now)
    assert store.query("SELECT count(*) AS n FROM applications")[0]["n"] == 0
    assert store.query("SELECT count(*) AS n FROM contacts")[0]["n"] == 0


# -- through the command line -----------------------------------------------------------


def _export_json(invoke: Any) -> list[dict[str, Any]]:
    return json.loads(invoke.ok("export", "--format", "json").output)


def _write(tmp_path: Path, name: str, data: str | bytes) -> str:
    path = tmp_path / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return str(path)


def test_import_says_what_it_did_and_is_idempotent(invoke: Any, tmp_path: Path) -> None:
    path = _write(tmp_path, "apps.csv", GOOD)
    first = invoke.ok("import", path).output
    assert "added" in first
    assert "Added 3, updated 0, skipped 0" in first
    second = invoke.ok("import", path).output
    assert "Added 0, updated 0, skipped 3" in second
    assert "already up to date" in second
    assert len(_export_json(invoke)) == 3


#: Each file has a good row first: an import that is not all-or-nothing would add it.
BROKEN = {
    "missing_company": (
        HEADER + "\ng,Good,Row,,,,,,,,,,\nk,,Dev,,,,,,,,,,\n",
        "line 3: company is empty",
    ),
    "bad_date": ("company,role,applied_on\nGood,Row,\nAcme,Dev,2026-13-01\n", "line 3: applied_on"),
    "latin1": ("company,role\nGood,Row\nBjørnstad,Dev\n".encode("latin-1"), "line 3: not UTF-8"),
    "duplicate_keys": ("key,company,role\nk,A,B\nk,C,D\n", "line 3: key 'k' is also on line 2"),
    "key_in_file_and_store": (
        "key,company,role\nk,A,B\nk0,Existing,Job\nk0,C,D\n",
        "line 4: key 'k0'",
    ),
    "bad_status": ("company,role,status\nGood,Row,\nAcme,Dev,done\n", "line 3: status 'done'"),
    "bad_priority": (
        "company,role,priority\nGood,Row,\nAcme,Dev,0\n",
        "line 3: priority must be from 1",
    ),
    "unclosed_quote": ('company,role\nGood,Row\n"Acme,Dev\n', "line 3: cannot read the CSV"),
    "ambiguous": ("company,role\nGood,Row\nTwice,Job\n", "line 3: 2 applications are Twice – Job"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_changes_nothing(invoke: Any, tmp_path: Path, case: str) -> None:
    invoke.ok("add", "Existing", "Job", "--key", "k0")
    invoke.ok("add", "Twice", "Job")
    invoke.ok("add", "Twice", "Job")
    before = _export_json(invoke)
    data, expected = BROKEN[case]
    result = invoke.fails("import", _write(tmp_path, f"{case}.csv", data))
    assert expected in result.output
    assert "othing was imported" in result.output
    assert _export_json(invoke) == before


def test_import_of_a_missing_file(invoke: Any, tmp_path: Path) -> None:
    result = invoke.fails("import", str(tmp_path / "nope.csv"), code=2)
    assert "does not exist" in result.output


def test_import_warns_about_unknown_columns_and_too_many_active(
    invoke: Any, tmp_path: Path
) -> None:
    invoke.write_config({"timezone": "Europe/Oslo", "policy": {"max_active_applications": 1}})
    result = invoke.ok("import", _write(tmp_path, "a.csv", "company,role,salery\nA,B,1\nC,D,2\n"))
    assert "unknown column 'salery' ignored" in result.output
    assert "2 active applications, more than your limit of 1" in result.output


def test_export_csv_has_the_contract_columns_and_first_contact(invoke: Any) -> None:
    invoke.ok(
        "add", "Acme", "Dev", "--key", "acme", "--applied", "2026-02-20",
        "--contact", "Ann <ann@acme.example>", "--contact", "Bob <bob@acme.example>",
    )  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(invoke.ok("export").output)))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert rows[0]["contact_name"] == "Ann"
    assert rows[0]["contact_email"] == "ann@acme.example"
    assert (rows[0]["key"], rows[0]["applied_on"], rows[0]["status"]) == (
        "acme",
        "2026-02-20",
        "applied",
    )


def test_export_json_has_every_field_and_the_history(invoke: Any) -> None:
    invoke.ok("add", "Acme", "Dev", "--key", "acme", "--contact", "Ann <ann@acme.example>")
    invoke.ok("log", "acme", "--with", "Ann <ann@acme.example>", "--at", "2026-03-02 10:00", "Hi")
    invoke.ok("interview", "acme", "--at", "2026-03-10 14:00")
    invoke.ok("case", "acme", "Ask about the team")
    [record] = _export_json(invoke)
    assert set(CSV_COLUMNS) | {"id", "contacts", "events", "interviews", "cases"} <= set(record)
    assert record["id"] == 1
    assert record["status"] == "interviewing"
    assert record["contacts"] == [{"name": "Ann", "email": "ann@acme.example"}]
    [event] = record["events"]
    assert {"at", "direction", "channel", "who", "summary", "message_id", "category"} <= set(event)
    assert (event["at"], event["summary"]) == ("2026-03-02T10:00:00+01:00", "Hi")
    assert record["interviews"][0]["at"] == "2026-03-10T14:00:00+01:00"
    assert record["cases"][0]["text"] == "Ask about the team"


def test_export_json_escapes_terminal_controls_losslessly(invoke: Any) -> None:
    invoke.ok("add", "Acme\u202e", "Dev")
    text = invoke.ok("export", "--format", "json").output
    assert "\u202e" not in text
    assert "\\u202e" in text
    assert json.loads(text)[0]["company"] == "Acme\u202e"


def test_export_to_a_file_is_private_and_never_overwrites_by_accident(
    invoke: Any, tmp_path: Path
) -> None:
    invoke.ok("add", "Acme", "Dev")
    target = tmp_path / "out.csv"
    result = invoke.ok("export", "--output", str(target))
    assert f"Wrote 1 application(s) to {target}" in result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    target.write_text("my own spreadsheet")
    assert "already exists" in invoke.fails("export", "-o", str(target)).output
    assert target.read_text() == "my own spreadsheet"
    invoke.ok("export", "-o", str(target), "--force", "--format", "json")
    assert json.loads(target.read_text())[0]["company"] == "Acme"
    assert "is a directory" in invoke.fails("export", "-o", str(tmp_path)).output


def test_export_then_import_round_trips(invoke: Any, tmp_path: Path) -> None:
    invoke.ok(
        "add",
        "Acme",
        "Dev",
        "--key",
        "acme",
        "--priority",
        "1",
        "--contact",
        "Ann <a@acme.example>",
    )
    invoke.ok("add", "Beta", "Ops, platform", "--applied", "2026-01-02", "--source", "Board")
    invoke.ok("close", "2", "--reason", "rejected")
    invoke.ok("edit", "1", "--notes", 'Said "maybe",\nthen left')
    path = tmp_path / "all.csv"
    invoke.ok("export", "-o", str(path))
    assert "Added 0, updated 0, skipped 2" in invoke.ok("import", str(path)).output

    fresh = type(invoke)(tmp_path / "fresh")
    assert "Added 2" in fresh.ok("import", str(path)).output
    fields = [*CSV_COLUMNS]
    mine = [{k: r[k] for k in fields} for r in _export_json(invoke)]
    theirs = [{k: r[k] for k in fields} for r in _export_json(fresh)]
    assert theirs == mine


def test_export_to_a_name_ending_in_a_slash_is_refused(invoke: Any, tmp_path: Path) -> None:
    invoke.ok("add", "Acme", "Dev")
    result = invoke.fails("export", "-o", f"{tmp_path}/new/")
    assert "is a directory; give a file name" in result.output
    assert not (tmp_path / "new").exists()


# -- what a new user ran into -----------------------------------------------------------


def test_a_json_export_given_to_import_is_named_as_such(invoke: Any, tmp_path: Path) -> None:
    invoke.ok("add", "Acme", "Dev")
    path = tmp_path / "apps.json"
    invoke.ok("export", "--format", "json", "-o", str(path))
    failed = invoke.fails("import", str(path))
    assert "looks like JSON, but import reads CSV" in failed.output
    assert "followup export -o applications.csv" in failed.output


def test_a_file_with_only_the_header_says_there_was_nothing(invoke: Any, tmp_path: Path) -> None:
    result = invoke.ok("import", _write(tmp_path, "empty.csv", HEADER + "\n"))
    assert "Nothing to import: the file has no rows below its header line." in result.output


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("Acme\x00", "company contains a control character (U+0000)"),
        ("Acme\x1b[31m", "company contains a control character (U+001B)"),
        ('"Acme\nAS"', "company contains a line break"),
    ],
)
def test_control_characters_in_a_cell_are_refused(cell: str, expected: str) -> None:
    assert expected in _error(f"company,role\n{cell},Dev\n")


def test_a_date_far_outside_a_working_life_is_refused() -> None:
    assert "applied_on '0001-01-01' is in the year 1" in _error(
        "company,role,applied_on\nAcme,Dev,0001-01-01\n"
    )


def test_notes_may_run_over_several_lines() -> None:
    plan = _read('company,role,notes\nAcme,Dev,"one\ntwo"\n')
    assert plan.rows[0].fields["notes"] == "one\ntwo"
