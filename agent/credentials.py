"""Where an account's password or OAuth2 token comes from. The only module that uses keyring.

Order: the account's `oauth2_token_command` or `password_command` (its first line of output),
else a systemd credential `followup-ACCOUNT` in `$CREDENTIALS_DIRECTORY`, else the keyring
(service `followup`, user name = the account's name). A secret never goes into the config, the
database, a log line or a process's arguments.
"""

from __future__ import annotations

import os
import subprocess
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import keyring
import keyring.errors

from agent.config import AccountConfig
from agent.errors import CredentialError

SERVICE = "followup"
CREDENTIAL_PREFIX = "followup-"
#: A password manager may ask for a passphrase (gpg-agent, pinentry): give it time.
COMMAND_TIMEOUT = 60.0

_NO_KEYRING_HELP = (
    "no usable keyring here (common on a headless machine or without a desktop session). "
    "Instead, either set `password_command:` for the account in the config (for example "
    '"pass show mail/NAME"), or give the daemon a systemd credential: '
    "LoadCredential=followup-NAME:/path/to/secret (or SetCredentialEncrypted=) in the unit"
)


@dataclass(frozen=True)
class Secret:
    """A password or an XOAUTH2 access token; `repr` never shows the value."""

    kind: Literal["password", "oauth2"]
    value: str
    origin: str

    def __repr__(self) -> str:
        return f"Secret(kind={self.kind!r}, origin={self.origin!r}, value=<hidden>)"


def get_secret(account: AccountConfig, environ: Mapping[str, str] | None = None) -> Secret:
    """Find the account's secret, in the documented order, or say how to provide one."""
    env = os.environ if environ is None else environ
    if account.oauth2_token_command:
        token = run_secret_command(
            account.oauth2_token_command, f"{account.name}: oauth2_token_command"
        )
        return Secret("oauth2", token, "oauth2_token_command")
    if account.password_command:
        command_output = run_secret_command(
            account.password_command, f"{account.name}: password_command"
        )
        return Secret("password", command_output, "password_command")
    from_systemd = systemd_credential(account.name, env)
    if from_systemd is not None:
        return Secret("password", from_systemd, "systemd credential")
    stored = keyring_password(account.name)
    if stored is None:
        raise CredentialError(
            f"{account.name}: no password found. Store one with `followup password set "
            f"{account.name}`, or set `password_command:` for the account in the config, or "
            f"provide a systemd credential named {CREDENTIAL_PREFIX}{account.name}"
        )
    return Secret("password", stored, "keyring")


def run_secret_command(command: str, label: str, timeout: float = COMMAND_TIMEOUT) -> str:
    """Run the user's shell command line and return the first line it prints.

    The command line is the user's own (it may use pipes), so it runs under `sh -c`; the secret
    only ever travels through the child's stdout, never through arguments or the environment.
    """
    try:
        done = subprocess.run(
            ["/bin/sh", "-c", command],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise CredentialError(
            f"{label} did not finish within {timeout:.0f} s; check that it runs without "
            "waiting for input (a locked password store may be asking for a passphrase)"
        ) from None
    except OSError as err:
        raise CredentialError(f"{label} could not be started: {err}") from None
    if done.returncode != 0:
        detail = _last_line(done.stderr)
        raise CredentialError(
            f"{label} failed with exit status {done.returncode}"
            + (f": {detail}" if detail else "")
            + "; run it by hand to see what is wrong"
        )
    lines = done.stdout.decode("utf-8", "replace").splitlines()
    secret = lines[0].strip("\r\n") if lines else ""
    if not secret.strip():
        raise CredentialError(
            f"{label} printed nothing; it must print the password (or token) on its first line"
        )
    return secret


def _last_line(stderr: bytes) -> str:
    """The last line of a command's error output, short and printable, for the error message."""
    lines = [ln.strip() for ln in stderr.decode("utf-8", "replace").splitlines() if ln.strip()]
    if not lines:
        return ""
    text = "".join(ch for ch in lines[-1] if ch.isprintable())
    return text[:200]


def systemd_credential(account_name: str, environ: Mapping[str, str]) -> str | None:
    """The password from `$CREDENTIALS_DIRECTORY/followup-ACCOUNT`, if systemd passed one."""
    directory = environ.get("CREDENTIALS_DIRECTORY")
    if not directory:
        return None
    path = Path(directory) / f"{CREDENTIAL_PREFIX}{account_name}"
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as err:
        raise CredentialError(f"cannot read the systemd credential {path}: {err}") from None
    lines = data.decode("utf-8", "replace").splitlines()
    secret = lines[0].strip("\r\n") if lines else ""
    if not secret:
        raise CredentialError(f"the systemd credential {path} is empty")
    return secret


def keyring_password(account_name: str) -> str | None:
    """The stored password, None when there is none; a keyring that cannot work is an error."""
    try:
        return keyring.get_password(SERVICE, account_name)
    except keyring.errors.KeyringLocked:
        raise CredentialError(
            f"{account_name}: the keyring is locked; unlock it (log in to the desktop) or "
            + _NO_KEYRING_HELP.replace("NAME", account_name)
        ) from None
    except (keyring.errors.KeyringError, RuntimeError) as err:
        raise CredentialError(
            f"{account_name}: {type(err).__name__}: "
            + _NO_KEYRING_HELP.replace("NAME", account_name)
        ) from None


def set_password(account_name: str, password: str) -> None:
    """Store the account's password in the keyring."""
    if not password:
        raise CredentialError("an empty password was not stored")
    try:
        keyring.set_password(SERVICE, account_name, password)
    except (keyring.errors.KeyringError, RuntimeError) as err:
        raise CredentialError(
            f"{account_name}: the keyring refused to store the password "
            f"({type(err).__name__}): " + _NO_KEYRING_HELP.replace("NAME", account_name)
        ) from None


def delete_password(account_name: str) -> bool:
    """Remove the account's password from the keyring; False when none was stored."""
    try:
        if keyring.get_password(SERVICE, account_name) is None:
            return False
        keyring.delete_password(SERVICE, account_name)
    except keyring.errors.PasswordDeleteError:
        return False
    except (keyring.errors.KeyringError, RuntimeError) as err:
        raise CredentialError(
            f"{account_name}: the keyring cannot be used ({type(err).__name__}): "
            + _NO_KEYRING_HELP.replace("NAME", account_name)
        ) from None
    return True


def keyring_backend_name() -> str:
    """Which keyring backend is active, for `accounts test` and error messages."""
    backend = keyring.get_keyring()
    return f"{type(backend).__module__}.{type(backend).__name__}"


class SecretCache:
    """Secrets looked up once per account and kept in memory, so a password manager is not
    asked on every reconnect. `forget` after a refused login: the next lookup runs the command
    again, which is how an expired OAuth2 token gets refreshed."""

    def __init__(self, lookup: Callable[[AccountConfig], Secret] | None = None) -> None:
        self._lookup = lookup or get_secret
        self._cache: dict[str, Secret] = {}
        self._lock = threading.Lock()  # the daemon's watcher threads share one cache

    def get(self, account: AccountConfig) -> Secret:
        with self._lock:
            if account.name not in self._cache:
                self._cache[account.name] = self._lookup(account)
            return self._cache[account.name]

    def forget(self, account: AccountConfig) -> None:
        with self._lock:
            self._cache.pop(account.name, None)
