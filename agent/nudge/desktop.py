"""Desktop notifications over D-Bus (org.freedesktop.Notifications), with Done/Snooze buttons.

This is the only module that imports dbus-fast. One long-lived connection, driven by an asyncio
loop in a background thread, both sends the notifications and hears the button presses: some
servers (KDE Plasma) send `ActionInvoked` only to the connection that created the notification.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from dbus_fast import DBusFastError, Message, MessageType, Variant
from dbus_fast.aio import MessageBus

from agent.errors import NudgeError
from agent.escape import for_markup, for_terminal, one_line
from agent.nudge import Notice

log = logging.getLogger(__name__)

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
APP_NAME = "followup"

#: Action keys a callback receives: the two buttons, and the user closing the notification.
DONE = "done"
SNOOZE = "snooze"
DISMISSED = "dismissed"
ACTIONS = [DONE, "Done", SNOOZE, "Snooze 1 day"]

_URGENCY_NORMAL = 1
_CLOSED_BY_USER = 2
_EXCERPT = 300
_BODY_LIMIT = 1500
_NO_SERVICE_ERRORS = {
    "org.freedesktop.DBus.Error.ServiceUnknown",
    "org.freedesktop.DBus.Error.NameHasNoOwner",
}
_ADVICE = "enable email nudges (nudges.email) or run `followup nudges` to see what is due"

#: Called with (nudge_id, action) where action is DONE, SNOOZE or DISMISSED.
ActionCallback = Callable[[int, str], None]
_T = TypeVar("_T")


def session_bus_address(environ: Mapping[str, str] | None = None) -> str:
    """Find the session bus: $DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus.

    dbus-fast does not try the systemd user bus socket itself, and a user unit started without
    a graphical login often has only $XDG_RUNTIME_DIR.
    """
    env = os.environ if environ is None else environ
    address = env.get("DBUS_SESSION_BUS_ADDRESS", "").strip()
    if address:
        return address
    runtime = env.get("XDG_RUNTIME_DIR", "").strip()
    if runtime and Path(runtime, "bus").is_socket():
        return "unix:path=" + quote(str(Path(runtime, "bus")), safe="/-_.")
    raise NudgeError(
        "no desktop notification service is reachable: no D-Bus session bus "
        "(DBUS_SESSION_BUS_ADDRESS is not set and $XDG_RUNTIME_DIR/bus does not exist); "
        "run followup inside your desktop session or set "
        "DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/$UID/bus, or " + _ADVICE
    )


def notification_body(notice: Notice, *, markup: bool) -> str:
    """Why now, then the draft's subject and its first lines; escaped when the server renders
    markup, since the text comes from mail and `<a href>` or `&` would otherwise be live."""
    draft = for_terminal(notice.draft).strip()
    if len(draft) > _EXCERPT:
        draft = draft[: _EXCERPT - 1].rstrip() + "…"
    parts = [for_terminal(notice.body).strip()]
    if notice.draft_subject or draft:
        parts.append(f"Draft: {one_line(notice.draft_subject)}\n{draft}".strip())
    text = "\n\n".join(p for p in parts if p)
    if len(text) > _BODY_LIMIT:
        text = text[: _BODY_LIMIT - 1] + "…"
    return for_markup(text) if markup else text


@dataclass(frozen=True)
class ServerInformation:
    """What the running notification service says about itself."""

    name: str
    vendor: str
    version: str
    spec_version: str
    capabilities: tuple[str, ...]

    def __str__(self) -> str:
        extras = ", ".join(self.capabilities) or "no capabilities"
        return f"{self.name} {self.version} ({self.vendor}): {extras}"


class DesktopChannel:
    """Show a nudge as a desktop notification; report Done/Snooze presses to `on_action`.

    `on_action(nudge_id, action)` runs on the channel's own thread: hand the event over (a
    queue) rather than touching the store there. Call `close()` when done; it stops the thread.
    """

    name = "desktop"

    def __init__(
        self,
        *,
        on_action: ActionCallback | None = None,
        address: str | None = None,
        timeout: float = 5.0,
        expire_timeout: int = 0,
    ) -> None:
        self._on_action = on_action
        self._address = address
        self._timeout = timeout
        self._expire_timeout = expire_timeout
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        # Touched only on the loop thread:
        self._bus: MessageBus | None = None
        self._sent: dict[tuple[str, int], int] = {}
        self._dropped: list[MessageBus] = []

    def send(self, notice: Notice) -> None:
        """Show the notice; raise NudgeError when there is no bus or no notification service."""
        self.notify(notice)

    def notify(self, notice: Notice) -> int:
        """Show the notice and return the server's notification id."""
        return self._run(self._notify(notice))

    def server_information(self) -> ServerInformation:
        """Ask the notification service who it is, for `followup doctor`; NudgeError if none."""
        return self._run(self._server_information())

    def close(self) -> None:
        """Disconnect and stop the background thread; the channel can be used again after."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        future = asyncio.run_coroutine_threadsafe(self._disconnect(), loop)
        try:
            future.result(self._timeout)
        except TimeoutError:
            future.cancel()
        loop.call_soon_threadsafe(loop.stop)
        thread.join(self._timeout)

    def __enter__(self) -> DesktopChannel:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the background loop -------------------------------------------------------------

    def _run(self, coro: Coroutine[Any, Any, _T]) -> _T:
        """Run a coroutine on the channel's loop, giving up after the timeout."""
        future = asyncio.run_coroutine_threadsafe(coro, self._running_loop())
        try:
            return future.result(self._timeout * 2)
        except TimeoutError:
            future.cancel()
            raise NudgeError(
                f"the D-Bus session bus or the notification service did not answer within "
                f"{self._timeout * 2:g}s; check that your desktop session is responsive, or "
                + _ADVICE
            ) from None

    def _running_loop(self) -> asyncio.AbstractEventLoop:
        with self._lock:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=_serve, args=(loop,), name="followup-dbus", daemon=True
                )
                thread.start()
                self._loop, self._thread = loop, thread
            return self._loop

    async def _disconnect(self) -> None:
        """Close the connection and any dropped ones, waiting until their sockets are shut."""
        buses, self._dropped = [*self._dropped, self._bus], []
        self._bus = None
        for bus in buses:
            if bus is None:
                continue
            bus.disconnect()
            try:
                async with asyncio.timeout(self._timeout):
                    await bus.wait_for_disconnect()  # type: ignore[no-untyped-call]
            except (TimeoutError, OSError, EOFError, DBusFastError) as err:
                log.debug("D-Bus disconnect: %s", err)

    async def _connected_bus(self) -> MessageBus:
        if self._bus is not None and self._bus.connected:
            return self._bus
        address = self._address or session_bus_address()
        try:
            bus = MessageBus(bus_address=address, auth_timeout=self._timeout)
            async with asyncio.timeout(self._timeout):
                await bus.connect()
        except (OSError, TimeoutError, DBusFastError) as err:
            raise NudgeError(
                f"no desktop notification service is reachable: cannot connect to the D-Bus "
                f"session bus at {address} ({str(err) or type(err).__name__}); check "
                f"DBUS_SESSION_BUS_ADDRESS, or " + _ADVICE
            ) from err
        if self._on_action is not None:
            bus.add_message_handler(self._on_message)
            try:
                await self._call(
                    bus,
                    "org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus",
                    "AddMatch",
                    "s",
                    [f"type='signal',interface='{INTERFACE}',path='{PATH}'"],
                )
            except NudgeError:
                self._forget(bus)
                raise
        self._bus = bus
        return bus

    async def _notify(self, notice: Notice) -> int:
        bus = await self._connected_bus()
        reply = await self._notifications(bus, "GetCapabilities", "", [])
        capabilities = set(reply.body[0])
        # Buttons only when someone listens for them and there is one nudge to act on (not the
        # digest, nudge_id 0): a Done that does nothing misleads.
        listening = self._on_action is not None and notice.nudge_id > 0
        actions = ACTIONS if listening and "actions" in capabilities else []
        hints = {
            "urgency": Variant("y", _URGENCY_NORMAL),
            "desktop-entry": Variant("s", APP_NAME),
        }
        body = notification_body(notice, markup="body-markup" in capabilities)
        reply = await self._notifications(
            bus,
            "Notify",
            "susssasa{sv}i",
            [
                APP_NAME,
                0,
                "",
                one_line(notice.title, 120),
                body,
                actions,
                hints,
                self._expire_timeout,
            ],
        )
        notification_id = int(reply.body[0])
        if actions and reply.sender:
            self._sent[(reply.sender, notification_id)] = notice.nudge_id
        log.debug("nudge %s shown as notification %s", notice.nudge_id, notification_id)
        return notification_id

    async def _server_information(self) -> ServerInformation:
        bus = await self._connected_bus()
        info = await self._notifications(bus, "GetServerInformation", "", [])
        capabilities = await self._notifications(bus, "GetCapabilities", "", [])
        name, vendor, version, spec_version = (one_line(str(v), 80) for v in info.body[:4])
        return ServerInformation(
            name,
            vendor,
            version,
            spec_version,
            tuple(one_line(c, 40) for c in capabilities.body[0]),
        )

    async def _notifications(
        self, bus: MessageBus, member: str, signature: str, body: list[Any]
    ) -> Message:
        return await self._call(bus, SERVICE, PATH, INTERFACE, member, signature, body)

    async def _call(
        self,
        bus: MessageBus,
        destination: str,
        path: str,
        interface: str,
        member: str,
        signature: str,
        body: list[Any],
    ) -> Message:
        message = Message(
            destination=destination,
            path=path,
            interface=interface,
            member=member,
            signature=signature,
            body=body,
        )
        try:
            async with asyncio.timeout(self._timeout):
                reply = await bus.call(message)
        except TimeoutError:
            self._forget(bus)
            raise NudgeError(
                f"the desktop notification service did not answer {member} within "
                f"{self._timeout:g}s; check that your desktop session is responsive, or " + _ADVICE
            ) from None
        except (OSError, DBusFastError) as err:
            self._forget(bus)
            raise NudgeError(
                f"the D-Bus session bus failed during {member} ({err}); the nudge is retried "
                "later, or " + _ADVICE
            ) from err
        if reply.message_type is MessageType.ERROR:
            text = reply.body[0] if reply.body else ""
            if reply.error_name in _NO_SERVICE_ERRORS:
                raise NudgeError(
                    "no desktop notification service is running on the session bus "
                    f"(nothing owns {SERVICE}); start your desktop's notification daemon "
                    "(GNOME and KDE have one; elsewhere e.g. dunst or mako), or " + _ADVICE
                )
            raise NudgeError(
                f"the desktop notification service refused {member}: {reply.error_name}: "
                f"{one_line(str(text), 200)}; " + _ADVICE
            )
        return reply

    def _forget(self, bus: MessageBus) -> None:
        """Drop a connection that failed, so the next send starts afresh."""
        if self._bus is bus:
            self._bus = None
        bus.disconnect()
        if bus not in self._dropped:
            self._dropped.append(bus)

    def _on_message(self, message: Message) -> bool:
        """Turn ActionInvoked/NotificationClosed for our notifications into callbacks."""
        if message.message_type is not MessageType.SIGNAL or message.interface != INTERFACE:
            return False
        if message.member == "ActionInvoked" and message.signature == "us":
            notification_id, key = message.body
            action = key if key in (DONE, SNOOZE) else None
        elif message.member == "NotificationClosed" and message.signature == "uu":
            notification_id, reason = message.body
            action = DISMISSED if reason == _CLOSED_BY_USER else ""
        else:
            return False
        if action is None:
            return False
        nudge_id = self._sent.pop((message.sender or "", int(notification_id)), None)
        if nudge_id is None or not action or self._on_action is None:
            return False
        log.info("nudge %s: %s from the desktop notification", nudge_id, action)
        try:
            self._on_action(nudge_id, action)
        except Exception:
            # The listener outlives one bad callback, like the daemon outlives one bad message.
            log.exception("handling %s for nudge %s failed", action, nudge_id)
        return False


def _serve(loop: asyncio.AbstractEventLoop) -> None:
    """Run the channel's loop until close() stops it, then tidy up so nothing leaks."""
    asyncio.set_event_loop(loop)
    try:
        loop.run_forever()
    finally:
        pending = asyncio.all_tasks(loop)
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
