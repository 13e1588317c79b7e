"""Does a message cost the same late in a long correspondence as early in it?

    python bench/bench_long_thread.py [--messages N]

N messages from one employer to one application go through the whole pipeline (`handle`,
with the store in memory). The time per message of the last tenth is divided by that of the
first tenth, measured in the same run: near 1 means the cost stays flat; a ratio growing with
N means each message re-reads the application's whole history.
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from agent.config import MatchingConfig  # noqa: E402
from agent.models import RawMessage  # noqa: E402
from agent.pipeline import handle  # noqa: E402
from agent.store import open_store  # noqa: E402

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
BODY = "Thank you for your patience. We are still reviewing applications and will be in touch.\n"


def message(n: int) -> RawMessage:
    refs = f"In-Reply-To: <t{n - 1}@acme.example>\r\n" if n else ""
    data = (
        "From: Ann Berg <ann@acme.example>\r\n"
        "To: kari@example.test\r\n"
        f"Subject: Re: Backend developer ({n})\r\n"
        f"Date: {format_datetime(START + timedelta(minutes=n))}\r\n"
        f"Message-ID: <t{n}@acme.example>\r\n{refs}\r\n{BODY}"
    ).encode()
    return RawMessage(source="bench", folder="INBOX", data=data, uid=n + 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    args = parser.parse_args()
    logging.disable(logging.INFO)
    store = open_store(None)
    store.add_application(
        company="Acme",
        role="Backend developer",
        now=START,
        company_domain="acme.example",
        contacts=[("Ann Berg", "ann@acme.example")],
    )
    settings = MatchingConfig()
    times = []
    for n in range(args.messages):
        raw = message(n)
        began = time.perf_counter()
        with store.transaction():
            handle(raw, store, settings, START + timedelta(minutes=n))
        times.append(time.perf_counter() - began)
    tenth = max(1, len(times) // 10)
    first = sum(times[:tenth]) / tenth
    last = sum(times[-tenth:]) / tenth
    print(f"{args.messages} messages to one application")
    print(f"first tenth: {first * 1000:.2f} ms/message; last tenth: {last * 1000:.2f} ms/message")
    print(f"ratio last/first: {last / first:.2f}  (target: about 1, flat)")


if __name__ == "__main__":
    main()
