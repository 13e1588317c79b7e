"""A private D-Bus session bus and a notification service of our own, for the tests.

The service implements org.freedesktop.Notifications the way the desktops do, records every
call, and sends its signals only to the connection that created the notification (as KDE
Plasma does).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
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


@contextlib.contextmanager
def private_session_bus() -> Iterator[SessionBus]:
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


@contextlib.contextmanager
def notification_services(session_bus: SessionBus) -> Iterator[Callable[..., Service]]:
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
