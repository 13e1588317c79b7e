"""`followup run` as systemd runs it: a real process, a private NOTIFY_SOCKET, a real Dovecot.

systemd itself is not needed: the test plays its part, listening on an abstract datagram
socket for READY=1 and WATCHDOG=1 and sending SIGTERM, as the user manager would.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

import pytest
import yaml
from dovecot import ImapAccount

from agent.service import followup_command

pytestmark = pytest.mark.integration

#: systemd would export WatchdogSec=2s like this; the daemon pings at half of it.
WATCHDOG_USEC = 2_000_000
STAMP = re.compile(r"^\d{4}-\d\d-\d\d[ T]\d\d:\d\d")
BODY_MARKER = "BODY-MARKER-7f3e"


class Supervisor:
    """The part of systemd the daemon talks to: an abstract notify socket."""

    def __init__(self) -> None:
        self.name = f"followup-test-{uuid.uuid4().hex}"
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.sock.bind(b"\0" + self.name.encode())
        self.received: list[str] = []

    @property
    def address(self) -> str:
        return "@" + self.name

    def wait_for(self, state: str, timeout: float, count: int = 1) -> list[str]:
        """Collect datagrams until `state` was seen `count` times; fail after `timeout`."""
        deadline = time.monotonic() + timeout
        while sum(state in m.splitlines() for m in self.received) < count:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {state} within {timeout} s; got {self.received}")
            self.sock.settimeout(left)
            try:
                self.received.append(self.sock.recv(4096).decode())
            except TimeoutError:
                continue
        return self.received

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def supervisor() -> Iterator[Supervisor]:
    made = Supervisor()
    yield made
    made.close()


class Home:
    """A new user's home: config for one Dovecot account, the password as a systemd credential."""

    def __init__(self, root: Path, account: ImapAccount) -> None:
        self.root = root
        self.config = root / "config" / "followup" / "config.yaml"
        self.database = root / "data" / "followup" / "followup.db"
        self.credentials = root / "credentials"
        self.credentials.mkdir(mode=0o700, parents=True)
        (self.credentials / "followup-work").write_text(account.password + "\n")
        self.settings = {
            "timezone": "Europe/Oslo",
            "accounts": [
                {
                    "name": "work",
                    "host": account.host,
                    "port": account.port,
                    "tls": "starttls",
                    "ca_file": account.ca_file,
                    "username": account.user,
                }
            ],
            "nudges": {"desktop": {"enabled": False}},
        }
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(root),
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "CREDENTIALS_DIRECTORY": str(self.credentials),
            "LANG": "C.UTF-8",
        }

    def write_config(self, text: str | None = None) -> None:
        self.config.parent.mkdir(parents=True, exist_ok=True)
        self.config.write_text(text if text is not None else yaml.safe_dump(self.settings))

    def followup(self, *args: str, **extra_env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*followup_command(), *args],
            env={**self.env, **extra_env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*followup_command(), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


@pytest.fixture
def home(tmp_path: Path, mailbox: ImapAccount) -> Home:
    made = Home(tmp_path, mailbox)
    made.write_config()
    return made


def job_mail() -> bytes:
    message = EmailMessage()
    message["From"] = "Ann Berg <ann.berg@fjordtech.example>"
    message["To"] = "kari@example.org"
    message["Subject"] = "Interview invitation: Backend developer"
    message["Date"] = format_datetime(datetime.now(UTC))
    message["Message-ID"] = make_msgid(domain="fjordtech.example")
    message.set_content(
        f"Hi Kari,\n\nWe would like to invite you to an interview next week. {BODY_MARKER}\n"
    )
    return message.as_bytes()


def stop(proc: subprocess.Popen[str]) -> tuple[int | None, str]:
    """SIGTERM as systemd sends it; the daemon must be gone within 5 s (then it is killed,
    and the exit code says so). Returns the exit code and what it wrote to stderr."""
    proc.send_signal(signal.SIGTERM)
    try:
        code: int | None = proc.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None
    finally:
        if proc.poll() is None:
            proc.kill()
    _, stderr = proc.communicate(timeout=10)
    return code, stderr


def test_run_under_a_supervisor(home: Home, mailbox: ImapAccount, supervisor: Supervisor) -> None:
    added = home.run("add", "Fjordtech", "Backend developer", "--domain", "fjordtech.example")
    assert added.returncode == 0, added.stderr
    mailbox.append("INBOX", job_mail())

    proc = home.followup(
        "-vv",
        "run",
        NOTIFY_SOCKET=supervisor.address,
        WATCHDOG_USEC=str(WATCHDOG_USEC),
        JOURNAL_STREAM="8:4242",
    )
    try:
        supervisor.wait_for("READY=1", timeout=60)
        ready_at = len(supervisor.received)
        # The loop keeps pinging: two more pings after READY, at half of WatchdogSec.
        supervisor.wait_for("WATCHDOG=1", timeout=30, count=2)
        assert any(m.startswith("STATUS=") for m in supervisor.received)
        assert any("WATCHDOG=1" in m for m in supervisor.received[ready_at - 1 :])

        status = home.run("status", "--json")
        assert '"running": true' in status.stdout, status.stdout + status.stderr
    finally:
        code, stderr = stop(proc)

    assert code == 0, stderr
    with sqlite3.connect(home.database) as db:
        decided = db.execute("SELECT decision, application_id FROM messages").fetchall()
    assert len(decided) == 1, stderr  # the message was read, body and all
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert lines, "the daemon logged nothing at -vv"
    assert not [line for line in lines if STAMP.match(line)], "journald adds the timestamps"
    assert mailbox.password not in stderr
    assert BODY_MARKER not in stderr


def test_stops_within_5_s_while_waiting_for_mail(
    home: Home, mailbox: ImapAccount, supervisor: Supervisor
) -> None:
    proc = home.followup("run", NOTIFY_SOCKET=supervisor.address)
    try:
        supervisor.wait_for("READY=1", timeout=60)
    finally:
        code, stderr = stop(proc)
    assert code == 0, stderr
    after = home.run("status", "--json")
    assert after.returncode == 3
    assert '"running": false' in after.stdout


def test_config_error_exits_78_naming_the_key(home: Home, supervisor: Supervisor) -> None:
    home.write_config("sync:\n  poll_intervall: 60\n")
    proc = home.followup("run", NOTIFY_SOCKET=supervisor.address)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 78, stderr
    assert "sync.poll_intervall" in stderr
    supervisor.sock.settimeout(0.2)
    with pytest.raises(TimeoutError):
        supervisor.sock.recv(4096)  # no READY=1 for a service that cannot work
