"""Only what the sender wrote in this message reaches the classifier."""

from __future__ import annotations

import pytest

from agent.htmltext import html_to_text
from agent.quoting import forwarded_senders, gist, own_text

NEW = "Unfortunately we have decided to move forward with another candidate."


@pytest.mark.parametrize(
    "history",
    [
        # Gmail, English, attribution on one line and wrapped onto two
        "On Mon, 2 Mar 2026 at 10:15, Ann Berg <ann@acme.example> wrote:\n> We received your application.",
        "On Mon, 2 Mar 2026 at 10:15, Ann Berg <ann@acme.example>\nwrote:\n> We received your application.",
        # Norwegian, Swedish, Danish and German mail programs
        "man. 2. mars 2026 kl. 10:15 skrev Ann Berg <ann@acme.example>:\n> Vi har mottatt søknaden din.",
        "Den 2 mars 2026 kl. 10:15 skrev Ann Berg <ann@acme.example>:\n> Vi har tagit emot din ansökan.",
        "Den 2. mar. 2026 kl. 10.15 skrev Ann Berg <ann@acme.example>:\n> Vi har modtaget din ansøgning.",
        "Am 02.03.2026 um 10:15 schrieb Ann Berg <ann@acme.example>:\n> Ihre Bewerbung ist eingegangen.",
        # Outlook header blocks, in English and Norwegian, with and without a rule line
        "________________________________\nFrom: Ann Berg <ann@acme.example>\nSent: Monday, March 2, 2026 10:15\n"
        "To: Kari\nSubject: Application\n\nWe received your application.",
        "Fra: Ann Berg <ann@acme.example>\nSendt: mandag 2. mars 2026 10:15\nTil: Kari\nEmne: Søknad\n\n"
        "Vi har mottatt søknaden din.",
        "Frå: Ann Berg <ann@acme.example>\nSendt: måndag 2. mars 2026 10:15\nTil: Kari\n"
        "Emne: Søknad\n\nVi har mottatt søknaden din.",
        "-----Ursprüngliche Nachricht-----\nVon: Ann Berg\nGesendet: Montag\nAn: Kari\nBetreff: Bewerbung\n\n"
        "Ihre Bewerbung ist eingegangen.",
        # Forwarded mail
        "---------- Forwarded message ---------\nFrom: Ann <ann@acme.example>\nDate: Mon\n\nWe received it.",
        "-------- Videresendt melding --------\nFra: Ann <ann@acme.example>\n\nVi har mottatt søknaden.",
    ],
)
def test_quoted_history_is_cut_off(history: str) -> None:
    text = own_text(f"Hi Kari,\n\n{NEW}\n\n{history}")
    assert NEW in text
    assert "received" not in text.lower()
    assert "mottatt" not in text
    assert "eingegangen" not in text
    assert "modtaget" not in text
    assert "tagit emot" not in text


def test_bottom_posted_reply_keeps_the_new_text_below_the_quote() -> None:
    text = own_text("> Could you send your references?\n> Ann\n\nSure, here they are: Per and Liv.")
    assert text == "Sure, here they are: Per and Liv."


@pytest.mark.parametrize(
    "closing",
    [
        "-- \nAnn Berg\nRecruiter",
        "Best regards,\nAnn Berg\nTalent Acquisition | Acme\n+47 900 00 000",
        "Med vennlig hilsen\nAnn Berg",
        "Vänliga hälsningar\nAnna",
        "Venlig hilsen\nAnne",
        "Mit freundlichen Grüßen\nAnna Berg",
        "Mvh\nAnn",
        "Thanks,\nAnn",
        "Sent from my iPhone",
    ],
)
def test_signature_and_closing_are_cut_off(closing: str) -> None:
    assert own_text(f"Hi Kari,\n\n{NEW}\n\n{closing}") == f"Hi Kari,\n\n{NEW}"


def test_thanks_that_opens_a_paragraph_is_not_a_signature() -> None:
    body = "Hi Kari,\nThanks!\nWe received your application and will review it this week.\nIt is a long process.\nMore lines follow here.\nAnd more."
    assert "received your application" in own_text(body)


def test_gist_skips_greeting_and_courtesy() -> None:
    assert gist("Hei Kari,\n\nTakk for sist! Vi vil gjerne invitere deg til en ny samtale.") == (
        "Vi vil gjerne invitere deg til en ny samtale."
    )
    assert gist("", "Interview next week") == "Interview next week"
    assert len(gist("x" * 500)) <= 140


def test_forwarded_senders_name_the_employer_behind_a_friend() -> None:
    body = (
        "Look below!\n\n---------- Forwarded message ---------\n"
        "Fra: Tor Eriksen <tor.eriksen@bolgen.example>\nDate: 26 Mar 2026\nSubject: Kari\n\nHei!"
    )
    assert forwarded_senders(body) == [("Tor Eriksen", "tor.eriksen@bolgen.example")]
    assert forwarded_senders("No history here.") == []


def test_html_becomes_text_with_quotes_marked() -> None:
    html = (
        "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
        "<p>Hi&nbsp;Kari,</p><p>We would like to <b>invite you</b> to an interview.<br>Best</p>"
        '<div class="gmail_quote"><p>On Mon Ann wrote:</p><blockquote><p>Old text</p></blockquote></div>'
        "</body></html>"
    )
    text = html_to_text(html)
    assert "We would like to invite you to an interview." in text
    assert "alert" not in text
    assert "color" not in text
    assert "> Old text" in text or "> > Old text" in text
    assert "Old text" not in own_text(text)


def test_broken_html_still_yields_text() -> None:
    assert "hello" in html_to_text("<p>hello <b>world</p></div></span><")
    assert html_to_text("") == ""
