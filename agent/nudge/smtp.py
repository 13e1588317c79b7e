"""Nudges by email to the person's own address, through their own SMTP server.

The mail is plain text with the draft inline. Every header is built from one-line text, so a
company name or subject taken from mail can never add a header (`Bcc:`) of its own. Our own mail
carries `Auto-Submitted: auto-generated` and `X-Followup-Nudge`, so it is never mistaken for
an employer's reply when the mailbox is read back.
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr

from agent import credentials
from agent.config import EmailConfig
from agent.errors import ConfigError, CredentialError, NudgeError
from agent.escape import for_header, for_terminal, one_line
from agent.nudge import Notice

log = logging.getLogger(__name__)

#: The name the SMTP password is stored under: keyring user `smtp` (service `followup`), or a
#: systemd credential `followup-smtp`, unless nudges.email.password_command is set.
CREDENTIAL_NAME = "smtp"
NUDGE_HEADER = "X-Followup-Nudge"
_PORTS = {"ssl": 465, "starttls": 587, "none": 25}


class SmtpChannel:
    """Send each nudge as an email to `nudges.email.to`."""

    name = "email"

    def __init__(
        self,
        config: EmailConfig,
        *,
        timeout: float = 30.0,
        clock: Callable[[], datetime] | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        if not config.to or not config.host:
            raise ConfigError(
                "email nudges need nudges.email.to and nudges.email.host in the config"
            )
        self._to = parseaddr(for_header(config.to))[1]
        self._from = parseaddr(for_header(config.sender or config.to))[1]
        if "@" not in self._to or "@" not in self._from:
            raise ConfigError(
                "nudges.email.to and nudges.email.sender must be email addresses like "
                "me@example.org (sender defaults to to)"
            )
        self._config = config
        self._timeout = timeout
        self._clock = clock or (lambda: datetime.now(UTC))
        self._environ = environ

    @property
    def port(self) -> int:
        return self._config.port or _PORTS[self._config.tls]

    def send(self, notice: Notice) -> None:
        """Build the mail and hand it to the SMTP server; NudgeError says what to fix."""
        message = build_message(notice, self._config, self._clock())
        with self._session() as smtp:
            # Our own bytes: smtplib's send_message would turn "From " lines into ">From ".
            smtp.sendmail(self._from, [self._to], message.as_bytes())
        log.info("nudge %s sent by email", notice.nudge_id)

    def check(self) -> str:
        """Connect and log in without sending anything, for `followup doctor`."""
        with self._session() as smtp:
            smtp.noop()
        who = f" as {self._config.username}" if self._config.username else ""
        return f"logged in to {self._config.host}:{self.port}{who} ({self._config.tls})"

    @contextmanager
    def _session(self) -> Iterator[smtplib.SMTP]:
        """A logged-in connection; every failure inside becomes a NudgeError with its fix."""
        password = self._password()
        where = f"{self._config.host}:{self.port}"
        try:
            with self._connect() as smtp:
                if self._config.username:
                    smtp.login(self._config.username, password or "")
                yield smtp
        except smtplib.SMTPAuthenticationError as err:
            raise NudgeError(
                f"the SMTP server {where} refused the login for {self._config.username} "
                f"({_reply(err)}); check nudges.email.username and the password (stored with "
                f"`followup password set {CREDENTIAL_NAME}`, or nudges.email.password_command)"
            ) from None
        except smtplib.SMTPNotSupportedError as err:
            raise NudgeError(
                f"the SMTP server {where} does not offer {_missing_feature(err)}; "
                "check nudges.email.tls and nudges.email.port (465 is usually tls: ssl, "
                "587 tls: starttls)"
            ) from None
        except smtplib.SMTPRecipientsRefused as err:
            raise NudgeError(
                f"the SMTP server {where} refused the recipient {self._config.to} "
                f"({_refusals(err)}); check nudges.email.to, and that the server relays "
                "for the account you log in with"
            ) from None
        except smtplib.SMTPSenderRefused as err:
            raise NudgeError(
                f"the SMTP server {where} refused the sender {self._from} "
                f"({_reply(err)}); set nudges.email.sender to an address of the account you "
                "log in with"
            ) from None
        except ssl.SSLCertVerificationError as err:
            raise NudgeError(
                f"the TLS certificate of the SMTP server {where} could not be verified "
                f"({err.verify_message}); check nudges.email.host, or set nudges.email.ca_file "
                "to the CA certificate that signed it"
            ) from None
        except ssl.SSLError as err:
            raise NudgeError(
                f"TLS with the SMTP server {where} failed ({err.reason or err}); check "
                "nudges.email.tls against the port (465 is usually tls: ssl, 587 tls: starttls)"
            ) from None
        except smtplib.SMTPException as err:
            raise NudgeError(
                f"the SMTP server {where} failed ({err}); the nudge is retried later"
            ) from None
        except OSError as err:
            raise NudgeError(
                f"cannot reach the SMTP server {where} ({err.strerror or err}); check "
                "nudges.email.host and nudges.email.port and the network; the nudge is "
                "retried later"
            ) from None

    def _connect(self) -> smtplib.SMTP:
        config = self._config
        host = config.host or ""
        if config.tls == "ssl":
            return smtplib.SMTP_SSL(
                host, self.port, timeout=self._timeout, context=self._tls_context()
            )
        smtp = smtplib.SMTP(host, self.port, timeout=self._timeout)
        if config.tls == "starttls":
            try:
                smtp.starttls(context=self._tls_context())
            except BaseException:
                smtp.close()
                raise
        return smtp

    def _tls_context(self) -> ssl.SSLContext:
        """Verified certificates and host names; `ca_file` for a private CA."""
        cafile = self._config.ca_file
        try:
            return ssl.create_default_context(cafile=str(cafile) if cafile else None)
        except (OSError, ssl.SSLError) as err:
            raise NudgeError(
                f"nudges.email.ca_file {cafile} cannot be used as a CA certificate ({err}); "
                "point it at a PEM file"
            ) from None

    def _password(self) -> str | None:
        """Fetch the password for each send, so a changed password needs no restart."""
        if not self._config.username:
            return None
        try:
            if self._config.password_command:
                return credentials.run_secret_command(
                    self._config.password_command, "nudges.email.password_command"
                )
            found = credentials.systemd_credential(
                CREDENTIAL_NAME, os.environ if self._environ is None else self._environ
            )
            if found is None:
                found = credentials.keyring_password(CREDENTIAL_NAME)
        except CredentialError as err:
            raise NudgeError(f"no SMTP password for email nudges: {err}") from None
        if found is None:
            raise NudgeError(
                f"no SMTP password for email nudges: store one with `followup password set "
                f"{CREDENTIAL_NAME}`, set nudges.email.password_command, or give the daemon a "
                f"systemd credential named {credentials.CREDENTIAL_PREFIX}{CREDENTIAL_NAME}"
            )
        return found


def build_message(notice: Notice, config: EmailConfig, now: datetime) -> EmailMessage:
    """The nudge as a plain-text mail to the person themself, headers safe from mail text."""
    to = for_header(config.to)
    sender = for_header(config.sender or config.to)
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    message["To"] = to
    message["Subject"] = for_header(f"followup: {notice.title}")[:250]
    message["Date"] = format_datetime(now)
    message["Message-ID"] = make_msgid(f"nudge{notice.nudge_id}", domain=_domain(sender))
    message["Auto-Submitted"] = "auto-generated"
    message["X-Auto-Response-Suppress"] = "All"
    message[NUDGE_HEADER] = str(notice.nudge_id)
    # Quoted-printable keeps the mail 7-bit clean for any server, whatever the draft's letters.
    message.set_content(message_text(notice), charset="utf-8", cte="quoted-printable")
    return message


def message_text(notice: Notice) -> str:
    """Why now, the application, and the draft to copy, in plain text.

    A notice that is not one nudge (nudge_id 0: the daily digest) has no draft or footer.
    """
    lines = [one_line(notice.title), "", for_terminal(notice.body).strip()]
    label = one_line(notice.application_label)
    if label:
        lines += ["", f"Application: {label}"]
    draft = for_terminal(notice.draft).strip()
    subject = one_line(notice.draft_subject)
    if draft or subject:
        lines += ["", "----- Draft -----", f"Subject: {subject}", "", draft]
        lines += ["----- End of draft -----"]
    if notice.nudge_id > 0:
        lines += [
            "",
            f"Sent by followup (nudge {notice.nudge_id}). Mark it done or snooze it with "
            "`followup nudges`.",
        ]
    return "\n".join(lines) + "\n"


def _domain(address: str) -> str:
    _, email = parseaddr(address)
    domain = email.rpartition("@")[2].strip("[]")
    return domain if domain and "@" in email else "followup.invalid"


def _reply(err: smtplib.SMTPResponseException) -> str:
    text = err.smtp_error.decode("utf-8", "replace") if isinstance(err.smtp_error, bytes) else ""
    return f"{err.smtp_code} {one_line(text, 160)}".strip()


def _refusals(err: smtplib.SMTPRecipientsRefused) -> str:
    return "; ".join(
        f"{code} {one_line(text.decode('utf-8', 'replace'), 160)}"
        for code, text in err.recipients.values()
    )


def _missing_feature(err: smtplib.SMTPNotSupportedError) -> str:
    text = str(err)
    if "STARTTLS" in text:
        return "STARTTLS"
    if "AUTH" in text:
        return "login (AUTH) on this connection"
    return one_line(text, 120) or "a feature we need"
