"""The CSV contract scripts depend on: reading an import file row by row, writing an export.

Reading is pure and all-or-nothing: every bad row is reported with its line number, and a
file with any bad row yields no rows at all, so the store never sees half a file.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from agent.errors import UsageError
from agent.fields import read_field, read_status
from agent.models import Status

#: Column names of import and export, in export order. Scripts rely on these names.
CSV_COLUMNS: tuple[str, ...] = (
    "key",
    "company",
    "role",
    "applied_on",
    "status",
    "priority",
    "source",
    "url",
    "contact_name",
    "contact_email",
    "company_domain",
    "job_ref",
    "notes",
)
#: Columns that are application fields, read by `agent.fields`.
_FIELD_COLUMNS = (
    "key",
    "company",
    "role",
    "applied_on",
    "priority",
    "source",
    "url",
    "company_domain",
    "job_ref",
    "notes",
)
#: At most this many bad lines are listed; the rest are counted.
MAX_REPORTED = 25


@dataclass(frozen=True)
class ImportRow:
    """One good row: `fields` holds the non-empty application fields (company and role always)."""

    line: int
    fields: dict[str, Any]
    status: Status | None = None
    contact: tuple[str | None, str | None] | None = None

    @property
    def company(self) -> str:
        return str(self.fields["company"])

    @property
    def role(self) -> str:
        return str(self.fields["role"])

    @property
    def key(self) -> str | None:
        return self.fields.get("key")


@dataclass(frozen=True)
class ImportPlan:
    """A whole file, read and checked: the rows to apply and what to warn about."""

    rows: tuple[ImportRow, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RowOutcome:
    """What importing one row did to the store."""

    line: int
    action: Literal["added", "updated", "skipped"]
    application_id: int
    company: str
    role: str
    changed: tuple[str, ...] = field(default=())


def decode_csv(data: bytes, label: str) -> str:
    """Text of a UTF-8 (or BOM-marked UTF-16) file; anything else is refused with its line."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise UsageError(f"{label}: not valid UTF-16 text ({err.reason})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise UsageError(
            f"{label} line {line}: not UTF-8 text (byte 0x{data[err.start]:02x}); the file was "
            'probably saved as Latin-1 or Windows-1252. Save it as UTF-8 ("CSV UTF-8" in '
            'Excel, character set "Unicode (UTF-8)" in LibreOffice) and import it again. '
            "Nothing was imported."
        ) from None


def _delimiter(header_line: str) -> str:
    """Comma unless the header clearly uses `;` or tab (spreadsheets in many locales do)."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _column_name(text: str) -> str:
    return text.strip().lower().replace(" ", "_").replace("-", "_")


def read_import(data: bytes, label: str, today: date) -> ImportPlan:
    """Read and check a whole CSV file; raise `UsageError` listing every bad line."""
    text = decode_csv(data, label)
    if not text.strip():
        raise UsageError(
            f"{label} is empty; the first line must name the columns, e.g. "
            "company,role,applied_on,status"
        )
    if text.lstrip()[:1] in ("[", "{"):
        raise UsageError(
            f"{label} looks like JSON, but import reads CSV; export the applications as CSV "
            "(followup export -o applications.csv) and import that. Nothing was imported."
        )
    records = _records(text, label)
    header = [_column_name(c) for c in records[0][1]]
    rows, errors = _read_rows(records[1:], header, today)
    warnings = _check_header(header, label)
    if errors:
        listed = [f"  line {line}: {message}" for line, message in errors[:MAX_REPORTED]]
        if len(errors) > MAX_REPORTED:
            listed.append(f"  ... and {len(errors) - MAX_REPORTED} more")
        bad = len({line for line, _ in errors})
        raise UsageError(
            f"{label}: {bad} bad row(s), nothing was imported:\n"
            + "\n".join(listed)
            + "\nFix these lines and import the file again."
        )
    return ImportPlan(tuple(rows), tuple(warnings))


def _check_header(header: list[str], label: str) -> list[str]:
    """Refuse a header without company and role or with a column twice; warn on unknown ones."""
    missing = [c for c in ("company", "role") if c not in header]
    if missing:
        raise UsageError(
            f"{label} line 1: no {' or '.join(missing)} column; the first line must name the "
            f"columns, e.g. company,role,applied_on (known columns: {', '.join(CSV_COLUMNS)})"
        )
    twice = sorted({c for c in header if c and header.count(c) > 1})
    if twice:
        raise UsageError(f"{label} line 1: column(s) named twice: {', '.join(twice)}")
    warnings = []
    for n, name in enumerate(header, start=1):
        if name in CSV_COLUMNS:
            continue
        close = difflib.get_close_matches(name, CSV_COLUMNS, n=1) if name else []
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        shown = repr(name) if name else f"number {n} (no name)"
        warnings.append(f"{label}: unknown column {shown} ignored{hint}")
    return warnings


def _records(text: str, label: str) -> list[tuple[int, list[str]]]:
    """Each CSV record with the line it starts on (a quoted value may span several lines)."""
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=_delimiter(text.split("\n", 1)[0]), strict=True
    )
    records: list[tuple[int, list[str]]] = []
    end = 0
    try:
        for cells in reader:
            records.append((end + 1, cells))
            end = reader.line_num
    except csv.Error as err:
        raise UsageError(
            f"{label} line {end + 1}: cannot read the CSV ({err}); check the quotes on that "
            "line: a value with a quote in it must be quoted and its quotes doubled. "
            "Nothing was imported."
        ) from None
    return records


def _read_rows(
    records: list[tuple[int, list[str]]], header: list[str], today: date
) -> tuple[list[ImportRow], list[tuple[int, str]]]:
    rows: list[ImportRow] = []
    errors: list[tuple[int, str]] = []
    first_of_key: dict[str, int] = {}
    first_of_job: dict[tuple[str, str], int] = {}
    for line, cells in records:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header):
            errors.append(
                (
                    line,
                    f"{len(cells)} values but the header names {len(header)} columns; "
                    "put quotes around values that contain the delimiter",
                )
            )
            continue
        values = {h: c.strip() for h, c in zip(header, cells, strict=False) if h}
        row, problems = _read_row(line, values, today)
        errors.extend((line, p) for p in problems)
        if row is None:
            continue
        if row.key is not None:
            if row.key in first_of_key:
                errors.append(
                    (
                        line,
                        f"key {row.key!r} is also on line {first_of_key[row.key]}; keys must be unique",
                    )
                )
            first_of_key.setdefault(row.key, line)
        else:
            job = (row.company.casefold(), row.role.casefold())
            if job in first_of_job:
                errors.append(
                    (
                        line,
                        f"same company and role as line {first_of_job[job]} and no key to tell "
                        "them apart; give each a different key",
                    )
                )
            first_of_job.setdefault(job, line)
        rows.append(row)
    return rows, errors


def _read_row(
    line: int, values: Mapping[str, str], today: date
) -> tuple[ImportRow | None, list[str]]:
    problems: list[str] = []
    fields: dict[str, Any] = {}
    for name in ("company", "role"):
        if not values.get(name):
            problems.append(f"{name} is empty; every row needs a company and a role")
    for name in _FIELD_COLUMNS:
        text = values.get(name, "")
        if text:
            try:
                fields[name] = read_field(name, text, today)
            except UsageError as err:
                problems.append(str(err))
    status = None
    if values.get("status"):
        try:
            status = read_status(values["status"])
        except UsageError as err:
            problems.append(str(err))
    contact = None
    contact_name = values.get("contact_name") or None
    email = values.get("contact_email") or None
    if email and ("@" not in email or any(c.isspace() for c in email)):
        problems.append(f"contact_email {email!r} is not an email address")
    elif contact_name or email:
        contact = (contact_name, email.lower() if email else None)
    if problems:
        return None, problems
    return ImportRow(line, fields, status, contact), []


def write_csv(records: Iterable[Mapping[str, Any]]) -> str:
    """The export file: exactly CSV_COLUMNS, empty cells for missing values."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(["" if record.get(c) is None else str(record[c]) for c in CSV_COLUMNS])
    return out.getvalue()
