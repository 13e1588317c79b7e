"""Commands that read and correct the person's list of applications."""

from __future__ import annotations

import json
from email.utils import parseaddr

import click

from agent.cli.render import application_rows, print_table
from agent.cli.runtime import Runtime, pass_runtime
from agent.dates import parse_date
from agent.errors import UsageError
from agent.models import Status
from agent.summary import summarise

STATUS_CHOICE = click.Choice([s.value for s in Status])


def parse_contact(text: str) -> tuple[str | None, str | None]:
    """Read `Name <email>`, a bare address or a bare name."""
    name, address = parseaddr(text)
    if address and "@" in address:
        return (name or None), address.lower()
    if "@" in text or "<" in text:
        raise UsageError(f'cannot read {text!r} as a contact; use "Name <name@example.com>"')
    return text.strip() or None, None


def warn_if_too_many(runtime: Runtime) -> None:
    limit = runtime.config.policy.max_active_applications
    active = runtime.store.count_active()
    if active > limit:
        click.secho(
            f"Warning: {active} active applications, more than your limit of {limit} "
            "(policy.max_active_applications). With too many open, follow-up gets sloppy: "
            "consider closing the ones you care least about.",
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
    applied_on = parse_date(applied, now.date()) if applied else None
    if applied_on is None and status != Status.WISHLIST:
        applied_on = now.date()
    app = runtime.store.add_application(
        company=company.strip(),
        role=role.strip(),
        status=Status(status),
        now=now,
        contacts=[parse_contact(c) for c in contacts],
        applied_on=applied_on,
        source=source,
        url=url,
        priority=priority,
        company_domain=domain.lower().strip() if domain else None,
        job_ref=ref,
        key=key,
    )
    click.echo(f"Added {app.id}: {app.company} – {app.role} ({app.status})")
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
        click.echo(json.dumps([s.as_json() for s in summaries], indent=2, ensure_ascii=False))
        return
    if not summaries:
        click.echo("No applications yet. Add one with: followup add COMPANY ROLE")
        return
    print_table(application_rows(summaries))


COMMANDS = (add, list_)
