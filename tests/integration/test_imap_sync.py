"""`followup sync --once` against a real Dovecot: first and incremental syncs, restarts,
UIDVALIDITY changes, Sent detection, a mailbox left exactly as it was, and login failures."""

from __future__ import annotations

import pytest
from dovecot import DovecotServer, ImapAccount
from mailenv import COMPANY_DOMAIN, account_config, bulk_append, message, summary_counts

pytestmark = pytest.mark.integration


@pytest.fixture
def home(invoke, mailbox: ImapAccount, tmp_path):
    """The CLI set up for the test account, with Acme (acme.example) tracked."""
    invoke.write_config(account_config(mailbox, tmp_path))
    invoke.ok("add", "Acme", "Backend developer", "--domain", COMPANY_DOMAIN, "--applied", "today")
    return invoke


def recorded(home) -> list[dict]:
    return home.rows("SELECT * FROM messages ORDER BY folder, uid")


def checkpoint(home, folder: str = "INBOX") -> dict:
    rows = home.rows("SELECT * FROM checkpoints WHERE folder = ?", (folder,))
    assert rows, f"no checkpoint for {folder}"
    return rows[0]


def test_first_sync_records_relevant_mail_and_checkpoints_the_rest(home, mailbox) -> None:
    uids = [mailbox.append("INBOX", message(n, relevant=n % 3 == 0)) for n in range(9)]

    result = home.ok("sync", "--once")

    counts = summary_counts(result.output)
    assert counts["seen"] == 9
    assert counts["relevant"] == 3
    rows = recorded(home)
    assert [r["uid"] for r in rows] == [uids[0], uids[3], uids[6]]
    assert all(r["source"] == "personal" and r["outbound"] == 0 for r in rows)
    assert checkpoint(home)["last_uid"] == max(uids)
    assert checkpoint(home)["uidvalidity"] == mailbox.uidvalidity("INBOX")


def test_incremental_sync_reads_only_new_mail(home, mailbox) -> None:
    for n in range(3):
        mailbox.append("INBOX", message(n))
    home.ok("sync", "--once")
    new = [mailbox.append("INBOX", message(n)) for n in range(3, 5)]

    counts = summary_counts(home.ok("sync", "--once").output)

    assert counts["seen"] == 2
    assert counts["relevant"] == 2
    assert counts.get("already", 0) == 0
    assert len(recorded(home)) == 5
    assert checkpoint(home)["last_uid"] == max(new)


def test_repeated_syncs_record_nothing_twice(home, mailbox) -> None:
    for n in range(4):
        mailbox.append("INBOX", message(n))
    home.ok("sync", "--once")
    again = summary_counts(home.ok("sync", "--once").output)

    assert again["seen"] == 0
    assert len(recorded(home)) == 4


def test_dry_run_writes_nothing(home, mailbox) -> None:
    mailbox.append("INBOX", message(1))

    result = home.ok("sync", "--once", "--dry-run")

    assert "Dry run" in result.output
    assert summary_counts(result.output)["relevant"] == 1
    assert recorded(home) == []
    assert home.rows("SELECT * FROM checkpoints") == []


def test_sent_folder_is_found_and_its_mail_is_outbound(home, mailbox) -> None:
    mailbox.append("Sent", message(1, sender="kari@example.test", to=f"ann@{COMPANY_DOMAIN}"))
    mailbox.append("Sent", message(2, sender="kari@example.test", to="mum@family.example"))

    home.ok("sync", "--once")

    rows = recorded(home)
    assert [(r["folder"], r["outbound"]) for r in rows] == [("Sent", 1)]
    shown = home.ok("accounts", "test").output
    assert "Sent" in shown
    assert "[watched, sent]" in shown


def test_flags_stay_exactly_as_they_were(home, mailbox, dovecot: DovecotServer) -> None:
    flags = [(), (b"\\Seen",), (b"\\Flagged",), (b"\\Answered", b"\\Seen"), ()]
    for n, set_flags in enumerate(flags):
        mailbox.append("INBOX", message(n, relevant=n != 4), flags=set_flags)
    mailbox.append("Sent", message(9, sender="kari@example.test", to=f"ann@{COMPANY_DOMAIN}"))
    before = {folder: mailbox.flags(folder) for folder in ("INBOX", "Sent")}
    offset = dovecot.log_offset()

    home.ok("sync", "--once")
    home.ok("sync", "--once")
    home.ok("accounts", "test")

    after = {folder: mailbox.flags(folder) for folder in ("INBOX", "Sent")}
    assert after == before
    assert all(b"\\Seen" not in f for f in after["INBOX"].values() if f in ((), (b"\\Flagged",)))
    # Dovecot's own account of each session: nothing deleted, expunged or trashed, and a full
    # body fetched only for the 4 + 1 relevant messages.
    log = dovecot.log_since(offset)
    sessions = [
        line for line in log.splitlines() if f"imap({mailbox.user})" in line and "in=" in line
    ]
    assert sessions
    assert all("deleted=0 expunged=0 trashed=0" in line for line in sessions)
    bodies = sum(int(line.split("body_count=")[1].split()[0]) for line in sessions)
    assert bodies == 5


def test_uidvalidity_change_rescans_without_duplicates(invoke, mailbox, tmp_path) -> None:
    invoke.write_config(account_config(mailbox, tmp_path, folders=["Jobs"]))
    invoke.ok("add", "Acme", "Backend developer", "--domain", COMPANY_DOMAIN, "--applied", "today")
    mailbox.create_folder("Jobs")
    old = [message(n) for n in range(3)] + [message(3, message_id=None, body="No id.\r\n")]
    for raw in old:
        mailbox.append("Jobs", raw)
    invoke.ok("sync", "--once")
    first_validity = mailbox.uidvalidity("Jobs")

    new_validity = mailbox.recreate_folder("Jobs")
    for raw in [*old, message(10)]:
        mailbox.append("Jobs", raw)
    counts = summary_counts(invoke.ok("sync", "--once").output)

    assert new_validity != first_validity
    assert counts["seen"] == 5
    assert counts["already"] == 4
    rows = invoke.rows("SELECT message_id FROM messages WHERE folder = 'Jobs'")
    assert len(rows) == 5
    assert invoke.rows("SELECT uidvalidity FROM checkpoints WHERE folder = 'Jobs'") == [
        {"uidvalidity": new_validity}
    ]


def test_two_thousand_message_first_sync(home, mailbox) -> None:
    messages = [message(n, relevant=n % 20 == 0) for n in range(2000)]
    bulk_append(mailbox, "INBOX", messages)

    result = home.ok("sync", "--once")

    counts = summary_counts(result.output)
    assert counts["seen"] == 2000
    assert counts["relevant"] == 100
    assert len(recorded(home)) == 100
    assert "INBOX: 2000/2000 messages" in result.stderr


def test_backfill_horizon_skips_old_mail(home, mailbox) -> None:
    from datetime import UTC, datetime, timedelta

    old = datetime.now(UTC) - timedelta(days=60)
    mailbox.append("INBOX", message(1), msg_time=old)
    mailbox.append("INBOX", message(2))

    counts = summary_counts(home.ok("sync", "--once").output)

    assert counts["seen"] == 1
    assert [r["message_id"] for r in recorded(home)] == ["<msg-2-r@test.example>"]


def test_wrong_password_fails_with_advice(invoke, mailbox, tmp_path) -> None:
    invoke.write_config(account_config(mailbox, tmp_path, password="not-the-password"))

    result = invoke.fails("sync", "--once")

    assert "refused the login" in result.output
    assert "app password" in result.output
    assert "followup password set personal" in result.output
    tested = invoke.fails("accounts", "test", "personal")
    assert "refused the login" in tested.output


def test_untrusted_certificate_fails_with_tls_advice(invoke, mailbox, tmp_path) -> None:
    invoke.write_config(account_config(mailbox, tmp_path, tls="ssl", ca_file=False))

    result = invoke.fails("sync", "--once")

    assert "TLS problem" in result.output
    assert "ca_file" in result.output


def test_tls_with_ca_file_and_starttls_work(invoke, mailbox, tmp_path) -> None:
    mailbox.append("INBOX", message(1, relevant=False, subject="Your application"))
    invoke.write_config(account_config(mailbox, tmp_path, tls="ssl"))
    assert summary_counts(invoke.ok("sync", "--once").output)["relevant"] == 1
    invoke.write_config(account_config(mailbox, tmp_path, tls="starttls"))
    assert "logged in" in invoke.ok("accounts", "test").output


def test_accounts_test_shows_capabilities_folders_and_sizes(home, mailbox) -> None:
    for n in range(3):
        mailbox.append("INBOX", message(n))

    shown = home.ok("accounts", "test").output

    assert "IDLE" in shown
    assert "push: IMAP IDLE" in shown
    inbox = next(line for line in shown.splitlines() if line.strip().startswith("INBOX"))
    assert inbox.split()[1] == "3"
    assert "[watched]" in inbox


def test_an_application_added_later_reads_further_back(home, mailbox) -> None:
    from datetime import UTC, datetime, timedelta

    old = datetime.now(UTC) - timedelta(days=60)
    mailbox.append(
        "INBOX", message(1, sender="hr@older.example", subject="Re: our talk"), msg_time=old
    )
    mailbox.append("INBOX", message(2))
    assert summary_counts(home.ok("sync", "--once").output)["seen"] == 1

    home.ok("add", "Older", "Developer", "--domain", "older.example", "--applied", "-70d")
    counts = summary_counts(home.ok("sync", "--once").output)
    again = summary_counts(home.ok("sync", "--once").output)

    assert (counts["seen"], counts["relevant"]) == (1, 1)
    assert again["seen"] == 0
    assert len(recorded(home)) == 2
    assert (
        checkpoint(home)["horizon"] <= (datetime.now(UTC) - timedelta(days=83)).date().isoformat()
    )


def test_a_missing_folder_is_reported_and_the_rest_still_synced(invoke, mailbox, tmp_path) -> None:
    invoke.write_config(account_config(mailbox, tmp_path, folders=["Jobs"]))
    mailbox.append("INBOX", message(1, subject="Your application"))

    result = invoke.fails("sync", "--once")

    assert "folder 'Jobs' from `folders:` does not exist" in result.output
    assert summary_counts(result.output)["relevant"] == 1
    assert len(recorded(invoke)) == 1
    assert "no account or source named 'nope'" in invoke.fails("sync", "--account", "nope").output
