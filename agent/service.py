"""The systemd user units that run followup in the background, and installing them.

Units are rendered from the templates below with the absolute path of the installed
`followup` filled in; `systemd/` in the source tree holds the same units rendered for a
`pip install --user` (`%h/.local/bin/followup`) so they can be read or copied by hand.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from agent.errors import UsageError

DAEMON_UNIT = "followup.service"
SYNC_UNIT = "followup-sync.service"
TIMER_UNIT = "followup-sync.timer"
ALL_UNITS = (DAEMON_UNIT, SYNC_UNIT, TIMER_UNIT)
#: What the source tree's systemd/ files are rendered with (pip install --user, pipx).
USER_BIN_FOLLOWUP = "%h/.local/bin/followup"

# Hardening that a *user* manager can apply. Namespacing options (ProtectSystem=,
# ProtectHome=, PrivateTmp=...) need PrivateUsers=true there, which fails on kernels without
# unprivileged user namespaces; the seccomp-class options below work everywhere and imply
# NoNewPrivileges=. AF_UNIX reaches the D-Bus session (notifications, Secret Service keyring),
# AF_INET/AF_INET6 the mail servers. The data and config dirs stay writable: nothing here
# remounts the home directory.
_HARDENING = """\
UMask=0077
NoNewPrivileges=yes
LockPersonality=yes
RestrictRealtime=yes
RestrictSUIDSGID=yes
RestrictNamespaces=yes
SystemCallArchitectures=native
SystemCallFilter=@system-service
SystemCallFilter=~@privileged
SystemCallErrorNumber=EPERM
RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6"""

_DAEMON = """\
# followup: watches your mailbox and nudges you when to follow up on job applications.
# Installed by `followup service install`; remove with `followup service uninstall`.
[Unit]
Description=followup job-application mail watcher
After=dbus.socket
# A config error exits 78; five crashes in ten minutes also stop the restarts.
StartLimitIntervalSec=10min
StartLimitBurst=5

[Service]
Type=notify
NotifyAccess=main
ExecStart={exec_start} run
Restart=on-failure
RestartSec=30s
RestartPreventExitStatus=78
# The mail loop pings the watchdog; a wedged loop is killed and restarted.
WatchdogSec={watchdog}
# READY=1 comes after the first sync, which can be long on a big mailbox.
TimeoutStartSec=10min
TimeoutStopSec=20s
SyslogIdentifier=followup
{environment}{hardening}

[Install]
WantedBy=default.target
"""

_SYNC = """\
# followup: one pass over the mailbox, started by followup-sync.timer.
# For people who prefer a periodic sync to the always-on followup.service.
[Unit]
Description=followup one-shot mail sync
After=dbus.socket

[Service]
Type=oneshot
ExecStart={exec_start} sync --once
TimeoutStartSec=30min
SyslogIdentifier=followup-sync
{environment}{hardening}
"""

_TIMER = """\
# followup: runs followup-sync.service every {interval} (first a minute after it starts).
[Unit]
Description=Periodic followup mail sync

[Timer]
OnActiveSec=1min
OnUnitActiveSec={interval}
RandomizedDelaySec=30s
Unit=followup-sync.service

[Install]
WantedBy=timers.target
"""

#: Default WatchdogSec=: the daemon pings at half of it from its mail loop.
WATCHDOG = "5min"


@dataclass(frozen=True)
class Unit:
    """One rendered unit file."""

    name: str
    text: str


def quote_arg(arg: str) -> str:
    """Quote one ExecStart= word: systemd expands %specifiers and $VARS and splits on spaces."""
    escaped = arg.replace("%", "%%").replace("$", "$$")
    if re.search(r"[\s\"'\\;]", escaped) or not escaped:
        escaped = '"' + escaped.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return escaped


def _environment_line(name: str, value: str) -> str:
    assignment = f"{name}={value.replace('%', '%%')}"
    if re.search(r"[\s\"\\]", assignment):
        assignment = '"' + assignment.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"Environment={assignment}\n"


def followup_command(executable: str | None = None) -> list[str]:
    """The absolute command that starts this installation of followup.

    The `followup` script beside the running interpreter when there is one (a venv, pipx,
    pip --user), else `python -m agent` with that same interpreter.
    """
    python = Path(executable or sys.executable)
    script = python.parent / "followup"
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script.absolute())]
    return [str(python.absolute()), "-m", "agent"]


def format_interval(seconds: int) -> str:
    """A systemd time span: 300 → "5min", 90 → "90s"."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600}h"
    if seconds % 60 == 0:
        return f"{seconds // 60}min"
    return f"{seconds}s"


def exec_line(command: Sequence[str]) -> str:
    """The ExecStart= command for an argument list, quoted for systemd."""
    return " ".join(quote_arg(part) for part in command)


def render_units(
    exec_start: str,
    *,
    timer: bool = False,
    config_path: Path | None = None,
    bus_fallback: bool = True,
    interval: int = 900,
    watchdog: str = WATCHDOG,
) -> list[Unit]:
    """Render the units for one way of running: the daemon, or the timer and its oneshot.

    `exec_start` is the already quoted command (see `exec_line`); specifiers like %h pass.

    `config_path` is passed as $FOLLOWUP_CONFIG when the user runs with a non-default config.
    `bus_fallback` sets DBUS_SESSION_BUS_ADDRESS to the standard per-user bus, for user
    managers that do not export one (dbus-fast does not look there by itself).
    """
    environment = ""
    if bus_fallback:
        environment += "Environment=DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus\n"
    if config_path is not None:
        environment += _environment_line("FOLLOWUP_CONFIG", str(config_path))
    values = {"exec_start": exec_start, "environment": environment, "hardening": _HARDENING}
    if not timer:
        return [Unit(DAEMON_UNIT, _DAEMON.format(watchdog=watchdog, **values))]
    return [
        Unit(SYNC_UNIT, _SYNC.format(**values)),
        Unit(TIMER_UNIT, _TIMER.format(interval=format_interval(interval))),
    ]


def unit_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Where a user's own units live: $XDG_CONFIG_HOME/systemd/user."""
    env = os.environ if environ is None else environ
    base = env.get("XDG_CONFIG_HOME", "")
    root = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return root / "systemd" / "user"


class UserManager:
    """`systemctl --user`, when this session has a user manager to talk to."""

    def __init__(self, systemctl: str | None = None) -> None:
        self.systemctl = systemctl or shutil.which("systemctl")

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        if self.systemctl is None:
            raise UsageError("systemctl not found: this machine does not run systemd")
        return subprocess.run(
            [self.systemctl, "--user", *args],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def reachable(self) -> bool:
        """True when a user manager answers (it does not in containers or over plain su)."""
        if self.systemctl is None:
            return False
        try:
            return self._run("show-environment").returncode == 0
        except (OSError, subprocess.TimeoutExpired):
            return False

    def exports_bus(self) -> bool:
        """True when the manager already hands DBUS_SESSION_BUS_ADDRESS to its services."""
        done = self._run("show-environment")
        return done.returncode == 0 and "DBUS_SESSION_BUS_ADDRESS=" in done.stdout

    def run(self, *args: str) -> None:
        done = self._run(*args)
        if done.returncode != 0:
            detail = (done.stderr or done.stdout).strip()
            raise UsageError(
                f"`systemctl --user {' '.join(args)}` failed: {detail}; see "
                "`journalctl --user -u followup` and `followup doctor`"
            )

    def is_active(self, unit: str) -> bool:
        return self._run("is-active", "--quiet", unit).returncode == 0

    def is_enabled(self, unit: str) -> bool:
        return self._run("is-enabled", "--quiet", unit).returncode == 0


def lingering(user: str | None = None) -> bool:
    """True when the user manager keeps running without a login (loginctl enable-linger)."""
    name = user or os.environ.get("USER") or os.environ.get("LOGNAME") or ""
    return bool(name) and Path("/var/lib/systemd/linger", name).exists()


def write_units(units: Sequence[Unit], directory: Path) -> list[Path]:
    """Write the unit files, each replaced whole so a half-written unit is never loaded."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for unit in units:
        path = directory / unit.name
        tmp = path.with_name(f".{unit.name}.tmp")
        tmp.write_text(unit.text, encoding="utf-8")
        tmp.replace(path)
        written.append(path)
    return written


def install(units: Sequence[Unit], directory: Path, manager: UserManager | None) -> list[str]:
    """Write the units, then enable and start them when a user manager is reachable.

    Returns what was done, one line each, including the commands still to run by hand.
    """
    said = [f"wrote {path}" for path in write_units(units, directory)]
    names = [u.name for u in units]
    enable = [n for n in names if n != SYNC_UNIT]  # the timer starts the oneshot
    other = [TIMER_UNIT] if DAEMON_UNIT in names else [DAEMON_UNIT]
    if manager is None or not manager.reachable():
        said.append("no systemd user manager is reachable from here; run these yourself:")
        said.append("  systemctl --user daemon-reload")
        said.append(f"  systemctl --user enable --now {' '.join(enable)}")
        return said
    manager.run("daemon-reload")
    said.append("reloaded the systemd user manager")
    for name in other:
        if manager.is_enabled(name) or manager.is_active(name):
            manager.run("disable", "--now", name)
            said.append(f"disabled and stopped {name} (only one way of running at a time)")
    manager.run("enable", "--now", *enable)
    said.append(f"enabled and started {' and '.join(enable)}")
    if not lingering():
        said.append(
            "it runs while you are logged in; to keep it running after logout and start it "
            "at boot, run: loginctl enable-linger"
        )
    return said


def uninstall(directory: Path, manager: UserManager | None) -> list[str]:
    """Stop, disable and remove every followup unit; what was not there is skipped."""
    present = [name for name in ALL_UNITS if (directory / name).exists()]
    said: list[str] = []
    reachable = manager is not None and manager.reachable()
    if manager is not None and reachable and present:
        enabled = [n for n in present if n != SYNC_UNIT]
        manager.run("disable", "--now", *enabled)
        said.append(f"stopped and disabled {' and '.join(enabled)}")
    for name in present:
        (directory / name).unlink()
        said.append(f"removed {directory / name}")
    if manager is not None and reachable and present:
        manager.run("daemon-reload")
        said.append("reloaded the systemd user manager")
    elif present:
        said.append("no systemd user manager is reachable from here; when there is, run:")
        said.append("  systemctl --user daemon-reload")
    if not present:
        said.append(f"no followup units in {directory}; nothing to do")
    return said
