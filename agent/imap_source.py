"""IMAP, strictly read-only. The only module that imports imapclient.

Folders are opened with EXAMINE (`readonly=True`) and messages read with `BODY.PEEK`, so the
server never sets \\Seen; nothing here stores flags, copies, moves, appends or expunges. Headers
come first, in batches; full bodies only for the UIDs the caller asks for. Every library and
socket error leaves this module as `MailboxError` (or `AuthError`) with advice a person can act
on.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import ssl
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from imapclient import IMAPClient
from imapclient.exceptions import (
    CapabilityError,
    IMAPClientAbortError,
    IMAPClientError,
    LoginError,
)
from imapclient.imapclient import SENT, SocketTimeout

from agent.config import AccountConfig
from agent.credentials import Secret
from agent.errors import AuthError, MailboxError
from agent.escape import one_line

log = logging.getLogger(__name__)

CONNECT_TIMEOUT = 15.0
READ_TIMEOUT = 60.0
#: Header fields the triage looks at; everything else waits for the full fetch.
HEADER_FIELDS = (
    "FROM",
    "SENDER",
    "REPLY-TO",
    "TO",
    "CC",
    "BCC",
    "SUBJECT",
    "DATE",
    "MESSAGE-ID",
    "IN-REPLY-TO",
    "REFERENCES",
    "LIST-ID",
    "AUTO-SUBMITTED",
)
HEADER_ITEM = f"BODY.PEEK[HEADER.FIELDS ({' '.join(HEADER_FIELDS)})]"
BODY_ITEM = "BODY.PEEK[]"
#: Names a Sent folder goes by when the server does not mark it with \Sent (RFC 6154).
SENT_FALLBACKS = (
    "Sent",
    "Sent Items",
    "Sent Messages",
    "Sent Mail",
    "INBOX.Sent",
    "INBOX/Sent",
    "[Gmail]/Sent Mail",
    "Sendt",
    "Sendte elementer",
    "Sendt post",
    "Skickat",
    "Skickade objekt",
    "Gesendet",
    "Gesendete Objekte",
    "Gesendete Elemente",
)
#: Three empty IDLE answers in a row that came back at once mean the socket is dead.
_INSTANT_EMPTIES = 3

_APP_PASSWORD_HINT = (
    "Gmail, Outlook.com, Yahoo and iCloud accounts with two-step verification need an app "
    "password (made in the account's security settings) or an OAuth2 token "
    "(oauth2_token_command:)"
)


@dataclass(frozen=True)
class FolderInfo:
    name: str
    flags: tuple[str, ...]
    sent: bool = False

    @property
    def selectable(self) -> bool:
        return not any(f.lower() in ("\\noselect", "\\nonexistent") for f in self.flags)


@dataclass(frozen=True)
class FolderState:
    """What EXAMINE told us about a folder."""

    name: str
    uidvalidity: int
    uidnext: int | None
    exists: int


@dataclass(frozen=True)
class HeaderData:
    uid: int
    header: bytes
    size: int | None


def ssl_context(account: AccountConfig) -> ssl.SSLContext:
    """A verifying TLS context; `ca_file` replaces the system CAs for a self-signed server."""
    try:
        if account.ca_file:
            return ssl.create_default_context(cafile=str(account.ca_file))
        return ssl.create_default_context()
    except (OSError, ssl.SSLError) as err:
        raise MailboxError(
            f"{account.name}: cannot load ca_file {account.ca_file}: {err}; it must be a PEM file "
            "with the certificate of the CA that signed the server's certificate"
        ) from None


def describe_error(account: AccountConfig, err: BaseException, doing: str) -> MailboxError:
    """Turn a library or network error into one of ours, with plain advice."""
    where = f"{account.host}:{account.effective_port}"
    name = account.name
    if isinstance(err, MailboxError):
        return err
    if isinstance(err, LoginError):
        text = _server_text(err)
        advice = f"check username ({account.username}) and password"
        if account.oauth2_token_command:
            advice = "check that oauth2_token_command prints a fresh, valid access token"
        elif "app" in text.lower() and "password" in text.lower():
            advice = "the server wants an app password"
        return AuthError(
            f"{name}: the server at {where} refused the login ({text or 'no reason given'}); "
            f"{advice}. {_APP_PASSWORD_HINT}. Store a new password with "
            f"`followup password set {name}` (or fix password_command:)"
        )
    if isinstance(err, ssl.SSLCertVerificationError):
        reason = err.verify_message or str(err)
        return MailboxError(
            f"{name}: TLS problem: the certificate of {account.host} could not be verified "
            f"({reason}). If the server uses a self-signed certificate or a private CA, set "
            "ca_file: to that CA's PEM file; otherwise check that host: is the name on the "
            "server's certificate"
        )
    if isinstance(err, ssl.SSLError):
        return MailboxError(
            f"{name}: TLS problem talking to {where} ({err.reason or err}). Check tls: — "
            "ssl is for port 993 (TLS from the start), starttls for port 143"
        )
    if isinstance(err, socket.gaierror):
        return MailboxError(
            f"{name}: host unreachable: the name {account.host!r} cannot be resolved "
            f"({err.strerror}); check host: and the network"
        )
    if isinstance(err, ConnectionRefusedError):
        return MailboxError(
            f"{name}: host unreachable: {where} refused the connection; check host:, port: "
            "and tls: (993 with ssl, 143 with starttls)"
        )
    if isinstance(err, TimeoutError):
        return MailboxError(
            f"{name}: host unreachable: no answer from {where} while {doing}; check the "
            "network, the port and any firewall"
        )
    if isinstance(err, IMAPClientAbortError | OSError):
        return MailboxError(f"{name}: connection to {where} lost while {doing}: {err}")
    if isinstance(err, CapabilityError):
        return MailboxError(f"{name}: the server at {where} cannot do that: {err}")
    if isinstance(err, IMAPClientError):
        return MailboxError(f"{name}: the server at {where} refused {doing}: {_server_text(err)}")
    return MailboxError(f"{name}: unexpected error while {doing}: {type(err).__name__}: {err}")


def _server_text(err: BaseException) -> str:
    """The server's words from an error, one short line with no control characters (a
    hostile server must not be able to write escape sequences to the terminal)."""
    text = str(err)
    for prefix in ("b'", 'b"'):
        if text.startswith(prefix) and text.endswith(text[1]):
            text = text[2:-1]
    return one_line(text, 200)


class ImapSession:
    """One logged-in connection to an account's server."""

    def __init__(self, account: AccountConfig, client: IMAPClient) -> None:
        self.account = account
        self.client = client
        self._selected: str | None = None
        self._folders: list[FolderInfo] | None = None
        self._idling = False  # left in IDLE by a stop: LOGOUT would get no answer

    # -- connecting ------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        account: AccountConfig,
        secret: Secret,
        *,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
    ) -> ImapSession:
        """Connect, secure the connection as configured, and log in."""
        timeout = SocketTimeout(connect=connect_timeout, read=read_timeout)
        context = ssl_context(account) if account.tls != "none" else None
        try:
            client = IMAPClient(
                account.host,
                port=account.effective_port,
                ssl=account.tls == "ssl",
                ssl_context=context,
                timeout=timeout,
            )
        except Exception as err:
            raise describe_error(account, err, "connecting") from None
        session = cls(account, client)
        try:
            if account.tls == "starttls":
                if not client.has_capability("STARTTLS"):
                    raise MailboxError(
                        f"{account.name}: TLS problem: {account.host} does not offer STARTTLS "
                        "on this port; use tls: ssl (usually port 993)"
                    )
                client.starttls(context)
            if secret.kind == "oauth2":
                client.oauth2_login(account.username, secret.value)
            else:
                client.login(account.username, secret.value)
        except Exception as err:
            session.abort()
            raise describe_error(account, err, "logging in") from None
        return session

    def close(self) -> None:
        """Log out politely, or just drop the connection when that fails or would hang."""
        if not self._idling:
            with contextlib.suppress(Exception):
                self.client.logout()
                return
        self.abort()

    def abort(self) -> None:
        """Drop the connection at once (from another thread, or when it is known dead)."""
        with contextlib.suppress(Exception):
            self.client.shutdown()

    def __enter__(self) -> ImapSession:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except MailboxError:
            raise
        except Exception as err:
            raise describe_error(self.account, err, doing) from None

    # -- what the server offers ------------------------------------------------------------

    def capabilities(self) -> tuple[str, ...]:
        with self._errors("asking for capabilities"):
            caps = self.client.capabilities()
        return tuple(sorted(c.decode("ascii", "replace") for c in caps))

    @property
    def has_idle(self) -> bool:
        with self._errors("asking for capabilities"):
            return bool(self.client.has_capability("IDLE"))

    def folders(self) -> list[FolderInfo]:
        """Every folder, with the one the server marks \\Sent (or the usual name) flagged."""
        if self._folders is not None:
            return self._folders
        with self._errors("listing folders"):
            listed = self.client.list_folders()
        infos = [
            FolderInfo(
                name=str(name),
                flags=tuple(
                    f.decode("ascii", "replace") if isinstance(f, bytes) else str(f) for f in flags
                ),
            )
            for flags, _sep, name in listed
        ]
        sent = next((f.name for f in infos if SENT.decode() in f.flags), None)
        if sent is None:
            by_name = {f.name.lower(): f.name for f in infos if f.selectable}
            sent = next((by_name[n.lower()] for n in SENT_FALLBACKS if n.lower() in by_name), None)
        self._folders = [FolderInfo(f.name, f.flags, sent=(f.name == sent)) for f in infos]
        return self._folders

    def sent_folder(self) -> str | None:
        return next((f.name for f in self.folders() if f.sent), None)

    def watched_folders(self) -> tuple[list[tuple[str, bool]], list[str]]:
        """(folder, outbound) for INBOX, the Sent folder and the configured extra folders, and
        the configured folders that do not exist on the server."""
        infos = {f.name: f for f in self.folders()}
        wanted: list[tuple[str, bool]] = [("INBOX", False)]
        missing: list[str] = []
        sent = self.sent_folder()
        if sent:
            wanted.append((sent, True))
        for name in self.account.folders:
            if name.upper() == "INBOX" or any(name == w for w, _ in wanted):
                continue
            if name not in infos or not infos[name].selectable:
                missing.append(name)
                continue
            wanted.append((name, False))
        return wanted, missing

    def folder_names(self) -> list[str]:
        return [f.name for f in self.folders()]

    def message_count(self, folder: str) -> int:
        """How many messages a folder holds (STATUS: nothing is selected or changed)."""
        with self._errors(f"asking for the size of {folder}"):
            status = self.client.folder_status(folder, [b"MESSAGES"])
        return int(status.get(b"MESSAGES", 0))

    # -- reading ---------------------------------------------------------------------------

    def select(self, folder: str) -> FolderState:
        """EXAMINE the folder: read-only, so not even \\Recent is taken from other clients."""
        with self._errors(f"opening {folder}"):
            info = self.client.select_folder(folder, readonly=True)
        self._selected = folder
        uidvalidity = info.get(b"UIDVALIDITY")
        if uidvalidity is None:
            raise MailboxError(
                f"{self.account.name}: the server gave no UIDVALIDITY for {folder}; without it "
                "messages cannot be tracked reliably"
            )
        uidnext = info.get(b"UIDNEXT")
        return FolderState(
            folder, int(uidvalidity), int(uidnext) if uidnext else None, int(info.get(b"EXISTS", 0))
        )

    def search(
        self,
        *,
        after_uid: int = 0,
        since: date | None = None,
        before: date | None = None,
        upto_uid: int | None = None,
    ) -> list[int]:
        """UIDs above `after_uid` (and up to `upto_uid`), received on or after `since` and before
        `before`, ascending. `UID n:*` always matches the highest UID, so it is filtered here."""
        upper = str(upto_uid) if upto_uid is not None else "*"
        if upto_uid is not None and upto_uid <= after_uid:
            return []
        criteria: list[Any] = ["UID", f"{after_uid + 1}:{upper}"]
        if since is not None:
            criteria += ["SINCE", since]
        if before is not None:
            criteria += ["BEFORE", before]
        with self._errors(f"searching {self._selected}"):
            found = self.client.search(criteria)
        uids = sorted({int(u) for u in found if int(u) > after_uid})
        return [u for u in uids if upto_uid is None or u <= upto_uid]

    def fetch_headers(self, uids: Sequence[int]) -> dict[int, HeaderData]:
        """A few header fields and the size of each UID; expunged UIDs are simply absent."""
        if not uids:
            return {}
        result: dict[int, HeaderData] = {}
        missing = list(uids)
        for _attempt in range(2):
            with self._errors(f"reading headers in {self._selected}"):
                fetched = self.client.fetch(missing, [HEADER_ITEM, "RFC822.SIZE"])
            for uid, data in fetched.items():
                header = next(
                    (
                        v
                        for k, v in data.items()
                        if isinstance(k, bytes) and k.startswith(b"BODY[HEADER")
                    ),
                    None,
                )
                if header is None:
                    continue
                size = data.get(b"RFC822.SIZE")
                result[int(uid)] = HeaderData(int(uid), bytes(header), int(size) if size else None)
            missing = [u for u in missing if u not in result]
            if not missing:
                break
        return result

    def fetch_bodies(self, uids: Sequence[int]) -> dict[int, bytes]:
        """Whole messages, with BODY.PEEK[] so none is marked as read."""
        if not uids:
            return {}
        result: dict[int, bytes] = {}
        missing = list(uids)
        for _attempt in range(2):
            with self._errors(f"reading messages in {self._selected}"):
                fetched = self.client.fetch(missing, [BODY_ITEM])
            for uid, data in fetched.items():
                body = data.get(b"BODY[]")
                if body is not None:
                    result[int(uid)] = bytes(body)
            missing = [u for u in missing if u not in result]
            if not missing:
                break
        return result

    # -- waiting ---------------------------------------------------------------------------

    def wait_for_mail(
        self, stop: threading.Event, renew: float, slice_seconds: float = 1.0
    ) -> bool:
        """IDLE in the selected folder until the server announces mail, `renew` seconds pass or
        `stop` is set. True means "something arrived: sync now".

        A BYE, or empty answers that come back at once (a closed socket), raise MailboxError so
        the caller reconnects; a dead connection that stays silent is caught when IDLE is
        renewed, because DONE then gets no answer within the read timeout.
        """
        with self._errors("starting IDLE"):
            self.client.idle()
        self._idling = True
        started = time.monotonic()
        changed = False
        instant = 0
        while not stop.is_set() and not changed and time.monotonic() - started < renew:
            began = time.monotonic()
            with self._errors("waiting in IDLE"):
                responses = self.client.idle_check(timeout=slice_seconds)
            if not responses:
                if time.monotonic() - began < slice_seconds / 10:
                    instant += 1
                    if instant >= _INSTANT_EMPTIES:
                        raise MailboxError(f"{self.account.name}: connection closed during IDLE")
                else:
                    instant = 0
                continue
            instant = 0
            changed = self._announces_mail(responses)
        if stop.is_set():
            return False  # still in IDLE: the caller drops the connection
        with self._errors("ending IDLE"):
            _text, responses = self.client.idle_done()
        self._idling = False
        return changed or self._announces_mail(responses)

    def _announces_mail(self, responses: Sequence[Any]) -> bool:
        changed = False
        for response in responses:
            if not isinstance(response, tuple) or len(response) < 2:
                continue
            if response[0] == b"BYE":
                text = b" ".join(p for p in response[1:] if isinstance(p, bytes))
                raise MailboxError(
                    f"{self.account.name}: the server closed the connection: "
                    f"{text.decode('ascii', 'replace')}"
                )
            if response[1] in (b"EXISTS", b"RECENT"):
                changed = True
        return changed


@dataclass(frozen=True)
class Probe:
    """What `followup accounts test` shows about an account."""

    capabilities: tuple[str, ...]
    folders: tuple[tuple[FolderInfo, int | None], ...]  # every folder, with its size
    watched: tuple[tuple[str, bool], ...]
    missing: tuple[str, ...]

    @property
    def idle(self) -> bool:
        return "IDLE" in self.capabilities


def probe(account: AccountConfig, secret: Secret) -> Probe:
    """Log in and look around without selecting anything: capabilities, folders and sizes."""
    with ImapSession.open(account, secret) as session:
        capabilities = session.capabilities()
        watched, missing = session.watched_folders()
        sized = tuple(
            (info, session.message_count(info.name) if info.selectable else None)
            for info in session.folders()
        )
    return Probe(capabilities, sized, tuple(watched), tuple(missing))
