"""Helpers for the IMAP sync tests: a followup config pointing at a test Dovecot account,
messages that the triage does or does not find relevant, and `followup` run as a real process.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from dovecot import ImapAccount

FOLLOWUP = Path(sys.executable).with_name("followup")
#: The tracked company: mail from this domain is relevant to the triage.
COMPANY_DOMAIN = "acme.example"
START = datetime.now(UTC) - timedelta(days=2)


def message(
    n: int,
    *,
    relevant: bool = True,
    sender: str | None = None,
    to: str = "kari@example.test",
    subject: str | None = None,
    message_id: str | None = "auto",
    body: str = "Hello.\r\n",
    when: datetime | None = None,
) -> bytes:
    """A small message; `relevant` ones come from the tracked company's domain."""
    if sender is None:
        sender = f"Ann Berg <ann{n}@{COMPANY_DOMAIN}>" if relevant else f"shop{n}@news.example"
    if subject is None:
        subject = f"About our meeting {n}" if relevant else f"Weekly deals {n}"
    headers = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {format_datetime(when or START + timedelta(minutes=n))}",
    ]
    if message_id == "auto":
        headers.append(f"Message-ID: <msg-{n}-{'r' if relevant else 'x'}@test.example>")
    elif message_id:
        headers.append(f"Message-ID: {message_id}")
    return ("\r\n".join(headers) + "\r\n\r\n" + body).encode()


def account_config(
    account: ImapAccount,
    home: Path,
    *,
    name: str = "personal",
    tls: str = "none",
    ca_file: bool = True,
    password: str | None = None,
    folders: Sequence[str] | None = None,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A config mapping for one account; the password comes through password_command."""
    secret = home / f"{name}.password"
    secret.write_text((password if password is not None else account.password) + "\n")
    secret.chmod(0o600)
    entry: dict[str, Any] = {
        "name": name,
        "host": account.host,
        "port": account.tls_port if tls == "ssl" else account.port,
        "tls": tls,
        "username": account.user,
        "password_command": f"cat '{secret}'",
    }
    if tls != "none" and ca_file:
        entry["ca_file"] = account.ca_file
    if folders is not None:
        entry["folders"] = list(folders)
    config: dict[str, Any] = {
        "timezone": "Europe/Oslo",
        "accounts": [entry],
        "sync": {"poll_interval": 30, "batch_size": 50},
        "nudges": {"desktop": {"enabled": False}},
    }
    config.update(extra or {})
    return config


def bulk_append(account: ImapAccount, folder: str, messages: Sequence[bytes]) -> None:
    """Append many messages over one connection with MULTIAPPEND (one round trip per chunk)."""
    with account.client() as client:
        for start in range(0, len(messages), 500):
            client.multiappend(folder, list(messages[start : start + 500]))


def wait_for(
    condition: Callable[[], Any], timeout: float = 30.0, interval: float = 0.01, what: str = ""
) -> Any:
    """Poll until condition() is truthy; return its value or fail with `what`."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


class Process:
    """`followup ARGS` as a real child process; stderr is collected line by line."""

    def __init__(self, args: Sequence[str], env: dict[str, str]) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            [str(FOLLOWUP), *args],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=env,
            text=True,
        )
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line.rstrip("\n"))

    def wait_for_line(self, needle: str, timeout: float = 30.0, after: int = 0) -> int:
        """Index of the first stderr line (from `after`) containing needle."""

        def found() -> int | None:
            for index, line in enumerate(self.lines[after:], start=after):
                if needle in line:
                    return index + 1  # +1 so index 0 is truthy
            if self.proc.poll() is not None:
                raise AssertionError(
                    f"followup exited ({self.proc.returncode}) before logging {needle!r}:\n"
                    + self.log()
                )
            return None

        return int(wait_for(found, timeout, what=f"{needle!r} in the log:\n{self.log()}")) - 1

    def log(self) -> str:
        return "\n".join(self.lines[-60:])

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def wait(self, timeout: float) -> int:
        code = self.proc.wait(timeout)
        self._close()
        return code

    def stop(self) -> None:
        """SIGKILL if still running, and release the pipes."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait()
        self._close()

    def _close(self) -> None:
        self._reader.join(2)
        for stream in (self.proc.stdout, self.proc.stderr):
            if stream is not None and not stream.closed:
                stream.close()


def process_env(cli_env: dict[str, str | None], config: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in cli_env}
    env.update({k: v for k, v in cli_env.items() if v is not None})
    env["FOLLOWUP_CONFIG"] = str(config)
    env.pop("NOTIFY_SOCKET", None)
    return env


def summary_counts(output: str) -> dict[str, int]:
    """The numbers of the summary line `N seen, N relevant, ...` printed by sync/ingest."""
    line = next(ln for ln in output.splitlines() if " seen, " in ln)
    counts = {}
    for part in line.split(":", 1)[-1].split(";")[0].split(","):
        number, _, word = part.strip().partition(" ")
        counts[word.split()[-1] if word.startswith("to ") else word.split()[0]] = int(number)
    return counts
