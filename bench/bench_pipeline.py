"""How fast parse + match + classify run on one core, against a baseline measured in the same run.

    python bench/bench_pipeline.py [CORPUS ...] [--rounds N] [--seconds S]

The messages are the corpora's (tests/corpus and tests/corpus_holdout by default), read over
and over for rounds of at least ROUND_SECONDS. The baseline is the stdlib's
`email.message_from_bytes` over the same messages, timed in turn with the pipeline in every
round: machines differ and shared ones are noisy, so the ratio says more than the absolute
rate. No database is involved: thread links are passed in empty, as for mail that starts a
thread.
"""

from __future__ import annotations

import argparse
import email
import logging
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent import pipeline  # noqa: E402
from agent.config import MatchingConfig  # noqa: E402
from agent.csvio import read_import  # noqa: E402
from agent.evaluate import read_messages  # noqa: E402
from agent.models import Application, Contact, Status  # noqa: E402
from agent.parse import parse_message  # noqa: E402
from agent.pipeline import read_message  # noqa: E402

SETTINGS = MatchingConfig()


def applications(corpus: Path, first_id: int) -> list[Application]:
    plan = read_import(
        (corpus / "applications.csv").read_bytes(), "bench", datetime.now(UTC).date()
    )
    apps = []
    for n, row in enumerate(plan.rows, start=first_id):
        fields = dict(row.fields)
        name, email_address = row.contact or (None, None)
        apps.append(
            Application(
                id=n,
                company=fields.pop("company"),
                role=fields.pop("role"),
                status=row.status or Status.APPLIED,
                contacts=(Contact(n, n, name, email_address),) if email_address else (),
                **{k: v for k, v in fields.items() if k in ("key", "company_domain", "job_ref")},
            )
        )
    return apps


def understand(data: bytes, outbound: bool, apps: Sequence[Application]) -> object:
    """Exactly what the pipeline does per message, minus the store: no thread is known."""
    return pipeline.understand(read_message(data), outbound, SETTINGS, dict, lambda: apps, UTC)


ROUNDS = 7
#: A round lasts at least this long: the stdlib parse of the corpora alone takes a few
#: hundredths of a second, too short to time on a shared machine.
ROUND_SECONDS = 0.3


def timed(work: Callable[[], int], seconds: float = ROUND_SECONDS) -> float:
    """Messages per second over one round of at least `seconds`."""
    count, start = 0, time.perf_counter()
    while True:  # at least once, however short the round
        count += work()
        if (elapsed := time.perf_counter() - start) >= seconds:
            return count / elapsed


def measure(
    works: dict[str, Callable[[], int]], rounds: int = ROUNDS, seconds: float = ROUND_SECONDS
) -> tuple[dict[str, float], list[float]]:
    """The best rate of each piece of work, and per round the pipeline's rate over the
    baseline's. The works take turns within a round, so a busy spell on the machine slows
    the baseline and the pipeline alike and their ratio stays put."""
    best = dict.fromkeys(works, 0.0)
    ratios = []
    for _ in range(rounds):
        rates = {label: timed(work, seconds) for label, work in works.items()}
        best = {label: max(best[label], rates[label]) for label in works}
        ratios.append(rates["pipeline"] / rates["baseline"])
    return best, ratios


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("corpora", nargs="*", type=Path)
    parser.add_argument("--rounds", type=int, default=ROUNDS)
    parser.add_argument("--seconds", type=float, default=ROUND_SECONDS, help="per round, at least")
    args = parser.parse_args()
    logging.getLogger("mailparser").setLevel(logging.ERROR)
    corpora = args.corpora or [ROOT / "tests" / "corpus", ROOT / "tests" / "corpus_holdout"]
    messages: list[tuple[bytes, bool]] = []
    apps: list[Application] = []
    for corpus in corpora:
        messages += [(m.data, m.outbound) for m in read_messages(corpus)]
        apps += applications(corpus, len(apps) + 1)
    batch = messages
    print(f"{len(messages)} messages, {len(apps)} applications, one core\n")

    understand(batch[0][0], batch[0][1], apps)  # warm the regex and profile caches

    def baseline() -> int:
        for data, _ in batch:
            email.message_from_bytes(data)
        return len(batch)

    def mail_parser() -> int:
        for data, _ in batch:
            parse_message(data)
        return len(batch)

    def parse_only() -> int:
        for data, _ in batch:
            read_message(data)
        return len(batch)

    def pipeline() -> int:
        for data, outbound in batch:
            understand(data, outbound, apps)
        return len(batch)

    best, ratios = measure(
        {
            "baseline": baseline,
            "mail-parser": mail_parser,
            "parse": parse_only,
            "pipeline": pipeline,
        },
        args.rounds,
        args.seconds,
    )
    labels = {
        "baseline": "baseline (email.message_from_bytes)",
        "mail-parser": "parse with mail-parser (fallback)",
        "parse": "parse (the pipeline's)",
        "pipeline": "parse + match + classify",
    }
    for key, label in labels.items():
        print(f"{label:<36}{best[key]:>8.0f} messages/s  (best of {args.rounds} rounds)")
    print(
        f"\nratio to the stdlib baseline, per round: median {statistics.median(ratios):.3f}"
        f" (from {min(ratios):.3f} to {max(ratios):.3f})"
        f"\nto a mail-parser parse alone: {best['pipeline'] / best['mail-parser']:.2f}"
        "\ntarget: >= 1000 messages/s on one core"
    )


if __name__ == "__main__":
    main()
