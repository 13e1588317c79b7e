"""`followup doctor`: every misconfiguration a person can make is named, with its fix."""

from __future__ import annotations

import socket
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from memory_keyring import MemoryKeyring

from agent import doctor, service
from agent.config import AccountConfig
from agent.credentials import Secret
from agent.errors import AuthError
from agent.store import open_store


class Setup:
    """A config, database and unit directory in a temporary place, and running doctor on it."""

    def __init__(self, root: Path, now: datetime) -> None:
        self.root = root
        self.now = now
        self.config_path = root / "config.yaml"
        self.database = root / "data" / "followup.db"
        self.units = root / "units"
        self.environ: dict[str, str] = {"HOME": str(root)}
        self.logins: list[str] = []
        self.login_error: Exception | None = None
        self.config: dict[str, Any] = {
            "timezone": "Europe/Oslo",
            "database": str(self.database),
            "accounts": [
                {"name": "work", "host": "imap.fastmail.com", "username": "kari@fastmail.com"}
            ],
            "nudges": {"desktop": {"enabled": False}},
        }

    def write(self, text: str | None = None) -> None:
        self.config_path.write_text(text if text is not None else yaml.safe_dump(self.config))
        self.config_path.chmod(0o600)

    def login(self, account: AccountConfig, secret: Secret) -> str:
        self.logins.append(account.name)
        if self.login_error is not None:
            raise self.login_error
        return "logged in; will watch INBOX"

    def run(self, write: bool = True) -> dict[str, doctor.Finding]:
        if write:
            self.write()
        up = doctor.Checkup(
            config_path=str(self.config_path),
            now=self.now,
            environ=self.environ,
            login_test=self.login,
            unit_dir=self.units,
            timeout=5,
        )
        return {f.name: f for f in doctor.run_checks(up)}

    def install_units(self) -> None:
        service.write_units(
            service.render_units(service.exec_line(service.followup_command())), self.units
        )


@pytest.fixture
def setup(tmp_path: Path, now: datetime, memory_keyring: MemoryKeyring) -> Setup:
    memory_keyring.set_password("followup", "work", "app-password")
    made = Setup(tmp_path, now)
    made.install_units()
    return made


def failures(findings: dict[str, doctor.Finding]) -> dict[str, doctor.Finding]:
    return {name: f for name, f in findings.items() if not f.ok}


def test_a_good_setup_has_no_failures(setup: Setup) -> None:
    findings = setup.run()
    assert failures(findings) == {}
    assert findings["imap work"].detail == "logged in; will watch INBOX"
    assert findings["credentials work"].detail == "password from keyring"


def test_missing_config_file_points_at_init(setup: Setup) -> None:
    up = doctor.Checkup(
        config_path=str(setup.root / "nope.yaml"), now=setup.now, environ={}, unit_dir=setup.units
    )
    found = {f.name: f for f in doctor.check_config(up)}
    assert not found["config"].ok
    assert "followup init" in found["config"].detail + found["config"].fix


def test_unknown_config_key_is_named(setup: Setup) -> None:
    setup.config["sync"] = {"poll_intervall": 60}
    bad = failures(setup.run())
    assert set(bad) == {"config"}  # the checks that need a config step aside
    assert "sync.poll_intervall" in bad["config"].detail
    assert "did you mean 'poll_interval'" in bad["config"].detail
    assert str(setup.config_path) in bad["config"].fix


def test_config_readable_by_others(setup: Setup) -> None:
    setup.write()
    setup.config_path.chmod(0o644)
    bad = failures(setup.run(write=False))
    assert bad["config"].fix == f"chmod 600 {setup.config_path}"


def test_no_accounts(setup: Setup) -> None:
    setup.config["accounts"] = []
    bad = failures(setup.run())
    assert "followup init" in bad["accounts"].fix


def test_no_keyring_backend_explains_password_command_and_credentials(
    setup: Setup, no_keyring: None
) -> None:
    bad = failures(setup.run())
    assert "no keyring backend" in bad["keyring"].detail
    assert "password_command" in bad["keyring"].fix
    assert "LoadCredential=" in bad["keyring"].fix
    assert "credentials work" in bad  # and the password cannot be read either
    assert setup.logins == []  # no login is tried without a secret
    assert "no credentials" in bad["imap work"].detail


def test_keyring_is_not_needed_with_a_password_command(setup: Setup, no_keyring: None) -> None:
    setup.config["accounts"][0]["password_command"] = "echo from-command"
    findings = setup.run()
    assert findings["keyring"].ok
    assert findings["credentials work"].detail == "password from password_command"


def add_drop_in(setup: Setup, text: str) -> None:
    drop_in = setup.units / "followup.service.d"
    drop_in.mkdir(exist_ok=True)
    (drop_in / "credential.conf").write_text(f"[Service]\n{text}\n")


def test_a_credential_in_the_unit_replaces_the_keyring(setup: Setup, no_keyring: None) -> None:
    secret = setup.root / "work.password"
    secret.write_text("from-the-credential-file\n")
    add_drop_in(setup, "LoadCredential=followup-work:%h/work.password")
    findings = setup.run()
    assert findings["keyring"].ok
    assert findings["credentials work"].detail == (
        f"password from systemd credential followup-work ({secret})"
    )
    assert setup.logins == ["work"]  # logged in with the same secret the service gets


def test_a_credential_file_that_is_missing(setup: Setup, no_keyring: None) -> None:
    add_drop_in(setup, "LoadCredential=followup-work:/nowhere/work.password")
    bad = failures(setup.run())
    assert "/nowhere/work.password" in bad["credentials work"].detail
    assert "LoadCredential=" in bad["credentials work"].fix
    assert "keyring" not in bad


def test_an_encrypted_credential_is_left_to_the_service(setup: Setup, no_keyring: None) -> None:
    add_drop_in(setup, "SetCredentialEncrypted=followup-work: \\\n  k6iUCUh0RJCQyvL8k8q1UyAAAAA=")
    findings = setup.run()
    assert failures(findings) == {}
    assert "only the service can read it" in findings["credentials work"].detail
    assert findings["imap work"].detail.startswith("not tried here")
    assert setup.logins == []


def test_missing_password(setup: Setup, memory_keyring: MemoryKeyring) -> None:
    memory_keyring.items.clear()
    bad = failures(setup.run())
    assert "no password" in bad["credentials work"].detail
    assert "followup password set work" in bad["credentials work"].fix


def test_failing_password_command(setup: Setup) -> None:
    setup.config["accounts"][0]["password_command"] = "exit 3"
    bad = failures(setup.run())
    assert "exit status 3" in bad["credentials work"].detail


def test_imap_login_refused_names_the_provider_fix(setup: Setup) -> None:
    setup.login_error = AuthError("work: the server refused the login for kari@fastmail.com")
    bad = failures(setup.run())
    assert "refused the login" in bad["imap work"].detail
    assert "app password" in bad["imap work"].fix  # Fastmail's own advice
    assert "followup accounts test work" in bad["imap work"].fix


def test_corrupt_database(setup: Setup) -> None:
    setup.database.parent.mkdir(parents=True)
    setup.database.write_bytes(b"this is not a database, just garbage " * 200)
    bad = failures(setup.run())
    assert "database" in bad
    assert "backup" in bad["database"].fix
    assert str(setup.database) in bad["database"].fix


def test_sound_database(setup: Setup) -> None:
    open_store(setup.database).close()
    assert setup.run()["database"].detail.endswith("integrity ok")


def test_unknown_holidays_country(setup: Setup) -> None:
    setup.config["policy"] = {"country": "XX"}
    bad = failures(setup.run())
    assert "unknown country" in bad["holidays"].detail
    assert "policy.country" in bad["holidays"].fix


def test_units_missing(setup: Setup) -> None:
    for unit in setup.units.iterdir():
        unit.unlink()
    bad = failures(setup.run())
    assert bad["systemd"].fix.startswith("run `followup service install`")


def test_unit_pointing_at_a_removed_installation(setup: Setup) -> None:
    service.write_units(service.render_units("/gone/venv/bin/followup"), setup.units)
    bad = failures(setup.run())
    assert "/gone/venv/bin/followup" in bad["systemd followup.service"].detail
    assert "followup service install" in bad["systemd followup.service"].fix


def test_enabled_but_not_running(setup: Setup, tmp_path: Path) -> None:
    fake = tmp_path / "systemctl"
    fake.write_text('#!/bin/sh\ncase "$2" in show-environment|is-enabled) exit 0;; esac\nexit 3\n')
    fake.chmod(0o755)
    setup.write()
    up = doctor.Checkup(
        config_path=str(setup.config_path),
        now=setup.now,
        environ=setup.environ,
        unit_dir=setup.units,
        manager=service.UserManager(str(fake)),
    )
    [finding] = doctor.check_units(up)
    assert not finding.ok
    assert "journalctl --user -u followup" in finding.fix


def test_desktop_nudges_without_a_session_bus(setup: Setup) -> None:
    setup.config["nudges"] = {"desktop": {"enabled": True}}
    bad = failures(setup.run())
    assert "no D-Bus session bus" in bad["notifications"].detail
    assert "DBUS_SESSION_BUS_ADDRESS" in bad["notifications"].fix


def test_desktop_nudges_with_a_dead_bus_socket(setup: Setup, tmp_path: Path) -> None:
    setup.config["nudges"] = {"desktop": {"enabled": True}}
    setup.environ["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={tmp_path / 'no-bus'}"
    bad = failures(setup.run())
    assert "does not answer" in bad["notifications"].detail


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_email_nudges_with_an_unreachable_smtp_server(setup: Setup) -> None:
    setup.config["nudges"] = {
        "desktop": {"enabled": False},
        "email": {
            "enabled": True,
            "to": "kari@fastmail.com",
            "host": "127.0.0.1",
            "port": closed_port(),
            "tls": "none",
        },
    }
    bad = failures(setup.run())
    assert "cannot talk to 127.0.0.1" in bad["smtp"].detail
    assert "nudges.email.host" in bad["smtp"].fix


def test_cli_doctor_runs_with_a_broken_config(invoke) -> None:
    invoke.write_config(
        "accounts:\n  - name: work\n    host: imap.example.com\n    folder: [INBOX]\n"
    )
    result = invoke.fails("doctor", "--no-login", env={"PATH": "/nonexistent"})
    assert "FAIL config" in result.output
    assert "accounts[0].folder: unknown key (did you mean 'folders'?)" in result.output
    assert "FAIL systemd" in result.output  # the checks that need no config still run


def test_proton_advice_only_for_the_bridge_port(setup: Setup) -> None:
    setup.config["accounts"][0].update(host="127.0.0.1", port=1993, tls="ssl")
    setup.login_error = AuthError("work: the server refused the login")
    assert "Bridge" not in failures(setup.run())["imap work"].fix
    setup.config["accounts"][0].update(port=1143, tls="starttls")
    assert "Bridge" in failures(setup.run())["imap work"].fix


def test_cli_doctor_exits_1_and_prints_each_fix(invoke) -> None:
    invoke.write_config({"timezone": "Europe/Oslo", "policy": {"country": "XX"}})
    result = invoke.fails("doctor", "--no-login")
    assert "FAIL holidays" in result.output
    assert "fix: set policy.country to an ISO 3166 code" in result.output
    assert "FAIL systemd" in result.output
    assert "problem(s) found" in result.output
