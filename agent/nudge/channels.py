"""Which delivery channels are on, built from the `nudges:` config section.

The table lives here rather than in `agent/nudge/__init__.py`: the channel modules import
`Notice` from there, and importing them back would load dbus-fast for every command.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TextIO

from agent.config import NudgesConfig
from agent.nudge import Channel
from agent.nudge.desktop import ActionCallback, DesktopChannel
from agent.nudge.smtp import SmtpChannel
from agent.nudge.terminal import TerminalChannel

#: Channel classes by the name they record deliveries under.
CHANNELS: dict[str, Callable[..., Channel]] = {
    DesktopChannel.name: DesktopChannel,
    SmtpChannel.name: SmtpChannel,
    TerminalChannel.name: TerminalChannel,
}


def build_channels(
    config: NudgesConfig,
    *,
    on_action: ActionCallback | None = None,
    terminal: TextIO | None = None,
) -> list[Channel]:
    """The channels the config turns on, plus the terminal when a stream is given.

    Nothing connects yet: a missing notification service or SMTP server shows up as a
    NudgeError from `send`. `on_action(nudge_id, action)` receives desktop button presses.
    """
    channels: list[Channel] = []
    if config.desktop.enabled:
        channels.append(DesktopChannel(on_action=on_action))
    if config.email.enabled:
        channels.append(SmtpChannel(config.email))
    if terminal is not None:
        channels.append(TerminalChannel(terminal))
    return channels


def close_channels(channels: Iterable[Any]) -> None:
    """Stop what a channel keeps running (the desktop channel's D-Bus thread)."""
    for channel in channels:
        close = getattr(channel, "close", None)
        if callable(close):
            close()
