"""Desktop nudges through a real, private dbus-daemon and a notification service of our own.

The service below implements org.freedesktop.Notifications the way the desktops do, records
every call, and sends its signals only to the connection that created the notification (as
KDE Plasma does), so the channel must listen on the connection it sends from.
"""

from __future__ import annotations

import asyncio
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import pytest
from dbus_fast import Message, MessageType
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import (
    DBusDict,
    DBusInt32,
    DBusSignature,
    DBusStr,
    DBusUInt32,
)
from dbus_fast.service import ServiceInterface, dbus_method

from agent.errors import NudgeError
from agent.models import NudgeKind
from agent.nudge import Notice
from agent.nudge.desktop import DesktopChannel, session_bus_address

pytestmark = pytest.mark.integration

INSTALL_HINT = "dbus-daemon not installed: apt-get install dbus-daemon"
NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
FULL = ("actions", "body", "body-markup", "persistence")

StrList = Annotated[list[str], DBusSignature("as")]
ServerInfo = Annotated[tuple[str, str, str, str], DBusSignature("ssss")]

CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


@dataclass
class Received:
    """One Notify call as the service saw it."""

    sender: str
    app_name: str
    summary: str
    body: str
    actions: list[str]
    hints: dict[str, Any]
    expire_timeout: int


@dataclass
class SessionBus:
    address: str
    runtime_dir: Path


@pytest.fixture(scope="module")
def session_bus() -> Iterator[SessionBus]:
    """A private dbus-daemon listening on <tmp>/bus, with no activatable services."""
    binary = shutil.which("dbus-daemon")
    if binary is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(INSTALL_HINT, pytrace=False)
        pytest.skip(INSTALL_HINT)
    # A short path: unix socket paths are limited to about 100 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="fu-dbus-"))
    config = runtime / "session.conf"
    config.write_text(CONFIG.format(socket=runtime / "bus"), encoding="utf-8")
    process = subprocess.Popen(
        [binary, f"--config-file={config}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        address = process.stdout.readline().strip()
        if not address:
            _, err = process.communicate(timeout=5)
            pytest.fail(f"dbus-daemon did not start: {err}", pytrace=False)
        yield SessionBus(address, runtime)
    finally:
        process.terminate()
        process.communicate(timeout=10)
        shutil.rmtree(runtime, ignore_errors=True)


class NotificationServer(ServiceInterface):
    """A minimal notification daemon that records what it is asked to show."""

    def __init__(self, capabilities: tuple[str, ...]) -> None:
        super().__init__(NAME)
        self.capabilities = list(capabilities)
        self.received: dict[int, Received] = {}
        self.closed: list[int] = []
        self.hang = False
        self.release = asyncio.Event()
        self._next_id = 0
        self._sender = ""

    def watch(self, message: Message) -> None:
        """Note who calls Notify, so signals can go back to that connection only."""
        if message.member == "Notify" and message.sender:
            self._sender = message.sender

    @dbus_method()
    def GetCapabilities(self) -> StrList:
        return self.capabilities

    @dbus_method()
    def GetServerInformation(self) -> ServerInfo:
        return ("test-notifications", "followup tests", "1.0", "1.2")

    @dbus_method()
    async def Notify(
        self,
        app_name: DBusStr,
        replaces_id: DBusUInt32,
        app_icon: DBusStr,
        summary: DBusStr,
        body: DBusStr,
        actions: StrList,
        hints: DBusDict,
        expire_timeout: DBusInt32,
    ) -> DBusUInt32:
        if self.hang:
            await self.release.wait()
        self._next_id += 1
        self.received[self._next_id] = Received(
            sender=self._sender,
            app_name=app_name,
            summary=summary,
            body=body,
            actions=list(actions),
            hints={key: value.value for key, value in hints.items()},
            expire_timeout=expire_timeout,
        )
        return self._next_id

    @dbus_method()
    def CloseNotification(self, notification_id: DBusUInt32):  # no reply value
        self.closed.append(notification_id)


@dataclass
class Service:
    """The running notification service, driven from the test thread."""

    server: NotificationServer
    bus: MessageBus
    loop: asyncio.AbstractEventLoop
    stops: list[Callable[[], None]] = field(default_factory=list)

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(10)

    def signal(self, notification_id: int, member: str, signature: str, arg: Any) -> None:
        """Emit ActionInvoked/NotificationClosed to the connection that sent the notification."""
        destination = self.server.received[notification_id].sender

        async def emit() -> None:
            await self.bus.send(
                Message(
                    destination=destination,
                    path=PATH,
                    interface=NAME,
                    member=member,
                    message_type=MessageType.SIGNAL,
                    signature=signature,
                    body=[notification_id, arg],
                )
            )

        self.run(emit())

    def invoke(self, notification_id: int, action: str) -> None:
        self.signal(notification_id, "ActionInvoked", "us", action)

    def close(self, notification_id: int, reason: int) -> None:
        self.signal(notification_id, "NotificationClosed", "uu", reason)

    def unhang(self) -> None:
        async def release() -> None:
            self.server.release.set()

        self.run(release())


@pytest.fixture
def start_service(session_bus: SessionBus) -> Iterator[Callable[..., Service]]:
    """Start the notification service on its own thread: start_service(capabilities)."""
    started: list[tuple[Service, threading.Thread]] = []

    def start(capabilities: tuple[str, ...] = FULL) -> Service:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, daemon=True)
        thread.start()
        server = NotificationServer(capabilities)

        async def connect() -> MessageBus:
            bus = await MessageBus(bus_address=session_bus.address).connect()
            bus.add_message_handler(server.watch)
            bus.export(PATH, server)
            await bus.request_name(NAME)
            return bus

        bus = asyncio.run_coroutine_threadsafe(connect(), loop).result(10)
        service = Service(server, bus, loop)
        started.append((service, thread))
        return service

    yield start
    for service, thread in started:

        async def stop(bus: MessageBus = service.bus, server=service.server) -> None:
            server.release.set()
            bus.disconnect()
            await bus.wait_for_disconnect()

        service.run(stop())
        service.loop.call_soon_threadsafe(service.loop.stop)
        thread.join(10)
        service.loop.close()


@pytest.fixture
def channel_factory(session_bus: SessionBus) -> Iterator[Callable[..., DesktopChannel]]:
    channels: list[DesktopChannel] = []

    def make(**kwargs: Any) -> DesktopChannel:
        kwargs.setdefault("address", session_bus.address)
        channel = DesktopChannel(**kwargs)
        channels.append(channel)
        return channel

    yield make
    for channel in channels:
        channel.close()


def make_notice(nudge_id: int = 7, **overrides: str) -> Notice:
    fields = {
        "title": "Follow up with Acme (Backend developer)",
        "body": "No answer for 7 working days.\nLast contact: Ann <ann@acme.example>",
        "draft_subject": "Re: Backend developer",
        "draft": "Hi Ann,\n\nI wanted to ask where you are in the process.",
        "application_label": "Acme — Backend developer",
    }
    fields.update(overrides)
    return Notice(nudge_id=nudge_id, kind=NudgeKind.STATUS_CHECK, **fields)


def test_notice_arrives_with_title_actions_and_escaped_mail_text(start_service, channel_factory):
    service = start_service(FULL)
    events: queue.Queue[tuple[int, str]] = queue.Queue()
    channel = channel_factory(on_action=lambda *event: events.put(event))

    notification_id = channel.notify(
        make_notice(body='Ann wrote: <b>urgent</b> & <a href="http://evil">see</a>')
    )

    got = service.server.received[notification_id]
    assert got.app_name == "followup"
    assert got.summary == "Follow up with Acme (Backend developer)"
    assert "&lt;b&gt;urgent&lt;/b&gt; &amp; &lt;a href=" in got.body
    assert "<b>" not in got.body
    assert "<a" not in got.body
    assert "Draft: Re: Backend developer" in got.body
    assert "where you are in the process" in got.body
    assert got.actions == ["done", "Done", "snooze", "Snooze 1 day"]
    assert got.hints == {"urgency": 1, "desktop-entry": "followup"}


def test_plain_text_server_gets_the_text_unescaped(start_service, channel_factory):
    service = start_service(("body", "actions"))
    channel = channel_factory(on_action=lambda *event: None)

    notification_id = channel.notify(make_notice(body="Fish & chips <3"))

    assert "Fish & chips <3" in service.server.received[notification_id].body


def test_no_buttons_when_the_server_has_no_actions(start_service, channel_factory):
    service = start_service(("body", "body-markup"))
    channel = channel_factory(on_action=lambda *event: None)

    notification_id = channel.notify(make_notice())

    assert service.server.received[notification_id].actions == []


def test_no_buttons_when_nobody_listens_for_them(start_service, channel_factory):
    service = start_service(FULL)
    channel = channel_factory()

    notification_id = channel.notify(make_notice())

    assert service.server.received[notification_id].actions == []


def test_done_and_snooze_reach_the_callback_with_the_nudge_id(start_service, channel_factory):
    service = start_service(FULL)
    events: queue.Queue[tuple[int, str]] = queue.Queue()
    channel = channel_factory(on_action=lambda *event: events.put(event))
    first = channel.notify(make_notice(nudge_id=41))
    second = channel.notify(make_notice(nudge_id=42))

    service.invoke(first, "done")
    assert events.get(timeout=10) == (41, "done")

    # The server closes a notification after an action: that is not a second event.
    service.close(first, 2)
    service.invoke(second, "snooze")
    assert events.get(timeout=10) == (42, "snooze")


def test_user_dismissal_is_reported_but_expiry_and_strangers_are_not(
    start_service, channel_factory
):
    service = start_service(FULL)
    events: queue.Queue[tuple[int, str]] = queue.Queue()
    channel = channel_factory(on_action=lambda *event: events.put(event))
    expired = channel.notify(make_notice(nudge_id=1))
    dismissed = channel.notify(make_notice(nudge_id=2))
    clicked = channel.notify(make_notice(nudge_id=3))

    service.close(expired, 1)
    service.invoke(clicked, "default")  # a click on the body, not one of our buttons
    service.close(dismissed, 2)
    assert events.get(timeout=10) == (2, "dismissed")
    service.invoke(clicked, "done")
    assert events.get(timeout=10) == (3, "done")


def test_a_failing_callback_does_not_stop_the_listener(start_service, channel_factory, caplog):
    service = start_service(FULL)
    events: queue.Queue[tuple[int, str]] = queue.Queue()

    def on_action(nudge_id: int, action: str) -> None:
        if nudge_id == 1:
            raise RuntimeError("store is locked")
        events.put((nudge_id, action))

    channel = channel_factory(on_action=on_action)
    first = channel.notify(make_notice(nudge_id=1))
    second = channel.notify(make_notice(nudge_id=2))

    service.invoke(first, "done")
    service.invoke(second, "done")

    assert events.get(timeout=10) == (2, "done")
    assert "handling done for nudge 1 failed" in caplog.text


def test_no_notification_service_is_a_clear_error(session_bus, channel_factory):
    channel = channel_factory()

    with pytest.raises(NudgeError, match="no desktop notification service is running") as err:
        channel.send(make_notice())

    assert "email nudges" in str(err.value)
    assert "followup nudges" in str(err.value)


def test_no_bus_is_a_clear_error(tmp_path, channel_factory):
    channel = channel_factory(address=f"unix:path={tmp_path}/no-bus")

    with pytest.raises(NudgeError, match="cannot connect to the D-Bus session bus"):
        channel.send(make_notice())


def test_without_any_bus_address_the_error_names_the_fix(tmp_path):
    with pytest.raises(NudgeError, match="DBUS_SESSION_BUS_ADDRESS") as err:
        session_bus_address({"XDG_RUNTIME_DIR": str(tmp_path)})

    assert "email nudges" in str(err.value)


def test_falls_back_to_the_bus_in_xdg_runtime_dir(
    session_bus, start_service, channel_factory, monkeypatch
):
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(session_bus.runtime_dir))
    service = start_service(FULL)
    channel = channel_factory(address=None)

    notification_id = channel.notify(make_notice())

    assert service.server.received[notification_id].summary.startswith("Follow up with Acme")


def test_a_hung_service_fails_the_send_instead_of_blocking(start_service, channel_factory):
    service = start_service(FULL)
    service.server.hang = True
    channel = channel_factory(timeout=0.5)

    with pytest.raises(NudgeError, match="did not answer"):
        channel.send(make_notice())

    # Once the service answers again, the channel reconnects and delivers.
    service.server.hang = False
    service.unhang()
    notification_id = channel.notify(make_notice())
    assert notification_id in service.server.received


def test_a_closed_channel_can_send_again(start_service, channel_factory):
    service = start_service(FULL)
    channel = channel_factory()
    channel.notify(make_notice())
    channel.close()

    notification_id = channel.notify(make_notice(nudge_id=8))

    assert notification_id in service.server.received


def test_the_digest_gets_no_buttons(start_service, channel_factory):
    service = start_service(FULL)
    channel = channel_factory(on_action=lambda *event: None)

    notification_id = channel.notify(make_notice(nudge_id=0, draft="", draft_subject=""))

    got = service.server.received[notification_id]
    assert got.actions == []
    assert "Draft" not in got.body


def test_server_information_for_the_doctor(start_service, channel_factory):
    start_service(("body", "actions"))
    channel = channel_factory()

    info = channel.server_information()

    assert str(info) == "test-notifications 1.0 (followup tests): body, actions"


def test_server_information_without_a_service(session_bus, channel_factory):
    with pytest.raises(NudgeError, match="no desktop notification service is running"):
        channel_factory().server_information()
