"""Commands that record contact with an employer: the contact log, interviews, and cases
(the questions to bring up next time)."""

from __future__ import annotations

import click

from agent.cli.render import print_cases, title
from agent.cli.runtime import Runtime, pass_runtime
from agent.cli.tracker import app_argument
from agent.errors import UsageError
from agent.escape import one_line
from agent.fields import contact_label, read_contact, read_moment
from agent.models import ContactChannel, Direction, InterviewKind, Status
from agent.progress import advances


@click.command(name="log")
@app_argument
@click.argument("text", nargs=-1, required=True)
@click.option(
    "--channel",
    type=click.Choice([c.value for c in ContactChannel]),
    default="other",
    show_default=True,
    help="How: email, phone, meeting, message (LinkedIn, chat...) or other.",
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
    when = read_moment(at, now, runtime.tz, "--at") if at else now
    person = read_contact(with_) if with_ else None
    summary = " ".join(text).strip()
    if not summary:
        raise UsageError('say what was said, e.g. followup log 3 "They will call back Friday"')
    if when.date() > now.date():
        raise UsageError(
            f"--at {when:%Y-%m-%d %H:%M} is after today: the contact log records contact that "
            "happened. Plan the next contact with `followup next ID DATE`, an interview with "
            "`followup interview ID --at ...`"
        )
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
@click.option("--kind", type=click.Choice([k.value for k in InterviewKind]), help="How you meet.")
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
    when = read_moment(at, now, runtime.tz, "--at")
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
@click.option(
    "--done", type=click.IntRange(min=1), metavar="N", help="Mark case N (from --list) as done."
)
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


COMMANDS = (log_, interview, case)
