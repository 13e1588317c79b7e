"""Which channels the nudges config turns on."""

from __future__ import annotations

import io

import pytest

from agent.config import DesktopConfig, EmailConfig, NudgesConfig
from agent.errors import ConfigError
from agent.nudge.channels import CHANNELS, build_channels, close_channels

EMAIL = EmailConfig(enabled=True, to="me@example.org", host="smtp.example.org")


def names(channels) -> list[str]:
    return [channel.name for channel in channels]


def test_defaults_give_desktop_notifications_only():
    channels = build_channels(NudgesConfig())

    assert names(channels) == ["desktop"]
    close_channels(channels)


def test_email_and_terminal_join_when_asked_for():
    config = NudgesConfig(desktop=DesktopConfig(enabled=False), email=EMAIL)

    channels = build_channels(config, terminal=io.StringIO())

    assert names(channels) == ["email", "terminal"]


def test_everything_off_gives_no_channels():
    assert build_channels(NudgesConfig(desktop=DesktopConfig(enabled=False))) == []


def test_the_table_names_each_channel_by_the_name_it_records():
    assert {name: cls.name for name, cls in CHANNELS.items()} == {  # type: ignore[attr-defined]
        "desktop": "desktop",
        "email": "email",
        "terminal": "terminal",
    }


def test_an_address_that_is_not_one_is_a_config_error():
    config = NudgesConfig(email=EMAIL.model_copy(update={"to": "my own inbox"}))

    with pytest.raises(ConfigError, match=r"nudges\.email\.to"):
        build_channels(config)
