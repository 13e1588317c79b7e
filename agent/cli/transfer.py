"""Commands that move applications in and out: CSV import, CSV and JSON export."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from agent.cli.render import json_text, print_import, warn_too_many
from agent.cli.runtime import Runtime, pass_runtime
from agent.csvio import read_import, write_csv
from agent.errors import UsageError
from agent.escape import for_terminal
from agent.export import export_records, save_export


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
    warn_too_many(runtime.store.count_active(), runtime.config.policy.max_active_applications)


@click.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "json"]),
    default="csv",
    show_default=True,
    help="csv: the columns import reads; json: everything, for scripts.",
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

    CSV has the columns `import` reads, with the first contact of each application; JSON
    adds all contacts, the contact log, interviews and cases, for scripts (import reads
    CSV only; `followup backup` copies everything).

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


COMMANDS = (import_, export)
