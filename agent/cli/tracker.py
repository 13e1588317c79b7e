"""Commands that read and correct the person's list of applications."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from agent.cli.render import (
    application_rows,
    json_text,
    print_table,
    print_timeline,
    title,
    warn_too_many,
)
from agent.cli.runtime import Runtime, pass_runtime
from agent.errors import UsageError
from agent.export import timeline_record
from agent.fields import read_contact, read_field
from agent.models import CloseReason, Status
from agent.store import EDITABLE_FIELDS
from agent.summary import summarise

STATUS_CHOICE = click.Choice([s.value for s in Status])
app_argument = click.argument("ref", metavar="ID")


def warn_if_too_many(runtime: Runtime) -> None:
    warn_too_many(runtime.store.count_active(), runtime.config.policy.max_active_applications)


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
@click.option(
    "--status",
    type=STATUS_CHOICE,
    default="applied",
    show_default=True,
    help="Where it stands; wishlist for a job you have not applied for yet.",
)
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
    labels = {"company": "COMPANY", "role": "ROLE"}
    fields = {
        k: read_field(k, v, now.date(), labels.get(k) or option_name(k))
        for k, v in given.items()
        if v is not None
    }
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
        click.echo(_nothing_listed(runtime, status))
        return
    print_table(application_rows(summaries), shrink=(2, 1))


def _nothing_listed(runtime: Runtime, status: str | None) -> str:
    """Why `list` shows nothing, and what to do about it."""
    if not runtime.store.applications():
        return "No applications yet. Add one with: followup add COMPANY ROLE"
    if status:
        return f"No application has status {status}; `followup list --all` shows them all."
    return "No open applications; `followup list --all` shows the closed ones too."


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
        None
        if day.strip().lower() == "none"
        else read_field("next_contact_on", day, now.date(), "next contact")
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
    why = "" if reason == app.status else f" ({reason})"
    click.echo(f"Closed {title(app)}: status {app.status}{why}.")


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


def option_name(field: str) -> str:
    """The option a person types for an application field, as `add` and `edit` spell it."""
    alias = _EDIT_OPTIONS[field][0] if field in _EDIT_OPTIONS else None
    return alias or f"--{field.replace('_', '-')}"


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
    fields = {
        k: read_field(k, v, now.date(), option_name(k)) for k, v in values.items() if v is not None
    }
    people = [read_contact(c) for c in contacts]
    if not fields and not people:
        raise UsageError("nothing to change; give an option such as --priority 2 (see --help)")
    with store.transaction():
        store.update_application(app.id, fields, now)
        for person in people:
            store.add_contact(app.id, *person, now)
    changed = [option_name(k).removeprefix("--") for k in fields]
    changed += ["contacts"] if people else []
    click.echo(f"Updated {title(store.application(app.id))}: {', '.join(changed)}.")


COMMANDS = (add, list_, show, next_, set_, close, edit)
