"""The cheap first look: from a message's headers alone, may it matter to an application?

Pure functions over header data. A message that passes is fetched in full and goes through the
pipeline; one that does not is only counted and checkpointed. The rules err on the side of
fetching: a false "maybe" costs one body download, a false "no" loses mail.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from agent import companies
from agent.models import Address, Application, Message

#: Job boards: their mail is about jobs even when it names no tracked company, so it is worth
#: a full read (the pipeline then files it as a job alert or matches it).
JOB_BOARD_DOMAINS: frozenset[str] = frozenset(
    {
        "finn.no", "jobbsafari.no", "linkedin.com", "indeed.com", "arbetsformedlingen.se",
        "nav.no", "jobindex.dk", "stepstone.de", "xing.com", "jobteaser.com",
    }
)  # fmt: skip

#: One list of recruiting senders for the cheap look and the full match (agent/companies.py).
ATS_DOMAINS: frozenset[str] = companies.ATS_DOMAINS | JOB_BOARD_DOMAINS
FREEMAIL_DOMAINS: frozenset[str] = companies.FREEMAIL_DOMAINS


#: Words that show up in the subject of mail about a job, in English, Norwegian, Swedish,
#: Danish and German. Matched on word starts, case-insensitively.
JOB_WORDS: tuple[str, ...] = (
    # English
    "application",
    "applied",
    "applying",
    "apply",
    "interview",
    "candidate",
    "candidacy",
    "position",
    "vacancy",
    "job offer",
    "offer of employment",
    "recruit",
    "hiring",
    "job",
    "role",
    "career",
    "assessment",
    "your cv",
    "resume",
    "résumé",
    # Norwegian / Danish
    "søknad",
    "søkt",
    "søker",
    "ansøgning",
    "ansøger",
    "stilling",
    "intervju",
    "jobintervju",
    "jobsamtale",
    "kandidat",
    "rekrutter",
    "jobbtilbud",
    "jobtilbud",
    "tilbud om ansettelse",
    "tilbud om ansættelse",
    "ansettelse",
    "ansættelse",
    "jobb",
    "stillingen",
    "avslag",
    "afslag",
    # Swedish
    "ansökan",
    "ansökt",
    "sökande",
    "tjänst",
    "intervju",
    "rekrytering",
    "anställning",
    "erbjudande om anställning",
    "jobberbjudande",
    "jobb",
    "avslag",
    # German
    "bewerbung",
    "bewerber",
    "stelle",
    "stellenangebot",
    "stellenausschreibung",
    "vorstellungsgespräch",
    "kennenlerngespräch",
    "interview",
    "absage",
    "zusage",
    "kandidat",
    "personalabteilung",
    "rekrutierung",
)

_JOB_PATTERN = re.compile(
    r"(?<!\w)(?:"
    + "|".join(re.escape(w) for w in sorted(set(JOB_WORDS), key=len, reverse=True))
    + r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Known:
    """What the store knows that makes a message worth a closer look."""

    message_ids: frozenset[str] = frozenset()
    contacts: frozenset[str] = frozenset()  # lower-cased addresses
    domains: frozenset[str] = frozenset()  # lower-cased company mail domains

    @classmethod
    def from_applications(
        cls, applications: Iterable[Application], message_ids: Iterable[str]
    ) -> Known:
        contacts: set[str] = set()
        domains: set[str] = set()
        for app in applications:
            for contact in app.contacts:
                if contact.email:
                    contacts.add(contact.email.strip().lower())
            if app.company_domain:
                domain = app.company_domain.strip().lower().lstrip("@").removeprefix("www.")
                if domain and domain not in FREEMAIL_DOMAINS:
                    domains.add(domain)
        return cls(frozenset(message_ids), frozenset(contacts), frozenset(domains))


@dataclass(frozen=True)
class Verdict:
    """Whether to fetch the message in full, and the rule that said so."""

    relevant: bool
    reason: str


SKIP = Verdict(False, "no rule matched")


def domain_in(domain: str, domains: Iterable[str]) -> str | None:
    """The entry of `domains` that `domain` is or is a subdomain of (jobs.acme.com → acme.com)."""
    domain = domain.lower().rstrip(".")
    for candidate in domains:
        if domain == candidate or domain.endswith("." + candidate):
            return candidate
    return None


def job_words(subject: str) -> str | None:
    """The first job word in a subject, or None."""
    found = _JOB_PATTERN.search(subject or "")
    return found.group(0).lower() if found else None


def _thread(message: Message, known: Known) -> str | None:
    for ref in (*message.in_reply_to, *message.references):
        if ref in known.message_ids:
            return ref
    return None


def _match_address(address: Address, known: Known) -> str | None:
    if address.email in known.contacts:
        return f"known contact {address.email}"
    domain = domain_in(address.domain, known.domains)
    if domain:
        return f"company domain {domain}"
    return None


def triage(message: Message, known: Known, *, outbound: bool) -> Verdict:
    """Decide from headers whether a message may belong to an application.

    Inbound: a thread link to a known message, a known contact or company domain as sender, an
    ATS sender, or job words in the subject. Outbound (Sent): a thread link, or a recipient who
    is a tracked contact or at a tracked company domain.
    """
    ref = _thread(message, known)
    if ref:
        return Verdict(True, f"reply in a known thread {ref}")
    if outbound:
        for address in (*message.to, *message.cc, *_bcc(message)):
            reason = _match_address(address, known)
            if reason:
                return Verdict(True, f"sent to {reason}")
        return SKIP
    senders = [a for a in (message.sender,) if a is not None]
    for address in senders:
        reason = _match_address(address, known)
        if reason:
            return Verdict(True, f"from {reason}")
        ats = domain_in(address.domain, ATS_DOMAINS)
        if ats:
            return Verdict(True, f"from recruiting system {ats}")
    word = job_words(message.subject)
    if word:
        return Verdict(True, f"job word {word!r} in the subject")
    return SKIP


def _bcc(message: Message) -> tuple[Address, ...]:
    """Bcc recipients, which only a Sent copy carries; parse.py keeps them as a raw header."""
    raw = message.headers.get("bcc", "")
    result = []
    for part in raw.split(","):
        email = part.strip().rpartition("<")[2].rstrip(">").strip().lower()
        if "@" in email:
            result.append(Address("", email))
    return tuple(result)
