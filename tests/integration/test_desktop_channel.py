"""Desktop nudges through a real, private dbus-daemon and a notification service of our own.

The service below implements org.freedesktop.Notifications the way the desktops do, records
every call, and sends its signals only to the connection that created the notification (as
KDE Plasma does), so the channel must listen on the connection it sends from.
"""

from __future__ import annotations

import queue
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from notifyd import FULL, SessionBus

from agent.errors import NudgeError
from agent.models import NudgeKind
from agent.nudge import Notice
from agent.nudge.desktop import DesktopChannel, session_bus_address

pytestmark = pytest.mark.integration


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
