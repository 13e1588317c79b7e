"""Plain-text tables for the terminal; every cell passes through the terminal escaper."""

from __future__ import annotations

from collections.abc import Sequence

import click

from agent.escape import one_line
from agent.summary import Summary


def print_table(rows: Sequence[Sequence[str]]) -> None:
    """Print rows (the first is the header) in aligned columns."""
    cells = [[one_line(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(cells[0]))]
    for n, row in enumerate(cells):
        line = "  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
        click.echo(click.style(line, bold=True) if n == 0 else line)


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
