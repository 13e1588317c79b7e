"""Text from mail made safe for terminals, notifications and headers."""

from __future__ import annotations

from agent.escape import for_header, for_markup, for_terminal, one_line

HOSTILE = "Offer\x1b[2J\x1b]0;pwned\x07 \u202eexe.txt\u202c\x9b31m"


def test_terminal_text_loses_escapes_and_bidi_but_keeps_lines() -> None:
    clean = for_terminal(HOSTILE + "\nline two\tcol")
    assert "\x1b" not in clean
    assert "\u202e" not in clean
    assert "\x9b" not in clean
    assert "\x07" not in clean
    assert clean.endswith("\nline two\tcol")
    assert for_terminal(None) == ""


def test_one_line_squeezes_and_cuts() -> None:
    assert one_line("a\r\n b\u2028c  d") == "a b c d"
    assert one_line("abcdefghij", 5) == "abcd…"
    assert one_line("abc", 5) == "abc"
    assert one_line(None) == ""


def test_markup_is_escaped() -> None:
    assert for_markup('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"


def test_header_cannot_carry_a_second_header() -> None:
    assert for_header("Hi\r\nBcc: everyone@example.com") == "Hi Bcc: everyone@example.com"
