"""The Dovecot fixture itself: ports, TLS, logins, seeding, restarts."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime

import imapclient
import imapclient.imapclient
import pytest
from dovecot import DovecotServer, ImapAccount, live_group_members, read_greeting
from imapclient.exceptions import LoginError

pytestmark = pytest.mark.integration

RAW = (
    b"From: Acme Recruiting <jobs@acme.example>\r\n"
    b"To: Kari Nordmann <kari@example.test>\r\n"
    b"Subject: Your application for Backend Developer\r\n"
    b"Message-ID: <application-4711@acme.example>\r\n"
    b"Date: Sun, 01 Mar 2026 09:30:00 +0000\r\n"
    b"\r\n"
    b"Thank you for applying. We will get back to you.\r\n"
)


def test_plain_port_greets_with_our_banner(dovecot: DovecotServer) -> None:
    greeting = read_greeting(dovecot.host, dovecot.port, None)
    assert greeting.startswith(b"* OK")
    assert b"followup test dovecot ready." in greeting


def test_tls_port_verifies_against_test_ca(dovecot: DovecotServer) -> None:
    context = ssl.create_default_context(cafile=dovecot.ca_file)
    assert read_greeting(dovecot.host, dovecot.tls_port, context).startswith(b"* OK")
    # The certificate names localhost too, not only 127.0.0.1.
    greeting = read_greeting(dovecot.host, dovecot.tls_port, context, server_hostname="localhost")
    assert greeting.startswith(b"* OK")


def test_tls_port_fails_verification_with_system_cas(dovecot: DovecotServer) -> None:
    with pytest.raises(ssl.SSLCertVerificationError, match="unable to get local issuer"):
        read_greeting(dovecot.host, dovecot.tls_port, ssl.create_default_context())


def test_tls_port_rejects_wrong_hostname(dovecot: DovecotServer) -> None:
    context = ssl.create_default_context(cafile=dovecot.ca_file)
    with pytest.raises(ssl.SSLCertVerificationError, match="mismatch"):
        read_greeting(dovecot.host, dovecot.tls_port, context, server_hostname="imap.example.com")


def test_ports_and_runtime_dirs_are_private(dovecot: DovecotServer) -> None:
    assert {dovecot.port, dovecot.tls_port}.isdisjoint({143, 993})
    assert dovecot.port != dovecot.tls_port
    assert dovecot.base_dir.is_relative_to(dovecot.workdir)
    settings = [
        line
        for line in dovecot.conf_path.read_text().splitlines()
        if not line.lstrip().startswith("#")
    ]
    config = "\n".join(settings)
    assert "/etc/dovecot" not in config
    assert "/run/dovecot" not in config
    # The master registers itself in state_dir/instances, not /var/lib/dovecot.
    assert dovecot.instance_name in (dovecot.state_dir / "instances").read_text()


def test_login_on_plain_port(mailbox: ImapAccount) -> None:
    with mailbox.client() as client:
        assert not isinstance(client.socket(), ssl.SSLSocket)
        assert client.select_folder("INBOX", readonly=True)[b"EXISTS"] == 0


def test_login_over_implicit_tls(mailbox: ImapAccount) -> None:
    with mailbox.client(tls=True) as client:
        assert isinstance(client.socket(), ssl.SSLSocket)
        assert client.socket().getpeercert()["subjectAltName"]
        assert client.noop()


def test_login_after_starttls(mailbox: ImapAccount) -> None:
    with mailbox.client(login=False) as client:
        assert b"STARTTLS" in client.capabilities()
    with mailbox.client(starttls=True) as client:
        assert isinstance(client.socket(), ssl.SSLSocket)
        assert client.select_folder("INBOX")[b"EXISTS"] == 0


def test_wrong_password_raises_login_error_at_once(mailbox: ImapAccount) -> None:
    started = time.monotonic()
    with pytest.raises(LoginError):
        mailbox.client(password=mailbox.password + "x")
    # The right password works right after: the per-IP penalty, which would hold this login
    # for 4 s or more, is off. The bound is loose on purpose: shared CI machines are slow.
    with mailbox.client() as client:
        assert client.noop()
    assert time.monotonic() - started < 3.5


def test_unknown_user_raises_login_error(dovecot: DovecotServer) -> None:
    account = ImapAccount(dovecot, "nobody-here", "secret", dovecot.workdir)
    with pytest.raises(LoginError):
        account.client()


def test_each_test_gets_a_fresh_empty_account(mailbox: ImapAccount, dovecot: DovecotServer) -> None:
    assert mailbox.user != dovecot.user
    assert sorted(mailbox.folders()) == ["Drafts", "INBOX", "Junk", "Sent", "Trash"]
    for folder in mailbox.folders():
        assert mailbox.flags(folder) == {}


def test_append_and_fetch_round_trip(mailbox: ImapAccount) -> None:
    when = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    uid = mailbox.append("INBOX", RAW, flags=[b"\\Seen"], msg_time=when)
    second = mailbox.append("INBOX", RAW.replace(b"4711", b"4712"))
    assert second > uid

    with mailbox.client() as client:
        client.normalise_times = False
        client.select_folder("INBOX", readonly=True)
        assert client.search("ALL") == [uid, second]
        data = client.fetch([uid], ["BODY.PEEK[]", "INTERNALDATE", "FLAGS"])[uid]
    assert data[b"BODY[]"] == RAW
    assert data[b"INTERNALDATE"] == when
    assert b"\\Seen" in data[b"FLAGS"]
    assert mailbox.maildir.is_dir()


def test_flags_are_readable(mailbox: ImapAccount) -> None:
    seen = mailbox.append("INBOX", RAW, flags=[b"\\Seen", b"\\Flagged"])
    unseen = mailbox.append("INBOX", RAW)
    keyword = mailbox.append("INBOX", RAW, flags=[b"$Followup", b"\\Answered"])

    flags = {uid: set(f) for uid, f in mailbox.flags("INBOX").items()}
    assert flags == {
        seen: {b"\\Seen", b"\\Flagged"},
        unseen: set(),
        keyword: {b"$Followup", b"\\Answered"},
    }
    # Reading the flags is read-only: nothing became \Seen.
    assert mailbox.flags("INBOX")[unseen] == ()


def test_sent_is_found_by_special_use(mailbox: ImapAccount) -> None:
    with mailbox.client() as client:
        assert client.find_special_folder(imapclient.imapclient.SENT) == "Sent"
        assert client.find_special_folder(imapclient.imapclient.DRAFTS) == "Drafts"
        assert client.find_special_folder(imapclient.imapclient.TRASH) == "Trash"
        assert client.find_special_folder(imapclient.imapclient.JUNK) == "Junk"
        assert client.find_special_folder(imapclient.imapclient.ARCHIVE) is None


def test_appending_to_sent(mailbox: ImapAccount) -> None:
    uid = mailbox.append("Sent", RAW, flags=[b"\\Seen"])
    assert mailbox.flags("Sent") == {uid: (b"\\Seen",)}
    assert mailbox.flags("INBOX") == {}


def test_create_and_delete_folder(mailbox: ImapAccount) -> None:
    mailbox.create_folder("Jobs/Acme")
    assert "Jobs/Acme" in mailbox.folders()
    mailbox.delete_folder("Jobs/Acme")
    assert "Jobs/Acme" not in mailbox.folders()


def test_recreate_folder_changes_uidvalidity_not_uids(mailbox: ImapAccount) -> None:
    mailbox.create_folder("Jobs")
    old_uid = mailbox.append("Jobs", RAW)
    before = mailbox.uidvalidity("Jobs")

    after = mailbox.recreate_folder("Jobs")

    assert after != before
    assert mailbox.uidvalidity("Jobs") == after
    assert mailbox.flags("Jobs") == {}
    # The PITFALLS case: same UID again, different message. Only UIDVALIDITY tells.
    assert mailbox.append("Jobs", RAW.replace(b"4711", b"9999")) == old_uid


def test_recreate_sent_keeps_special_use(mailbox: ImapAccount) -> None:
    before = mailbox.uidvalidity("Sent")
    assert mailbox.recreate_folder("Sent") != before
    with mailbox.client() as client:
        assert client.find_special_folder(imapclient.imapclient.SENT) == "Sent"


def test_recreate_inbox_is_refused(mailbox: ImapAccount) -> None:
    with pytest.raises(ValueError, match="INBOX"):
        mailbox.recreate_folder("INBOX")


def test_restart_keeps_data_and_ports_and_says_bye(
    dovecot: DovecotServer, mailbox: ImapAccount
) -> None:
    uid = mailbox.append("INBOX", RAW, flags=[b"\\Seen"])
    validity = mailbox.uidvalidity("INBOX")
    ports, old_pid = (dovecot.port, dovecot.tls_port), dovecot.pid

    idler = mailbox.client()
    try:
        idler.select_folder("INBOX")
        idler.idle()
        dovecot.restart()
        responses = idler.idle_check(timeout=5)
    finally:
        idler.shutdown()
        if not dovecot.is_running:
            dovecot.start()  # for the tests after this one

    assert any(r[0] == b"BYE" for r in responses if isinstance(r, tuple)), responses
    assert dovecot.is_running
    assert dovecot.pid != old_pid
    assert (dovecot.port, dovecot.tls_port) == ports
    assert mailbox.flags("INBOX") == {uid: (b"\\Seen",)}
    assert mailbox.uidvalidity("INBOX") == validity


def test_kill_leaves_no_process_and_start_recovers(
    dovecot: DovecotServer, mailbox: ImapAccount
) -> None:
    uid = mailbox.append("INBOX", RAW)
    group = dovecot.pid
    assert group is not None
    # master, log, config, anvil, stats, auth at least
    assert len(live_group_members(group)) >= 6
    client = mailbox.client()
    try:
        client.select_folder("INBOX")
        dovecot.kill()
        with pytest.raises((OSError, imapclient.exceptions.IMAPClientAbortError)):
            client.noop()  # what a crash looks like to a client
        assert not dovecot.is_running
        assert live_group_members(group) == []  # no master, login or imap process left
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection((dovecot.host, dovecot.port), timeout=1).close()
    finally:
        client.shutdown()
        if not dovecot.is_running:
            dovecot.start()

    assert mailbox.flags("INBOX") == {uid: ()}


def test_second_instance_runs_beside_the_first(
    dovecot: DovecotServer, dovecot_factory: Callable[..., DovecotServer]
) -> None:
    other = dovecot_factory(user="ola")
    try:
        assert other.base_dir != dovecot.base_dir
        assert {other.port, other.tls_port}.isdisjoint({dovecot.port, dovecot.tls_port})
        other.append("INBOX", RAW)
        assert len(other.flags("INBOX")) == 1
        with pytest.raises(LoginError):
            dovecot.account.client(password=other.password)
        with dovecot.client() as client:
            assert client.noop()
    finally:
        other.stop()
    assert not other.is_running
    assert dovecot.is_running


def test_added_user_can_log_in_while_running(dovecot: DovecotServer) -> None:
    account = dovecot.add_user()
    with account.client() as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
    assert account.maildir.is_relative_to(dovecot.mail_root)
