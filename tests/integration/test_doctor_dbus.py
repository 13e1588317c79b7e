"""`followup doctor` against a private D-Bus session bus: with and without a notification daemon."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest
from notifyd import Service, SessionBus

from agent import doctor
from agent.config import Config, DesktopConfig, NudgesConfig

pytestmark = pytest.mark.integration


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


def test_bus_without_a_notification_daemon(session_bus: SessionBus, now: datetime) -> None:
    finding = check(session_bus.address, now)
    assert not finding.ok
    assert "org.freedesktop.Notifications" in finding.detail
    assert "notification daemon" in finding.fix
    assert "nudges.email" in finding.fix


def test_bus_with_a_notification_daemon(
    session_bus: SessionBus, start_service: Callable[..., Service], now: datetime
) -> None:
    start_service()
    finding = check(session_bus.address, now)
    assert finding.ok, finding.detail
    assert finding.detail.startswith("test-notifications 1.0")
