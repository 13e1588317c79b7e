"""Commands about what the agent understood from mail: review, explain, eval, demo."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import tzinfo
from pathlib import Path
from typing import Any

import click

from agent import review as reviews
from agent.cli.render import application_rows, moment, print_table, title
from agent.cli.runtime import Runtime, pass_runtime
from agent.config import MatchingConfig
from agent.demo import run_demo
from agent.escape import for_terminal, one_line
from agent.evaluate import Metrics, Row, evaluate
from agent.models import Application, Event
from agent.store import Store
from agent.store.messages import MessageRecord
from agent.summary import summarise

_UNSAFE_IN_JSON = re.compile(r"[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_line(value: Any) -> str:
    """One line of JSON; characters a terminal would act on are written as \\uXXXX."""
    text = json.dumps(value, ensure_ascii=False)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def _when(record: MessageRecord, tz: tzinfo) -> str:
    return moment(record.date.isoformat() if record.date else None, tz)


def _sender(record: MessageRecord) -> str:
    who = record.details.get("who") if record.outbound else None
    if who:
        return f"to {one_line(str(who), 60)}"
    if record.sender_name and record.sender:
        return one_line(f"{record.sender_name} <{record.sender}>", 60)
    return one_line(record.sender or "-", 60)


def print_review_items(items: Sequence[MessageRecord], store: Store, tz: tzinfo) -> None:
    """Each waiting message as a small block: when, who, what, why, and where it may belong."""
    apps = {app.id: app for app in store.applications()}
    for item in items:
        click.secho(f"[{item.id}] {_when(item, tz)}  {_sender(item)}", bold=True)
        click.echo(f"    {one_line(item.subject or '(no subject)', 90)}")
        if item.summary:
            click.echo(f"    “{one_line(item.summary, 100)}”")
        why = [r.removeprefix("match: ") for r in item.evidence if r.startswith("match: ")]
        confidence = f"{item.confidence:.2f}" if item.confidence is not None else "-"
        click.echo(
            f"    {one_line(item.category or '-')} · confidence {confidence}"
            + (f" · {one_line(why[-1], 70)}" if why else "")
        )
        fits = [title(apps[i]) for i in item.candidates if i in apps]
        click.echo(f"    may belong to: {'; '.join(fits) if fits else 'no tracked application'}")
        click.echo()


@click.group(invoke_without_command=True)
@click.pass_context
def review(ctx: click.Context) -> None:
    """List the messages waiting for your decision, or settle one.

    A message goes to review when the evidence does not single out one application (two
    roles at one company, a recruiter writing from a private address) or when its meaning is
    unclear. Nothing was changed for it yet.

    \b
    Example:
      followup review                  list what waits, with numbers
      followup review accept 7         message 7 belongs to its best candidate
      followup review assign 7 3       message 7 belongs to application 3 (or a --key)
      followup review dismiss 7        message 7 is not about any job
    """
    if ctx.invoked_subcommand is not None:
        return
    runtime: Runtime = ctx.obj
    items = runtime.store.review_items()
    if not items:
        click.echo("Nothing waits for review.")
        return
    click.echo(f"{len(items)} message(s) wait for your decision:\n")
    print_review_items(items, runtime.store, runtime.tz)
    click.echo(
        "Settle one with: followup review accept N | followup review assign N APPLICATION | "
        "followup review dismiss N"
    )


def _report(settled: reviews.Settled) -> None:
    item, app = settled.item, settled.application
    if app is None:
        click.echo(f"Message {item.id} marked not job-related; nothing changed.")
        return
    line = f"Message {item.id} logged on {title(app)} as {one_line(item.category or '-')}"
    if settled.status_after:
        line += f"; status now {settled.status_after}"
    click.echo(line + ".")
    if settled.new_contact:
        click.echo(f"{one_line(settled.new_contact)} is now a contact of application {app.id}.")
    for follower in settled.thread:
        line = f"Message {follower.item.id} of the same thread logged there too, as "
        line += one_line(follower.item.category or "-")
        if follower.status_after:
            line += f"; status now {follower.status_after}"
        click.echo(line + ".")


@review.command()
@click.argument("item", type=int, metavar="N")
@pass_runtime
def accept(runtime: Runtime, item: int) -> None:
    """Accept the suggested application for review item N.

    \b
    Example:
      followup review accept 7
    """
    _report(reviews.accept(runtime.store, item, runtime.now()))


@review.command()
@click.argument("item", type=int, metavar="N")
@click.argument("application", metavar="APPLICATION")
@pass_runtime
def assign(runtime: Runtime, item: int, application: str) -> None:
    """Tie review item N to another application (its number or --key).

    \b
    Example:
      followup review assign 7 saga-analyst
    """
    _report(reviews.accept(runtime.store, item, runtime.now(), application))


@review.command()
@click.argument("item", type=int, metavar="N")
@pass_runtime
def dismiss(runtime: Runtime, item: int) -> None:
    """Mark review item N as not job-related.

    \b
    Example:
      followup review dismiss 7
    """
    _report(reviews.dismiss(runtime.store, item, runtime.now()))


@click.command()
@click.argument("message_id", metavar="MESSAGE_ID")
@pass_runtime
def explain(runtime: Runtime, message_id: str) -> None:
    """Show why a message was decided as it was: category, application, evidence.

    MESSAGE_ID is the message's Message-ID (with or without <>), or the number `review`
    shows.

    \b
    Example:
      followup explain '<20260303.1234@mail.acme.example>'
    """
    record = runtime.store.message_record(message_id)
    store, tz = runtime.store, runtime.tz
    click.secho(f"{one_line(record.message_id or record.message_key)}", bold=True)
    facts = [
        ("date", _when(record, tz)),
        ("from", _sender(record)),
        ("subject", one_line(record.subject or "-", 90)),
        ("folder", one_line(f"{record.source}/{record.folder}")),
        ("decision", record.decision),
        ("category", one_line(record.category or "-")),
    ]
    category_confidence = record.details.get("category_confidence")
    if category_confidence is not None:
        facts[-1] = ("category", f"{one_line(record.category or '-')} ({category_confidence:.2f})")
    if record.application_id is not None:
        facts.append(("application", title(store.application(record.application_id))))
    if record.confidence is not None:
        facts.append(("confidence", f"{record.confidence:.2f}"))
    if record.review_state:
        facts.append(("review", record.review_state))
    if record.candidates:
        known = {a.id: a for a in store.applications()}
        facts.append(
            ("candidates", "; ".join(title(known[i]) for i in record.candidates if i in known))
        )
    if record.summary:
        facts.append(("summary", one_line(record.summary, 100)))
    if record.error:
        facts.append(("error", one_line(record.error, 100)))
    for label, value in facts:
        click.echo(f"  {label + ':':<13}{value}")
    for heading, prefix in (
        ("Why this application", "match: "),
        ("Why this category", "category: "),
    ):
        lines = [r.removeprefix(prefix) for r in record.evidence if r.startswith(prefix)]
        if lines:
            click.echo()
            click.secho(heading, bold=True)
            for line in lines:
                click.echo(f"  - {one_line(line, 110)}")
    other = [r for r in record.evidence if not r.startswith(("match: ", "category: "))]
    for line in other:
        click.echo(f"  - {one_line(line, 110)}")


def print_metrics(metrics: Metrics) -> None:
    rows = [["CATEGORY", "PRECISION", "RECALL", "F1", "SUPPORT"]]
    for name, score in metrics.per_category.items():
        rows.append(
            [
                name,
                f"{score.precision:.3f}",
                f"{score.recall:.3f}",
                f"{score.f1:.3f}",
                str(score.support),
            ]
        )
    print_table(rows)
    click.echo()
    click.echo(f"macro-F1:                      {metrics.macro_f1:.3f}")
    click.echo(
        f"job-related on the right app:  {metrics.right_application:.1%} of {metrics.job_related}"
    )
    click.echo(f"confident wrong application:   {metrics.confident_wrong}")
    click.echo(f"status after, as labelled:     {metrics.status_accuracy:.1%}")
    click.echo(f"sent to review:                {metrics.reviews}")
    if metrics.unlabelled:
        click.echo(f"without a label:               {len(metrics.unlabelled)}")
    if metrics.missing:
        click.echo(f"labels without a message:      {len(metrics.missing)}")
    if metrics.mistakes:
        click.echo()
        click.secho("Differences from the labels", bold=True)
        for line in metrics.mistakes:
            click.echo(f"  {one_line(line)}")


def print_rows(rows: Sequence[Row]) -> None:
    table = [["FILE", "CATEGORY", "APPLICATION", "STATUS AFTER", "CONF", "REVIEW"]]
    for row in rows:
        table.append(
            [
                row.file,
                row.category or "-",
                row.application_key or "-",
                row.status_after or "-",
                f"{row.confidence:.2f}" if row.confidence is not None else "-",
                "yes" if row.review else "",
            ]
        )
    print_table(table, shrink=0)


@click.command(name="eval")
@click.argument("corpus", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--json", "as_json", is_flag=True, help="One JSON object per message (and a summary)."
)
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    help="Review threshold to use instead of matching.review_threshold.",
)
@pass_runtime
def eval_(runtime: Runtime, corpus: Path, as_json: bool, threshold: float | None) -> None:
    """Run a mail corpus through the pipeline on a fresh temporary database and measure it.

    CORPUS holds applications.csv, INBOX/*.eml, Sent/*.eml and optionally labels.csv
    (message_id,application_key,category,status_after). Messages are processed in Date order
    exactly as the daemon would process them. Your own database is not touched.

    \b
    Example:
      followup eval tests/corpus
      followup eval tests/corpus --json | jq -c 'select(.review)'
    """
    settings: MatchingConfig = runtime.config.matching
    if threshold is not None:
        settings = settings.model_copy(update={"review_threshold": threshold})
    rows, metrics = evaluate(corpus, settings)
    if as_json:
        for row in rows:
            click.echo(json_line(row.as_json()))
        if metrics is not None:
            click.echo(json_line({"summary": metrics.as_json()}))
        return
    print_rows(rows)
    if metrics is not None:
        click.echo()
        print_metrics(metrics)


def print_contact_log(app: Application, events: Sequence[Event], tz: tzinfo) -> None:
    rows = [["WHEN", "DIR", "WHO", "CATEGORY", "WHAT"]]
    for event in events:
        rows.append(
            [
                moment(event.at.isoformat(), tz),
                str(event.direction),
                one_line(event.who or "-", 32),
                str(event.category or "-"),
                one_line(event.summary, 70),
            ]
        )
    click.secho(f"Contact log of {title(app)}", bold=True, underline=True)
    print_table(rows)


@click.command()
@pass_runtime
def demo(runtime: Runtime) -> None:
    """See followup at work on built-in sample data (your own data is not touched).

    Eight invented applications and three weeks of invented mail (INBOX and Sent) go through
    the same pipeline the daemon runs, into a temporary database. Shown: the resulting list,
    one application's contact log and what went to review.

    \b
    Example:
      followup demo
    """
    tz = runtime.tz
    with run_demo(runtime.config.matching) as run:
        decisions: dict[str, int] = {}
        for _item, outcome in run.outcomes:
            decisions[str(outcome.decision)] = decisions.get(str(outcome.decision), 0) + 1
        counted = ", ".join(f"{n} {name}" for name, n in sorted(decisions.items()))
        click.echo(f"Read {len(run.outcomes)} sample messages: {counted}.\n")
        click.secho("Your applications", bold=True, underline=True)
        print_table(application_rows(summarise(run.store, run.now)))
        click.echo()
        app, events = run.busiest()
        print_contact_log(app, events, tz)
        click.echo()
        items = run.reviews
        click.secho(f"Waiting for review ({len(items)})", bold=True, underline=True)
        if items:
            print_review_items(items, run.store, tz)
        else:
            click.echo("Nothing waits for review.")
    click.echo(
        for_terminal(
            "Next: copy config.example.yaml to ~/.config/followup/config.yaml, add your "
            "applications (followup add / followup import) and run: followup sync --once --dry-run"
        )
    )


COMMANDS = (review, explain, eval_, demo)
