"""`followup init`: the mail-provider presets and writing a first config file.

Pure parts (the presets, building and rendering the config) are kept apart from the writing;
the questions themselves are asked by the command in agent/cli/service.py.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Literal

from agent.config import Config, default_config_path, parse_config
from agent.errors import ConfigError, UsageError


@dataclass(frozen=True)
class Preset:
    """How to reach one provider's IMAP server, and what it takes to log in there."""

    key: str
    label: str
    host: str
    port: int
    tls: Literal["ssl", "starttls"]
    auth: Literal["password", "app-password", "oauth2"]
    #: What the person must do before logging in works (app password, OAuth2, Bridge).
    note: str
    #: A default account name, used for the keyring entry and in status output.
    name: str
    #: True when the password must come from an OAuth2 token command.
    oauth2_only: bool = False
    #: True when the server's certificate is self-signed and `ca_file` must point at it.
    needs_ca_file: bool = False


PRESETS: dict[str, Preset] = {
    "gmail": Preset(
        "gmail",
        "Gmail / Google Workspace",
        "imap.gmail.com",
        993,
        "ssl",
        "app-password",
        "Gmail needs an app password (Google Account → Security → 2-Step Verification → App "
        "passwords; 2-Step Verification must be on) or OAuth2 through oauth2_token_command. "
        "Your normal Google password will be refused.",
        "gmail",
    ),
    "outlook": Preset(
        "outlook",
        "Outlook.com / Microsoft 365",
        "outlook.office365.com",
        993,
        "ssl",
        "oauth2",
        "Microsoft has turned off password logins for IMAP: you need OAuth2. Set "
        "--oauth2-token-command to a program that prints a fresh access token (for example "
        "oama, or mutt_oauth2.py registered for your account). Work accounts may need the "
        "administrator to allow IMAP.",
        "outlook",
        oauth2_only=True,
    ),
    "fastmail": Preset(
        "fastmail",
        "Fastmail",
        "imap.fastmail.com",
        993,
        "ssl",
        "app-password",
        "Fastmail needs an app password (Settings → Privacy & Security → Manage app "
        "passwords, access: IMAP).",
        "fastmail",
    ),
    "icloud": Preset(
        "icloud",
        "iCloud Mail",
        "imap.mail.me.com",
        993,
        "ssl",
        "app-password",
        "iCloud needs an app-specific password (account.apple.com → Sign-In and Security → "
        "App-Specific Passwords). The user name is the part of your iCloud address before @ "
        "(some accounts accept the whole address).",
        "icloud",
    ),
    "yahoo": Preset(
        "yahoo",
        "Yahoo Mail",
        "imap.mail.yahoo.com",
        993,
        "ssl",
        "app-password",
        "Yahoo needs an app password (Account Info → Account security → Generate app password).",
        "yahoo",
    ),
    "proton": Preset(
        "proton",
        "Proton Mail (through Proton Mail Bridge)",
        "127.0.0.1",
        1143,
        "starttls",
        "password",
        "Proton Mail works only through Proton Mail Bridge running on this machine. Use the "
        "user name and the password Bridge shows for the account (not your Proton password), "
        "and export Bridge's certificate (Bridge → Settings → Export TLS certificates) and "
        "give its path as --ca-file: Bridge signs its own certificate.",
        "proton",
        needs_ca_file=True,
    ),
    "other": Preset(
        "other",
        "Another provider (give host and port)",
        "",
        993,
        "ssl",
        "password",
        "Use the IMAP server your provider documents; many need an app password when "
        "two-step verification is on.",
        "mail",
    ),
}

_NAME_CHARS = re.compile(r"[^a-z0-9_-]+")


def guess_preset(email: str) -> str | None:
    """The preset for a well-known address domain, or None."""
    domain = email.rpartition("@")[2].lower()
    table = {
        "gmail.com": "gmail",
        "googlemail.com": "gmail",
        "outlook.com": "outlook",
        "hotmail.com": "outlook",
        "live.com": "outlook",
        "msn.com": "outlook",
        "fastmail.com": "fastmail",
        "fastmail.fm": "fastmail",
        "icloud.com": "icloud",
        "me.com": "icloud",
        "mac.com": "icloud",
        "yahoo.com": "yahoo",
        "ymail.com": "yahoo",
        "proton.me": "proton",
        "protonmail.com": "proton",
        "pm.me": "proton",
    }
    return table.get(domain)


def account_name(text: str) -> str:
    """A short, keyring- and file-safe account name from what the user typed."""
    name = _NAME_CHARS.sub("-", text.strip().lower()).strip("-")
    if not name:
        raise UsageError(f"{text!r} cannot be an account name; use letters, digits, - or _")
    return name


@dataclass(frozen=True)
class Answers:
    """Everything `followup init` learned, from prompts or flags. Never holds a password."""

    preset: Preset
    name: str
    email: str
    username: str
    host: str
    port: int
    tls: Literal["ssl", "starttls", "none"]
    password_command: str | None = None
    oauth2_token_command: str | None = None
    ca_file: Path | None = None
    country: str | None = None
    timezone: str | None = None
    folders: tuple[str, ...] = ("INBOX",)


def _yaml(value: str) -> str:
    """A YAML scalar for any text: JSON strings are valid double-quoted YAML."""
    return json.dumps(value, ensure_ascii=False)


def render_config(answers: Answers, now: datetime) -> str:
    """The config file text: the account and the few settings init asked about, commented."""
    lines = [
        f"# followup configuration, written by `followup init` on {now:%Y-%m-%d}.",
        "# Every key and its default is described in config.example.yaml.",
        "# The password is not kept here: it is in your keyring, or printed by",
        "# password_command / oauth2_token_command when the agent needs it.",
    ]
    if answers.timezone:
        lines.append(f"timezone: {_yaml(answers.timezone)}")
    lines += [
        "accounts:",
        f"  - name: {_yaml(answers.name)}",
        f"    # {answers.preset.label}",
        f"    host: {_yaml(answers.host)}",
        f"    port: {answers.port}",
        f"    tls: {answers.tls}",
        f"    username: {_yaml(answers.username)}",
    ]
    if answers.password_command:
        lines.append(f"    password_command: {_yaml(answers.password_command)}")
    if answers.oauth2_token_command:
        lines.append(f"    oauth2_token_command: {_yaml(answers.oauth2_token_command)}")
    if answers.ca_file:
        lines.append(f"    ca_file: {_yaml(str(answers.ca_file))}")
    lines.append("    folders: [" + ", ".join(_yaml(f) for f in answers.folders) + "]")
    lines += ["matching:", f"  my_addresses: [{_yaml(answers.email)}]"]
    if answers.country:
        lines += [
            "policy:",
            "  # public holidays of this country do not count as working days",
            f"  country: {_yaml(answers.country.upper())}",
        ]
    return "\n".join(lines) + "\n"


def check_config_text(text: str, path: Path) -> Config:
    """Validate the rendered config exactly as `followup run` will read it."""
    return parse_config(text, path)


def write_config(text: str, path: Path, *, replace: bool) -> Path | None:
    """Write the config owner-only (0600 in a 0700 directory); return the saved old copy.

    An existing file is only replaced when `replace` is true, and then kept as
    `config.yaml.bak` first, so nothing the user wrote is lost.
    """
    kept: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if path.parent == default_config_path().parent:
            path.parent.chmod(0o700)  # our own directory: templates and backups land there too
        if path.exists():
            if not replace:
                raise UsageError(
                    f"{path} already exists; run `followup init --yes` to replace it (the old "
                    "file is kept as config.yaml.bak), or edit it by hand"
                )
            kept = path.with_name(path.name + ".bak")
            path.replace(kept)
        tmp = path.with_name(f".{path.name}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        tmp.chmod(0o600)
        tmp.replace(path)
    except OSError as err:
        raise ConfigError(f"cannot write the config file {path}: {err}") from err
    return kept


def preset_choices() -> Sequence[str]:
    return tuple(PRESETS)
