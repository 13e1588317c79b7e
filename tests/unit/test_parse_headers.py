"""Header decoding: what a person sees as subject and sender, whatever the sender's mailer did."""

from __future__ import annotations

from email.utils import getaddresses

import pytest

from agent.parse import _addresses, decode_header_value, parse_headers, parse_message


@pytest.mark.parametrize(
    ("raw", "subject"),
    [
        ("Subject: Takk for din søknad\r\n\r\n".encode(), "Takk for din søknad"),
        ("Subject: Takk for din søknad\r\n\r\n".encode("latin-1"), "Takk for din søknad"),
        ("Subject: Bewerbung – Eingang\r\n\r\n".encode("cp1252"), "Bewerbung – Eingang"),
        (b"Subject: =?iso-8859-1?q?S=F8knad_mottatt?=\r\n\r\n", "Søknad mottatt"),
        (b"Subject: =?utf-8?b?VGFjayBmw7ZyIGRpbiBhbnPDtmthbg==?=\r\n\r\n", "Tack för din ansökan"),
    ],
)
def test_subjects_decode_from_raw_8bit_and_encoded_words(raw: bytes, subject: str) -> None:
    assert parse_headers(raw).subject == subject
    assert parse_message(raw + b"body\r\n").subject == subject


def test_raw_utf8_display_name_is_read() -> None:
    raw = "From: Åse Ødegård <ASE@Fjord.Example>\r\n\r\n".encode()
    sender = parse_headers(raw).sender
    assert sender is not None
    assert (sender.name, sender.email) == ("Åse Ødegård", "ase@fjord.example")


def test_unknown_charset_and_broken_words_never_raise() -> None:
    assert decode_header_value("=?x-made-up?q?abc?= def") == "abc def"
    assert decode_header_value("=?utf-8?b?not base64?=") != ""


@pytest.mark.parametrize(
    "value",
    [
        "Ann Berg <ann@acme.example>",
        '"OKAFOR, Rachel (PVFT)" <rachel.okafor@pvft.example>',
        "ann@acme.example",
        "Ann <ANN@Acme.Example>",
        "Jan Petersen | Talentbrücke <j.petersen@talentbruecke.example>",
        "Ann Berg<ann@acme.example>",
        '"" <a@b.example>',
        "a@b.example, d@e.example",
        "Ann (work) <a@b.example>",
        "undisclosed-recipients:;",
        "=?utf-8?q?Mads_Kj=C3=A6r?= <m@k.example>",
    ],
)
def test_the_quick_address_reading_agrees_with_the_full_parser(value: str) -> None:
    # One address as most mailers write it skips the RFC 5322 parser; the result must be
    # what that parser gives, for those and for everything else.
    full = tuple(
        (" ".join(name.split()), email.strip().lower())
        for name, email in getaddresses([decode_header_value(value)])
        if "@" in email
    )
    assert tuple((a.name, a.email) for a in _addresses([value])) == full
