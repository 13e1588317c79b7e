"""Fixtures that run a real, private Dovecot on loopback for integration tests.

`dovecot` is one server for the whole session (user `dovecot.user`),
`mailbox` a fresh, empty account on it for each test, and `dovecot_factory`
starts further servers. Without a dovecot binary the tests are skipped, and
with CI=true they fail instead, so CI cannot go green without running them.
FOLLOWUP_DOVECOT=/path/to/dovecot picks another binary (see dovecot.py).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from dovecot import INSTALL_HINT, DovecotServer, ImapAccount, Privileges, find_dovecot
from notifyd import Service, SessionBus, notification_services, private_session_bus

LOG_OFFSET = pytest.StashKey[tuple[DovecotServer, int]]()


def require_dovecot() -> str:
    """Return the dovecot binary; skip the test without one (fail in CI)."""
    binary = find_dovecot()
    if binary is None:
        reason = INSTALL_HINT
        if os.environ.get("FOLLOWUP_DOVECOT"):
            reason += f" (FOLLOWUP_DOVECOT={os.environ['FOLLOWUP_DOVECOT']} not found)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason, pytrace=False)
        pytest.skip(reason)
    return binary


@pytest.fixture(scope="session")
def dovecot_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., DovecotServer]]:
    """Start a new private Dovecot per call: make(**DovecotServer kwargs).

    Every server is stopped at the end of the session, and its processes
    with it, whatever the tests did to it.
    """
    binary = require_dovecot()
    as_root = Privileges.detect().as_root
    servers: list[DovecotServer] = []
    shared_dirs: list[Path] = []

    def make(**kwargs: object) -> DovecotServer:
        if as_root:
            # pytest's basetemp is 0700: Dovecot's dovecot/nobody processes
            # could not reach the passwd-file and Maildirs there.
            workdir = Path(tempfile.mkdtemp(prefix="followup-dovecot-"))
            workdir.chmod(0o711)
            shared_dirs.append(workdir)
        else:
            workdir = tmp_path_factory.mktemp("dovecot")
        server = DovecotServer(workdir, binary=binary, **kwargs)  # type: ignore[arg-type]
        servers.append(server)
        server.start()
        return server

    try:
        yield make
    finally:
        try:
            for server in servers:
                server.stop()
        finally:
            for server in servers:
                server.kill()
            for workdir in shared_dirs:
                shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def dovecot(dovecot_factory: Callable[..., DovecotServer]) -> DovecotServer:
    """The session's Dovecot, with user `dovecot.user` / `dovecot.password`.

    Tests that stop or kill it must start it again; `mailbox` does so too.
    """
    return dovecot_factory()


@pytest.fixture
def mailbox(dovecot: DovecotServer, request: pytest.FixtureRequest) -> ImapAccount:
    """A new user with an empty INBOX, Sent, Drafts, Trash and Junk.

    A fresh user costs one small file. A fresh server would cost more: it
    starts in about 50 ms, but Dovecot 2.3's master sleeps 1 s when it stops.
    """
    if not dovecot.is_running:
        dovecot.start()
    request.node.stash[LOG_OFFSET] = (dovecot, dovecot.log_offset())
    return dovecot.unique_user(request.node.name)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Show what Dovecot logged during a failed test that used `mailbox`."""
    report = yield
    if report.failed and LOG_OFFSET in item.stash:
        server, offset = item.stash[LOG_OFFSET]
        report.sections.append(("dovecot log", server.log_since(offset)))
    return report


@pytest.fixture(scope="module")
def session_bus() -> Iterator[SessionBus]:
    """A private dbus-daemon listening on <tmp>/bus, with no activatable services."""
    with private_session_bus() as bus:
        yield bus


@pytest.fixture
def start_service(session_bus: SessionBus) -> Iterator[Callable[..., Service]]:
    """Start a notification service on its own thread: start_service(capabilities)."""
    with notification_services(session_bus) as start:
        yield start
