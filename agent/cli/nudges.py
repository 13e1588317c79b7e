"""Commands about nudges: what is due, what is coming, and the person's answer to each one."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

import click

from agent import agenda as listing
from agent import nudges as lifecycle
from agent.agenda import NudgeView
from agent.calendars import build_calendar_file
from agent.cli.render import json_text, print_agenda, print_table
from agent.cli.runtime import Runtime, pass_runtime
from agent.dates import parse_date
from agent.digest import KIND_WORDS
from agent.errors import UsageError
from agent.escape import for_terminal, one_line
from agent.export import save_export
from agent.fields import check_year, read_moment
from agent.models import Application, NudgeKind, NudgeState
from agent.nudges import calendar, plan
from agent.policy import describe_day
from agent.workdays import WorkCalendar

KIND_CHOICE = click.Choice([k.value for k in NudgeKind])
OUTCOMES = ("internal-hire", "no-hire", "other")
nudge_argument = click.argument("number", type=click.IntRange(min=1), metavar="N")


def _label(app: Application) -> str:
    return f"{one_line(app.company, 30)} – {one_line(app.role, 30)}"


def _when(moment: datetime, cal: WorkCalendar) -> str:
    return f"{describe_day(moment, cal)} {cal.local(moment):%H:%M}"


def _print_views(views: list[NudgeView], cal: WorkCalendar) -> None:
    rows = [["ID", "DUE", "WHAT", "APPLICATION", "STATE", "WHY"]]
    for v in views:
        rows.append(
            [
                str(v.id) if v.id is not None else "-",
                _when(v.snoozed_until or v.due, cal),
                KIND_WORDS[v.kind],
                _label(v.application),
                str(v.state),
                one_line(v.reason, 90),
            ]
        )
    print_table(rows, shrink=(5, 3))


@click.command()
@click.option("--all", "show_all", is_flag=True, help="Every nudge: later ones, done, dismissed.")
@click.option("--at", "at", metavar="DATETIME", help="What would be due then (nothing is written).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@pass_runtime
def nudges(runtime: Runtime, show_all: bool, at: str | None, as_json: bool) -> None:
    """Show the follow-ups due now: what to do, for which application, and why.

    With --at, shows what would be due at that moment without changing anything.

    \b
    Example:
      followup nudges
      followup nudges --at "2026-05-11 09:00" --json
    """
    store, config, now = runtime.store, runtime.config, runtime.now()
    cal = calendar(config)
    if at:
        moment = read_moment(at, now, runtime.tz, "--at")
        views = listing.preview_views(store, config, moment, include_all=show_all)
    else:
        plan(store, config, now)
        views = listing.stored_views(store, include_all=show_all, at=now)
    if as_json:
        click.echo(json_text([v.as_json(cal) for v in views]))
    elif views:
        _print_views(views, cal)
    else:
        click.echo("Nothing due. `followup agenda` shows what is coming.")


@click.command()
@click.option(
    "--days",
    type=click.IntRange(1, 365),
    default=14,
    show_default=True,
    help="How many days ahead to look.",
)
@click.option(
    "--ics",
    "ics",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write interviews and these follow-ups to FILE as iCalendar.",
)
@pass_runtime
def agenda(runtime: Runtime, days: int, ics: Path | None) -> None:
    """Show what is coming: interviews, follow-ups and planned contacts in the next days.

    Planned contacts are the dates set with `followup next`.

    \b
    Example:
      followup agenda --days 7
      followup agenda --ics ~/followup.ics
    """
    store, config, now = runtime.store, runtime.config, runtime.now()
    cal = calendar(config)
    plan(store, config, now)
    views = listing.agenda(store, config, now, days)
    apps = {a.id: a for a in store.applications()}
    interviews = [i for a in apps.values() for i in store.interviews(a.id)]
    end = now + timedelta(days=days)
    ahead = [i for i in interviews if now <= i.at <= end]
    items = [(i.at, f"interview: {_label(apps[i.application_id])}") for i in ahead]
    items += [
        (
            v.snoozed_until or v.due,
            f"#{v.id} {KIND_WORDS[v.kind]}: {_label(v.application)}",
        )
        for v in views
    ]
    planned = [
        (cal.working_start(a.next_contact_on), a)
        for a in apps.values()
        if a.is_open and a.next_contact_on and now.date() <= a.next_contact_on <= end.date()
    ]
    items += [(moment, f"planned contact: {_label(a)}") for moment, a in planned]
    items.sort(key=lambda item: item[0])
    if not items:
        click.echo(f"Nothing planned in the next {days} days.")
    print_agenda([(_when(moment, cal), text) for moment, text in items])
    if ics is not None:
        followups = [
            (
                f"{v.id}",
                v.snoozed_until or v.due,
                f"{KIND_WORDS[v.kind].capitalize()}: {_label(v.application)}",
                v.reason,
            )
            for v in views
        ]
        followups += [
            (f"planned:{a.id}:{a.next_contact_on}", moment, f"Planned contact: {_label(a)}", "")
            for moment, a in planned
        ]
        data = build_calendar_file(interviews, followups, apps, now)
        path = save_export(ics, data, replace=True, example="followup.ics")
        click.echo(
            f"Wrote {len(interviews)} interview(s) and {len(followups)} follow-up(s) to {path} "
            "(readable by you only)."
        )


def _describe(runtime: Runtime, number: int) -> str:
    nudge = runtime.store.nudge(number)
    app = runtime.store.application(nudge.application_id)
    return f"#{nudge.id} {KIND_WORDS[nudge.kind]} for {_label(app)}"


def _next_for(runtime: Runtime, app_id: int, now: datetime) -> None:
    """After an answer, say what comes next for that application."""
    cal = calendar(runtime.config)
    plan(runtime.store, runtime.config, now)
    upcoming = [
        n for n in runtime.store.nudges(app_id=app_id, states={NudgeState.PENDING}) if n.due >= now
    ]
    if upcoming:
        n = upcoming[0]
        click.echo(f"Next: {KIND_WORDS[n.kind]} on {_when(n.due, cal)} (#{n.id}).")


@click.command()
@nudge_argument
@pass_runtime
def done(runtime: Runtime, number: int) -> None:
    """Mark nudge N done: you followed up (a follow-up marked done counts as sent).

    \b
    Example:
      followup done 12
    """
    now = runtime.now()
    nudge = lifecycle.mark_done(runtime.store, number, now)
    click.echo(f"Done: {_describe(runtime, number)}.")
    app = runtime.store.application(nudge.application_id)
    if nudge.kind is NudgeKind.FEEDBACK_REQUEST:
        click.echo(f"Now note what you learned: followup reflect {app.key or app.id}")
    _next_for(runtime, app.id, now)


@click.command()
@nudge_argument
@click.argument("until", metavar="UNTIL")
@pass_runtime
def snooze(runtime: Runtime, number: int, until: str) -> None:
    """Put nudge N off until UNTIL; it comes back then (within working hours).

    A bare date means the start of working hours that day.

    \b
    Example:
      followup snooze 12 tomorrow
      followup snooze 12 "2026-05-20 13:00"
    """
    now = runtime.now()
    cal = calendar(runtime.config)
    try:
        day = parse_date(until, cal.local(now).date())
    except (UsageError, OverflowError):
        moment = read_moment(until, now, runtime.tz, "UNTIL")
    else:
        check_year("UNTIL", until, day)
        moment = cal.working_start(day)
    nudge = lifecycle.snooze(runtime.store, runtime.config, number, moment, now)
    assert nudge.snoozed_until is not None
    click.echo(f"Snoozed {_describe(runtime, number)} until {_when(nudge.snoozed_until, cal)}.")


@click.command()
@nudge_argument
@pass_runtime
def dismiss(runtime: Runtime, number: int) -> None:
    """Dismiss nudge N: not needed, and it will not come back.

    \b
    Example:
      followup dismiss 12
    """
    now = runtime.now()
    nudge = lifecycle.dismiss(runtime.store, number, now)
    click.echo(f"Dismissed {_describe(runtime, number)}.")
    _next_for(runtime, nudge.application_id, now)


@click.command()
@click.argument("ref", metavar="ID")
@click.argument("kind", type=KIND_CHOICE, required=False, metavar="[KIND]")
@click.option("--language", type=click.Choice(["en", "no"]), help="Override the language.")
@pass_runtime
def draft(runtime: Runtime, ref: str, kind: str | None, language: str | None) -> None:
    """Print a draft message for application ID (default: for its open nudge).

    KIND is one of: status_check, thank_you, interview_followup, final_message,
    feedback_request, answer_request.

    Templates can be overridden: copy one to the templates directory of your config
    (e.g. ~/.config/followup/templates/en/status_check.txt.j2) and edit it.

    \b
    Example:
      followup draft 3
      followup draft 3 thank_you --language no
    """
    store, config, now = runtime.store, runtime.config, runtime.now()
    app = store.find_application(ref)
    if kind is None:
        open_ones = store.nudges(
            app_id=app.id, states={NudgeState.PENDING, NudgeState.DELIVERED, NudgeState.SNOOZED}
        )
        chosen = open_ones[0].kind if open_ones else NudgeKind.STATUS_CHECK
    else:
        chosen = NudgeKind(kind)
    if language:
        config = config.model_copy(
            update={"policy": config.policy.model_copy(update={"language": language})}
        )
        app = replace(app, language=language)
    text = lifecycle.make_draft(store, config, app, chosen, now)
    click.echo(f"Subject: {one_line(text.subject)}\n")
    click.echo(for_terminal(text.body), nl=False)


@click.command()
@click.argument("ref", metavar="ID")
@click.option("--missing", metavar="TEXT", help="What was missing for this job.")
@click.option("--strengths", metavar="TEXT", help="What went well: your strengths here.")
@click.option("--weaknesses", metavar="TEXT", help="What to do better next time.")
@click.option(
    "--outcome",
    type=click.Choice(OUTCOMES),
    help="What they did: hired internally, hired nobody, other.",
)
@pass_runtime
def reflect(
    runtime: Runtime,
    ref: str,
    missing: str | None,
    strengths: str | None,
    weaknesses: str | None,
    outcome: str | None,
) -> None:
    """Note what you learned from an application that ended.

    Asks for each answer you do not give as an option; an empty answer is left out.

    \b
    Example:
      followup reflect 3
      followup reflect 3 --missing "Kubernetes in production" --outcome other \\
          --strengths "system design" --weaknesses "too little on testing"
    """
    store, now = runtime.store, runtime.now()
    app = store.find_application(ref)
    click.echo(f"Reflection for {_label(app)}")
    answers = {
        "missing": missing
        if missing is not None
        else click.prompt("What was missing", default="", show_default=False),
        "strengths": strengths
        if strengths is not None
        else click.prompt("Your strengths here", default="", show_default=False),
        "weaknesses": weaknesses
        if weaknesses is not None
        else click.prompt("What to do better", default="", show_default=False),
        "outcome": outcome
        if outcome is not None
        else click.prompt("What did they do", type=click.Choice(OUTCOMES), default="other"),
    }
    store.save_reflection(app.id, {k: (v.strip() or None) for k, v in answers.items()}, now)
    click.echo(f"Saved with application {app.key or app.id}.")


COMMANDS = (nudges, agenda, done, snooze, dismiss, draft, reflect)
