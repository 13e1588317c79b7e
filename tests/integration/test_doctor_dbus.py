"""`followup doctor` against a private D-Bus session bus: with and without a notification daemon."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Annotated

import pytest
from dbus_fast.aio import MessageBus
from dbus_fast.annotations import DBusSignature
from dbus_fast.service import ServiceInterface, dbus_method

from agent import doctor
from agent.config import Config, DesktopConfig, NudgesConfig

pytestmark = pytest.mark.integration

StrList = Annotated[list[str], DBusSignature("as")]
ServerInfo = Annotated[tuple[str, str, str, str], DBusSignature("ssss")]

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
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


@pytest.fixture(scope="module")
def bus_address() -> Iterator[str]:
    binary = shutil.which("dbus-daemon")
    if binary is None:
        hint = "dbus-daemon not installed: apt-get install dbus-daemon"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(hint, pytrace=False)
        pytest.skip(hint)
    runtime = Path(tempfile.mkdtemp(prefix="fu-doc-"))
    config = runtime / "bus.conf"
    config.write_text(BUS_CONFIG.format(socket=runtime / "bus"))
    proc = subprocess.Popen(
        [binary, f"--config-file={config}", "--nofork", "--print-address"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        address = proc.stdout.readline().strip()
        assert address, proc.stderr.read() if proc.stderr else "dbus-daemon printed nothing"
        yield address
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
        shutil.rmtree(runtime, ignore_errors=True)


class Notifications(ServiceInterface):
    """Just enough of org.freedesktop.Notifications for doctor to ask who it is."""

    def __init__(self) -> None:
        super().__init__("org.freedesktop.Notifications")

    @dbus_method()
    def GetCapabilities(self) -> StrList:
        return ["body", "actions"]

    @dbus_method()
    def GetServerInformation(self) -> ServerInfo:
        return ("testnotifyd", "followup tests", "1.0", "1.2")


@pytest.fixture
def notification_daemon(bus_address: str) -> Iterator[None]:
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def serve() -> MessageBus:
        bus = await MessageBus(bus_address=bus_address).connect()
        bus.export("/org/freedesktop/Notifications", Notifications())
        await bus.request_name("org.freedesktop.Notifications")
        return bus

    bus = asyncio.run_coroutine_threadsafe(serve(), loop).result(10)
    yield

    async def stop() -> None:
        bus.disconnect()
        await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]

    asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(10)
    loop.close()


def check(address: str, now: datetime) -> doctor.Finding:
    up = doctor.Checkup(
        config_path=None,
        now=now,
        environ={"DBUS_SESSION_BUS_ADDRESS": address},
        config=Config(nudges=NudgesConfig(desktop=DesktopConfig(enabled=True))),
        timeout=5,
    )
    [finding] = doctor.check_notifications(up)
    return finding


def test_bus_without_a_notification_daemon(bus_address: str, now: datetime) -> None:
    finding = check(bus_address, now)
    assert not finding.ok
    assert "org.freedesktop.Notifications" in finding.detail
    assert "notification daemon" in finding.fix
    assert "nudges.email" in finding.fix


def test_bus_with_a_notification_daemon(
    bus_address: str, notification_daemon: None, now: datetime
) -> None:
    finding = check(bus_address, now)
    assert finding.ok, finding.detail
    assert finding.detail.startswith("testnotifyd 1.0")
