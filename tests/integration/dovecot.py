"""A private Dovecot IMAP server on loopback, started and stopped from tests.

`DovecotServer` renders the config template that matches the installed
Dovecot (2.3 or 2.4), runs `dovecot -F` in its own process group and talks to
it only over IMAP. `ImapAccount` is one user on it, with helpers to seed and
inspect mail.
"""

from __future__ import annotations

import contextlib
import ctypes
import dataclasses
import grp
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import trustme
from imapclient import IMAPClient
from imapclient.imapclient import SocketTimeout

HERE = Path(__file__).parent
INSTALL_HINT = "dovecot not installed: apt-get install dovecot-imapd"
# dovecot lives in /usr/sbin, which is not on a normal user's PATH.
SBIN_PATH = "/usr/local/sbin:/usr/sbin:/sbin"
TEMPLATES = {
    (2, 3): HERE / "dovecot-2.3.conf.in",
    (2, 4): HERE / "dovecot-2.4.conf.in",
}
GREETING = b"* OK"
# Dovecot's default auth_username_chars; anything else is refused at login.
USERNAME_CHARS = re.compile(r"[^A-Za-z0-9._@-]+")
APPENDUID = re.compile(rb"\[APPENDUID (\d+) (\d+)\]")
PR_SET_PDEATHSIG = 1


class DovecotError(RuntimeError):
    """Dovecot could not be found, configured or started."""


def find_dovecot() -> str | None:
    """Return the dovecot binary: $FOLLOWUP_DOVECOT, else PATH, else sbin.

    FOLLOWUP_DOVECOT can name another build (or a wrapper that runs one in a
    chroot) to check the other config template.
    """
    override = os.environ.get("FOLLOWUP_DOVECOT")
    if override:
        return shutil.which(override)
    return shutil.which("dovecot") or shutil.which("dovecot", path=SBIN_PATH)


def dovecot_version(binary: str) -> tuple[int, int]:
    """Return (major, minor) as reported by `dovecot --version`."""
    out = subprocess.run(
        [binary, "--version"], capture_output=True, text=True, check=True, timeout=10
    ).stdout
    # "2.3.19.1 (9b53102964)" on Debian 12, "2.4.1-4 (7d8c0e5759)" on Debian 13.
    match = re.match(r"\s*(\d+)\.(\d+)", out)
    if match is None:
        raise DovecotError(f"cannot parse `{binary} --version` output: {out!r}")
    return int(match[1]), int(match[2])


def template_for(version: tuple[int, int]) -> Path:
    """Pick the config template for a Dovecot version, or explain why none fits."""
    if version in TEMPLATES:
        return TEMPLATES[version]
    if version[0] == 2 and version[1] > 4:
        # 2.4 promised config compatibility via dovecot_config_version.
        return TEMPLATES[(2, 4)]
    known = ", ".join(f"{a}.{b}" for a, b in TEMPLATES)
    raise DovecotError(
        f"Dovecot {version[0]}.{version[1]} is not supported by the test fixture "
        f"(templates exist for {known}); add tests/integration/"
        f"dovecot-{version[0]}.{version[1]}.conf.in"
    )


def render(template: str, values: dict[str, str]) -> str:
    """Replace every @NAME@ in template; unknown or unused names are errors."""
    used: set[str] = set()

    def substitute(match: re.Match[str]) -> str:
        name = match[1]
        if name not in values:
            raise DovecotError(f"config template needs a value for @{name}@")
        used.add(name)
        return values[name]

    text = re.sub(r"@([A-Z][A-Z0-9_]*)@", substitute, template)
    unused = set(values) - used
    if unused:
        raise DovecotError(f"config template does not use {sorted(unused)}")
    return text


def free_port(host: str) -> int:
    """Ask the kernel for a port that is free on host right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@dataclasses.dataclass(frozen=True)
class Privileges:
    """Which system users the Dovecot processes and the mail files run as."""

    as_root: bool
    login_user: str
    internal_user: str
    internal_group: str
    mail_uid: int
    mail_gid: int

    @classmethod
    def detect(cls) -> Privileges:
        """Root: split privileges like a real install. Otherwise: all as me."""
        if os.geteuid() == 0:
            # Mail cannot belong to root: passwd-file rejects UID 0 ("invalid
            # UID '0'") whatever first_valid_uid says. nobody stands in for
            # the vmail user of a real server.
            nobody = pwd.getpwnam("nobody")
            for name in ("dovenull", "dovecot"):
                try:
                    pwd.getpwnam(name)
                except KeyError:
                    raise DovecotError(
                        f"system user {name!r} is missing; reinstall dovecot-core "
                        "(its postinst creates dovecot and dovenull)"
                    ) from None
            return cls(
                as_root=True,
                login_user="dovenull",
                internal_user="dovecot",
                internal_group="dovecot",
                mail_uid=nobody.pw_uid,
                mail_gid=nobody.pw_gid,
            )
        me = pwd.getpwuid(os.geteuid())
        return cls(
            as_root=False,
            login_user=me.pw_name,
            internal_user=me.pw_name,
            internal_group=grp.getgrgid(os.getegid()).gr_name,
            mail_uid=os.geteuid(),
            mail_gid=os.getegid(),
        )


def _die_with_parent() -> None:
    """In the child: get SIGTERM if pytest dies, so no dovecot is orphaned."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


class ImapAccount:
    """One user on a DovecotServer; every helper goes through IMAP."""

    def __init__(self, server: DovecotServer, user: str, password: str, home: Path):
        self.server = server
        self.user = user
        self.password = password
        self.home = home

    def __repr__(self) -> str:
        return f"ImapAccount({self.user!r} on {self.host}:{self.port})"

    @property
    def host(self) -> str:
        return self.server.host

    @property
    def port(self) -> int:
        return self.server.port

    @property
    def tls_port(self) -> int:
        return self.server.tls_port

    @property
    def ca_file(self) -> str:
        return self.server.ca_file

    @property
    def maildir(self) -> Path:
        """The user's Maildir; INBOX is its cur/new/tmp, folders are .Name."""
        return self.home / "Maildir"

    def client(
        self,
        tls: bool = False,
        *,
        starttls: bool = False,
        login: bool = True,
        password: str | None = None,
        timeout: float = 15.0,
    ) -> IMAPClient:
        """Connect (implicit TLS if tls, else plain, optionally STARTTLS) and log in.

        The caller owns the client: use it as a context manager, or call
        logout(). TLS is verified against the test CA.
        """
        context = self.server.ssl_context() if tls or starttls else None
        client = IMAPClient(
            self.host,
            port=self.tls_port if tls else self.port,
            ssl=tls,
            ssl_context=context,
            timeout=SocketTimeout(connect=5.0, read=timeout),
        )
        try:
            if starttls:
                client.starttls(context)
            if login:
                client.login(self.user, self.password if password is None else password)
        except BaseException:
            client.shutdown()
            raise
        return client

    def append(
        self,
        folder: str,
        raw: bytes,
        flags: Iterable[str | bytes] = (),
        msg_time: datetime | None = None,
    ) -> int:
        """APPEND raw to folder and return the new message's UID."""
        with self.client() as client:
            response = client.append(folder, raw, flags=tuple(flags), msg_time=msg_time)
        match = APPENDUID.search(response)
        if match is None:
            raise DovecotError(f"APPEND gave no APPENDUID: {response!r}")
        return int(match[2])

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        """Return {uid: flags} for every message in folder, read-only.

        \\Recent is dropped: Dovecot shows it until a read-write SELECT claims it.
        """
        with self.client() as client:
            client.select_folder(folder, readonly=True)
            uids = client.search("ALL")
            if not uids:
                return {}
            fetched = client.fetch(uids, ["FLAGS"])
        return {
            uid: tuple(f for f in data[b"FLAGS"] if f != b"\\Recent")
            for uid, data in fetched.items()
        }

    def uidvalidity(self, folder: str) -> int:
        """Return folder's UIDVALIDITY (STATUS, so nothing is selected)."""
        with self.client() as client:
            return int(client.folder_status(folder, [b"UIDVALIDITY"])[b"UIDVALIDITY"])

    def folders(self) -> list[str]:
        """Return the names of all folders, as LIST reports them."""
        with self.client() as client:
            return [name for _flags, _sep, name in client.list_folders()]

    def create_folder(self, name: str) -> None:
        with self.client() as client:
            client.create_folder(name)

    def delete_folder(self, name: str) -> None:
        with self.client() as client:
            client.delete_folder(name)

    def recreate_folder(self, name: str) -> int:
        """Delete and create folder, so its UIDVALIDITY changes; return the new one.

        INBOX cannot be deleted over IMAP: use a fresh account instead.
        """
        if name.upper() == "INBOX":
            raise ValueError(
                "INBOX cannot be deleted over IMAP; use a fresh user (mailbox fixture)"
            )
        with self.client() as client:
            if client.folder_exists(name):
                client.delete_folder(name)
            client.create_folder(name)
            return int(client.folder_status(name, [b"UIDVALIDITY"])[b"UIDVALIDITY"])


class DovecotServer:
    """A Dovecot instance of our own under workdir, on two free loopback ports.

    As root the mail files belong to nobody and the auth process runs as
    dovecot, so workdir must be searchable by others: pytest's basetemp is
    0700 and will not do (conftest.py makes a 0711 one in the temp dir).
    """

    def __init__(
        self,
        workdir: Path,
        *,
        binary: str | None = None,
        host: str = "127.0.0.1",
        user: str = "kari",
        password: str | None = None,
        startup_timeout: float = 10.0,
    ):
        found = binary or find_dovecot()
        if found is None:
            raise DovecotError(INSTALL_HINT)
        self.binary = found
        self.version = dovecot_version(self.binary)
        self.template = template_for(self.version)
        self.privileges = Privileges.detect()
        self.workdir = workdir
        self.host = host
        self.startup_timeout = startup_timeout
        self._pick_ports()
        self._has_started = False

        self.base_dir = workdir / "run"
        self.state_dir = workdir / "state"
        self.mail_root = workdir / "mail"
        self.conf_path = workdir / "dovecot.conf"
        self.users_dir = workdir / "users"
        self.log_path = workdir / "dovecot.log"
        self.stderr_path = workdir / "dovecot.stderr"
        self.instance_name = f"followup-test-{secrets.token_hex(4)}"
        self._accounts: dict[str, ImapAccount] = {}
        self._proc: subprocess.Popen[bytes] | None = None

        self._check_workdir()
        for directory in (self.base_dir, self.state_dir, self.mail_root, self.users_dir):
            directory.mkdir(parents=True, exist_ok=True)
        self.mail_root.chmod(0o755)
        if self.privileges.as_root:
            # Read by the auth process, which runs as the dovecot user.
            os.chown(self.users_dir, 0, grp.getgrnam(self.privileges.internal_group).gr_gid)
            self.users_dir.chmod(0o750)
        self._make_certificates()
        self.account = self.add_user(user, password)
        self._write_config()

    def __repr__(self) -> str:
        state = "running" if self.is_running else "stopped"
        return f"DovecotServer({self.host}:{self.port}/{self.tls_port}, {state})"

    # -- the default account, for convenience -----------------------------

    @property
    def user(self) -> str:
        return self.account.user

    @property
    def password(self) -> str:
        return self.account.password

    @property
    def maildir(self) -> Path:
        return self.account.maildir

    def client(
        self,
        tls: bool = False,
        *,
        starttls: bool = False,
        login: bool = True,
        password: str | None = None,
        timeout: float = 15.0,
    ) -> IMAPClient:
        return self.account.client(
            tls, starttls=starttls, login=login, password=password, timeout=timeout
        )

    def append(
        self,
        folder: str,
        raw: bytes,
        flags: Iterable[str | bytes] = (),
        msg_time: datetime | None = None,
    ) -> int:
        return self.account.append(folder, raw, flags, msg_time)

    def flags(self, folder: str) -> dict[int, tuple[bytes, ...]]:
        return self.account.flags(folder)

    def uidvalidity(self, folder: str) -> int:
        return self.account.uidvalidity(folder)

    def create_folder(self, name: str) -> None:
        self.account.create_folder(name)

    def delete_folder(self, name: str) -> None:
        self.account.delete_folder(name)

    def recreate_folder(self, name: str) -> int:
        return self.account.recreate_folder(name)

    def folders(self) -> list[str]:
        return self.account.folders()

    # -- setup -------------------------------------------------------------

    def _check_workdir(self) -> None:
        if not self.privileges.as_root:
            return
        for directory in (self.workdir, *self.workdir.parents):
            if directory.exists() and not directory.stat().st_mode & 0o001:
                raise DovecotError(
                    f"{directory} is not searchable by other users, so Dovecot's "
                    "auth (user dovecot) and mail (user nobody) processes cannot "
                    "reach the passwd-files and Maildirs; use a directory made "
                    "with tempfile.mkdtemp() and chmod 0o711, as conftest.py does"
                )

    def _make_certificates(self) -> None:
        ca = trustme.CA(organization_name="followup test CA")
        cert = ca.issue_cert("127.0.0.1", "localhost")
        self.ca_path = self.workdir / "ca.pem"
        self.cert_path = self.workdir / "server-chain.pem"
        self.key_path = self.workdir / "server-key.pem"
        ca.cert_pem.write_to_path(str(self.ca_path))
        cert.private_key_pem.write_to_path(str(self.key_path))
        self.key_path.chmod(0o600)
        with self.cert_path.open("wb") as chain:
            for blob in cert.cert_chain_pems:
                chain.write(blob.bytes())

    @property
    def ca_file(self) -> str:
        """PEM file of the CA that signed the server certificate."""
        return str(self.ca_path)

    def ssl_context(self) -> ssl.SSLContext:
        """A client context that trusts only the test CA."""
        return ssl.create_default_context(cafile=self.ca_file)

    def _pick_ports(self) -> None:
        self.port = free_port(self.host)
        self.tls_port = free_port(self.host)
        while self.tls_port == self.port:
            self.tls_port = free_port(self.host)

    def _write_config(self) -> None:
        priv = self.privileges
        values = {
            "BASE_DIR": str(self.base_dir),
            "STATE_DIR": str(self.state_dir),
            "INSTANCE_NAME": self.instance_name,
            "HOST": self.host,
            "PORT": str(self.port),
            "TLS_PORT": str(self.tls_port),
            "LOG_PATH": str(self.log_path),
            "LOGIN_USER": priv.login_user,
            "INTERNAL_USER": priv.internal_user,
            "INTERNAL_GROUP": priv.internal_group,
            "FIRST_VALID_UID": str(min(priv.mail_uid, 500)),
            "FIRST_VALID_GID": str(min(priv.mail_gid, 1)),
            "CERT_FILE": str(self.cert_path),
            "KEY_FILE": str(self.key_path),
            "USERS_DIR": str(self.users_dir),
            # chroot needs root; as a normal user both must be empty.
            "LOGIN_CHROOT": "login" if priv.as_root else "",
            "ANVIL_CHROOT": "empty" if priv.as_root else "",
        }
        self.conf_path.write_text(render(self.template.read_text(), values))

    def _write_passwd(self, account: ImapAccount) -> None:
        """Write the user's own passwd-file, atomically.

        One file per user (passwd_file_path has the user name in it): Dovecot
        re-reads a passwd-file at most once a second, so a user appended to a
        shared file could stay unknown for up to a second.
        """
        priv = self.privileges
        line = (
            f"{account.user}:{{PLAIN}}{account.password}:{priv.mail_uid}:{priv.mail_gid}"
            f"::{account.home}::\n"
        )
        tmp = self.users_dir / f".{account.user}.tmp"
        tmp.write_text(line)
        if priv.as_root:
            os.chown(tmp, 0, grp.getgrnam(priv.internal_group).gr_gid)
            tmp.chmod(0o640)
        else:
            tmp.chmod(0o600)
        tmp.replace(self.users_dir / account.user)

    def add_user(self, user: str | None = None, password: str | None = None) -> ImapAccount:
        """Create a user with an empty mailbox; works while the server runs.

        Names are lower-cased, as Dovecot's default auth_username_format does
        before it looks the user up.
        """
        name = USERNAME_CHARS.sub("-", user or f"user{len(self._accounts)}")[:64].lower()
        if name in self._accounts:
            raise ValueError(f"user {name!r} exists already")
        home = self.mail_root / name
        home.mkdir()
        if self.privileges.as_root:
            os.chown(home, self.privileges.mail_uid, self.privileges.mail_gid)
        home.chmod(0o700)
        account = ImapAccount(self, name, password or secrets.token_urlsafe(12), home)
        self._accounts[name] = account
        self._write_passwd(account)
        return account

    def unique_user(self, hint: str) -> ImapAccount:
        """add_user with a fresh name derived from hint (e.g. a test name)."""
        base = USERNAME_CHARS.sub("-", hint).strip("-.")[:40] or "user"
        return self.add_user(f"{base}-{len(self._accounts)}")

    # -- process control ---------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    @property
    def pid(self) -> int | None:
        """PID of the dovecot master (also its process group), while running."""
        return self._proc.pid if self.is_running and self._proc else None

    def start(self) -> None:
        """Start dovecot and wait until both ports greet; raise with the log if not.

        The ports were free when chosen, but another process may take one
        before Dovecot binds it; the first start then retries on new ports.
        Later starts keep theirs, so clients can reconnect after restart().
        """
        if self.is_running:
            raise DovecotError("dovecot is already running")
        for attempt in range(3):
            log_start = self.log_offset()
            try:
                self._launch(log_start)
            except DovecotError:
                port_taken = "Address already in use" in self.log_since(log_start)
                if self._has_started or not port_taken or attempt == 2:
                    raise
                self._pick_ports()
                self._write_config()
            else:
                self._has_started = True
                return

    def _launch(self, log_start: int) -> None:
        with self.stderr_path.open("ab") as stderr:
            self._proc = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.conf_path)],
                stdin=subprocess.DEVNULL,
                stdout=stderr,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group, killed as one
                preexec_fn=_die_with_parent,  # runs before exec; pytest is single-threaded
            )
        try:
            self._wait_for_greeting(log_start)
        except BaseException:
            self.kill()
            raise

    def _wait_for_greeting(self, log_start: int) -> None:
        deadline = time.monotonic() + self.startup_timeout
        pending = [(self.port, None), (self.tls_port, self.ssl_context())]
        last_error: Exception | None = None
        while pending:
            assert self._proc is not None
            if self._proc.poll() is not None:
                raise DovecotError(
                    self._failure(f"dovecot exited with status {self._proc.returncode}")
                )
            if "Fatal: " in self.log_since(log_start):
                # e.g. a login process that cannot start: the master would
                # only retry it with growing delays.
                raise DovecotError(self._failure("dovecot logged a fatal error"))
            port, context = pending[0]
            try:
                if read_greeting(self.host, port, context).startswith(GREETING):
                    pending.pop(0)
                    continue
            except (OSError, ssl.SSLError) as err:
                last_error = err
            if time.monotonic() > deadline:
                raise DovecotError(
                    self._failure(
                        f"no IMAP greeting on {self.host}:{port} within "
                        f"{self.startup_timeout:.0f} s (last error: {last_error})"
                    )
                )
            time.sleep(0.01)

    def log_offset(self) -> int:
        """Current end of the log, to read only what happens after it."""
        try:
            return self.log_path.stat().st_size
        except FileNotFoundError:
            return 0

    def log_since(self, offset: int = 0) -> str:
        """Log text written after offset (see log_offset)."""
        try:
            with self.log_path.open("rb") as log:
                log.seek(offset)
                return log.read().decode(errors="replace")
        except FileNotFoundError:
            return ""

    def _failure(self, what: str) -> str:
        return (
            f"{what}.\n"
            f"--- tail of {self.log_path} ---\n{tail(self.log_path)}\n"
            f"--- tail of {self.stderr_path} ---\n{tail(self.stderr_path)}\n"
            f"Fix: see the errors above; `{self.binary} -n -c {self.conf_path}` checks "
            "the config. 'Unknown setting' means the template does not fit Dovecot "
            f"{self.version[0]}.{self.version[1]} (tests/integration/{self.template.name}); "
            "'Permission denied' means the dovecot or nobody user cannot reach the work "
            "directory; 'Address already in use' on a restart means another program took "
            "the port meanwhile."
        )

    def stop(self, timeout: float = 5.0) -> None:
        """Shut down like `systemctl stop`: SIGTERM to every process, then wait.

        SIGTERM to the master alone would leave logged-in imap processes
        running; sent to the whole group, each says "* BYE Server shutting
        down." to its client. Whatever is left after timeout gets SIGKILL.
        """
        proc = self._proc
        if proc is None:
            return
        self._signal_group(signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout)  # the master sleeps 1 s for its log process
        self._signal_group(signal.SIGKILL)
        proc.wait()
        self._proc = None
        wait_for_group_exit(proc.pid, timeout)

    def kill(self) -> None:
        """SIGKILL master and children at once, like a crash or an OOM kill."""
        proc = self._proc
        if proc is None:
            return
        self._signal_group(signal.SIGKILL)
        proc.wait()
        self._proc = None
        wait_for_group_exit(proc.pid, 5.0)
        # A stale pid file whose pid was reused would block the next start.
        (self.base_dir / "master.pid").unlink(missing_ok=True)

    def _signal_group(self, signo: int) -> None:
        """Signal the master's process group: every Dovecot process we started."""
        assert self._proc is not None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._proc.pid, signo)

    def restart(self) -> None:
        """Stop and start again on the same ports with the same data."""
        self.stop()
        self.start()


def read_greeting(
    host: str,
    port: int,
    context: ssl.SSLContext | None,
    *,
    server_hostname: str | None = None,
) -> bytes:
    """Connect (TLS if context), read the server's first line, hang up politely."""
    with socket.create_connection((host, port), timeout=2.0) as raw:
        if context is None:
            return _greet(raw)
        with context.wrap_socket(raw, server_hostname=server_hostname or host) as tls:
            return _greet(tls)


def _greet(sock: socket.socket) -> bytes:
    with sock.makefile("rb") as stream:
        line = stream.readline()
        with contextlib.suppress(OSError):
            sock.sendall(b"z LOGOUT\r\n")
    return line


def live_group_members(pgid: int) -> list[int]:
    """PIDs in process group pgid that still run (zombies do not count)."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # exited meanwhile
        # "pid (comm) state ppid pgrp ...", and comm may contain ") ".
        state, _ppid, pgrp = text[text.rindex(")") + 2 :].split()[:3]
        if int(pgrp) == pgid and state not in ("Z", "X"):
            pids.append(int(stat.parent.name))
    return pids


def wait_for_group_exit(pgid: int, timeout: float) -> None:
    """Wait until no process of group pgid runs; raise naming those that do."""
    deadline = time.monotonic() + timeout
    while live := live_group_members(pgid):
        if time.monotonic() > deadline:
            raise DovecotError(
                f"Dovecot processes {live} (group {pgid}) still run {timeout:.0f} s "
                f"after SIGKILL; kill them by hand: kill -9 -{pgid}"
            )
        time.sleep(0.01)


def tail(path: Path, lines: int = 40) -> str:
    """The last lines of a log file, or a note that there is none."""
    try:
        text = path.read_text(errors="replace")
    except FileNotFoundError:
        return "(no such file)"
    return "\n".join(text.splitlines()[-lines:]) or "(empty)"
