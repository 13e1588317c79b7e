"""The systemd user units: what they say, that systemd accepts them, and installing them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from agent import service

REPO = Path(__file__).resolve().parents[2]

# A stand-in for `systemctl` at the process boundary: it logs each call and answers from
# files, so no test can touch a real user manager.
FAKE_SYSTEMCTL = """#!/bin/sh
echo "$*" >> "$FAKE_LOG"
case "$2" in
  show-environment)
    [ -f "$FAKE_DIR/reachable" ] || exit 1
    cat "$FAKE_DIR/environment" 2>/dev/null; exit 0 ;;
  is-active|is-enabled)
    [ -f "$FAKE_DIR/$2-$4" ] && exit 0; exit 3 ;;
esac
exit 0
"""


class FakeSystemctl:
    def __init__(self, root: Path) -> None:
        self.dir = root
        self.bin = root / "bin"
        self.bin.mkdir(parents=True)
        self.path = self.bin / "systemctl"
        self.path.write_text(FAKE_SYSTEMCTL)
        self.path.chmod(0o755)
        self.log = root / "calls.log"
        os.environ["FAKE_LOG"] = str(self.log)
        os.environ["FAKE_DIR"] = str(root)

    def reachable(self, environment: str = "") -> None:
        (self.dir / "reachable").touch()
        (self.dir / "environment").write_text(environment)

    def set(self, what: str, unit: str) -> None:
        (self.dir / f"{what}-{unit}").touch()

    def calls(self) -> list[str]:
        return self.log.read_text().splitlines() if self.log.exists() else []


@pytest.fixture
def systemctl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeSystemctl:
    monkeypatch.setenv("FAKE_LOG", "")
    monkeypatch.setenv("FAKE_DIR", "")
    return FakeSystemctl(tmp_path / "fake")


def daemon_unit(**kwargs: object) -> str:
    [unit] = service.render_units("/opt/followup/bin/followup", **kwargs)  # type: ignore[arg-type]
    assert unit.name == "followup.service"
    return unit.text


def directives(text: str) -> list[str]:
    return [line for line in text.splitlines() if line and not line.startswith(("#", "["))]


def test_daemon_unit_is_notify_with_watchdog_and_restarts() -> None:
    lines = directives(daemon_unit())
    for expected in (
        "Type=notify",
        "ExecStart=/opt/followup/bin/followup run",
        "Restart=on-failure",
        "RestartPreventExitStatus=78",
        "NoNewPrivileges=yes",
        "UMask=0077",
    ):
        assert expected in lines
    assert any(line.startswith("WatchdogSec=") for line in lines)
    assert "WantedBy=default.target" in lines


def test_daemon_unit_has_no_options_a_user_manager_cannot_apply() -> None:
    text = daemon_unit()
    for namespacing in ("ProtectSystem=", "ProtectHome=", "PrivateTmp=", "ReadOnlyPaths="):
        assert namespacing not in text
    families = next(x for x in directives(text) if x.startswith("RestrictAddressFamilies="))
    assert "AF_UNIX" in families  # the D-Bus session: notifications and the keyring
    assert "AF_INET6" in families


def test_bus_address_only_when_the_manager_does_not_export_one() -> None:
    assert "Environment=DBUS_SESSION_BUS_ADDRESS=unix:path=%t/bus" in daemon_unit()
    assert "DBUS_SESSION_BUS_ADDRESS" not in daemon_unit(bus_fallback=False)


def test_non_default_config_is_passed_to_the_service() -> None:
    text = daemon_unit(config_path=Path("/home/kari/my configs/100%.yaml"))
    assert 'Environment="FOLLOWUP_CONFIG=/home/kari/my configs/100%%.yaml"' in text
    assert "FOLLOWUP_CONFIG" not in daemon_unit()


def test_exec_line_quotes_spaces_and_escapes_specifiers() -> None:
    line = service.exec_line(["/home/kari/My Apps/bin/python", "-m", "agent"])
    assert line == '"/home/kari/My Apps/bin/python" -m agent'
    assert service.exec_line(["/srv/50%off/$HOME/followup"]) == "/srv/50%%off/$$HOME/followup"


def test_timer_mode_renders_a_oneshot_sync_and_its_timer() -> None:
    units = {u.name: u.text for u in service.render_units("/x/followup", timer=True, interval=300)}
    assert set(units) == {"followup-sync.service", "followup-sync.timer"}
    sync = directives(units["followup-sync.service"])
    assert "Type=oneshot" in sync
    assert "ExecStart=/x/followup sync --once" in sync
    timer = directives(units["followup-sync.timer"])
    assert "OnUnitActiveSec=5min" in timer
    assert "Unit=followup-sync.service" in timer
    assert "WantedBy=timers.target" in timer


@pytest.mark.parametrize(
    ("seconds", "span"), [(300, "5min"), (3600, "1h"), (90, "90s"), (86400, "24h")]
)
def test_format_interval(seconds: int, span: str) -> None:
    assert service.format_interval(seconds) == span


def test_repository_units_match_the_rendering() -> None:
    """systemd/ holds the units as `pip install --user` would get them; keep them in step."""
    rendered = [
        *service.render_units(service.USER_BIN_FOLLOWUP),
        *service.render_units(service.USER_BIN_FOLLOWUP, timer=True),
    ]
    for unit in rendered:
        on_disk = (REPO / "systemd" / unit.name).read_text()
        assert on_disk == unit.text, f"systemd/{unit.name} is stale: re-render it"


def test_followup_command_prefers_the_script_beside_the_interpreter(tmp_path: Path) -> None:
    python = tmp_path / "bin" / "python"
    python.parent.mkdir()
    python.touch()
    assert service.followup_command(str(python)) == [str(python), "-m", "agent"]
    script = python.parent / "followup"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    assert service.followup_command(str(python)) == [str(script)]


def systemd_analyze() -> str:
    found = shutil.which("systemd-analyze")
    if found is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("systemd-analyze is missing: apt-get install systemd", pytrace=False)
        pytest.skip("systemd-analyze not installed (apt-get install systemd)")
    return found


@pytest.mark.parametrize("timer", [False, True], ids=["daemon", "timer"])
def test_systemd_analyze_verify_accepts_the_units(tmp_path: Path, timer: bool) -> None:
    analyze = systemd_analyze()
    command = service.exec_line(service.followup_command())
    units = service.render_units(command, timer=timer, config_path=tmp_path / "c.yaml")
    written = service.write_units(units, tmp_path / "units")
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    done = subprocess.run(
        [analyze, "--user", "--man=no", "verify", *map(str, written)],
        capture_output=True,
        text=True,
        env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
        cwd=tmp_path / "units",
        timeout=60,
        check=False,
    )
    # Unknown keys are only warnings, with exit status 0: any output is a defect too.
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "", done.stderr


def test_install_without_a_user_manager_writes_and_says_what_to_run(tmp_path: Path) -> None:
    units = service.render_units("/x/followup")
    said = service.install(units, tmp_path / "user", None)
    assert (tmp_path / "user" / "followup.service").read_text() == units[0].text
    assert "  systemctl --user enable --now followup.service" in said


def test_install_enables_the_daemon_and_retires_the_timer(
    tmp_path: Path, systemctl: FakeSystemctl
) -> None:
    systemctl.reachable()
    systemctl.set("is-enabled", "followup-sync.timer")
    manager = service.UserManager(str(systemctl.path))
    said = service.install(service.render_units("/x/followup"), tmp_path / "user", manager)
    calls = systemctl.calls()
    assert "--user daemon-reload" in calls
    assert "--user disable --now followup-sync.timer" in calls
    assert calls[-1] == "--user enable --now followup.service"
    assert any("enabled and started followup.service" in line for line in said)


def test_install_timer_enables_only_the_timer(tmp_path: Path, systemctl: FakeSystemctl) -> None:
    systemctl.reachable()
    manager = service.UserManager(str(systemctl.path))
    service.install(service.render_units("/x/followup", timer=True), tmp_path / "u", manager)
    assert systemctl.calls()[-1] == "--user enable --now followup-sync.timer"


def test_a_failing_systemctl_is_reported_with_where_to_look(
    tmp_path: Path, systemctl: FakeSystemctl
) -> None:
    systemctl.reachable()
    broken = systemctl.bin / "broken"
    broken.write_text('#!/bin/sh\n[ "$2" = show-environment ] && exit 0\necho nope >&2\nexit 1\n')
    broken.chmod(0o755)
    manager = service.UserManager(str(broken))
    with pytest.raises(service.UsageError, match=r"nope.*journalctl"):
        service.install(service.render_units("/x/followup"), tmp_path / "u", manager)


def test_uninstall_stops_and_removes_every_unit(tmp_path: Path, systemctl: FakeSystemctl) -> None:
    directory = tmp_path / "user"
    service.write_units(service.render_units("/x/followup", timer=True), directory)
    systemctl.reachable()
    said = service.uninstall(directory, service.UserManager(str(systemctl.path)))
    assert list(directory.iterdir()) == []
    assert "--user disable --now followup-sync.timer" in systemctl.calls()
    assert any("removed" in line for line in said)
    again = service.uninstall(directory, None)
    assert again == [f"no followup units in {directory}; nothing to do"]


def test_cli_print_writes_nothing(invoke, tmp_path: Path) -> None:
    result = invoke.ok("service", "install", "--print")
    assert "Type=notify" in result.output
    assert f"ExecStart={service.exec_line(service.followup_command())} run" in result.output
    assert not (Path(invoke.env["XDG_CONFIG_HOME"] or "") / "systemd").exists()


def test_cli_install_and_uninstall(invoke, systemctl: FakeSystemctl) -> None:
    path = f"{systemctl.bin}:{os.environ.get('PATH', '')}"
    systemctl.reachable("DBUS_SESSION_BUS_ADDRESS=unix:path=/run/user/1000/bus\n")
    result = invoke.ok("service", "install", env={"PATH": path})
    unit = Path(invoke.env["XDG_CONFIG_HOME"] or "") / "systemd" / "user" / "followup.service"
    assert f"wrote {unit}" in result.output
    text = unit.read_text()
    assert "DBUS_SESSION_BUS_ADDRESS" not in text  # the manager exports it already
    assert f"FOLLOWUP_CONFIG={invoke.config_path}" not in text  # the default location
    assert systemctl.calls()[-1] == "--user enable --now followup.service"
    invoke.ok("service", "uninstall", env={"PATH": path})
    assert not unit.exists()


def test_cli_install_passes_a_named_config(invoke, systemctl: FakeSystemctl) -> None:
    other = invoke.write_config({"timezone": "Europe/Oslo"}, invoke.root / "elsewhere.yaml")
    invoke.ok("--config", str(other), "service", "install", env={"PATH": str(systemctl.bin)})
    unit = Path(invoke.env["XDG_CONFIG_HOME"] or "") / "systemd" / "user" / "followup.service"
    assert f"Environment=FOLLOWUP_CONFIG={other}" in unit.read_text()


def test_cli_install_refuses_a_broken_config(invoke, systemctl: FakeSystemctl) -> None:
    invoke.write_config("sync:\n  poll_intervall: 60\n")
    result = invoke.fails("service", "install", env={"PATH": str(systemctl.bin)}, code=78)
    assert "sync.poll_intervall" in result.output
    assert systemctl.calls() == []


def test_sys_executable_is_used_when_run_as_module() -> None:
    command = service.followup_command()
    assert Path(command[0]).is_absolute()
    assert command[0] == str(Path(sys.executable).parent / "followup") or command[1:] == [
        "-m",
        "agent",
    ]
