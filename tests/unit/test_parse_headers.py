"""Header decoding: what a person sees as subject and sender, whatever the sender's mailer did."""

from __future__ import annotations

import pytest

from agent.parse import decode_header_value, parse_headers, parse_message


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
