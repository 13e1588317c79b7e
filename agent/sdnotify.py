"""Tell systemd how the daemon is doing: READY, STATUS and WATCHDOG datagrams on $NOTIFY_SOCKET.

The protocol is one AF_UNIX datagram per message; a leading "@" names an abstract socket.
Written here rather than taken from a library because the common one swallows every error.
"""

from __future__ import annotations

import logging
import os
import socket

log = logging.getLogger(__name__)


def socket_address(value: str) -> str | bytes:
    """Turn $NOTIFY_SOCKET into an address for sendto: "@name" is Linux's abstract namespace."""
    if value.startswith("@"):
        return b"\0" + value[1:].encode()
    return value


def notify(state: str, environ: dict[str, str] | None = None) -> bool:
    """Send one state line ("READY=1", "STATUS=...", "WATCHDOG=1") to systemd.

    Returns False when not run under a Type=notify unit (no $NOTIFY_SOCKET) or when the
    socket cannot be reached; never raises, because a missing supervisor must not stop mail.
    """
    target = (os.environ if environ is None else environ).get("NOTIFY_SOCKET", "")
    if not target:
        return False
    if not (target.startswith("/") or target.startswith("@")):
        log.debug("NOTIFY_SOCKET=%r is neither a path nor an abstract name; not notifying", target)
        return False
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC) as sock:
            sock.sendto(state.encode(), socket_address(target))
    except OSError as err:
        log.debug("could not notify systemd at %s: %s", target, err)
        return False
    return True


def watchdog_interval(environ: dict[str, str] | None = None) -> float | None:
    """Seconds between WATCHDOG=1 pings (half of WatchdogSec), or None when no watchdog is set.

    systemd exports $WATCHDOG_USEC (and $WATCHDOG_PID for the process it means).
    """
    env = os.environ if environ is None else environ
    usec = env.get("WATCHDOG_USEC", "")
    pid = env.get("WATCHDOG_PID", "")
    if not usec.isdigit() or int(usec) == 0:
        return None
    if pid and pid != str(os.getpid()):
        return None
    return int(usec) / 1_000_000 / 2
