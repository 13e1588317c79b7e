"""`followup init`: presets, scripted and interactive setup, and what lands on disk."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from memory_keyring import MemoryKeyring

from agent.config import load_config
from agent.setup_wizard import PRESETS, guess_preset

PASSWORD = "correct horse battery staple"


@pytest.fixture
def fresh(invoke):
    """The CLI home without a config file: a new user's machine."""
    invoke.config_path.unlink()
    return invoke


@pytest.mark.parametrize(
    ("key", "host", "port", "tls"),
    [
        ("gmail", "imap.gmail.com", 993, "ssl"),
        ("outlook", "outlook.office365.com", 993, "ssl"),
        ("fastmail", "imap.fastmail.com", 993, "ssl"),
        ("icloud", "imap.mail.me.com", 993, "ssl"),
        ("yahoo", "imap.mail.yahoo.com", 993, "ssl"),
        ("proton", "127.0.0.1", 1143, "starttls"),
    ],
)
def test_presets_point_at_the_providers_servers(key: str, host: str, port: int, tls: str) -> None:
    preset = PRESETS[key]
    assert (preset.host, preset.port, preset.tls) == (host, port, tls)


def test_presets_say_what_login_needs() -> None:
    assert "app password" in PRESETS["gmail"].note
    assert "OAuth2" in PRESETS["gmail"].note
    assert PRESETS["outlook"].oauth2_only
    assert "OAuth2" in PRESETS["outlook"].note
    assert "app-specific password" in PRESETS["icloud"].note
    assert "app password" in PRESETS["fastmail"].note
    assert "app password" in PRESETS["yahoo"].note
    assert PRESETS["proton"].needs_ca_file
    assert "Bridge" in PRESETS["proton"].note


@pytest.mark.parametrize(
    ("email", "preset"),
    [("kari@gmail.com", "gmail"), ("Kari@Outlook.com", "outlook"), ("k@pm.me", "proton")],
)
def test_guess_preset_from_the_address(email: str, preset: str) -> None:
    assert guess_preset(email) == preset
    assert guess_preset("kari@fjordtech.example") is None


def test_scripted_init_stores_the_password_in_the_keyring_not_the_config(
    fresh, memory_keyring: MemoryKeyring
) -> None:
    result = fresh.ok(
        "init",
        "--yes",
        "--preset",
        "fastmail",
        "--email",
        "kari@fastmail.com",
        "--password-stdin",
        "--no-test",
        "--country",
        "no",
        stdin=PASSWORD + "\n",
    )
    assert "app password" in result.output
    path = fresh.config_path
    text = path.read_text()
    assert PASSWORD not in text
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    config = load_config(path)
    [account] = config.accounts
    assert (account.name, account.host, account.effective_port, account.username) == (
        "fastmail",
        "imap.fastmail.com",
        993,
        "kari@fastmail.com",
    )
    assert config.policy.country == "NO"
    assert config.matching.my_addresses == ("kari@fastmail.com",)
    assert memory_keyring.items == {("followup", "fastmail"): PASSWORD}


def test_scripted_init_with_a_password_command_needs_no_keyring(fresh, no_keyring) -> None:
    fresh.ok(
        "init",
        "--yes",
        "--email",
        "kari@gmail.com",
        "--password-command",
        "pass show mail/gmail",
        "--no-test",
    )
    [account] = load_config(fresh.config_path).accounts
    assert account.host == "imap.gmail.com"
    assert account.password_command == "pass show mail/gmail"


def test_headless_init_without_a_password_command_explains_the_alternatives(
    fresh, no_keyring
) -> None:
    result = fresh.fails(
        "init", "--yes", "--email", "kari@gmail.com", "--password-stdin", "--no-test", stdin="x\n"
    )
    assert "--password-command" in result.output
    assert "LoadCredential" in result.output
    assert not fresh.config_path.exists()


def test_outlook_requires_an_oauth2_token_command(fresh, memory_keyring) -> None:
    result = fresh.fails("init", "--yes", "--preset", "outlook", "--email", "k@outlook.com")
    assert "--oauth2-token-command" in result.output
    fresh.ok(
        "init",
        "--yes",
        "--email",
        "k@outlook.com",
        "--oauth2-token-command",
        "oama access k@outlook.com",
        "--no-test",
    )
    [account] = load_config(fresh.config_path).accounts
    assert account.oauth2_token_command == "oama access k@outlook.com"
    assert memory_keyring.items == {}


def test_proton_bridge_gets_starttls_and_the_exported_certificate(
    fresh, memory_keyring, tmp_path: Path
) -> None:
    cert = tmp_path / "bridge.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\n")
    fresh.ok(
        "init",
        "--yes",
        "--email",
        "kari@proton.me",
        "--username",
        "kari@proton.me",
        "--ca-file",
        str(cert),
        "--password-stdin",
        "--no-test",
        stdin="bridge-pw\n",
    )
    [account] = load_config(fresh.config_path).accounts
    assert (account.host, account.effective_port, account.tls) == ("127.0.0.1", 1143, "starttls")
    assert account.ca_file == cert


def test_unknown_address_needs_a_preset(fresh) -> None:
    result = fresh.fails("init", "--yes", "--email", "kari@fjordtech.example")
    assert "--preset" in result.output


def test_unknown_country_is_refused_with_the_key(fresh, memory_keyring) -> None:
    result = fresh.fails(
        "init",
        "--yes",
        "--email",
        "kari@gmail.com",
        "--password-stdin",
        "--no-test",
        "--country",
        "XX",
        stdin="pw\n",
        code=78,
    )
    assert "policy.country" in result.output
    assert not fresh.config_path.exists()


def test_interactive_init_asks_and_writes(fresh, memory_keyring: MemoryKeyring) -> None:
    answers = "\n".join(
        [
            "kari@yahoo.com",  # email
            "",  # provider: the guessed Yahoo
            "",  # login name: the address
            "se",  # country
            PASSWORD,  # password (hidden)
            "",  # no CSV import
        ]
    )
    result = fresh.ok("init", "--no-test", stdin=answers + "\n")
    assert "Yahoo needs an app password" in result.output
    assert PASSWORD not in result.output
    config = load_config(fresh.config_path)
    assert config.accounts[0].host == "imap.mail.yahoo.com"
    assert config.policy.country == "SE"
    assert memory_keyring.items == {("followup", "yahoo"): PASSWORD}


def test_interactive_init_retries_a_bad_country(fresh, memory_keyring) -> None:
    answers = ["kari@gmail.com", "", "", "Narnia", "DE", "pw", ""]
    result = fresh.ok("init", "--no-test", stdin="\n".join(answers) + "\n")
    assert "unknown country" in result.output
    assert load_config(fresh.config_path).policy.country == "DE"


def test_headless_interactive_init_offers_a_password_command(fresh, no_keyring) -> None:
    answers = ["kari@icloud.com", "", "pass show icloud", "kari", "", ""]
    result = fresh.ok("init", "--no-test", stdin="\n".join(answers) + "\n")
    assert "no usable keyring" in result.output
    [account] = load_config(fresh.config_path).accounts
    assert account.password_command == "pass show icloud"
    assert account.username == "kari"


def test_existing_config_is_kept_unless_replaced(invoke, memory_keyring) -> None:
    before = invoke.config_path.read_text()
    result = invoke("init", "--no-test", stdin="n\n")
    assert result.exit_code == 1  # aborted at the question
    assert invoke.config_path.read_text() == before
    args = ["init", "--yes", "--email", "k@gmail.com", "--password-stdin", "--no-test"]
    result = invoke.ok(*args, stdin="pw\n")
    backup = invoke.config_path.with_name("config.yaml.bak")
    assert backup.read_text() == before
    assert f"Kept the previous config as {backup}" in result.output


def test_init_imports_a_csv(fresh, memory_keyring, tmp_path: Path) -> None:
    csv = tmp_path / "apps.csv"
    csv.write_text("company,role\nFjordtech,Backend developer\n")
    fresh.ok(
        "init",
        "--yes",
        "--email",
        "k@gmail.com",
        "--password-stdin",
        "--no-test",
        "--import",
        str(csv),
        stdin="pw\n",
    )
    listed = fresh.ok("list")
    assert "Fjordtech" in listed.output


def test_config_path_flag_writes_elsewhere(fresh, memory_keyring, tmp_path: Path) -> None:
    target = tmp_path / "conf" / "followup.yaml"
    fresh.ok(
        "init",
        "--yes",
        "--email",
        "k@gmail.com",
        "--password-stdin",
        "--no-test",
        "--config-path",
        str(target),
        stdin="pw\n",
    )
    assert load_config(target).accounts[0].username == "k@gmail.com"
    assert not fresh.config_path.exists()
