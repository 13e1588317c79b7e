"""Plain text for the terminal; every value from the store passes through the terminal escaper.

Store text may come from mail (names, subjects, summaries), so nothing here prints a value
without `one_line` or `for_terminal`.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

import click

from agent.csvio import RowOutcome
from agent.escape import for_terminal, one_line
from agent.models import Application, Case
from agent.summary import Summary

#: A column squeezed to fit the terminal keeps at least this many characters.
MIN_SHRUNK_WIDTH = 10


def terminal_width() -> int | None:
    """The terminal's width when output goes to one; None for a pipe or a file (no limit)."""
    if not sys.stdout.isatty():
        return None
    return shutil.get_terminal_size().columns


def print_table(
    rows: Sequence[Sequence[str]],
    indent: str = "",
    *,
    width: int | None = None,
    shrink: int | Sequence[int] = -1,
) -> None:
    """Print rows (the first is the header) in aligned columns.

    On a terminal (or with `width`) a table wider than it has the columns in `shrink` (the
    last by default) cut short with an ellipsis, in that order, so each row stays on one
    line; output to a pipe keeps every character. `shrink` is one column index or several.
    """
    cells = [[one_line(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    limit = width if width is not None else terminal_width()
    excess = len(indent) + sum(widths) + 2 * (len(widths) - 1) - (limit or 0)
    order = (shrink,) if isinstance(shrink, int) else shrink
    for column in (c % len(widths) for c in order):
        if limit is None or excess <= 0 or widths[column] <= MIN_SHRUNK_WIDTH:
            continue
        cut = min(excess, widths[column] - MIN_SHRUNK_WIDTH)
        widths[column] -= cut
        excess -= cut
        for row in cells:
            row[column] = one_line(row[column], widths[column])
    for n, row in enumerate(cells):
        line = indent + "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        click.echo(click.style(line, bold=True) if n == 0 else line)


def title(app: Application) -> str:
    """An application as the commands name it: `3 (Acme – Backend developer)`."""
    return f"{app.id} ({one_line(app.company, 40)} – {one_line(app.role, 40)})"


def warn_too_many(active: int, limit: int) -> None:
    """The warning of DESIGN.md: with too many open applications, follow-up gets sloppy."""
    if active > limit:
        click.secho(
            f"Warning: {active} active applications, more than your limit of {limit} "
            "(policy.max_active_applications). With too many open, follow-up gets sloppy: "
            "consider closing the ones you care least about (followup close ID --reason ...).",
            fg="yellow",
            err=True,
        )


def application_rows(summaries: Sequence[Summary]) -> list[list[str]]:
    rows = [["ID", "COMPANY", "ROLE", "STATUS", "LAST CONTACT", "NEXT", "UNANSWERED", "PRIO"]]
    for s in summaries:
        app = s.application
        rows.append(
            [
                str(app.id),
                one_line(app.company, 24),
                one_line(app.role, 30),
                str(app.status),
                s.last_contact.date().isoformat() if s.last_contact else "-",
                s.next_contact.isoformat() if s.next_contact else "-",
                str(s.unanswered),
                str(app.priority) if app.priority else "-",
            ]
        )
    return rows


def moment(text: str | None, tz: tzinfo) -> str:
    """A stored ISO moment as the user reads it: their zone, to the minute."""
    if not text:
        return "-"
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return one_line(text)
    if value.tzinfo is not None:
        value = value.astimezone(tz)
    return value.strftime("%Y-%m-%d %H:%M")


def _value(value: Any) -> str:
    return "-" if value is None or value == "" else one_line(str(value))


def print_timeline(record: Mapping[str, Any], tz: tzinfo) -> None:
    """`show`: the application's facts, then each part of its history as a small table."""
    r = record
    click.secho(f"{r['id']}  {one_line(r['company'])} – {one_line(r['role'])}", bold=True)
    status = str(r["status"]) + (" (set by hand)" if r["status_manual"] else "")
    if r["close_reason"]:
        status += f", closed: {_value(r['close_reason'])}"
        if r["close_note"]:
            status += f" – {one_line(r['close_note'])}"
    facts = [
        ("status", status),
        ("key", _value(r["key"])),
        ("priority", _value(r["priority"])),
        ("applied", _value(r["applied_on"])),
        ("source", _value(r["source"])),
        ("url", _value(r["url"])),
        ("domain", _value(r["company_domain"])),
        ("job ref", _value(r["job_ref"])),
        ("language", _value(r["language"])),
        ("last contact", moment(r["last_contact"], tz)),
        ("next contact", _value(r["next_contact_on"])),
        ("unanswered", str(r["unanswered_followups"])),
    ]
    for label, value in facts:
        click.echo(f"  {label + ':':<14}{value}")
    if r["notes"]:
        click.echo(f"  {'notes:':<14}" + for_terminal(r["notes"]).replace("\n", "\n" + " " * 16))
    _section(
        "Contacts",
        ["NAME", "EMAIL"],
        [[_value(c["name"]), _value(c["email"])] for c in r["contacts"]],
    )
    _section(
        "Contact log",
        ["WHEN", "DIR", "CHANNEL", "WHO", "WHAT"],
        [
            [
                moment(e["at"], tz),
                e["direction"],
                e["channel"],
                _value(e["who"]),
                one_line(e["summary"], 60),
            ]
            for e in r["events"]
        ],
    )
    _section(
        "Interviews",
        ["WHEN", "KIND", "WITH", "WHERE"],
        [
            [moment(i["at"], tz), _value(i["kind"]), _value(i["with"]), _value(i["location"])]
            for i in r["interviews"]
        ],
    )
    _section(
        "Cases to bring up",
        ["N", "CASE", "DONE"],
        [[str(c["id"]), one_line(c["text"], 70), moment(c["done_at"], tz)] for c in r["cases"]],
    )
    _section(
        "Messages",
        ["DATE", "FROM", "SUBJECT", "CATEGORY", "DECISION"],
        [
            [
                moment(m["date"], tz),
                one_line(m["sender"], 30),
                one_line(m["subject"], 50),
                _value(m["category"]),
                _value(m["decision"]),
            ]
            for m in r["messages"]
        ],
    )
    _section(
        "Nudges",
        ["DUE", "KIND", "STATE", "WHY"],
        [
            [moment(n["due"], tz), _value(n["kind"]), _value(n["state"]), one_line(n["reason"], 60)]
            for n in r["nudges"]
        ],
    )


def _section(title: str, header: list[str], rows: list[list[str]]) -> None:
    click.echo()
    click.secho(title, bold=True, underline=True)
    if rows:
        print_table([header, *rows], indent="  ")
    else:
        click.echo("  (none)")


def print_agenda(items: Sequence[tuple[str, str]]) -> None:
    """(when, what) lines with the `what` column aligned."""
    width = max((len(when) for when, _ in items), default=0)
    for when, what in items:
        click.echo(f"{when:<{width}}  {one_line(what)}")


def print_cases(cases: Sequence[Case], tz: tzinfo) -> None:
    if not cases:
        click.echo("No cases yet. Add the question to bring up next time: followup case ID TEXT")
        return
    for case in cases:
        done = f"  (done {case.done_at.astimezone(tz):%Y-%m-%d})" if case.done_at else ""
        click.echo(f"  {case.id}. {one_line(case.text)}{done}")


def print_import(outcomes: Sequence[RowOutcome], warnings: Sequence[str]) -> None:
    """What an import did, row by row, then the counts."""
    for warning in warnings:
        click.secho(f"Warning: {one_line(warning)}", fg="yellow", err=True)
    for o in outcomes:
        what = f"{o.application_id:>4}  {one_line(o.company)} – {one_line(o.role)} (line {o.line})"
        if o.action == "updated":
            what += ": " + ", ".join(o.changed)
        elif o.action == "skipped":
            what += ": already up to date"
        click.echo(f"  {o.action:<8}{what}")
    if not outcomes:
        click.echo("Nothing to import: the file has no rows below its header line.")
        return
    counts = {a: sum(1 for o in outcomes if o.action == a) for a in ("added", "updated", "skipped")}
    click.echo(
        f"Added {counts['added']}, updated {counts['updated']}, skipped {counts['skipped']} "
        "(unchanged)."
    )


#: Characters that are valid inside JSON strings but that a terminal would act on.
_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(value: Any) -> str:
    """JSON with readable letters but every control and bidi character written as \\uXXXX.

    `json.dumps` already escapes C0 controls; escaping the rest keeps the data exact while a
    hostile subject line cannot drive the terminal.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text)
