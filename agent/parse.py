"""Raw mail bytes into our `Message`: decoded headers, text, HTML, attachments, invitations.

mail-parser does the MIME walking and never raises on broken input; header decoding and the
date are normalised here once. Everything else in the agent sees only `Message`.
"""

from __future__ import annotations

import base64
import binascii
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime
from email import message_from_bytes
from email.errors import HeaderParseError
from email.header import Header, decode_header, make_header
from email.message import Message as EmailMessage
from email.parser import BytesHeaderParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import Any

import mailparser

from agent.errors import ParseError
from agent.models import Address, Attachment, Message

log = logging.getLogger(__name__)

_MSGID = re.compile(r"<[^<>\s]+>")
_CALENDAR_TYPES = frozenset({"text/calendar", "application/ics", "text/x-vcalendar"})


def _bytes_charset(chunk: bytes, declared: str | None) -> str:
    """The charset to read a header chunk with: the declared one when Python knows it and the
    bytes fit, else UTF-8 when they are valid UTF-8, else Windows-1252 (a Latin-1 superset)."""
    for charset in (declared, "utf-8"):
        if charset and charset != "unknown-8bit":
            try:
                chunk.decode(charset)
                return charset
            except (LookupError, UnicodeError):
                continue
    return "cp1252"


def decode_header_value(value: object) -> str:
    """Decode a header to text: RFC 2047 words, and raw 8-bit bytes (which many senders
    put in headers unencoded) read as UTF-8 or Windows-1252. Never raises."""
    if value is None:
        return ""
    if type(value) is str and value.isascii() and "=?" not in value:
        return " ".join(value.split())  # nothing to decode: the common case, kept fast
    if isinstance(value, Header):
        try:
            parts = decode_header(value)
        except (HeaderParseError, ValueError, binascii.Error):
            parts = [(str(value), None)]
    else:
        text = str(value)
        # Headers parsed from bytes keep 8-bit bytes as surrogate escapes; restore them.
        try:
            raw = text.encode("ascii", "surrogateescape") if not text.isascii() else None
        except UnicodeEncodeError:
            raw = None  # already text (a header set in code, or by the fallback parser)
        if raw is not None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                text = raw.decode("cp1252", "replace")
        try:
            parts = decode_header(text)
        except (HeaderParseError, ValueError, binascii.Error):
            parts = [(text, None)]
    fixed: list[tuple[bytes | str, str | None]] = []
    for chunk, charset in parts:
        if isinstance(chunk, bytes):
            fixed.append((chunk, _bytes_charset(chunk, charset)))
        else:
            fixed.append((chunk, charset))
    try:
        decoded = str(make_header(fixed))
    except (LookupError, UnicodeError, ValueError):
        decoded = "".join(
            c if isinstance(c, str) else c.decode("cp1252", "replace") for c, _ in fixed
        )
    return " ".join(decoded.split())


#: One address as most mailers write it: `Name <a@b>`, `"Last, First" <a@b>` or `a@b`.
_ONE_ADDRESS = re.compile(
    r'\s*(?:"(?P<quoted>[^"\\]*)"|(?P<plain>[^"(),;:<>@\[\]\\]*?))\s*'
    r"<(?P<angled>[^<>\s@,;]+@[^<>\s@,;]+)>\s*|\s*(?P<bare>[^<>\s@,;\"()]+@[^<>\s@,;\"()]+)\s*"
)


def _addresses(values: list[str]) -> tuple[Address, ...]:
    decoded = [decode_header_value(v) for v in values]
    if len(decoded) == 1 and (one := _ONE_ADDRESS.fullmatch(decoded[0])):
        # The common case, without the full RFC 5322 address parser (a tenth of a message's
        # parse time).
        email = (one["angled"] or one["bare"]).lower()
        name = one["quoted"] if one["quoted"] is not None else one["plain"] or ""
        return (Address(name=" ".join(name.split()), email=email),)
    result = []
    for name, email in getaddresses(decoded):
        email = email.strip().lower()
        if "@" in email:
            result.append(Address(name=" ".join(name.split()), email=email))
    return tuple(result)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    # RFC 5322 `-0000` means "zone unknown": read it as UTC rather than as local time.
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _ids(value: str | None) -> tuple[str, ...]:
    return tuple(_MSGID.findall(value or ""))


class Headers(Mapping[str, str]):
    """A message's headers by lower-case name (the first of each), decoded when first read.

    Only a few of a message's headers are ever read, and decoding all of them (long trace
    headers, DKIM signatures) was a fifth of the parse.
    """

    def __init__(self, raw: dict[str, Any]) -> None:
        self._raw = raw
        self._decoded: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        value = self._decoded.get(name)
        if value is None:
            value = self._decoded[name] = decode_header_value(self._raw[name])
        return value

    def __contains__(self, name: object) -> bool:
        return name in self._raw

    def __iter__(self) -> Iterator[str]:
        return iter(self._raw)

    def __len__(self) -> int:
        return len(self._raw)

    def __repr__(self) -> str:
        return f"Headers({sorted(self._raw)})"


def _envelope(msg: EmailMessage) -> dict[str, Any]:
    """The header-derived fields shared by the full and the header-only parse.

    The header list is read once: each `msg.get` walks all of it again, and a message asks
    for a dozen headers. The values are taken raw, without the policy's processing of every
    header: `decode_header_value` restores 8-bit bytes itself, for the headers that are read.
    """
    items = [(name.lower(), value) for name, value in msg.raw_items()]
    first: dict[str, Any] = {}
    for name, value in items:
        first.setdefault(name, value)

    def every(name: str) -> list[str]:
        return [value for key, value in items if key == name]

    message_ids = _ids(first.get("message-id"))
    senders = _addresses(every("from"))
    return {
        "message_id": message_ids[0] if message_ids else None,
        "subject": decode_header_value(first.get("subject")),
        "sender": senders[0] if senders else None,
        "to": _addresses(every("to")),
        "cc": _addresses(every("cc")),
        "date": _date(first.get("date")),
        "in_reply_to": _ids(first.get("in-reply-to")),
        "references": _ids(first.get("references")),
        "headers": Headers(first),
    }


def parse_headers(data: bytes) -> Message:
    """Read only the header block: the cheap first look that decides whether to fetch a body."""
    try:
        msg = BytesHeaderParser().parsebytes(data, headersonly=True)
        return Message(**_envelope(msg))
    except Exception as err:  # the stdlib raises a variety of errors on hostile headers
        raise ParseError(f"unreadable headers: {err}") from err


def _attachment(item: dict[str, Any]) -> Attachment:
    payload = item.get("payload") or ""
    if item.get("binary"):
        try:
            data = base64.b64decode(payload)
        except (binascii.Error, ValueError):
            data = b""
    else:
        data = str(payload).encode("utf-8", "replace")
    return Attachment(
        filename=item.get("filename"),
        content_type=str(item.get("mail_content_type") or "application/octet-stream").lower(),
        payload=data,
    )


def _calendar_parts(msg: EmailMessage) -> list[bytes]:
    return [
        raw
        for part in msg.walk()
        if part.get_content_type() in _CALENDAR_TYPES
        and not part.is_multipart()
        and isinstance(raw := part.get_payload(decode=True), bytes)
    ]


def _calendars(parts: list[bytes], attachments: tuple[Attachment, ...]) -> tuple[bytes, ...]:
    """The calendar parts, then the .ics attachments, each once."""
    found = list(dict.fromkeys(parts))
    for attachment in attachments:
        is_ics = (attachment.filename or "").lower().endswith(".ics")
        if (
            is_ics or attachment.content_type in _CALENDAR_TYPES
        ) and attachment.payload not in found:
            found.append(attachment.payload)
    return tuple(found)


def parse_message(data: bytes) -> Message:
    """Parse a whole message. Raises `ParseError` only when nothing usable can be read."""
    if not data.strip():
        raise ParseError("empty message")
    try:
        parsed = mailparser.parse_from_bytes(data)
        msg: EmailMessage = parsed.message
        if msg is None:
            raise ParseError("no message structure found")
        attachments = tuple(_attachment(a) for a in parsed.attachments)
        defects = tuple(str(d) for d in (parsed.defects_categories or ()))
        return Message(
            **_envelope(msg),
            text="\n".join(parsed.text_plain),
            html="\n".join(parsed.text_html),
            attachments=attachments,
            calendars=_calendars(_calendar_parts(msg), attachments),
            defects=defects,
        )
    except ParseError:
        raise
    except Exception as err:  # mail-parser and the stdlib raise many kinds on broken mail
        raise ParseError(f"{type(err).__name__}: {err}") from err


def _part_text(part: EmailMessage) -> str:
    """A text part's body as text: its declared charset, else UTF-8, else Windows-1252."""
    raw = part.get_payload(decode=True)
    if not isinstance(raw, bytes):
        return ""
    return raw.decode(_bytes_charset(raw, part.get_content_charset()), "replace")


def parse_message_fast(data: bytes) -> Message:
    """Parse a whole message with the standard library alone: the same `Message` as
    `parse_message`, several times faster (mail-parser's extra analysis is not needed to
    understand a message). Raises `ParseError` only when nothing usable can be read; callers
    may fall back to `parse_message`.
    """
    if not data.strip():
        raise ParseError("empty message")
    try:
        msg = message_from_bytes(data)
        texts: list[str] = []
        htmls: list[str] = []
        calendars: list[bytes] = []
        attachments: list[Attachment] = []
        defects = [type(d).__name__ for d in msg.defects]
        for part in msg.walk():
            defects += [type(d).__name__ for d in part.defects if part is not msg]
            if part.is_multipart():
                continue
            kind = part.get_content_type()
            raw_disposition = part.get("Content-Disposition")
            disposition = (raw_disposition or "").strip().lower()
            # A filename is a parameter of one of these two headers: most text parts have
            # neither, and asking for it parses both headers' parameters again.
            named = (
                raw_disposition is not None or "name" in (part.get("Content-Type") or "").lower()
            )
            filename = part.get_filename() if named else None
            if kind in ("text/plain", "text/html") and (
                filename is None or disposition.startswith("inline")
            ):
                (texts if kind == "text/plain" else htmls).append(_part_text(part))
                continue
            is_calendar = kind in _CALENDAR_TYPES
            attached = filename is not None or disposition.startswith("attachment")
            if not (is_calendar or attached):
                continue  # an inline image: neither read nor kept
            payload = part.get_payload(decode=True)
            if is_calendar and isinstance(payload, bytes):
                calendars.append(payload)
            if not attached:
                continue  # an inline calendar: read, but not an attachment
            attachments.append(
                Attachment(
                    filename=decode_header_value(filename) if filename else None,
                    content_type=kind,
                    payload=payload if isinstance(payload, bytes) else b"",
                )
            )
        found = tuple(attachments)
        return Message(
            **_envelope(msg),
            text="\n".join(texts),
            html="\n".join(htmls),
            attachments=found,
            calendars=_calendars(calendars, found),
            defects=tuple(dict.fromkeys(defects)),
        )
    except Exception as err:  # the stdlib raises many kinds on hostile mail
        raise ParseError(f"{type(err).__name__}: {err}") from err
