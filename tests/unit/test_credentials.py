"""Where passwords come from: commands, systemd credentials and the keyring, in that order."""

from __future__ import annotations

from pathlib import Path

import keyring
import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.backend import KeyringBackend
from memory_keyring import MemoryKeyring

from agent import credentials
from agent.config import AccountConfig
from agent.credentials import SecretCache, get_secret, run_secret_command
from agent.errors import CredentialError


@pytest.fixture
def use_keyring():
    """Install a keyring backend for one test and put the previous one back afterwards."""
    previous = keyring.get_keyring()

    def install(backend: KeyringBackend) -> KeyringBackend:
        keyring.set_keyring(backend)
        return backend

    yield install
    keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring(use_keyring) -> MemoryKeyring:
    return use_keyring(MemoryKeyring())


def account(**fields: object) -> AccountConfig:
    base: dict[str, object] = {"name": "personal", "host": "imap.example.net", "username": "kari"}
    return AccountConfig.model_validate({**base, **fields})


def test_password_command_gives_its_first_line(tmp_path: Path) -> None:
    store = tmp_path / "secret"
    store.write_text("s3cret with spaces\nurl: https://example.net\n")

    secret = get_secret(account(password_command=f"cat '{store}' | head -n 5"), environ={})

    assert (secret.kind, secret.value, secret.origin) == (
        "password",
        "s3cret with spaces",
        "password_command",
    )
    assert "s3cret" not in repr(secret)


def test_oauth2_token_command_gives_a_token() -> None:
    secret = get_secret(account(oauth2_token_command="echo ya29.token"), environ={})

    assert (secret.kind, secret.value) == ("oauth2", "ya29.token")


def test_failing_command_names_its_exit_status_and_error() -> None:
    with pytest.raises(CredentialError, match=r"exit status 3: gpg: decryption failed"):
        get_secret(
            account(password_command="echo 'gpg: decryption failed' >&2; exit 3"), environ={}
        )


def test_command_that_prints_nothing_is_an_error() -> None:
    with pytest.raises(CredentialError, match="printed nothing"):
        get_secret(account(password_command="true"), environ={})


def test_command_that_hangs_times_out() -> None:
    with pytest.raises(CredentialError, match="did not finish"):
        run_secret_command("sleep 10", "test", timeout=0.2)


def test_systemd_credential_is_used_when_present(tmp_path: Path, memory_keyring) -> None:
    (tmp_path / "followup-personal").write_text("from-systemd\n")
    memory_keyring.set_password("followup", "personal", "from-keyring")

    secret = get_secret(account(), environ={"CREDENTIALS_DIRECTORY": str(tmp_path)})

    assert (secret.value, secret.origin) == ("from-systemd", "systemd credential")


def test_password_command_wins_over_systemd_and_keyring(tmp_path: Path, memory_keyring) -> None:
    (tmp_path / "followup-personal").write_text("from-systemd\n")
    memory_keyring.set_password("followup", "personal", "from-keyring")

    secret = get_secret(
        account(password_command="echo from-command"),
        environ={"CREDENTIALS_DIRECTORY": str(tmp_path)},
    )

    assert secret.value == "from-command"


def test_keyring_is_last(tmp_path: Path, memory_keyring) -> None:
    credentials.set_password("personal", "from-keyring")

    secret = get_secret(account(), environ={"CREDENTIALS_DIRECTORY": str(tmp_path)})

    assert (secret.value, secret.origin) == ("from-keyring", "keyring")
    assert memory_keyring.items == {("followup", "personal"): "from-keyring"}
    assert credentials.delete_password("personal") is True
    assert credentials.delete_password("personal") is False


def test_nothing_stored_says_how_to_store_it(use_keyring) -> None:
    use_keyring(keyring.backends.null.Keyring())

    with pytest.raises(CredentialError) as caught:
        get_secret(account(), environ={})

    assert "followup password set personal" in str(caught.value)
    assert "password_command" in str(caught.value)


def test_headless_keyring_explains_the_alternatives(use_keyring) -> None:
    use_keyring(keyring.backends.fail.Keyring())

    with pytest.raises(CredentialError) as read:
        get_secret(account(), environ={})
    with pytest.raises(CredentialError) as write:
        credentials.set_password("personal", "pw")

    for caught in (read, write):
        text = str(caught.value)
        assert "password_command" in text
        assert "LoadCredential=followup-personal" in text


def test_secret_cache_asks_once_until_told_to_forget(tmp_path: Path) -> None:
    calls = tmp_path / "calls"
    acc = account(password_command=f"echo x >> '{calls}'; echo pw")
    cache = SecretCache()

    cache.get(acc)
    cache.get(acc)
    assert calls.read_text().count("x") == 1
    cache.forget(acc)
    cache.get(acc)
    assert calls.read_text().count("x") == 2


# -- the commands ----------------------------------------------------------------------------


@pytest.fixture
def with_account(invoke):
    invoke.write_config(
        {
            "timezone": "Europe/Oslo",
            "accounts": [{"name": "personal", "host": "imap.example.net", "username": "kari"}],
        }
    )
    return invoke


def test_password_set_prompts_twice_and_stores(with_account, memory_keyring) -> None:
    result = with_account.ok("password", "set", "personal", stdin="hunter2\nhunter2\n")

    assert memory_keyring.items == {("followup", "personal"): "hunter2"}
    assert "hunter2" not in result.output


def test_password_set_from_stdin_and_delete(with_account, memory_keyring) -> None:
    with_account.ok("password", "set", "personal", "--stdin", stdin="pw-from-pipe\n")
    assert memory_keyring.items[("followup", "personal")] == "pw-from-pipe"

    assert "Removed" in with_account.ok("password", "delete", "personal").output
    assert memory_keyring.items == {}


def test_password_set_for_smtp_and_unknown_names(with_account, memory_keyring) -> None:
    with_account.ok("password", "set", "smtp", "--stdin", stdin="smtp-pw\n")
    assert memory_keyring.items[("followup", "smtp")] == "smtp-pw"

    result = with_account.fails("password", "set", "persnal", "--stdin", stdin="x\n", code=78)
    assert "personal" in result.output


def test_password_set_on_a_headless_machine_fails_with_advice(with_account, use_keyring) -> None:
    use_keyring(keyring.backends.fail.Keyring())

    result = with_account.fails("password", "set", "personal", "--stdin", stdin="pw\n")

    assert "password_command" in result.output
