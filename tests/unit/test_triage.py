"""The cheap header look that decides which messages are fetched in full."""

from __future__ import annotations

from datetime import date
from email.header import Header

import pytest

from agent.models import Application, Contact, Status
from agent.parse import parse_headers
from agent.triage import Known, domain_in, job_words, triage

KNOWN = Known.from_applications(
    [
        Application(
            id=1,
            company="Acme",
            role="Backend developer",
            status=Status.APPLIED,
            applied_on=date(2026, 3, 1),
            company_domain="acme.example",
            contacts=(Contact(1, 1, "Ann Berg", "Ann.Berg@recruit-partner.example"),),
        ),
        Application(
            id=2, company="Solo", role="Dev", status=Status.APPLIED, company_domain="gmail.com"
        ),
    ],
    message_ids=["<thread-1@acme.example>"],
)


def headers(**fields: str) -> bytes:
    """A header block as mail carries it: non-ASCII text in RFC 2047 encoded words."""
    base = {"From": "someone@elsewhere.example", "To": "kari@example.test", "Subject": "Hello"}
    base.update({k.replace("_", "-"): v for k, v in fields.items()})
    lines = [
        f"{k}: {Header(v, 'utf-8').encode() if not v.isascii() else v}" for k, v in base.items()
    ]
    return "\r\n".join(lines).encode("ascii") + b"\r\n\r\n"


def look(outbound: bool = False, **fields: str):
    return triage(parse_headers(headers(**fields)), KNOWN, outbound=outbound)


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"In_Reply_To": "<thread-1@acme.example>"}, "reply in a known thread"),
        ({"References": "<a@b> <thread-1@acme.example>"}, "reply in a known thread"),
        ({"From": "Ann <ann.berg@recruit-partner.example>"}, "known contact"),
        ({"From": "hr@acme.example"}, "company domain acme.example"),
        ({"From": "noreply@jobs.acme.example"}, "company domain acme.example"),
        ({"From": "no-reply@us.greenhouse-mail.io"}, "recruiting system greenhouse-mail.io"),
        ({"From": "Acme <acme@hire.lever.co>"}, "recruiting system"),
        ({"Subject": "Your application for Backend developer"}, "job word 'application'"),
    ],
)
def test_inbound_rules(fields: dict[str, str], reason: str) -> None:
    verdict = look(**fields)

    assert verdict.relevant
    assert reason in verdict.reason


@pytest.mark.parametrize(
    "subject",
    [
        "Invitation to interview",
        "Takk for din søknad",  # Norwegian
        "Vedrørende stillingen som utvikler",
        "Tak for din ansøgning",  # Danish
        "Invitation til jobsamtale",
        "Tack för din ansökan",  # Swedish
        "Angående tjänsten som utvecklare",
        "Ihre Bewerbung als Entwickler",  # German
        "Einladung zum Vorstellungsgespräch",
        "Absage: Backend-Entwickler",
        "RE: Stellenangebot",
    ],
)
def test_job_words_in_several_languages(subject: str) -> None:
    assert look(Subject=subject).relevant


@pytest.mark.parametrize(
    "subject",
    ["Weekly deals", "Your order has shipped", "Bestellung versandt", "Nyhetsbrev for mars", ""],
)
def test_ordinary_mail_is_skipped(subject: str) -> None:
    assert not look(Subject=subject).relevant


def test_words_match_at_word_starts_only() -> None:
    assert job_words("Bestellung 4711") is None  # contains "stellung", not a job word
    assert job_words("Jobbtilbud fra Acme") == "jobbtilbud"


def test_a_freemail_company_domain_does_not_make_everyone_relevant() -> None:
    assert "gmail.com" not in KNOWN.domains
    assert not look(From="friend@gmail.com").relevant


def test_outbound_counts_only_tracked_recipients() -> None:
    to_contact = look(
        outbound=True, From="kari@example.test", To="ann.berg@recruit-partner.example"
    )
    to_domain = look(
        outbound=True, From="kari@example.test", To="x@example.test", Cc="hr@acme.example"
    )
    by_bcc = look(
        outbound=True, From="kari@example.test", To="x@example.test", Bcc="hr@acme.example"
    )
    to_mum = look(
        outbound=True,
        From="kari@example.test",
        To="mum@family.example",
        Subject="My job application",
    )

    assert to_contact.relevant
    assert "sent to known contact" in to_contact.reason
    assert to_domain.relevant
    assert by_bcc.relevant
    assert not to_mum.relevant  # job words alone do not make one's own mail relevant


def test_outbound_reply_in_a_known_thread() -> None:
    assert look(
        outbound=True, To="someone@else.example", In_Reply_To="<thread-1@acme.example>"
    ).relevant


def test_domain_in_needs_a_label_boundary() -> None:
    assert domain_in("jobs.acme.example", ["acme.example"]) == "acme.example"
    assert domain_in("notacme.example", ["acme.example"]) is None
