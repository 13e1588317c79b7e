"""Commands that read and correct the person's list of applications."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from agent.cli.render import (
    application_rows,
    json_text,
    print_cases,
    print_import,
    print_table,
    print_timeline,
)
from agent.cli.runtime import Runtime, pass_runtime
from agent.csvio import read_import, write_csv
from agent.dates import parse_datetime
from agent.errors import UsageError
from agent.escape import for_terminal, one_line
from agent.export import export_records, save_export, timeline_record
from agent.fields import contact_label, read_contact, read_field
from agent.models import (
    Application,
    CloseReason,
    ContactChannel,
    Direction,
    InterviewKind,
    Status,
)
from agent.progress import advances
from agent.store import EDITABLE_FIELDS
from agent.summary import summarise

STATUS_CHOICE = click.Choice([s.value for s in Status])
app_argument = click.argument("ref", metavar="ID")


def read_moment(runtime: Runtime, text: str, now: datetime) -> datetime:
    """A date-time the person typed, stored aware in their zone."""
    return parse_datetime(text, now, runtime.tz).astimezone(runtime.tz)


def title(app: Application) -> str:
    return f"{app.id} ({one_line(app.company, 40)} – {one_line(app.role, 40)})"


def warn_if_too_many(runtime: Runtime) -> None:
    limit = runtime.config.policy.max_active_applications
    active = runtime.store.count_active()
    if active > limit:
        click.secho(
            f"Warning: {active} active applications, more than your limit of {limit} "
            "(policy.max_active_applications). With too many open, follow-up gets sloppy: "
            "consider closing the ones you care least about (followup close ID --reason ...).",
            fg="yellow",
            err=True,
        )


@click.command()
@click.argument("company")
@click.argument("role")
@click.option(
    "--applied", metavar="DATE", help="Date applied (YYYY-MM-DD, today, -3d...). Default: today."
)
@click.option("--source", metavar="S", help="Where the job was found (a board, a referral...).")
@click.option("--url", metavar="U", help="Link to the job ad.")
@click.option(
    "--priority", type=click.IntRange(1, 99), help="Your own rank: 1 is the job you want most."
)
@click.option(
    "--contact",
    "contacts",
    multiple=True,
    metavar='"Name <email>"',
    help="A person you deal with (repeatable).",
)
@click.option("--domain", metavar="D", help="The company's mail domain, e.g. acme.com.")
@click.option("--ref", metavar="JOBREF", help="The job reference in the ad.")
@click.option("--status", type=STATUS_CHOICE, default="applied", show_default=True)
@click.option("--key", metavar="K", help="Your own identifier for it; usable wherever an ID is.")
@pass_runtime
def add(
    runtime: Runtime,
    company: str,
    role: str,
    applied: str | None,
    source: str | None,
    url: str | None,
    priority: int | None,
    contacts: tuple[str, ...],
    domain: str | None,
    ref: str | None,
    status: str,
    key: str | None,
) -> None:
    """Add an application to the list.

    \b
    Example:
      followup add Acme "Backend developer" --applied 2026-03-02 \\
          --contact "Ann Berg <ann.berg@acme.example>" --domain acme.example --priority 1
    """
    now = runtime.now()
    given = {"company": company, "role": role, "applied_on": applied, "source": source}
    given |= {"url": url, "company_domain": domain, "job_ref": ref, "key": key}
    fields = {k: read_field(k, v, now.date()) for k, v in given.items() if v is not None}
    if "applied_on" not in fields and status != Status.WISHLIST:
        fields["applied_on"] = now.date()
    app = runtime.store.add_application(
        status=Status(status),
        now=now,
        contacts=[read_contact(c) for c in contacts],
        priority=priority,
        **fields,
    )
    click.echo(f"Added {title(app)}, status {app.status}.")
    warn_if_too_many(runtime)


@click.command(name="list")
@click.option("--all", "show_all", is_flag=True, help="Include closed applications.")
@click.option("--status", type=STATUS_CHOICE, help="Only applications with this status.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_runtime
def list_(runtime: Runtime, show_all: bool, status: str | None, as_json: bool) -> None:
    """List applications: active ones first, by your priority.

    \b
    Example:
      followup list
      followup list --all --json
    """
    summaries = summarise(runtime.store, runtime.now())
    if status:
        summaries = [s for s in summaries if s.application.status == status]
    elif not show_all:
        summaries = [s for s in summaries if s.application.is_open]
    if as_json:
        click.echo(json_text([s.as_json() for s in summaries]))
        return
    if not summaries:
        click.echo("No applications to show. Add one with: followup add COMPANY ROLE")
        return
    print_table(application_rows(summaries))


@click.command()
@app_argument
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@pass_runtime
def show(runtime: Runtime, ref: str, as_json: bool) -> None:
    """Show one application and its whole timeline.

    Contacts, contact log, interviews, cases, messages and nudges. ID is the number `list`
    shows, or your --key.

    \b
    Example:
      followup show 3
      followup show acme-backend --json
    """
    record = timeline_record(runtime.store, runtime.store.find_application(ref))
    if as_json:
        click.echo(json_text(record))
    else:
        print_timeline(record, runtime.tz)


@click.command(name="log")
@app_argument
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--channel",
    type=click.Choice([c.value for c in ContactChannel]),
    default="other",
    show_default=True,
)
@click.option(
    "--direction",
    type=click.Choice([d.value for d in Direction]),
    default="in",
    show_default=True,
    help="in: they contacted you or you spoke with them; out: you reached out and await an "
    "answer (counts as a follow-up).",
)
@click.option(
    "--with", "with_", metavar='"Name <email>"', help="Who you talked to (becomes a contact)."
)
@click.option(
    "--at", metavar="DATETIME", help="When (2026-03-02 14:30, yesterday...). Default: now."
)
@pass_runtime
def log_(
    runtime: Runtime,
    ref: str,
    text: tuple[str, ...],
    channel: str,
    direction: str,
    with_: str | None,
    at: str | None,
) -> None:
    """Write a contact-log entry: who you talked to and what was said.

    \b
    Example:
      followup log 3 --channel phone --with "Ann Berg <ann@acme.example>" \\
          "Second round next week; they want a code sample"
      followup log 3 --direction out --channel message "Asked on LinkedIn how it is going"
    """
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    when = read_moment(runtime, at, now) if at else now
    person = read_contact(with_) if with_ else None
    summary = " ".join(text).strip()
    if not summary:
        raise UsageError('say what was said, e.g. followup log 3 "They will call back Friday"')
    with store.transaction():
        if person:
            store.add_contact(app.id, *person, now)
        event = store.add_event(
            app.id,
            at=when,
            direction=Direction(direction),
            channel=ContactChannel(channel),
            summary=summary,
            who=contact_label(*person) if person else None,
            now=now,
        )
    who = f" with {one_line(event.who)}" if event.who else ""
    click.echo(f"Logged for {title(app)}: {event.at:%Y-%m-%d %H:%M}, {direction}, {channel}{who}.")


@click.command()
@app_argument
@click.option("--at", required=True, metavar="DATETIME", help="When: 2026-03-10 14:00, tomorrow...")
@click.option("--with", "with_", metavar="WHO", help='Who you meet; "Name <email>" adds a contact.')
@click.option("--kind", type=click.Choice([k.value for k in InterviewKind]))
@click.option("--location", metavar="WHERE", help="Address or meeting link.")
@pass_runtime
def interview(
    runtime: Runtime,
    ref: str,
    at: str,
    with_: str | None,
    kind: str | None,
    location: str | None,
) -> None:
    """Record an interview.

    An application that has not got that far yet moves on to `interviewing`.

    \b
    Example:
      followup interview 3 --at "2026-03-10 14:00" --kind video --with "Ann Berg <ann@acme.example>"
    """
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    when = read_moment(runtime, at, now)
    person = read_contact(with_) if with_ else None
    with store.transaction():
        if person and person[1]:
            store.add_contact(app.id, *person, now)
        store.add_interview(
            app.id,
            at=when,
            now=now,
            kind=InterviewKind(kind) if kind else None,
            with_who=contact_label(*person) if person else None,
            location=location,
        )
        if advances(app.status, Status.INTERVIEWING):
            store.set_status(app.id, Status.INTERVIEWING, now, manual=False)
    status = store.application(app.id).status
    click.echo(f"Interview for {title(app)} on {when:%Y-%m-%d %H:%M}; status {status}.")


@click.command()
@app_argument
@click.argument("text", nargs=-1)
@click.option("--list", "show_list", is_flag=True, help="List the application's cases.")
@click.option("--done", type=int, metavar="N", help="Mark case N (from --list) as done.")
@pass_runtime
def case(
    runtime: Runtime, ref: str, text: tuple[str, ...], show_list: bool, done: int | None
) -> None:
    """Keep questions to bring up at the next contact.

    Add one (TEXT), list them (--list, also without arguments) or tick one off (--done N).

    \b
    Example:
      followup case 3 "Ask how the team splits on-call work"
      followup case 3 --list
      followup case 3 --done 1
    """
    if sum((bool(text), show_list, done is not None)) > 1:
        raise UsageError("give either TEXT, --list or --done N, one at a time")
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    if done is not None:
        click.echo(f"Done: {one_line(store.complete_case(app.id, done, now).text)}")
    elif text:
        added = store.add_case(app.id, " ".join(text), now)
        click.echo(f"Case {added.id} for {title(app)}: {one_line(added.text)}")
    else:
        print_cases(store.cases(app.id, include_done=True), runtime.tz)


@click.command(name="next", context_settings={"ignore_unknown_options": True})
@app_argument
@click.argument("day", metavar="DATE")
@pass_runtime
def next_(runtime: Runtime, ref: str, day: str) -> None:
    """Plan the date of the next contact (`none` clears it).

    \b
    Example:
      followup next 3 2026-03-16
      followup next 3 +5d
      followup next 3 -2d
    """
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    value = (
        None if day.strip().lower() == "none" else read_field("next_contact_on", day, now.date())
    )
    store.update_application(app.id, {"next_contact_on": value}, now)
    when = f"{value:%A %Y-%m-%d}" if value else "not planned"
    click.echo(f"Next contact for {title(app)}: {when}.")
    if value and value < now.date():
        click.secho("Warning: that date is in the past.", fg="yellow", err=True)


@click.command(name="set")
@app_argument
@click.option("--status", type=STATUS_CHOICE, required=True, help="The status it has now.")
@pass_runtime
def set_(runtime: Runtime, ref: str, status: str) -> None:
    """Set the status by hand.

    What you set by hand wins over what mail suggests.

    \b
    Example:
      followup set 3 --status interviewing
    """
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    store.set_status(app.id, Status(status), now, manual=True)
    click.echo(f"{title(app)}: {app.status} → {status} (set by hand).")


@click.command()
@app_argument
@click.option(
    "--reason",
    type=click.Choice([r.value for r in CloseReason]),
    required=True,
    help="Why it ended; rejected, withdrawn, dropped and accepted are also its status.",
)
@click.option("--note", metavar="TEXT", help="Anything to remember about how it ended.")
@pass_runtime
def close(runtime: Runtime, ref: str, reason: str, note: str | None) -> None:
    """Close an application: no more nudges for it.

    \b
    Example:
      followup close 3 --reason position-cancelled --note "Budget frozen until autumn"
    """
    store, now = runtime.store, runtime.now()
    app = store.close_application(store.find_application(ref).id, CloseReason(reason), now, note)
    click.echo(f"Closed {title(app)}: {app.status} ({reason}).")


#: `edit` options: the field, its extra short spelling (as `add` names it) and help.
_EDIT_OPTIONS: dict[str, tuple[str | None, str]] = {
    "key": (None, "Your own identifier (not only digits)."),
    "company": (None, "Company name."),
    "role": (None, "Job title."),
    "priority": (None, "1 (most wanted) to 99."),
    "source": (None, "Where the job was found."),
    "url": (None, "Link to the job ad."),
    "applied_on": ("--applied", "Date applied."),
    "company_domain": ("--domain", "The company's mail domain."),
    "job_ref": ("--ref", "Job reference in the ad."),
    "notes": (None, "Free notes."),
    "language": (None, "Language for drafts (en, no)."),
    "next_contact_on": ("--next", "Planned date of the next contact."),
}


def edit_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """One `--FIELD VALUE` option per editable field; an empty VALUE clears the field."""
    for name in reversed(EDITABLE_FIELDS):
        alias, help_text = _EDIT_OPTIONS[name]
        names = [f"--{name.replace('_', '-')}", *([alias] if alias else []), name]
        command = click.option(*names, metavar="VALUE", help=help_text)(command)
    return command


@click.command()
@app_argument
@edit_options
@click.option(
    "--contact", "contacts", multiple=True, metavar='"Name <email>"', help="Add a contact."
)
@pass_runtime
def edit(runtime: Runtime, /, ref: str, contacts: tuple[str, ...], **values: str | None) -> None:
    """Change an application's fields.

    An empty value ("") clears a field; --contact adds a person.

    \b
    Example:
      followup edit 3 --priority 2 --url https://acme.example/jobs/42
      followup edit 3 --notes ""
    """
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    fields = {k: read_field(k, v, now.date()) for k, v in values.items() if v is not None}
    people = [read_contact(c) for c in contacts]
    if not fields and not people:
        raise UsageError("nothing to change; give an option such as --priority 2 (see --help)")
    with store.transaction():
        store.update_application(app.id, fields, now)
        for person in people:
            store.add_contact(app.id, *person, now)
    click.echo(
        f"Updated {title(store.application(app.id))}: {', '.join([*fields, *(['contacts'] if people else [])])}."
    )


@click.command(name="import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@pass_runtime
def import_(runtime: Runtime, file: Path) -> None:
    """Import applications from a CSV file.

    Importing the same file again changes nothing.

    Columns (first line): key, company, role, applied_on, status, priority, source, url,
    contact_name, contact_email, company_domain, job_ref, notes. Only company and role are
    required. Rows are matched by key, else by company and role; empty cells leave stored
    values alone. If any row is bad, nothing is imported and every bad line is listed.

    \b
    Example:
      followup import applications.csv
    """
    now = runtime.now()
    try:
        data = file.read_bytes()
    except OSError as err:
        raise UsageError(f"cannot read {file}: {err.strerror or err}") from err
    plan = read_import(data, str(file), now.date())
    print_import(runtime.store.import_rows(plan.rows, now), plan.warnings)
    warn_if_too_many(runtime)


@click.command()
@click.option(
    "--format", "fmt", type=click.Choice(["csv", "json"]), default="csv", show_default=True
)
@click.option(
    "--output",
    "-o",
    type=click.Path(),
    metavar="FILE",
    help="Write to FILE (user-only) instead of stdout.",
)
@click.option("--force", is_flag=True, help="Replace the --output file if it exists.")
@pass_runtime
def export(runtime: Runtime, fmt: str, output: str | None, force: bool) -> None:
    """Export all applications as CSV or JSON.

    CSV has the columns `import` reads; JSON adds the contacts, contact log, interviews
    and cases of each application.

    \b
    Example:
      followup export --output applications.csv
      followup export --format json | jq '.[] | select(.status == "interviewing")'
    """
    records = export_records(runtime.store)
    text = write_csv(records) if fmt == "csv" else json_text(records) + "\n"
    if output is None:
        click.echo(for_terminal(text) if sys.stdout.isatty() else text, nl=False)
        return
    path = save_export(output, text, replace=force)
    click.echo(f"Wrote {len(records)} application(s) to {path} (readable by you only).", err=True)


COMMANDS = (add, list_, show, log_, interview, case, next_, set_, close, edit, import_, export)
