"""Log lines on stderr: journald adds its own timestamps, so under systemd we leave them out."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest

from agent.cli import setup_logging


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    trace = logging.getLogger("imapclient.imaplib")
    handlers, level, trace_level = root.handlers[:], root.level, trace.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    trace.setLevel(trace_level)


STAMP = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d")


def emit(capsys: pytest.CaptureFixture[str]) -> str:
    setup_logging(logging.INFO)
    logging.getLogger("agent.daemon").info("synced %s folders", 2)
    return capsys.readouterr().err


def test_under_journald_lines_have_no_timestamp(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    monkeypatch.setenv("JOURNAL_STREAM", "8:123456")
    assert emit(capsys) == "INFO agent.daemon: synced 2 folders\n"


def test_in_a_terminal_lines_start_with_a_timestamp(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    monkeypatch.delenv("JOURNAL_STREAM", raising=False)
    line = emit(capsys)
    assert STAMP.match(line)
    assert line.endswith("INFO agent.daemon: synced 2 folders\n")


def test_imap_protocol_trace_never_reaches_the_log_even_at_debug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, restore_logging: None
) -> None:
    """imaplib's trace holds whole fetched messages; debug logging must not print them."""
    monkeypatch.setenv("JOURNAL_STREAM", "8:1")
    setup_logging(logging.DEBUG)
    logging.getLogger("imapclient.imaplib").debug("< b'Dear Kari, the salary is ...'")
    logging.getLogger("agent.imap_source").debug("work/INBOX: fetching 1 body")
    assert capsys.readouterr().err == "DEBUG agent.imap_source: work/INBOX: fetching 1 body\n"
