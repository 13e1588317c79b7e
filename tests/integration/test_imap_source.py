"""The read-only IMAP layer itself against Dovecot: searching, fetching and waiting in IDLE."""

from __future__ import annotations

import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from dovecot import DovecotServer, ImapAccount
from mailenv import message

from agent.config import AccountConfig
from agent.credentials import Secret
from agent.errors import AuthError, MailboxError
from agent.imap_source import ImapSession

pytestmark = pytest.mark.integration


def config(mailbox: ImapAccount, **fields: object) -> AccountConfig:
    base = {
        "name": "personal",
        "host": mailbox.host,
        "port": mailbox.port,
        "tls": "none",
        "username": mailbox.user,
    }
    return AccountConfig.model_validate({**base, **fields})


@pytest.fixture
def session(mailbox: ImapAccount):
    opened = ImapSession.open(config(mailbox), Secret("password", mailbox.password, "test"))
    yield opened
    opened.close()


def test_search_above_the_checkpoint_never_returns_old_uids(session, mailbox) -> None:
    uids = [mailbox.append("INBOX", message(n)) for n in range(3)]
    session.select("INBOX")

    assert session.search(after_uid=0) == uids
    assert session.search(after_uid=uids[1]) == [uids[2]]
    # `UID n:*` with n above the highest UID matches the highest UID on the server.
    assert session.search(after_uid=uids[2]) == []
    assert session.search(after_uid=0, upto_uid=uids[1]) == uids[:2]


def test_search_since_uses_the_arrival_date(session, mailbox) -> None:
    old = mailbox.append("INBOX", message(1), msg_time=datetime.now(UTC) - timedelta(days=40))
    new = mailbox.append("INBOX", message(2))
    session.select("INBOX")
    horizon = (datetime.now(UTC) - timedelta(days=10)).date()

    assert session.search(since=horizon) == [new]
    assert session.search(since=horizon - timedelta(days=60), before=horizon) == [old]


def test_headers_then_bodies_without_marking_anything_read(session, mailbox) -> None:
    uid = mailbox.append("INBOX", message(1, body="The whole body.\r\n"))
    state = session.select("INBOX")

    headers = session.fetch_headers([uid, uid + 100])  # the second one does not exist
    bodies = session.fetch_bodies([uid])

    assert state.uidvalidity == mailbox.uidvalidity("INBOX")
    assert list(headers) == [uid]
    assert b"Subject: About our meeting 1" in headers[uid].header
    assert b"whole body" not in headers[uid].header
    assert headers[uid].size == len(message(1, body="The whole body.\r\n"))
    assert bodies[uid].endswith(b"The whole body.\r\n")
    assert mailbox.flags("INBOX") == {uid: ()}


def test_idle_wakes_up_on_new_mail(session, mailbox) -> None:
    session.select("INBOX")
    stop = threading.Event()
    threading.Timer(0.3, lambda: mailbox.append("INBOX", message(1))).start()

    assert session.wait_for_mail(stop, renew=30) is True


def test_idle_is_renewed_and_returns_quietly_without_mail(session) -> None:
    session.select("INBOX")

    started = time.monotonic()
    assert session.wait_for_mail(threading.Event(), renew=0.5, slice_seconds=0.1) is False
    assert time.monotonic() - started < 10
    # The connection is still good after DONE.
    assert session.search(after_uid=0) == []


def test_idle_returns_at_once_when_asked_to_stop(session) -> None:
    session.select("INBOX")
    stop = threading.Event()
    threading.Timer(0.2, stop.set).start()

    assert session.wait_for_mail(stop, renew=60, slice_seconds=0.1) is False


def test_idle_reports_a_server_shutdown(session, dovecot: DovecotServer) -> None:
    session.select("INBOX")
    stopper = threading.Timer(0.2, dovecot.stop)
    stopper.start()
    try:
        with pytest.raises(MailboxError, match="closed the connection"):
            session.wait_for_mail(threading.Event(), renew=30, slice_seconds=0.2)
    finally:
        stopper.join()
        dovecot.start()


def test_wrong_password_is_an_auth_error(mailbox) -> None:
    with pytest.raises(AuthError, match="refused the login"):
        ImapSession.open(config(mailbox), Secret("password", "wrong", "test"))


def test_sent_folder_is_found_by_its_special_use_flag(session) -> None:
    watched, missing = session.watched_folders()

    assert watched == [("INBOX", False), ("Sent", True)]
    assert missing == []
