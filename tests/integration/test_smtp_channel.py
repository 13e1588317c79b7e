"""Email nudges through a real aiosmtpd server on loopback: plain, STARTTLS and implicit TLS,
with logins checked and a private CA from trustme."""

from __future__ import annotations

import email
import email.policy
import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

from agent.config import EmailConfig
from agent.errors import NudgeError
from agent.models import NudgeKind
from agent.nudge import Notice
from agent.nudge.smtp import SmtpChannel

pytestmark = pytest.mark.integration

USER, PASSWORD = "me@example.org", "correct horse"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    message: email.message.EmailMessage
    login: str | None


@dataclass
class Collector:
    """An aiosmtpd handler that keeps every message it accepts."""

    received: list[Received] = field(default_factory=list)

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        login = session.auth_data.login.decode() if session.authenticated else None
        self.received.append(
            Received(envelope.mail_from or "", list(envelope.rcpt_tos), message, login)
        )
        return "250 OK"


def check_login(server, session, envelope, mechanism, auth_data) -> AuthResult:
    ok = (
        isinstance(auth_data, LoginPassword)
        and auth_data.login.decode() == USER
        and auth_data.password.decode() == PASSWORD
    )
    # handled=False: aiosmtpd then answers 535 itself (the default leaves the client waiting).
    return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)


@dataclass
class Server:
    port: int
    collector: Collector


@pytest.fixture(scope="module")
def ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture(scope="module")
def ca_file(ca: trustme.CA, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ca") / "ca.pem"
    ca.cert_pem.write_to_path(str(path))
    return path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def start_server(ca: trustme.CA) -> Iterator[Callable[[str], Server]]:
    """Start an SMTP server on loopback: start_server("plain" | "starttls" | "ssl")."""
    controllers: list[Controller] = []

    def start(mode: str) -> Server:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ca.issue_cert("localhost", "127.0.0.1").configure_cert(context)
        collector = Collector()
        controller = Controller(
            collector,
            hostname="127.0.0.1",
            port=free_port(),
            server_hostname="localhost",
            ssl_context=context if mode == "ssl" else None,
            tls_context=context if mode == "starttls" else None,
            require_starttls=mode == "starttls",
            authenticator=check_login,
            # Logins are allowed only inside TLS, except on the plain test server; aiosmtpd
            # does not count implicit TLS as TLS for this check, so it is off there too.
            auth_require_tls=mode == "starttls",
        )
        controller.start()
        controllers.append(controller)
        return Server(controller.port, collector)

    yield start
    for controller in controllers:
        controller.stop()


def make_config(server: Server, tls: str, **overrides: Any) -> EmailConfig:
    values: dict[str, Any] = {
        "enabled": True,
        "to": USER,
        "sender": "followup <me@example.org>",
        "host": "127.0.0.1",
        "port": server.port,
        "tls": tls,
        "username": USER,
        "password_command": f"echo '{PASSWORD}'",
    }
    values.update(overrides)
    return EmailConfig(**values)


def make_notice(**overrides: Any) -> Notice:
    values: dict[str, Any] = {
        "nudge_id": 12,
        "kind": NudgeKind.STATUS_CHECK,
        "title": "Follow up with Acme (Backend developer)",
        "body": "No answer for 7 working days.\nLast contact: Ann, 3 March.\n"
        "Questions: when can I expect a decision?",
        "draft_subject": "Re: Backend developer",
        "draft": "Hi Ann,\n\nWhere are you in the process?\n.\nFrom my side, nothing has changed.",
        "application_label": "Acme — Backend developer",
    }
    values.update(overrides)
    return Notice(**values)


def test_starttls_delivers_the_nudge_with_the_draft_inline(start_server, ca_file):
    server = start_server("starttls")
    channel = SmtpChannel(make_config(server, "starttls", ca_file=ca_file))

    channel.send(make_notice())

    [got] = server.collector.received
    assert got.rcpt_tos == [USER]
    assert got.mail_from == "me@example.org"
    assert got.login == USER
    message = got.message
    assert message["To"] == USER
    assert message["Subject"] == "followup: Follow up with Acme (Backend developer)"
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["X-Followup-Nudge"] == "12"
    assert message["Message-ID"].endswith("@example.org>")
    assert message["Date"]
    text = message.get_content().replace("\r\n", "\n")
    assert "No answer for 7 working days." in text
    assert "Questions: when can I expect a decision?" in text
    assert "Subject: Re: Backend developer" in text
    # The draft arrives whole, including a line with a lone dot and one starting "From ".
    assert "Where are you in the process?\n.\nFrom my side, nothing has changed." in text
    assert "Acme — Backend developer" in text


def test_implicit_tls_delivers(start_server, ca_file):
    server = start_server("ssl")

    SmtpChannel(make_config(server, "ssl", ca_file=ca_file)).send(make_notice())

    [got] = server.collector.received
    assert got.login == USER


def test_loopback_relay_without_login(start_server):
    server = start_server("plain")
    channel = SmtpChannel(make_config(server, "none", username=None, password_command=None))

    channel.send(make_notice())

    [got] = server.collector.received
    assert got.login is None
    assert got.rcpt_tos == [USER]


def test_mail_text_cannot_add_headers_or_recipients(start_server, ca_file):
    server = start_server("starttls")
    channel = SmtpChannel(make_config(server, "starttls", ca_file=ca_file))

    channel.send(
        make_notice(
            title="Ærlig AS\r\nBcc: evil@x\r\nX-Injected: yes",
            draft_subject="Re: hi\r\nBcc: evil@x",
            application_label="Acme\nCc: evil@x",
        )
    )

    [got] = server.collector.received
    assert got.rcpt_tos == [USER]
    assert got.message["Bcc"] is None
    assert got.message["Cc"] is None
    assert got.message["X-Injected"] is None
    assert got.message["Subject"] == "followup: Ærlig AS Bcc: evil@x X-Injected: yes"


def test_password_from_a_systemd_credential(start_server, ca_file, tmp_path):
    server = start_server("starttls")
    (tmp_path / "followup-smtp").write_text(PASSWORD + "\n", encoding="utf-8")
    config = make_config(server, "starttls", ca_file=ca_file, password_command=None)

    SmtpChannel(config, environ={"CREDENTIALS_DIRECTORY": str(tmp_path)}).send(make_notice())

    assert [got.login for got in server.collector.received] == [USER]


def test_wrong_password_names_the_fix(start_server, ca_file):
    server = start_server("starttls")
    config = make_config(server, "starttls", ca_file=ca_file, password_command="echo wrong")

    with pytest.raises(NudgeError, match="refused the login") as err:
        SmtpChannel(config).send(make_notice())

    assert "followup password set smtp" in str(err.value)
    assert "password_command" in str(err.value)
    assert server.collector.received == []


def test_failing_password_command_is_a_nudge_error(start_server, ca_file):
    server = start_server("starttls")
    config = make_config(server, "starttls", ca_file=ca_file, password_command="exit 3")

    with pytest.raises(NudgeError, match=r"no SMTP password.*exit status 3"):
        SmtpChannel(config).send(make_notice())


def test_untrusted_certificate_points_at_ca_file(start_server):
    server = start_server("starttls")

    with pytest.raises(NudgeError, match=r"certificate .* could not be verified") as err:
        SmtpChannel(make_config(server, "starttls")).send(make_notice())

    assert "nudges.email.ca_file" in str(err.value)
    assert server.collector.received == []


def test_untrusted_certificate_on_implicit_tls(start_server):
    server = start_server("ssl")

    with pytest.raises(NudgeError, match=r"could not be verified.*ca_file"):
        SmtpChannel(make_config(server, "ssl")).send(make_notice())


def test_implicit_tls_against_a_plain_port_suggests_the_tls_setting(start_server, ca_file):
    server = start_server("plain")

    with pytest.raises(NudgeError, match=r"TLS with the SMTP server .* failed.*nudges\.email\.tls"):
        SmtpChannel(make_config(server, "ssl", ca_file=ca_file)).send(make_notice())


def test_starttls_against_a_server_without_it(start_server, ca_file):
    server = start_server("plain")

    with pytest.raises(NudgeError, match="does not offer STARTTLS"):
        SmtpChannel(make_config(server, "starttls", ca_file=ca_file)).send(make_notice())


def test_unreachable_server(ca_file):
    config = EmailConfig(
        enabled=True, to=USER, host="127.0.0.1", port=free_port(), tls="none", username=None
    )

    with pytest.raises(NudgeError, match=r"cannot reach the SMTP server 127\.0\.0\.1"):
        SmtpChannel(config).send(make_notice())


def test_check_logs_in_and_sends_nothing(start_server, ca_file):
    server = start_server("starttls")

    detail = SmtpChannel(make_config(server, "starttls", ca_file=ca_file)).check()

    assert detail == f"logged in to 127.0.0.1:{server.port} as {USER} (starttls)"
    assert server.collector.received == []


def test_check_reports_a_refused_login(start_server, ca_file):
    server = start_server("ssl")
    config = make_config(server, "ssl", ca_file=ca_file, password_command="echo nope")

    with pytest.raises(NudgeError, match="refused the login"):
        SmtpChannel(config).check()
