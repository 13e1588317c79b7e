"""Which application a message belongs to, ranked by evidence, with a confidence and reasons.

Evidence comes from an ordered tuple of small strategies, strongest first: the thread (a
reply to a message already tied to an application), a known contact, the company's own mail
domain, an applicant tracking system writing in the company's name, the company's name, a job
reference, the role title. The first five say *who* wrote; the job reference and the role say
*which* of that employer's applications is meant. When the evidence does not single out one
application, the confidence stays low and the message goes to the person as a question.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from agent.companies import LEGAL_SUFFIXES, is_ats, is_freemail
from agent.models import Address, Application
from agent.signed import SelfDescription, describe

#: How strongly each kind of evidence says "this application" on its own.
STRENGTH = {
    "thread": 0.97,
    "contact": 0.92,
    "contact-name": 0.8,
    "domain": 0.88,
    "ats": 0.85,
    "company-domain": 0.78,
    "company-signed": 0.85,
    "company-sender": 0.75,
    "company-header": 0.6,
    "company-short": 0.6,
    "company-short-text": 0.35,
    "domain-text": 0.5,
    "company-body": 0.5,
    "ref": 0.75,
    "role": 0.35,
}
#: Evidence that tells one employer's applications apart, in the order it is tried ("this
#: relates only to the PSV post" before a reference that may be the other post's), and how
#: much of the winner's score survives when only it decides.
DISCRIMINATORS = (
    ("only", 0.96),
    ("ref", 0.98),
    ("role-subject", 0.94),
    ("role", 0.94),
    ("role-apart", 0.92),
    ("role-part", 0.9),
    ("role-words", 0.86),
    ("open", 0.9),
)
#: The most a match can be sure of when several of the employer's titles are named and
#: nothing tells which one is meant: enough to propose, not to act.
NAMED_SEVERAL = 0.5
#: Evidence from a forwarded sender counts this much of its usual strength.
FORWARDED_SHARE = 0.9
#: Evidence from someone the sender copied in (Cc) counts this much.
COPIED_SHARE = 0.85
#: Candidates scoring at least this share of the best one compete for the message.
POOL_SHARE = 0.75

_WORD = re.compile(r"[^\W_]+")
_SENIORITY = frozenset(
    {"senior", "junior", "lead", "principal", "staff", "sr", "jr", "medior", "graduate",
     "trainee", "intern", "head", "chief", "mid", "mid-level", "associate", "erfaren"}
)  # fmt: skip
_FILLER = frozenset(
    {"and", "for", "the", "of", "in", "at", "with", "og", "och", "und", "der", "die", "das",
     "til", "för", "für", "som", "med", "mit", "i", "a", "an", "to", "m", "w", "d", "f",
     "x", "mwd", "gn", "k", "på", "paa"}
)  # fmt: skip


@dataclass(frozen=True)
class Clues:
    """What one message offers for matching, read once.

    `addresses` are the other party: the sender of inbound mail, the recipients of outbound
    mail. `text` is the normalised subject and whole body, quotes included: a reply that
    quotes "Application for Backend developer" still names the role.
    """

    addresses: tuple[Address, ...]
    names: str
    subject: str
    text: str
    thread: Mapping[str, int]
    outbound: bool = False
    #: Senders named in forwarded or quoted header blocks ("From: Tor <tor@employer>").
    forwarded: tuple[Address, ...] = ()
    #: Inbound mail's Cc: people the sender brought in, weaker than the sender.
    copied: tuple[Address, ...] = ()
    #: Messages of the thread that wait for review: {Message-ID: (the application they
    #: propose, how sure that was)}.
    pending: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    #: The new text of inbound mail (quoted history cut), read for where the sender says
    #: they work (empty for the person's own mail).
    written: str = ""

    @functools.cached_property
    def described(self) -> SelfDescription:
        """Where the sender says they work: read only when an employer's name is in the
        text, since most mail names none."""
        return describe(self.written) if self.written else SelfDescription()

    @functools.cached_property
    def words(self) -> frozenset[str]:
        """The words of subject and body: a name whose words are not all here is not here."""
        return frozenset(_WORD.findall(self.text))

    @functools.cached_property
    def header_words(self) -> frozenset[str]:
        return frozenset(_WORD.findall(f"{self.names} {self.subject}"))

    @functools.cached_property
    def people(self) -> list[tuple[Address, float, str]]:
        """The addresses to look at, with the share of strength each carries and a note."""
        direct = [(a, 1.0, "") for a in self.addresses]
        forwarded = [(a, FORWARDED_SHARE, " (forwarded)") for a in self.forwarded]
        return direct + forwarded + [(a, COPIED_SHARE, " (copied)") for a in self.copied]

    @functools.cached_property
    def domains(self) -> dict[str, tuple[Address, float, str]]:
        """Every domain the people write from, and each parent domain, to the first writer."""
        found: dict[str, tuple[Address, float, str]] = {}
        for person in self.people:
            labels = person[0].domain.split(".")
            for n in range(len(labels) - 1):
                found.setdefault(".".join(labels[n:]), person)
        return found

    def labels(self, *, ats: bool) -> frozenset[str]:
        """Local parts and domain labels of the (ATS or other, non-free-mail) addresses,
        squashed to letters and digits: `acme@hire.lever.co`, `jobs@acmerobotics.no`."""
        parts: set[str] = set()
        for address in self.addresses:
            if is_ats(address.domain) != ats or (not ats and is_freemail(address.domain)):
                continue
            local, _, domain = address.email.partition("@")
            parts.update({local, *domain.split(".")[:-1]})
        return frozenset(re.sub(r"[^a-z0-9]", "", p) for p in parts)


@dataclass(frozen=True)
class Evidence:
    application_id: int
    kind: str
    strength: float
    reason: str


@dataclass(frozen=True)
class Match:
    """The application a message belongs to (None: none singled out), how sure, and why."""

    application: Application | None
    confidence: float
    reasons: tuple[str, ...] = ()
    candidates: tuple[Application, ...] = ()
    #: The evidence is personal (the thread, a known contact), not just the employer's name.
    personal: bool = False


class Profile(NamedTuple):
    """An application's identifying marks (a tuple: one is made per application per message)."""

    app: Application
    contacts: frozenset[str]
    domain: str | None
    name: re.Pattern[str] | None
    short_name: re.Pattern[str] | None
    slugs: tuple[str, ...]
    role: re.Pattern[str] | None
    role_words: frozenset[str]
    ref: re.Pattern[str] | None
    #: Words that must all be present before the patterns above are worth running.
    name_words: frozenset[str] = frozenset()
    role_word_sets: tuple[frozenset[str], ...] = ()
    ref_words: frozenset[str] = frozenset()
    #: The whole role title, and its parts ("Product Designer", "Checkout").
    full_role: re.Pattern[str] | None = None
    role_parts: tuple[tuple[str, re.Pattern[str]], ...] = ()
    domain_text: re.Pattern[str] | None = None
    short_word: str | None = None

    def may_name(self, words: frozenset[str]) -> bool:
        return self.name is not None and self.name_words <= words

    def may_have_role(self, words: frozenset[str]) -> bool:
        return self.role is not None and any(s <= words for s in self.role_word_sets)


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


#: "and" between two words of a name or title may be written "&" or left out, in any of
#: the languages: "Communication & Visibility Officer", "Salg og marked".
_CONJUNCTIONS = frozenset({"and", "og", "och", "und"})
#: So may a gender mark in a German title: "Experte (m/w/d) Funktionale Sicherheit".
_JOIN = (
    r"(?:[\s\-_/.,&+]|(?<![^\W_])(?:and|og|och|und)(?![^\W_])"
    r"|\((?:[mwfdx] ?/ ?){1,3}[mwfdx]\)|\(all genders\)|\b[mwfd](?:/[mwfdx]){2}\b)*"
)


#: German agent nouns that take a feminine "-in": Berater, Koordinator, Referent, Jurist…
_TAKES_FEMININE = re.compile(r"[^\W\d_]{3}(?:er|or|nt|st|og|ur|är)$")
_FEMININE_MARK = r"(?:[/:*_]?in(?:nen)?|\(in\))?"
#: The feminine ending, however written, after such a noun in a title.
_FEMININE = re.compile(
    r"(?<=[^\W\d_]{5})(?<=er|or|nt|st|og|ur|är)(?:[/:*_]in(?:nen)?\b|\(in\)|in(?:nen)?\b)"
)


def _phrase(words: Sequence[str], *, title: bool = False) -> str:
    """A pattern for these words in a row. In a title, a German word that can take the
    feminine ending may carry it in any of its spellings: "Koordinator", "Koordinatorin",
    "Koordinator/in", "Koordinator:in", "Koordinator*in"."""
    kept = [w for w in words if w not in _CONJUNCTIONS] or list(words)
    escaped = [
        re.escape(w) + (_FEMININE_MARK if title and _TAKES_FEMININE.search(w) else "") for w in kept
    ]
    return r"(?<![^\W_])" + _JOIN.join(escaped) + r"(?![^\W_])"


def _company_core(company: str) -> list[str]:
    words = _words(company.replace("&", " & "))
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    while len(words) > 1 and words[0] in ("the",):
        words.pop(0)
    return words


def _role_parts(role: str) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The parts of a role title between its separators, as phrases: in "Senior Product
    Designer, Checkout" the team name tells it from "Lead Designer, Design System"."""
    parts = []
    for chunk in re.split(r"\s[-–—|/]\s|[(),:/]", role):
        words = [w for w in _words(chunk) if w not in _FILLER and w not in _SENIORITY]
        key = " ".join(words)
        if len(key.replace(" ", "")) >= 4:
            parts.append((key, re.compile(_phrase(words))))
    return tuple(dict.fromkeys(parts))


def _role_variants(role: str) -> list[list[str]]:
    variants = [_words(role)]
    plain = _FEMININE.sub("", role)
    if plain != role:
        # "Programmmanagerin" is also written "Programmmanager/in", or without the ending.
        variants += [_words(plain), _words(_FEMININE.sub("in", role))]
    head = re.split(r"\s[-–—|/]\s|[(,:]", role, maxsplit=1)[0]
    variants.append(_words(head))
    for words in list(variants):
        trimmed = [w for w in words if w not in _SENIORITY]
        variants.append(trimmed)
        # "MYP Language & Literature" for "MYP Language and Literature teacher": the closing
        # noun is often left out, when what comes before it says enough on its own.
        if len([w for w in trimmed[:-1] if len(w) >= 3 and w not in _FILLER]) >= 3:
            variants.append(trimmed[:-1])
    unique: list[list[str]] = []
    for words in variants:
        if words and sum(len(w) for w in words) >= 4 and words not in unique:
            unique.append(words)
    # "SRE" for "Senior Site Reliability Engineer", "SDET", "HRBP": the initials of the
    # title's own words (before any team or place), when there are three or more.
    core = [w for w in variants[1] if w not in _SENIORITY and w not in _FILLER]
    initials = "".join(w[0] for w in core)
    if len(core) >= 3 and initials.isalpha():
        unique.append([initials])
    return unique


#: Profiles of the Application objects seen last, by identity (bounded; kept alive while here).
_BY_OBJECT: dict[int, tuple[Application, Profile]] = {}


def profile(app: Application) -> Profile:
    """An application's marks; the compiled parts are cached per version of its fields."""
    seen = _BY_OBJECT.get(id(app))
    if seen is not None and seen[0] is app:
        return seen[1]
    made = _profile(app)
    if len(_BY_OBJECT) >= 2048:
        _BY_OBJECT.clear()
    _BY_OBJECT[id(app)] = (app, made)
    return made


def _profile(app: Application) -> Profile:
    marks = _marks(
        app.company,
        app.role,
        app.company_domain,
        app.job_ref,
        tuple(c.email.lower() for c in app.contacts if c.email),
    )
    return Profile(app, *marks)


@functools.lru_cache(maxsize=4096)
def _marks(
    company: str,
    role: str,
    company_domain: str | None,
    job_ref: str | None,
    contacts: tuple[str, ...],
) -> tuple[Any, ...]:
    """Everything of a `Profile` but the application, in field order."""
    domain = (company_domain or "").strip().lower().lstrip("@") or None
    if domain and (is_freemail(domain) or is_ats(domain)):
        domain = None
    core = _company_core(company)
    name = re.compile(_phrase(core)) if core and sum(map(len, core)) >= 3 else None
    short = None
    if len(core) > 1 and len(core[0]) >= 5:
        short = re.compile(_phrase(core[:1]))
    slugs = tuple(dict.fromkeys(s for s in ("".join(core), core[0] if core else "") if len(s) >= 3))
    variants = _role_variants(role)
    role_pattern = (
        re.compile("|".join(_phrase(v, title=True) for v in variants)) if variants else None
    )
    role_words = frozenset(
        w for w in _words(role) if len(w) >= 3 and w not in _FILLER and w not in _SENIORITY
    )
    ref = None
    chunks = _words(job_ref or "")
    if sum(len(c) for c in chunks) >= 3:
        ref = re.compile(_phrase(chunks))
    return (
        frozenset(contacts),
        domain,
        name,
        short,
        slugs,
        role_pattern,
        role_words,
        ref,
        frozenset(core) - _CONJUNCTIONS or frozenset(core),
        tuple(frozenset(v) - _CONJUNCTIONS or frozenset(v) for v in variants),
        frozenset(chunks),
        re.compile(_phrase(variants[0], title=True)) if variants else None,
        parts if len(parts := _role_parts(role)) > 1 else (),
        re.compile(r"(?<![\w.@-])(?:www\.)?" + re.escape(domain) + r"(?![\w-])")
        if domain
        else None,
        core[0] if short else None,
    )


# -- strategies: each returns the evidence it finds, for any number of applications ----------

Strategy = Callable[[Clues, Sequence[Profile]], list[Evidence]]


def by_pending_thread(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    """A reply in a thread whose earlier message waits for review leans, as surely as that
    message did, to the application it proposes: a hiring manager on a private address,
    the person's answer and the manager's next note belong together, and with the next
    note's own evidence the question may settle itself."""
    known = {p.app.id for p in profiles}
    best: dict[int, tuple[float, str]] = {}
    for message_id, (app_id, confidence) in clues.pending.items():
        if app_id in known and confidence > best.get(app_id, (0.0, ""))[0]:
            best[app_id] = (confidence, message_id)
    return [
        Evidence(
            app_id, "thread-pending", confidence, f"same thread as {message_id}, waiting for review"
        )
        for app_id, (confidence, message_id) in best.items()
    ]


def by_thread(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    found: dict[int, str] = {}
    for message_id, app_id in clues.thread.items():
        found.setdefault(app_id, message_id)
    known = {p.app.id for p in profiles}
    return [
        Evidence(app_id, "thread", STRENGTH["thread"], f"same thread as {message_id}")
        for app_id, message_id in found.items()
        if app_id in known
    ]


#: The local parts of a company's shared mailboxes, in the languages we read.
_SHARED_MAILBOX = re.compile(
    r"(?:post|postmottak|postmottaket|firmapost|info|kontakt|contact|mail|office|kontor|"
    r"hello|hei|hej|hallo|admin|service|kundeservice|kundservice|support|sales|salg|"
    r"order|ordre|faktura|invoice|billing|regnskap|bogholderi|ekonomi|newsletter|"
    r"nyhetsbrev|nyhedsbrev|marketing)@"
)


def by_contact(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    result = []
    people = clues.people
    for p in profiles:
        if not p.contacts:
            continue
        for address, share, note in people:
            if address.email in p.contacts:
                strength = STRENGTH["contact"] * share
                # A company's shared mailbox (post@, info@) sends invoices and newsletters
                # too: it says who, but not that the message is about the application.
                kind = "mailbox" if _SHARED_MAILBOX.match(address.email) else "contact"
                result.append(Evidence(p.app.id, kind, strength, f"contact {address.email}{note}"))
                break
    return result


#: Titles before a name: "Prof. Dr. Regula Meierhans" signs as "Regula Meierhans".
_HONORIFICS = frozenset(
    {"prof", "dr", "mag", "dipl", "ing", "herr", "frau", "mr", "mrs", "ms", "miss", "dott",
     "professor", "doktor", "med", "phil", "rer", "nat", "habil", "priv", "doz", "pd"}
)  # fmt: skip


@functools.lru_cache(maxsize=4096)
def _person_name(name: str) -> tuple[str, ...]:
    """The first two words of a person's name, before any "(Agency)" or "| Company"."""
    head = re.split(r"[(|,/]| - | – ", name, maxsplit=1)[0]
    words = _words(head)
    while words and words[0] in _HONORIFICS:
        words.pop(0)
    return tuple(words[:2]) if len(words) >= 2 else ()


def by_contact_name(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    """A known contact writing from another address: the recruiter on a private account."""
    senders = {_person_name(a.name): a for a in clues.addresses if a.name}
    senders.pop((), None)
    if not senders:
        return []
    result = []
    for p in profiles:
        for contact in p.app.contacts:
            sender = senders.get(_person_name(contact.name or ""))
            if sender is not None and sender.email not in p.contacts:
                result.append(
                    Evidence(
                        p.app.id,
                        "contact-name",
                        STRENGTH["contact-name"],
                        f"the name of contact {contact.name!r}",
                    )
                )
                break
    return result


def by_domain(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    result = []
    domains = clues.domains
    for p in profiles:
        person = domains.get(p.domain) if p.domain else None
        if person is not None:
            address, share, note = person
            strength = STRENGTH["domain"] * share
            result.append(Evidence(p.app.id, "domain", strength, f"domain {address.domain}{note}"))
    return result


def by_ats_company(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    ats = [a for a in clues.addresses if is_ats(a.domain)]
    if not ats:
        return []
    labels = clues.labels(ats=True)
    result = []
    for p in profiles:
        where = None
        in_header = p.may_name(clues.header_words)
        if not labels.isdisjoint(p.slugs):
            where = "address"
        elif in_header and p.name and p.name.search(clues.names):
            where = "sender name"
        elif in_header and p.name and p.name.search(clues.subject):
            where = "subject"
        elif p.may_name(clues.words) and p.name and p.name.search(clues.text):
            where = "text"
        elif p.short_name and p.short_name.search(clues.names + " " + clues.subject):
            where = "short name"
        if where:
            result.append(
                Evidence(
                    p.app.id,
                    "ats",
                    STRENGTH["ats"],
                    f"ATS {ats[0].domain} writing for {p.app.company} ({where})",
                )
            )
    return result


def by_company_name(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    """The company's name where no stronger sign of it was found: weaker, it is easily said."""
    labels = clues.labels(ats=False)
    header_words, words = clues.header_words, clues.words
    # Mail from a tracked employer's own domain says more than any signature in it.
    from_employer = any(not labels.isdisjoint(p.slugs) for p in profiles)
    workplaces = set() if from_employer else _named_as_workplace(profiles, clues)
    result = []
    for p in profiles:
        in_header = p.may_name(header_words)
        if not labels.isdisjoint(p.slugs):
            kind, where = "company-domain", "in the sender's domain"
        elif p.app.id in workplaces:
            # "Jonas here, warehouse manager at Lagerkraft", or a signature ending in the
            # company's name: a hiring manager on a private address speaks for the employer.
            kind, where = "company-signed", "named by the sender as where they work"
        elif in_header and p.name and p.name.search(clues.names):
            kind, where = "company-sender", "in the sender's name"
        elif in_header and p.name and p.name.search(clues.subject):
            kind, where = "company-header", "in the subject"
        elif p.short_word in header_words and p.short_name and p.short_name.search(clues.names):
            # "Rhenania Lebensversicherung AG über PsyMetrica" for "Rhenania Leben".
            kind, where = "company-short", "(its first word) in the sender's name"
        elif p.may_name(words) and p.name and p.name.search(clues.text):
            kind, where = "company-body", "in the text"
        elif p.short_word in words and p.short_name and p.short_name.search(clues.text):
            # "Jonas here, warehouse manager at Lagerkraft in Nässjö", from a private
            # address: too little to act on, enough to ask rather than drop the message.
            kind, where = "company-short-text", "(its first word) in the text"
        else:
            continue
        result.append(Evidence(p.app.id, kind, STRENGTH[kind], f"{p.app.company!r} {where}"))
    return result


def _named_as_workplace(profiles: Sequence[Profile], clues: Clues) -> set[int]:
    """The applications whose employer the sender says they work for. A first word alone
    counts only when no employer is named in full: "Hotel" is not Hotel Riffelstern in a
    signature that reads "Hotel Schneekristall"."""
    words = clues.words
    by_name = [p for p in profiles if p.name and p.may_name(words)]
    by_first_word = [p for p in profiles if p.short_name and p.short_word in words]
    if not (by_name or by_first_word):
        return set()  # most mail: no employer named, nothing to read
    described = clues.described
    full = {p.app.id for p in by_name if p.name and described.names(p.name)}
    if full:
        return full
    return {
        p.app.id
        for p in by_first_word
        if p.short_name and described.names(p.short_name, anywhere=False)
    }


def by_domain_in_text(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    """The company's web or mail domain written in the message: a recruiter's signature
    ("Talent Partner | quillonlabs.com"), a link to the company's careers pages."""
    result = []
    for p in profiles:
        # The substring test first: it rules out almost every application, cheaply.
        domain, pattern = p.domain, p.domain_text
        if domain and pattern and domain in clues.text and pattern.search(clues.text):
            result.append(
                Evidence(
                    p.app.id, "domain-text", STRENGTH["domain-text"], f"{p.domain} in the text"
                )
            )
    return result


def by_job_ref(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    return [
        Evidence(p.app.id, "ref", STRENGTH["ref"], f"job reference {p.app.job_ref}")
        for p in profiles
        if p.ref and p.ref_words <= clues.words and p.ref.search(clues.text)
    ]


def by_role(clues: Clues, profiles: Sequence[Profile]) -> list[Evidence]:
    return [
        Evidence(p.app.id, "role", STRENGTH["role"], f"role {p.app.role!r}")
        for p in profiles
        if p.may_have_role(clues.words) and p.role and p.role.search(clues.text)
    ]


#: Who wrote (or was written to): identifies the employer.
IDENTITY: tuple[Strategy, ...] = (
    by_thread,
    by_pending_thread,
    by_contact,
    by_contact_name,
    by_domain,
    by_ats_company,
    by_company_name,
    by_domain_in_text,
)
#: Which of the employer's applications is meant.
DISCRIMINATING: tuple[Strategy, ...] = (by_job_ref, by_role)
STRATEGIES: tuple[Strategy, ...] = IDENTITY + DISCRIMINATING


def _noisy_or(strengths: Sequence[float]) -> float:
    miss = 1.0
    for s in strengths:
        miss *= 1.0 - s
    return 1.0 - miss


def _odds(p: float) -> float:
    return p / max(1e-6, 1.0 - p)


def _corroborated(confidence: float, found: set[str], profile: Profile, clues: Clues) -> float:
    """How sure the employer is meant once the application's reference or role title is
    named too: the two were found apart and rarely mislead together."""
    if "ref" in found:
        return _noisy_or([confidence, 0.6])
    if "role" in found:
        # The whole title says more than a shortened one ("Designer").
        whole = bool(_full_role_named([profile], clues))
        return _noisy_or([confidence, 0.5 if whole else 0.4])
    return confidence


def _own_role_words(p: Profile, pool: Sequence[Profile]) -> frozenset[str]:
    """The words of `p`'s role title that no other application in `pool` has."""
    return p.role_words.difference(*(q.role_words for q in pool if q is not p))


def _distinct_role_words(pool: Sequence[Profile], clues: Clues) -> list[int]:
    """Applications in `pool` whose role has a word no other in the pool has, found in text."""
    return [p.app.id for p in pool if _own_role_words(p, pool) & clues.words]


#: "This decision relates only to …", "Dette gjelder kun …": what follows says which
#: application the message is about, whatever else it names.
_ONLY = re.compile(
    r"(?:relates|applies|refers|pertains) only to|concerns only|only concerns|only applies to"
    r"|gjelder (?:kun|bare)|gjeld (?:berre|kun)|gäller (?:bara|endast|enbart)|gælder kun"
    r"|betrifft (?:nur|ausschließlich)|bezieht sich (?:nur|ausschließlich) auf"
)
ONLY_WINDOW = 100


def _named_as_the_only_one(pool: Sequence[Profile], clues: Clues) -> list[int]:
    """The applications in `pool` whose distinct title words follow "relates only to" in the
    same sentence."""
    found: set[int] = set()
    for only in _ONLY.finditer(clues.text):
        after = clues.text[only.end() : only.end() + ONLY_WINDOW]
        window = frozenset(_WORD.findall(re.split(r"[.;!?]\s|\n", after, maxsplit=1)[0]))
        found.update(p.app.id for p in pool if _own_role_words(p, pool) & window)
    return sorted(found)


def _roles_in_subject(pool: Sequence[Profile], clues: Clues) -> list[int]:
    """Applications in `pool` whose role title, or a word of it no other one has, is in the
    subject: what the message is about, whatever titles its body mentions (a panel's
    "vice-rector Ole …", "Hotelldirektør Eirik Solheim is in charge")."""
    words = frozenset(_WORD.findall(clues.subject))
    return [
        p.app.id
        for p in pool
        if (p.role and p.may_have_role(words) and p.role.search(clues.subject))
        or _own_role_words(p, pool) & words
    ]


def _full_role_named(pool: Sequence[Profile], clues: Clues) -> list[int]:
    """Applications in `pool` whose whole role title is in the text."""
    return [
        p.app.id
        for p in pool
        if p.full_role and p.may_have_role(clues.words) and p.full_role.search(clues.text)
    ]


def _role_spans(p: Profile, clues: Clues) -> list[tuple[int, int]]:
    if not (p.role and p.may_have_role(clues.words)):
        return []
    return [m.span() for m in p.role.finditer(clues.text)]


def _roles_named_apart(pool: Sequence[Profile], clues: Clues) -> list[int]:
    """Applications in `pool` whose role is named somewhere on its own, not only as a piece
    of another one's title: "Designer" inside "Senior Product Designer, Checkout" does not
    name "Lead Designer, Design System"."""
    spans = {p.app.id: _role_spans(p, clues) for p in pool}

    def inside(span: tuple[int, int], other: tuple[int, int]) -> bool:
        return other[0] <= span[0] and span[1] <= other[1] and other != span

    apart = []
    for app_id, own in spans.items():
        theirs = [o for other_id, found in spans.items() if other_id != app_id for o in found]
        if any(not any(inside(span, o) for o in theirs) for span in own):
            apart.append(app_id)
    return apart


def _role_parts_named(pool: Sequence[Profile], clues: Clues) -> list[int]:
    """The application in `pool` that has the most parts of its role title, found in the
    text, that no other application in the pool shares."""
    counts = {}
    for p in pool:
        others = {key for q in pool if q is not p for key, _ in q.role_parts}
        counts[p.app.id] = sum(
            1 for key, part in p.role_parts if key not in others and part.search(clues.text)
        )
    best = max(counts.values(), default=0)
    return [a for a, n in counts.items() if n == best] if best else []


#: The company's name somewhere in the text: the weakest evidence of who wrote.
_TEXT_MENTIONS = frozenset({"company-body", "company-short-text"})
#: Evidence that the person's own mail was written to the employer's side.
_ADDRESSED = frozenset(
    {
        "thread",
        "thread-pending",
        "contact",
        "mailbox",
        "contact-name",
        "domain",
        "ats",
        "company-domain",
    }
)


def match_application(clues: Clues, applications: Sequence[Application]) -> Match:
    """Rank the evidence and say which application (if any) this message is about."""
    profiles = [profile(app) for app in applications]
    by_id = {p.app.id: p for p in profiles}
    identity: dict[int, list[Evidence]] = {}
    for strategy in IDENTITY:
        for evidence in strategy(clues, profiles):
            identity.setdefault(evidence.application_id, []).append(evidence)
    for app_id, its in identity.items():
        if any(e.kind == "thread-pending" for e in its):
            # The question waiting in this thread already weighed the company's name in the
            # text; said again (or quoted) in a reply, it is no new evidence.
            identity[app_id] = [e for e in its if e.kind not in _TEXT_MENTIONS]
    # A role or reference only tells apart what the identity evidence found, unless there is
    # none; a reference is looked for everywhere, since naming another one speaks against.
    named = [p for p in profiles if p.app.id in identity] if identity else profiles
    extra: dict[int, list[Evidence]] = {}
    for strategy, among in ((by_job_ref, profiles), (by_role, named)):
        for evidence in strategy(clues, among):
            extra.setdefault(evidence.application_id, []).append(evidence)

    if clues.outbound and not any(
        e.kind in _ADDRESSED for evidence in identity.values() for e in evidence
    ):
        # The person's own mail names an employer but is not written to anyone there.
        return Match(None, 0.0, ("not written to anyone at a tracked employer",))
    if not identity:
        # Nothing says who wrote: a job reference alone may still name one application.
        for kind in ("ref", "role"):
            hits = [a for a, ev in extra.items() if any(e.kind == kind for e in ev)]
            if kind == "role" and len(hits) > 1:
                # Two branches' "Biblioteksansvarig": the branch named settles which.
                hits = _role_parts_named([by_id[a] for a in hits], clues)
            if len(hits) == 1:
                identity[hits[0]] = [e for e in extra[hits[0]] if e.kind == kind]
                break
        if not identity:
            return Match(None, 0.0, ("no evidence for any tracked application",))

    scores = {app_id: _noisy_or([e.strength for e in ev]) for app_id, ev in identity.items()}
    ranked = sorted(scores, key=lambda a: (-scores[a], a))
    top = ranked[0]
    total_odds = sum(_odds(s) for s in scores.values())

    def reasons_for(app_id: int) -> list[str]:
        found = [e.reason for e in identity.get(app_id, []) + extra.get(app_id, [])]
        return list(dict.fromkeys(found))

    def is_personal(app_id: int) -> bool:
        # A contact's name alone is not personal: networks send notices in people's names.
        return any(e.kind in ("thread", "contact") for e in identity.get(app_id, []))

    thread_apps = {a for a, ev in identity.items() if any(e.kind == "thread" for e in ev)}
    if len(thread_apps) == 1:
        winner = next(iter(thread_apps))
        confidence = min(scores[winner], _odds(scores[winner]) / total_odds)
        return Match(
            by_id[winner].app, round(confidence, 3), tuple(reasons_for(winner)), personal=True
        )

    pool = [by_id[a] for a in ranked if scores[a] >= POOL_SHARE * scores[top]]
    candidates = tuple(p.app for p in pool)
    if len(pool) > 1:
        # Titles of several of them named, and none singled out by anything else: the
        # message speaks of both ("the panel: the rector and vice-rector Ole …").
        named_several = False
        for kind, share in DISCRIMINATORS:
            if kind == "only":
                hits = _named_as_the_only_one(pool, clues)
            elif kind == "role-subject":
                hits = _roles_in_subject(pool, clues)
            elif kind == "role-words":
                hits = _distinct_role_words(pool, clues)
            elif kind == "role-apart":
                hits = _roles_named_apart(pool, clues)
            elif kind == "role-part":
                hits = _role_parts_named(pool, clues)
            elif kind == "open":
                hits = [p.app.id for p in pool if p.app.is_open]
            else:
                hits = [
                    p.app.id for p in pool if any(e.kind == kind for e in extra.get(p.app.id, []))
                ]
            named_several |= len(hits) > 1 and kind in ("role", "role-subject")
            if len(hits) == 1:
                winner = hits[0]
                # A reference or the whole title that tells them apart also says again that
                # this employer is meant: "Nordvarg has invited you to a coding assessment
                # for Gameplay Programmer", from an assessment service nobody recorded.
                confidence = share * (
                    _corroborated(
                        scores[winner], {kind.removesuffix("-subject")}, by_id[winner], clues
                    )
                    if kind in ("ref", "role", "role-subject")
                    else scores[winner]
                )
                reasons = reasons_for(winner)
                if kind == "role-words":
                    reasons.append(f"words of the role {by_id[winner].app.role!r}")
                if kind == "open":
                    reasons.append("the only one of them still open")
                reasons.append(f"told apart from {len(pool) - 1} other application(s) by {kind}")
                return Match(
                    by_id[winner].app,
                    round(confidence, 3),
                    tuple(reasons),
                    candidates,
                    personal=is_personal(winner),
                )
        confidence = _odds(scores[top]) / total_odds * scores[top]
        reasons = [*reasons_for(top), f"{len(pool)} applications fit equally well"]
        if named_several:
            # Who wrote (a contact of one of them) does not settle which role is meant.
            confidence = min(confidence, NAMED_SEVERAL)
            reasons.append("the titles of several of them are named")
        if confidence < 0.5:
            return Match(None, round(confidence, 3), tuple(reasons), candidates)
        return Match(
            by_id[top].app, round(confidence, 3), tuple(reasons), candidates, is_personal(top)
        )

    found = {e.kind for e in extra.get(top, [])} - {e.kind for e in identity[top]}
    confidence = _corroborated(
        min(scores[top], _odds(scores[top]) / total_odds), found, by_id[top], clues
    )
    # A job reference naming another application speaks against this one.
    others_ref = [a for a, ev in extra.items() if a != top and any(e.kind == "ref" for e in ev)]
    reasons = reasons_for(top)
    if others_ref and "ref" not in found:
        confidence -= 0.25
        reasons.append("a job reference of another application is mentioned")
    return Match(
        by_id[top].app, round(max(confidence, 0.0), 3), tuple(reasons), candidates, is_personal(top)
    )
