"""`followup doctor`: one small check per thing that can be wrong, each failure with its fix.

A check takes the `Checkup` (what earlier checks learned) and returns `Finding`s. Checks that
depend on an earlier one (the config) say so and step aside when it failed.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from agent import credentials, service
from agent.config import AccountConfig, Config, EmailConfig, find_config_path, load_config
from agent.dates import zone
from agent.errors import ConfigError, CredentialError, FollowupError, NudgeError, StoreError
from agent.escape import one_line
from agent.setup_wizard import PRESETS
from agent.store import Store, open_store
from agent.workdays import calendar_for


@dataclass(frozen=True)
class Finding:
    """The outcome of one check: what was looked at, whether it is fine, and the fix if not."""

    name: str
    ok: bool
    detail: str
    fix: str = ""


#: Logs in to an account's IMAP server with its secret and returns e.g. the folder count;
#: raises MailboxError/AuthError with a message that says what went wrong.
LoginTest = Callable[[AccountConfig, credentials.Secret], str]


@dataclass
class Checkup:
    """What the checks share: inputs, and what earlier checks found (the loaded config)."""

    config_path: str | None
    now: datetime
    environ: Mapping[str, str]
    login_test: LoginTest | None = None
    manager: service.UserManager | None = None
    unit_dir: Path | None = None
    config: Config | None = None
    secrets: dict[str, credentials.Secret] = field(default_factory=dict)
    unit_only: set[str] = field(default_factory=set)
    timeout: float = 20.0


Check = Callable[[Checkup], Iterator[Finding]]

#: Backends that mean "no keyring here" or "a keyring that keeps passwords in clear text".
_NO_KEYRING = ("keyring.backends.fail", "keyring.backends.null")
_PLAINTEXT = ("keyrings.alt.file.PlaintextKeyring",)
HEADLESS_FIX = (
    "On a machine without a desktop session there is no keyring to unlock. Either set "
    '`password_command:` for the account in the config (e.g. password_command: "pass show '
    'mail/work"), or hand the password to the service as a systemd credential: put it in a '
    "file only you can read and add LoadCredential=followup-ACCOUNT:/path/to/that/file under "
    "[Service] with `systemctl --user edit followup` (systemd 256+ can encrypt it: "
    "`systemd-creds --user encrypt`, SetCredentialEncrypted=); or install and unlock a Secret "
    "Service keyring (gnome-keyring, KeePassXC)"
)


def check_config(up: Checkup) -> Iterator[Finding]:
    path, named = find_config_path(up.config_path)
    if not path.exists() and not named:
        yield Finding(
            "config",
            False,
            f"no config file at {path}",
            "run `followup init` to write one (or copy config.example.yaml there)",
        )
        return
    try:
        up.config = load_config(up.config_path)
        zone(up.config.timezone)
    except ConfigError as err:
        up.config = None
        yield Finding("config", False, str(err), f"edit {path} at the key named above")
        return
    mode = path.stat().st_mode & 0o777
    if mode & 0o077:
        yield Finding(
            "config",
            False,
            f"{path} is readable by others (mode {mode:o})",
            f"chmod 600 {path}",
        )
        return
    yield Finding("config", True, f"{path} is valid")


def check_accounts(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    if not up.config.accounts and not up.config.sources:
        yield Finding(
            "accounts",
            False,
            "no mail account or local source is configured, so no mail is read",
            "run `followup init`, or add an entry under `accounts:` in the config",
        )
        return
    names = [a.name for a in up.config.accounts] + [s.name for s in up.config.sources]
    yield Finding("accounts", True, ", ".join(names))


_CREDENTIAL_KEYS = ("LoadCredential", "LoadCredentialEncrypted", "SetCredentialEncrypted")


def unit_credentials(directory: Path, environ: Mapping[str, str]) -> dict[str, Path | None]:
    """Credentials the installed followup.service (and its drop-ins) hand to the service.

    Maps each name to the file LoadCredential= reads, or None when only the service can
    get at the value (encrypted). SetCredential= (a secret in the unit itself) is ignored.
    """
    unit = directory / service.DAEMON_UNIT
    files = [unit, *sorted(directory.glob(f"{service.DAEMON_UNIT}.d/*.conf"))]
    home = environ.get("HOME") or str(Path.home())
    found: dict[str, Path | None] = {}
    for path in files:
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            key, _, value = line.strip().partition("=")
            if key not in _CREDENTIAL_KEYS or not value:
                continue
            name, _, source = value.partition(":")
            source = source.replace("%h", home).replace("%%", "%")
            readable = key == "LoadCredential" and source.startswith("/")
            found[name] = Path(source) if readable else None
    return found


def _unit_credential(up: Checkup, account: AccountConfig) -> tuple[bool, Path | None]:
    """Whether the unit passes this account's secret, and the file it reads it from."""
    if account.password_command or account.oauth2_token_command:
        return False, None
    creds = unit_credentials(up.unit_dir or service.unit_dir(up.environ), up.environ)
    name = f"{credentials.CREDENTIAL_PREFIX}{account.name}"
    return name in creds, creds.get(name)


def _needs_keyring(up: Checkup, account: AccountConfig) -> bool:
    if account.password_command or account.oauth2_token_command:
        return False
    directory = up.environ.get("CREDENTIALS_DIRECTORY")
    cred = f"{credentials.CREDENTIAL_PREFIX}{account.name}"
    if directory and Path(directory, cred).exists():
        return False
    return not _unit_credential(up, account)[0]


def keyring_problem() -> tuple[str, str | None]:
    """The active keyring backend, and "missing" or "plaintext" when it cannot be used."""
    try:
        backend = credentials.keyring_backend_name()
    except (ImportError, AttributeError, RuntimeError, ValueError, OSError) as err:
        # a broken keyringrc.cfg or backend module fails while the backend is chosen
        return f"unusable ({type(err).__name__}: {err})", "missing"
    if backend.startswith(_NO_KEYRING):
        return backend, "missing"
    if backend in _PLAINTEXT:
        return backend, "plaintext"
    return backend, None


def check_keyring(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    users = [a.name for a in up.config.accounts if _needs_keyring(up, a)]
    if not users:
        yield Finding("keyring", True, "not needed: every account gets its secret elsewhere")
        return
    backend, problem = keyring_problem()
    if problem == "missing":
        yield Finding(
            "keyring",
            False,
            f"no keyring backend is available ({backend}), but {', '.join(users)} "
            "would read the password from it",
            HEADLESS_FIX,
        )
    elif problem == "plaintext":
        yield Finding(
            "keyring",
            False,
            f"the keyring backend {backend} keeps passwords in clear text",
            "uninstall keyrings.alt (or set PYTHON_KEYRING_BACKEND to a Secret Service "
            "backend) and store the password again with `followup password set ACCOUNT`",
        )
    else:
        yield Finding("keyring", True, backend)


def check_credentials(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    for account in up.config.accounts:
        name = f"credentials {account.name}"
        in_unit, source = _unit_credential(up, account)
        if in_unit and "CREDENTIALS_DIRECTORY" not in up.environ:
            yield from _check_unit_credential(up, account, source)
            continue
        try:
            secret = credentials.get_secret(account, up.environ)
        except CredentialError as err:
            yield Finding(
                name,
                False,
                str(err),
                f"run `followup password set {account.name}`, or set password_command: "
                "for the account in the config",
            )
            continue
        up.secrets[account.name] = secret
        yield Finding(name, True, f"{secret.kind} from {secret.origin}")


def _check_unit_credential(
    up: Checkup, account: AccountConfig, source: Path | None
) -> Iterator[Finding]:
    """The service gets the secret from systemd: read the same file when we can."""
    name = f"credentials {account.name}"
    label = f"{credentials.CREDENTIAL_PREFIX}{account.name}"
    if source is None:
        up.unit_only.add(account.name)
        yield Finding(name, True, f"systemd credential {label} (only the service can read it)")
        return
    try:
        lines = source.read_text(encoding="utf-8").splitlines()
    except OSError as err:
        yield Finding(
            name,
            False,
            f"the unit loads the credential {label} from {source}, which cannot be read "
            f"({err.strerror or err})",
            f"create {source} (mode 600) holding the password, or fix LoadCredential= with "
            "`systemctl --user edit followup`",
        )
        return
    password = lines[0] if lines else ""
    if not password:
        yield Finding(
            name, False, f"{source} (credential {label}) is empty", "put the password in it"
        )
        return
    up.secrets[account.name] = credentials.Secret("password", password, "systemd credential")
    yield Finding(name, True, f"password from systemd credential {label} ({source})")


def _provider_hint(account: AccountConfig) -> str:
    for preset in PRESETS.values():
        if (preset.host, preset.port) == (account.host, account.effective_port):
            return " " + preset.note
    return ""


def check_imap(up: Checkup) -> Iterator[Finding]:
    if up.config is None or up.login_test is None:
        return
    for account in up.config.accounts:
        name = f"imap {account.name}"
        secret = up.secrets.get(account.name)
        if account.name in up.unit_only:
            yield Finding(
                name,
                True,
                "not tried here: the password is an encrypted credential only the service "
                "reads; see `followup status` for its last error",
            )
            continue
        if secret is None:
            yield Finding(name, False, "not tried: no credentials", "fix the credentials first")
            continue
        try:
            detail = up.login_test(account, secret)
        except FollowupError as err:
            yield Finding(
                name,
                False,
                str(err),
                f"check host {account.host}, port {account.effective_port}, tls "
                f"{account.tls} and username {account.username} in the config, then "
                f"`followup accounts test {account.name}`." + _provider_hint(account),
            )
            continue
        yield Finding(name, True, detail)


def smtp_login(config: EmailConfig, password: str | None, timeout: float) -> str:
    """Connect to the nudge SMTP server and log in without sending anything."""
    host = config.host or ""
    port = config.port or {"ssl": 465, "starttls": 587, "none": 25}[config.tls]
    context = ssl.create_default_context(cafile=str(config.ca_file) if config.ca_file else None)
    smtp: smtplib.SMTP
    if config.tls == "ssl":
        smtp = smtplib.SMTP_SSL(host, port, timeout=timeout, context=context)
    else:
        smtp = smtplib.SMTP(host, port, timeout=timeout)
    try:
        if config.tls == "starttls":
            smtp.starttls(context=context)
        smtp.ehlo()
        if config.username:
            smtp.login(config.username, password or "")
    finally:
        try:
            smtp.quit()
        except (smtplib.SMTPException, OSError):
            smtp.close()
    return f"{host}:{port}" + (f" as {config.username}" if config.username else "")


def _smtp_password(config: EmailConfig, environ: Mapping[str, str]) -> str | None:
    if not config.username:
        return None
    if config.password_command:
        return credentials.run_secret_command(
            config.password_command, "nudges.email.password_command"
        )
    found = credentials.systemd_credential("smtp", environ)
    if found is None:
        found = credentials.keyring_password("smtp")
    if found is None:
        raise CredentialError(
            "no SMTP password: store one with `followup password set smtp` or set "
            "nudges.email.password_command"
        )
    return found


def check_smtp(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    email = up.config.nudges.email
    if not email.enabled:
        yield Finding("smtp", True, "email nudges are off (nudges.email.enabled: false)")
        return
    try:
        detail = smtp_login(email, _smtp_password(email, up.environ), up.timeout)
    except CredentialError as err:
        yield Finding("smtp", False, str(err), "store the SMTP password as the message says")
    except smtplib.SMTPAuthenticationError as err:
        yield Finding(
            "smtp",
            False,
            f"the SMTP server refused the login for {email.username} ({err.smtp_code})",
            "check nudges.email.username and the password (`followup password set smtp`); "
            "many providers need an app password",
        )
    except (smtplib.SMTPException, ssl.SSLError, OSError) as err:
        yield Finding(
            "smtp",
            False,
            f"cannot talk to {email.host}: {err}",
            "check nudges.email.host, port and tls (465 is usually ssl, 587 starttls)",
        )
    else:
        yield Finding("smtp", True, detail)


def _bus_socket(address: str) -> Path | None:
    for part in address.split(";"):
        if part.startswith("unix:"):
            for item in part[5:].split(","):
                key, _, value = item.partition("=")
                if key == "path":
                    return Path(value)
    return None


def check_notifications(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    if not up.config.nudges.desktop.enabled:
        yield Finding("notifications", True, "desktop nudges are off")
        return
    from agent.nudge import desktop  # dbus-fast loads only when this check runs

    try:
        address = desktop.session_bus_address(up.environ)
    except NudgeError as err:
        yield Finding(
            "notifications",
            False,
            "no D-Bus session bus: desktop nudges cannot be shown",
            f"{err}. On a desktop, `followup service install` sets it for the service",
        )
        return
    path = _bus_socket(address)
    if path is not None:
        try:
            with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
                sock.settimeout(up.timeout)
                sock.connect(str(path))
        except OSError as err:
            yield Finding(
                "notifications",
                False,
                f"the D-Bus session bus {address} does not answer ({err.strerror or err})",
                "log in to your desktop session, or check DBUS_SESSION_BUS_ADDRESS",
            )
            return
    channel = desktop.DesktopChannel(address=address, timeout=min(up.timeout, 5.0))
    try:
        server = channel.server_information()
    except NudgeError as err:
        yield Finding(
            "notifications",
            False,
            str(err),
            "start your desktop's notification daemon, or turn on email nudges "
            "(nudges.email) instead",
        )
        return
    finally:
        channel.close()
    yield Finding("notifications", True, f"{one_line(str(server))} on {address}")


def check_database(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    path = up.config.database_path
    if not path.exists():
        yield Finding("database", True, f"{path} will be created on the first run")
        return
    store: Store | None = None
    try:
        store = open_store(path)
        problems = store.integrity_check()
    except StoreError as err:
        yield Finding("database", False, str(err), _restore_fix(path))
        return
    finally:
        if store is not None:
            store.close()
    if problems:
        yield Finding(
            "database",
            False,
            f"{path} is damaged: {one_line('; '.join(problems[:3]), 300)}",
            _restore_fix(path),
        )
        return
    yield Finding("database", True, f"{path}: integrity ok")


def _restore_fix(path: Path) -> str:
    return (
        f"stop the service (systemctl --user stop followup), move {path} aside and copy "
        f"your latest backup (from {path.parent / 'backups'}) to {path}; or move it aside to "
        "start afresh (re-importing your CSV and re-reading the mailbox)"
    )


def check_holidays(up: Checkup) -> Iterator[Finding]:
    if up.config is None:
        return
    policy = up.config.policy
    if policy.country is None:
        yield Finding(
            "holidays",
            True,
            "no policy.country: only weekends are days off (set it, e.g. country: NO, "
            "to skip public holidays too)",
        )
        return
    try:
        calendar = calendar_for(policy, zone(up.config.timezone))
    except ConfigError as err:
        yield Finding(
            "holidays",
            False,
            str(err),
            "set policy.country to an ISO 3166 code (NO, SE, DK, DE, GB, US...) and "
            "policy.subdivision to one of the codes listed, or remove them",
        )
        return
    where = (calendar.country or policy.country) + (
        f"-{calendar.subdivision}" if calendar.subdivision else ""
    )
    yield Finding("holidays", True, f"public holidays of {where}")


def check_units(up: Checkup) -> Iterator[Finding]:
    directory = up.unit_dir or service.unit_dir(up.environ)
    present = [n for n in service.ALL_UNITS if (directory / n).exists()]
    if service.DAEMON_UNIT not in present and service.TIMER_UNIT not in present:
        yield Finding(
            "systemd",
            False,
            f"no followup unit in {directory}: nothing runs it in the background",
            "run `followup service install` (or `followup service install --timer`)",
        )
        return
    for name in present:
        problem = _unit_problem(directory / name, up.environ)
        if problem:
            yield Finding(
                f"systemd {name}",
                False,
                problem,
                "run `followup service install` again to rewrite the unit for this installation",
            )
            return
    main = service.DAEMON_UNIT if service.DAEMON_UNIT in present else service.TIMER_UNIT
    manager = up.manager
    if manager is None or not manager.reachable():
        yield Finding(
            "systemd",
            True,
            f"{', '.join(present)} installed; no user manager reachable here to ask whether "
            "it runs",
        )
        return
    if not manager.is_enabled(main):
        yield Finding(
            "systemd",
            False,
            f"{main} is installed but not enabled: it will not start at login",
            f"systemctl --user enable --now {main}",
        )
        return
    if not manager.is_active(main):
        yield Finding(
            "systemd",
            False,
            f"{main} is enabled but not running",
            f"see why: journalctl --user -u {main.removesuffix('.timer')} -n 50; then "
            f"systemctl --user restart {main}",
        )
        return
    linger = "" if service.lingering() else " (stops at logout; `loginctl enable-linger` keeps it)"
    yield Finding("systemd", True, f"{main} enabled and active{linger}")


def _unit_problem(path: Path, environ: Mapping[str, str]) -> str | None:
    """Why a written unit cannot start (its program is gone), or None."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        return f"cannot read {path}: {err}"
    for line in text.splitlines():
        if line.startswith("ExecStart="):
            program = line.removeprefix("ExecStart=").split(" ")[0].strip('"')
            program = program.replace("%h", str(Path(environ.get("HOME") or Path.home())))
            program = program.replace("%%", "%")
            if not Path(program).is_file():
                return f"{path.name} starts {program}, which does not exist any more"
    return None


CHECKS: tuple[Check, ...] = (
    check_config,
    check_accounts,
    check_keyring,
    check_credentials,
    check_imap,
    check_smtp,
    check_notifications,
    check_database,
    check_holidays,
    check_units,
)


def run_checks(up: Checkup, checks: tuple[Check, ...] = CHECKS) -> list[Finding]:
    """Run every check in order; one check's crash is a finding, not the end of the run."""
    findings: list[Finding] = []
    for check in checks:
        name = check.__name__.removeprefix("check_")
        try:
            findings.extend(check(up))
        except FollowupError as err:
            findings.append(Finding(name, False, str(err), "see the message"))
    return findings
