"""`followup eval`: run a labelled corpus through the daemon's own pipeline and measure it.

A corpus is a directory (the format is fixed; scripts depend on it):

    applications.csv   key,company,role,applied_on,contact_name,contact_email,company_domain,job_ref,status
    INBOX/*.eml        inbound messages
    Sent/*.eml         the person's own messages
    labels.csv         optional: message_id,application_key,category,status_after

Messages go through `pipeline.handle` in Date order on a fresh temporary database, exactly as
the daemon would see them, and every decision is reported. With labels, the per-category
precision/recall/F1, macro-F1, the share of job-related messages on the right application and
the number of confident decisions on a wrong application are computed.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from agent.config import MatchingConfig
from agent.csvio import decode_csv, read_import
from agent.errors import ParseError, UsageError
from agent.models import Category, RawMessage
from agent.parse import parse_headers
from agent.pipeline import Outcome, handle
from agent.store import Store, open_store

#: Categories that are not about any application: their messages should be on none.
NOT_JOB = frozenset({Category.UNRELATED.value, Category.JOB_ALERT.value})
FOLDERS = (("INBOX", False), ("Sent", True))
LABEL_COLUMNS = ("message_id", "application_key", "category", "status_after")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class CorpusMessage:
    file: str  # relative to the corpus
    folder: str
    outbound: bool
    data: bytes
    date: datetime | None
    message_id: str | None


@dataclass(frozen=True)
class Row:
    """The decision about one message, as `eval --json` prints it."""

    message_id: str | None
    file: str
    folder: str
    application_key: str | None
    category: str | None
    status_after: str | None
    confidence: float | None
    review: bool
    decision: str = ""

    def as_json(self) -> dict[str, Any]:
        return {
            "message_id": self.message_id,
            "file": self.file,
            "folder": self.folder,
            "application_key": self.application_key,
            "category": self.category,
            "status_after": self.status_after,
            "confidence": self.confidence,
            "review": self.review,
        }


@dataclass(frozen=True)
class Label:
    message_id: str
    application_key: str | None
    category: str
    status_after: str | None


@dataclass(frozen=True)
class CategoryScore:
    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class Metrics:
    per_category: dict[str, CategoryScore]
    macro_f1: float
    right_application: float
    job_related: int
    confident_wrong: int
    status_accuracy: float
    labelled: int
    reviews: int
    unlabelled: tuple[str, ...] = ()
    missing: tuple[str, ...] = ()
    mistakes: tuple[str, ...] = field(default=())

    def as_json(self) -> dict[str, Any]:
        return {
            "per_category": {
                name: {
                    "precision": s.precision,
                    "recall": s.recall,
                    "f1": s.f1,
                    "support": s.support,
                }
                for name, s in self.per_category.items()
            },
            "macro_f1": self.macro_f1,
            "right_application": self.right_application,
            "job_related": self.job_related,
            "confident_wrong": self.confident_wrong,
            "status_accuracy": self.status_accuracy,
            "labelled": self.labelled,
            "reviews": self.reviews,
            "unlabelled": list(self.unlabelled),
            "missing": list(self.missing),
        }


# -- reading a corpus -------------------------------------------------------------------------


def read_messages(corpus: Path) -> list[CorpusMessage]:
    """Every message of the corpus, in Date order (undated ones last, then by file name)."""
    found: list[CorpusMessage] = []
    for folder, outbound in FOLDERS:
        directory = corpus / folder
        if not directory.is_dir():
            continue
        for path in sorted(directory.glob("*.eml")):
            try:
                data = path.read_bytes()
            except OSError as err:
                raise UsageError(f"cannot read {path}: {err.strerror or err}") from err
            relative = path.relative_to(corpus).as_posix()
            found.append(corpus_message(relative, folder, outbound, data))
    if not found:
        raise UsageError(
            f"{corpus}: no messages; a corpus holds INBOX/*.eml (and Sent/*.eml), "
            "applications.csv and optionally labels.csv"
        )
    return sort_by_date(found)


def read_labels(corpus: Path) -> dict[str, Label] | None:
    path = corpus / "labels.csv"
    if not path.exists():
        return None
    text = decode_csv(path.read_bytes(), str(path))
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in LABEL_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise UsageError(
            f"{path}: missing column(s) {', '.join(missing)}; the header must be "
            + ",".join(LABEL_COLUMNS)
        )
    labels: dict[str, Label] = {}
    known = {c.value for c in Category}
    for line, row in enumerate(reader, start=2):
        category = (row["category"] or "").strip()
        if category not in known:
            raise UsageError(
                f"{path} line {line}: unknown category {category!r}; use one of "
                + ", ".join(sorted(known))
            )
        message_id = (row["message_id"] or "").strip()
        labels[message_id] = Label(
            message_id=message_id,
            application_key=(row["application_key"] or "").strip() or None,
            category=category,
            status_after=(row["status_after"] or "").strip() or None,
        )
    return labels


@contextmanager
def corpus_store(corpus: Path, today: date, now: datetime) -> Iterator[Store]:
    """A fresh database in a temporary directory, holding the corpus's applications."""
    with applications_store(corpus / "applications.csv", today, now) as store:
        yield store


@contextmanager
def applications_store(path: Path, today: date, now: datetime) -> Iterator[Store]:
    """A fresh database in a temporary directory (owner-only) with the applications of a CSV."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise UsageError(
            f"{path}: cannot read the applications ({err.strerror or err}); a corpus needs "
            "applications.csv with key,company,role,... columns"
        ) from err
    plan = read_import(data, str(path), today)
    with tempfile.TemporaryDirectory(prefix="followup-eval-") as tmp:
        store = open_store(Path(tmp) / "eval.db")
        try:
            store.import_rows(plan.rows, now)
            yield store
        finally:
            store.close()


# -- running ----------------------------------------------------------------------------------


def sort_by_date(messages: Sequence[CorpusMessage]) -> list[CorpusMessage]:
    """Date order, as mail arrives; undated ones last, then by file name."""
    return sorted(messages, key=lambda m: (m.date is None, m.date or _EPOCH, m.file))


def corpus_message(file: str, folder: str, outbound: bool, data: bytes) -> CorpusMessage:
    """A message with its Date and Message-ID read from the headers (None when unreadable)."""
    try:
        headers = parse_headers(data)
        moment, message_id = headers.date, headers.message_id
    except ParseError:
        moment, message_id = None, None
    return CorpusMessage(file, folder, outbound, data, moment, message_id)


def run_messages(
    store: Store, messages: Sequence[CorpusMessage], settings: MatchingConfig, source: str
) -> list[tuple[CorpusMessage, Outcome]]:
    """Feed messages to `pipeline.handle` one by one, each in its own transaction, as the
    daemon does; the clock for each is the message's own date."""
    dates = [m.date for m in messages if m.date]
    start = min(dates) if dates else _EPOCH
    results = []
    for item in messages:
        raw = RawMessage(
            source=source,
            folder=item.folder,
            data=item.data,
            path=item.file,
            outbound=item.outbound,
        )
        with store.transaction():
            outcome = handle(raw, store, settings, item.date or start)
        results.append((item, outcome))
    return results


def run_corpus(corpus: Path, settings: MatchingConfig) -> list[Row]:
    """Process every message of the corpus as the daemon would; one `Row` per message."""
    messages = read_messages(corpus)
    dates = [m.date for m in messages if m.date]
    start = min(dates) if dates else _EPOCH
    rows: list[Row] = []
    with corpus_store(corpus, start.date(), start) as store:
        keys = {a.id: a.key or str(a.id) for a in store.applications()}
        for item, outcome in run_messages(store, messages, settings, "eval"):
            app_id = outcome.application_id
            if app_id is None and outcome.candidates:
                app_id = outcome.candidates[0]
            message_id = outcome.message.message_id if outcome.message else item.message_id
            rows.append(
                Row(
                    message_id=message_id,
                    file=item.file,
                    folder=item.folder,
                    application_key=keys.get(app_id) if app_id is not None else None,
                    category=str(outcome.category) if outcome.category else None,
                    status_after=str(outcome.status_after) if outcome.status_after else None,
                    confidence=outcome.confidence,
                    review=outcome.review,
                    decision=str(outcome.decision),
                )
            )
    return rows


# -- measuring --------------------------------------------------------------------------------


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def score_rows(rows: Sequence[Row], labels: dict[str, Label]) -> Metrics:
    """Compare decisions with labels.

    Macro-F1 averages over every category that is labelled or predicted. A message is on
    the right application when it was applied (not sent to review) to the labelled one, or to
    none when the label names none. A confident wrong decision is one applied without review
    to an application the label does not name.
    """
    pairs = [(row, labels[row.message_id]) for row in rows if row.message_id in labels]
    unlabelled = tuple(row.file for row in rows if row.message_id not in labels)
    seen = {row.message_id for row in rows}
    missing = tuple(m for m in labels if m not in seen)
    names = sorted({label.category for _, label in pairs} | {r.category or "" for r, _ in pairs})
    names = [n for n in names if n]
    per_category: dict[str, CategoryScore] = {}
    for name in names:
        tp = sum(1 for r, lab in pairs if r.category == name and lab.category == name)
        fp = sum(1 for r, lab in pairs if r.category == name and lab.category != name)
        fn = sum(1 for r, lab in pairs if r.category != name and lab.category == name)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_category[name] = CategoryScore(
            round(precision, 4), round(recall, 4), round(f1, 4), tp + fn
        )
    macro = sum(s.f1 for s in per_category.values()) / len(per_category) if per_category else 0.0

    def on_right_application(row: Row, label: Label) -> bool:
        if label.application_key is None:
            return row.application_key is None or row.review
        return not row.review and row.application_key == label.application_key

    job = [(r, lab) for r, lab in pairs if lab.category not in NOT_JOB]
    right = sum(1 for r, lab in job if on_right_application(r, lab))
    wrong = [
        (r, lab)
        for r, lab in pairs
        if not r.review
        and r.application_key is not None
        and r.application_key != lab.application_key
    ]
    status_right = sum(1 for r, lab in pairs if r.status_after == lab.status_after)
    mistakes = []
    for r, lab in pairs:
        if (
            r.category != lab.category
            or not on_right_application(r, lab)
            or r.status_after != lab.status_after
        ):
            mistakes.append(
                f"{r.file}: got {r.category}/{r.application_key}/{r.status_after}"
                f"{' (review)' if r.review else ''} conf={r.confidence}, expected "
                f"{lab.category}/{lab.application_key}/{lab.status_after}"
            )
    return Metrics(
        per_category=per_category,
        macro_f1=round(macro, 4),
        right_application=_ratio(right, len(job)),
        job_related=len(job),
        confident_wrong=len(wrong),
        status_accuracy=_ratio(status_right, len(pairs)),
        labelled=len(pairs),
        reviews=sum(1 for r in rows if r.review),
        unlabelled=unlabelled,
        missing=missing,
        mistakes=tuple(mistakes),
    )


def evaluate(corpus: Path, settings: MatchingConfig) -> tuple[list[Row], Metrics | None]:
    """Run the corpus and, when it has labels, measure the decisions."""
    if not corpus.is_dir():
        raise UsageError(f"{corpus}: not a directory; give the corpus directory")
    labels = read_labels(corpus)
    rows = run_corpus(corpus, settings)
    return rows, (score_rows(rows, labels) if labels is not None else None)
