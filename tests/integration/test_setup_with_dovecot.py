"""`followup init` and `followup doctor` logging in to a real Dovecot, as a new user would."""

from __future__ import annotations

import pytest
from dovecot import ImapAccount
from memory_keyring import MemoryKeyring

from agent.config import load_config

pytestmark = pytest.mark.integration


def init_args(mailbox: ImapAccount) -> list[str]:
    return [
        "init",
        "--yes",
        "--preset",
        "other",
        "--name",
        "work",
        "--host",
        mailbox.host,
        "--port",
        str(mailbox.port),
        "--tls",
        "starttls",
        "--ca-file",
        mailbox.ca_file,
        "--email",
        "kari@example.org",
        "--username",
        mailbox.user,
        "--password-stdin",
    ]


def test_init_tests_the_login_then_saves(
    invoke, mailbox: ImapAccount, memory_keyring: MemoryKeyring
) -> None:
    invoke.config_path.unlink()
    result = invoke.ok(*init_args(mailbox), stdin=mailbox.password + "\n")
    assert "ok: logged in; will watch INBOX" in result.output
    assert memory_keyring.items == {("followup", "work"): mailbox.password}
    assert load_config(invoke.config_path).accounts[0].username == mailbox.user


def test_init_with_a_wrong_password_saves_nothing(
    invoke, mailbox: ImapAccount, memory_keyring: MemoryKeyring
) -> None:
    invoke.config_path.unlink()
    result = invoke.fails(*init_args(mailbox), stdin="not-the-password\n")
    assert "failed:" in result.output
    assert "nothing was saved" in result.output
    assert not invoke.config_path.exists()
    assert memory_keyring.items == {}


def test_doctor_names_the_fix_for_a_refused_login(
    invoke, mailbox: ImapAccount, memory_keyring: MemoryKeyring
) -> None:
    invoke.config_path.unlink()
    invoke.ok(*init_args(mailbox), stdin=mailbox.password + "\n")
    healthy = invoke("doctor", env={"PATH": "/nonexistent"})
    assert "ok   imap work: logged in; will watch INBOX" in healthy.output

    memory_keyring.set_password("followup", "work", "changed-since")
    result = invoke.fails("doctor", env={"PATH": "/nonexistent"})
    assert "FAIL imap work" in result.output
    assert "followup accounts test work" in result.output
    assert "changed-since" not in result.output
