"""Real-shaped test messages built in code: RFC 5322 bytes, as a mail source yields them."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime

from agent.models import RawMessage

ME = "Kari Nordmann <kari@example.net>"


def mail(
    sender: str,
    subject: str,
    body: str,
    *,
    msgid: str,
    date: datetime,
    to: str = ME,
    in_reply_to: str | None = None,
    headers: dict[str, str] | None = None,
    html: str | None = None,
    calendar: bytes | None = None,
) -> bytes:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msgid
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for name, value in (headers or {}).items():
        msg[name] = value
    msg.set_content(body)
    if html is not None:
        msg.add_alternative(html, subtype="html")
    if calendar is not None:
        msg.add_attachment(calendar, maintype="text", subtype="calendar", filename="invite.ics")
    return msg.as_bytes()


def raw(data: bytes, *, outbound: bool = False, folder: str | None = None) -> RawMessage:
    return RawMessage(
        source="test",
        folder=folder or ("Sent" if outbound else "INBOX"),
        data=data,
        outbound=outbound,
    )
