"""Local sources through the real pipeline: what is read, what is remembered, and resuming
after a crash with nothing lost and nothing counted twice."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from agent.config import Config
from agent.local_source import folders_for_paths
from agent.store import Store
from agent.sync import MailSync, ingest

RELEVANT = (
    "From: Ann Berg <ann@acme.example>\r\nTo: kari@example.test\r\nSubject: Next steps {n}\r\n"
)
OTHER = "From: shop@news.example\r\nTo: kari@example.test\r\nSubject: Weekly deals {n}\r\n"


def mail(
    n: int, relevant: bool = True, date_header: str = "Mon, 02 Mar 2026 08:00:00 +0100"
) -> bytes:
    head = (RELEVANT if relevant else OTHER).format(n=n)
    return (
        head + f"Message-ID: <m{n}@test.example>\r\nDate: {date_header}\r\n\r\nBody {n}\r\n"
    ).encode()


def make_maildir(path: Path) -> Path:
    for sub in ("cur", "new", "tmp"):
        (path / sub).mkdir(parents=True, exist_ok=True)
    return path


def deliver(maildir: Path, n: int, relevant: bool = True, **kwargs: str) -> Path:
    path = maildir / "new" / f"{1700000000 + n}.M{n}P1.host"
    path.write_bytes(mail(n, relevant, **kwargs))
    return path


@pytest.fixture
def tracked(store: Store, now: datetime) -> Store:
    store.add_application(
        company="Acme",
        role="Backend developer",
        now=now,
        applied_on=date(2026, 2, 20),
        company_domain="acme.example",
    )
    return store


def config_for(maildir: Path, batch_size: int = 200) -> Config:
    return Config.model_validate(
        {
            "sources": [{"name": "local", "maildir": str(maildir)}],
            "sync": {"batch_size": batch_size},
        }
    )


def recorded(store: Store) -> list[dict]:
    return store.query("SELECT * FROM messages ORDER BY message_id")


def test_relevant_messages_are_recorded_and_the_rest_remembered(
    tracked: Store, now: datetime, tmp_path: Path
) -> None:
    root = make_maildir(tmp_path / "Maildir")
    for n in range(6):
        deliver(root, n, relevant=n % 2 == 0)

    summary = MailSync(config_for(root), tracked).sync_all(now)

    assert (summary.seen, summary.relevant, summary.failed) == (6, 3, 0)
    rows = recorded(tracked)
    assert [r["message_id"] for r in rows] == [
        "<m0@test.example>",
        "<m2@test.example>",
        "<m4@test.example>",
    ]
    assert all(r["source"] == "local" and r["folder"] == "INBOX" and r["path"] for r in rows)
    assert len(tracked.seen_items("local", "INBOX")) == 6


def test_second_pass_reads_only_new_mail_even_after_flag_changes(
    tracked: Store, now: datetime, tmp_path: Path
) -> None:
    root = make_maildir(tmp_path / "Maildir")
    first = deliver(root, 1)
    sync = MailSync(config_for(root), tracked)
    sync.sync_all(now)

    first.rename(root / "cur" / (first.name + ":2,S"))  # the mail client marked it read
    deliver(root, 2)
    summary = sync.sync_all(now)

    assert (summary.seen, summary.relevant, summary.duplicate) == (1, 1, 0)
    assert len(recorded(tracked)) == 2


def test_sent_folder_mail_is_outbound(tracked: Store, now: datetime, tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir")
    sent = make_maildir(root / ".Sent")
    (sent / "cur" / "1700000100.M1P1.host:2,S").write_bytes(
        b"From: kari@example.test\r\nTo: Ann <ann@acme.example>\r\nSubject: Re: Next steps\r\n"
        b"Message-ID: <out1@example.test>\r\nDate: Mon, 02 Mar 2026 09:00:00 +0100\r\n\r\nThanks!\r\n"
    )

    MailSync(config_for(root), tracked).sync_all(now)

    (row,) = recorded(tracked)
    assert (row["folder"], row["outbound"]) == ("Sent", 1)


def test_mail_before_the_backfill_horizon_is_skipped(
    tracked: Store, now: datetime, tmp_path: Path
) -> None:
    root = make_maildir(tmp_path / "Maildir")
    deliver(root, 1, date_header="Mon, 05 Jan 2026 08:00:00 +0100")  # applied 20 Feb, -14 days
    deliver(root, 2)

    summary = MailSync(config_for(root), tracked).sync_all(now)

    assert (summary.seen, summary.relevant) == (2, 1)
    assert [r["message_id"] for r in recorded(tracked)] == ["<m2@test.example>"]


def test_crash_mid_pass_resumes_without_loss_or_duplicates(
    tracked: Store, now: datetime, tmp_path: Path
) -> None:
    root = make_maildir(tmp_path / "Maildir")
    for n in range(7):
        deliver(root, n)

    class Crash(Exception):
        pass

    def crash(label: str, done: int, total: int) -> None:
        raise Crash  # like a kill right after the first batch committed

    with pytest.raises(Crash):
        MailSync(config_for(root, batch_size=3), tracked, progress=crash).sync_all(now)
    assert len(recorded(tracked)) == 3
    assert len(tracked.seen_items("local", "INBOX")) == 3

    summary = MailSync(config_for(root, batch_size=3), tracked).sync_all(now)

    assert (summary.seen, summary.relevant, summary.duplicate) == (4, 4, 0)
    assert len(recorded(tracked)) == 7


def test_dry_run_writes_nothing(tracked: Store, now: datetime, tmp_path: Path) -> None:
    root = make_maildir(tmp_path / "Maildir")
    deliver(root, 1)

    summary = MailSync(config_for(root), tracked, dry_run=True).sync_all(now)

    assert summary.relevant == 1
    assert recorded(tracked) == []
    assert tracked.seen_items("local", "INBOX") == set()
    assert tracked.checkpoints() == []


def test_a_missing_source_is_reported_and_the_others_still_run(
    tracked: Store, now: datetime, tmp_path: Path
) -> None:
    root = make_maildir(tmp_path / "Maildir")
    deliver(root, 1)
    config = Config.model_validate(
        {
            "sources": [
                {"name": "gone", "maildir": str(tmp_path / "missing")},
                {"name": "local", "maildir": str(root)},
            ]
        }
    )

    summary = MailSync(config, tracked).sync_all(now)

    assert summary.relevant == 1
    assert len(summary.errors) == 1
    assert "missing" in summary.errors[0]


def test_ingest_records_unreadable_mail_with_the_reason_and_goes_on(
    tracked: Store, now: datetime, tmp_path: Path
) -> None:
    exported = tmp_path / "exported"
    exported.mkdir()
    (exported / "a-broken.eml").write_bytes(b"\r\n\r\n")
    (exported / "b-good.eml").write_bytes(mail(1))
    (exported / "c-other.eml").write_bytes(mail(2, relevant=False))

    summary = ingest(folders_for_paths([exported]), tracked, Config(), now, everything=True)

    assert (summary.seen, summary.relevant, summary.failed) == (3, 3, 1)
    failed = tracked.query("SELECT error, path FROM messages WHERE decision = 'failed'")
    assert failed[0]["error"] == "empty message"
    assert failed[0]["path"].endswith("a-broken.eml")
    again = ingest(folders_for_paths([exported]), tracked, Config(), now, everything=True)
    assert (again.duplicate, again.failed) == (2, 1)
    assert len(recorded(tracked)) == 3  # the broken one is reported again, not recorded twice


def test_ingest_command_prints_a_summary(invoke, tmp_path: Path) -> None:
    invoke.ok("add", "Acme", "Backend developer", "--domain", "acme.example")
    eml = tmp_path / "reply.eml"
    eml.write_bytes(mail(1))

    result = invoke.ok("ingest", str(eml))

    assert "1 seen, 1 relevant" in result.output
    assert invoke.rows("SELECT source, path FROM messages") == [
        {"source": "ingest", "path": str(eml)}
    ]
