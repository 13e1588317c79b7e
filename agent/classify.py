"""Say what a message is (a category of DESIGN.md), how sure we are, and why.

Reads only what the sender wrote in this message (see `quoting.py`), its subject, its sender
and a few structural headers, and adds up the weights of the rules in `rules.py` that match.
The best-scoring category wins; the confidence grows with its score and with its lead over
the runner-up, so two strong but conflicting signals give a low confidence (and a question to
the person) rather than a guess.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from agent.calendars import Invite
from agent.models import Category, Message
from agent.prefilter import Prefilter
from agent.rules import AUTO_REPLY_PREFIX, RULES, Rule
from agent.transitions import REPLIES

#: A category needs at least this score to beat "unrelated".
MIN_SCORE = 1.5
#: What bulk mail must say about jobs to be a job alert: a shop's "see our vacancies" is not.
JOB_CONTENT = 2.5
#: How much less a subject weighs in a reply: "Re: Interview" repeats an old subject.
REPLY_SUBJECT_FACTOR = 0.4
#: A hit that overlaps a heavier hit of the same category adds only this share of its weight.
OVERLAP_SHARE = 0.35
#: What the text of an automatic message must say, at least, to be read for what it says.
CLEARLY_SAID = 3.0
CLEARLY_SAID_IN_A_REPLY = 4.5
#: Only the start of a long body is read: the point of a message comes first.
BODY_LIMIT = 6000

_REPLY_PREFIX = re.compile(
    r"^\s*(?:(?:re|sv|aw|vs|antw|odp|ref|r|rif|fw|fwd|vb|wg|tr|enc|fs|vl)\s*(?:\[\d+\])?\s*:\s*)+",
    re.IGNORECASE,
)
#: Typographic quotes, dashes and spaces, as the rules write them.
_PLAIN = {"’": "'", "‘": "'", "´": "'", "`": "'", "\u00a0": " ", "–": "-"}
_TYPOGRAPHIC = re.compile(f"[{''.join(_PLAIN)}]")


@dataclass(frozen=True)
class Classification:
    category: Category
    confidence: float
    reasons: tuple[str, ...] = ()
    scores: Mapping[Category, float] = field(default_factory=dict)


@dataclass(frozen=True)
class _Compiled:
    rule: Rule
    regex: re.Pattern[str]
    header: str | None
    #: The part of the rule's pattern this is (a rule "a|b" is run as "a" and "b").
    pattern: str = ""
    branch: int = 0


def branches(pattern: str) -> list[str]:
    """A pattern's top-level alternatives. Run apart, each gets the prefilter's best literal
    for itself: one English branch with a rare phrase no longer waits on a German branch
    whose only literal is "ihr"."""
    parts, depth, start, i, in_class = [], 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(pattern[start:i])
            start = i + 1
        i += 1
    parts.append(pattern[start:])
    return parts


def _compile(rules: tuple[Rule, ...]) -> dict[str, list[_Compiled]]:
    table: dict[str, list[_Compiled]] = {}
    for rule in rules:
        place, _, header = rule.where.partition(":")
        parts = branches(rule.pattern) if place != "header" else [rule.pattern]
        for number, part in enumerate(parts):
            compiled = _Compiled(rule, re.compile(part), header or None, part, number)
            table.setdefault(place, []).append(compiled)
    return table


_TABLE = _compile(RULES)
#: Where each rule stands in RULES: hits are counted in that order.
_ORDER = {id(rule): number for number, rule in enumerate(RULES)}


def _runnable(place: str) -> tuple[list[_Compiled], Prefilter]:
    rules = [*_TABLE.get(place, ())]
    if place in ("subject", "body"):
        rules += _TABLE.get("any", ())
    return rules, Prefilter([c.pattern for c in rules])


#: Per place: the rules that read it, and the prefilter that says which can match a text.
_PLACES = {place: _runnable(place) for place in ("subject", "sender", "calendar", "body")}


def normalise(text: str) -> str:
    """Lower-case, typographic quotes made plain, whitespace collapsed: what rules match on.

    A regular expression finds the few typographic characters and `str.split` the runs of
    whitespace: both several times faster than `str.translate` and `re.sub` over every
    character, on what is the start of every message's reading."""
    plain = _TYPOGRAPHIC.sub(lambda found: _PLAIN[found.group()], text.lower())
    return " ".join(plain.split())


#: "Automatic reply: Re: Invitation to interview" repeats the subject of what it answers.
_AUTO_PREFIX = re.compile(
    r"^\s*((?:" + AUTO_REPLY_PREFIX + r"|abwesend|out of office|fraværsmelding|frånvaro)\s*:\s*)",
    re.IGNORECASE,
)


def split_subject(subject: str) -> tuple[str, bool]:
    """The subject without `Re:`/`SV:`/`AW:`… prefixes, and whether there were any. An
    automatic reply's prefix stays (it says what the message is), but what follows it is a
    reply's subject."""
    auto = _AUTO_PREFIX.match(subject)
    if auto:
        rest = subject[auto.end() :]
        stripped = _REPLY_PREFIX.sub("", rest)
        return auto.group(1) + stripped, True
    stripped = _REPLY_PREFIX.sub("", subject)
    return stripped, stripped != subject


def _excerpt(text: str) -> str:
    text = text.strip()
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True)
class _Hit:
    rule: Rule
    place: str
    start: int
    end: int
    found: str
    factor: float = 1.0

    @property
    def weight(self) -> float:
        return self.rule.weight * self.factor


#: Words that make what follows hypothetical: "if you are selected for an interview".
_CONDITIONAL = re.compile(
    r"\b(?:if|unless|whether|should you|in case|dersom|hvis|ifall|om du|om ni|såfremt|"
    r"i fald|falls|sofern|wenn|sollten sie|solltest du)\b"
)
#: Categories whose hits count for little inside a hypothetical sentence.
_HYPOTHETICAL = frozenset({Category.INTERVIEW, Category.REJECTION, Category.OFFER})
CONDITIONAL_FACTOR = 0.3
#: A negation just before an offer or an invitation turns it into its opposite, which the
#: rejection rules read; the offer or invitation itself then counts for nothing.
_NEGATION = re.compile(
    r"\b(?:not|no|never|unable|cannot|can't|won't|isn't|aren't|ikke|ikkje|inte|ej|aldri|"
    r"aldrig|nicht|kein|keine|keinen)\b"
)
_NEGATABLE = frozenset({Category.INTERVIEW, Category.OFFER})
NEGATION_WINDOW = 30


def _is_conditional(text: str, start: int) -> bool:
    """Whether the sentence holding position `start` is hypothetical before that point."""
    sentence = max(text.rfind(mark, 0, start) for mark in ".!?;") + 1
    return _CONDITIONAL.search(text, sentence, start) is not None


#: "Everyone will hear from us when the process is closed": a refusal's words after "when"
#: describe a later moment, not this message.
_TEMPORAL = re.compile(
    r"\b(?:når|när|wenn|sobald|once|when|after|etter at|efter att|nachdem|så snart|"
    r"as soon as|until|indtil|inntil|tills)\s+(?:[\w-]+\s+){0,3}$"
)
TEMPORAL_WINDOW = 40


def _is_later(text: str, start: int) -> bool:
    """Whether `start` follows a "when"/"once"/"når" that puts what follows in the future."""
    return _TEMPORAL.search(text[max(0, start - TEMPORAL_WINDOW) : start]) is not None


#: "This does not mean that the position is filled": what follows is denied, whatever it is.
_DENIED = re.compile(
    r"(?:(?:(?:does|do|did) not|doesn't|don't) (?:necessarily )?mean (?:that )?"
    r"|(?:innebär|betyder) (?:inte|ej) att |(?:betyr|innebærer|inneber|betyder) ikke,? at "
    r"|(?:bedeutet|heißt) (?:das )?nicht,? dass )(?:[\w-]+\s+){0,4}$"
)
DENIED_WINDOW = 50


def _is_denied(text: str, start: int) -> bool:
    """Whether `start` follows "this does not mean that" in its own language."""
    return _DENIED.search(text[max(0, start - DENIED_WINDOW) : start]) is not None


def _is_negated(text: str, start: int) -> bool:
    """Whether a negation stands shortly before `start` in the same sentence."""
    sentence = max(text.rfind(mark, 0, start) for mark in ".!?;,") + 1
    return _NEGATION.search(text, max(sentence, start - NEGATION_WINDOW), start) is not None


def _collect(fields: Mapping[str, str], headers: Mapping[str, str], is_reply: bool) -> list[_Hit]:
    hits: list[_Hit] = []
    for compiled in _TABLE.get("header", ()):
        assert compiled.header is not None
        value = headers.get(compiled.header)
        if value is not None and compiled.regex.search(value.lower()):
            hits.append(_Hit(compiled.rule, compiled.header, 0, 0, value or "(present)"))
    for place in ("subject", "sender", "calendar", "body"):
        text = fields[place]
        if not text:
            continue
        reply_factor = REPLY_SUBJECT_FACTOR if place == "subject" and is_reply else 1.0
        rules, prefilter = _PLACES[place]
        # A rule counts once per place, at its leftmost match (as one regex would find it).
        first: dict[int, tuple[int, int, _Compiled, re.Match[str]]] = {}
        for number, places in prefilter.scan(text).items():
            compiled = rules[number]
            found = prefilter.search(number, compiled.regex, text, places)
            if found is None:
                continue
            key = (found.start(), compiled.branch, compiled, found)
            seen = first.get(id(compiled.rule))
            if seen is None or key[:2] < seen[:2]:
                first[id(compiled.rule)] = key
        for _, _, compiled, match in sorted(first.values(), key=lambda k: _ORDER[id(k[2].rule)]):
            factor = reply_factor
            rule = compiled.rule
            if (
                place in ("subject", "body")
                and rule.weight > 0
                and rule.category in _HYPOTHETICAL
                and _is_conditional(text, match.start())
            ):
                factor *= CONDITIONAL_FACTOR
            if (
                place == "body"
                and rule.weight > 0
                and rule.category in _NEGATABLE
                and _is_negated(text, match.start())
            ):
                factor = 0.0
            if place == "body" and rule.weight > 0 and _is_denied(text, match.start()):
                factor = 0.0
            if (
                place == "body"
                and rule.weight > 0
                and rule.category is Category.REJECTION
                and _is_later(text, match.start())
            ):
                factor *= CONDITIONAL_FACTOR
            hits.append(_Hit(rule, place, match.start(), match.end(), match.group(0), factor))
    return hits


def _count(hits: list[_Hit]) -> tuple[dict[Category, float], dict[Category, float], list[str]]:
    """Sum weights per category; overlapping hits of one category count once (the heaviest).

    Returns the scores, the part of each score that comes from content (not structure), and
    one reason per counted hit.
    """
    scores: dict[Category, float] = {}
    content: dict[Category, float] = {}
    reasons: list[str] = []
    groups: dict[tuple[Category, str], list[_Hit]] = {}
    for hit in hits:
        groups.setdefault((hit.rule.category, hit.place), []).append(hit)
    for (category, _place), group in groups.items():
        group.sort(key=lambda h: (h.start, -h.end))
        clusters: list[list[_Hit]] = []
        for hit in group:
            positive = hit.weight > 0
            last = clusters[-1] if clusters else None
            if (
                positive
                and last is not None
                and last[0].weight > 0
                and hit.end > hit.start
                and hit.start < max(h.end for h in last)
            ):
                last.append(hit)
            else:
                clusters.append([hit])
        for cluster in clusters:
            cluster.sort(key=lambda h: -abs(h.weight))
            best = cluster[0]
            weight = best.weight + OVERLAP_SHARE * sum(h.weight for h in cluster[1:])
            if weight == 0:
                continue
            scores[category] = scores.get(category, 0.0) + weight
            if not best.rule.structural:
                content[category] = content.get(category, 0.0) + weight
            note = " (hypothetical)" if 0 < best.factor < REPLY_SUBJECT_FACTOR else ""
            reasons.append(f"{best.place} {_excerpt(best.found)!r}: {category} {weight:+.1f}{note}")
    return scores, content, reasons


#: What an employer says about an application (the categories that count as a reply), as
#: opposed to bulk mail about jobs.
_SAID_BY_EMPLOYERS = tuple(sorted(REPLIES))


#: Categories that a message of the key category often carries as well.
_GOES_WITH: dict[Category, frozenset[Category]] = {
    Category.ACKNOWLEDGEMENT: frozenset({Category.REQUEST, Category.STATUS_UPDATE}),
}


@dataclass(frozen=True)
class Texts:
    """What both readers read of a message, normalised once."""

    subject: str
    is_reply: bool
    body: str


def texts_of(message: Message, own: str) -> Texts:
    """The subject without reply prefixes, and the start of what the sender wrote."""
    plain_subject, is_reply = split_subject(message.subject)
    return Texts(normalise(plain_subject), is_reply, normalise(own[:BODY_LIMIT]))


def score_message(
    texts: Texts,
    sender: str,
    headers: Mapping[str, str],
    calendar: str = "",
) -> tuple[dict[Category, float], list[str]]:
    """Add up the rule weights per category; return the scores and one reason per hit."""
    fields = {
        "subject": texts.subject,
        "body": texts.body,
        "sender": sender.lower(),
        "calendar": normalise(calendar),
    }
    scores, content, reasons = _count(_collect(fields, headers, texts.is_reply))
    # Bulk-mail headers alone make a newsletter, not a job alert: that needs job content.
    # Sent in bulk, a message that says more about an application than its bulk headers
    # say about a mailing list (an applicant tracking system on a job board's domain) is
    # just that message.
    alert, unrelated = Category.JOB_ALERT, Category.UNRELATED
    if alert in scores and content.get(alert, 0.0) < JOB_CONTENT:
        bulk = scores.pop(alert) - content.get(alert, 0.0)
        said = max(content.get(c, 0.0) for c in _SAID_BY_EMPLOYERS)
        # A mailing list (List-Id) is a list: an institute's colloquium "invitation" on one is
        # no interview. Applicant tracking systems send with List-Unsubscribe, not List-Id.
        if said > max(MIN_SCORE, bulk) and "list-id" not in headers:
            reasons.append("sent in bulk, but about an application")
        else:
            reasons.append(f"bulk mail without job content: a newsletter, {unrelated}")
            scores[unrelated] = scores.get(unrelated, 0.0) + max(bulk, 0.0, said)
    # Automatic-reply headers and "this is an automatic message" say a machine sent it, not
    # what it says: an applicant tracking system's receipt (or a shop's) is sent the same way
    # as an out-of-office. Being away is what an out-of-office says.
    auto = Category.AUTO_REPLY
    if auto in scores and content.get(auto, 0.0) < MIN_SCORE:
        said = max(content.get(c, 0.0) for c in (*_SAID_BY_EMPLOYERS, Category.UNRELATED))
        # An automatic *reply* answers something the person sent, and often repeats what it
        # was about; it must say more before it counts as anything else.
        replied = (
            "auto-replied" in headers.get("auto-submitted", "").lower()
            or "auto_reply" in headers.get("precedence", "").lower()
            or any(name in headers for name in ("x-autoreply", "x-autorespond"))
        )
        if said >= (CLEARLY_SAID_IN_A_REPLY if replied else CLEARLY_SAID):
            reasons.append("sent automatically, but says something else clearly")
            scores[auto] = content.get(auto, 0.0)
    return scores, reasons


def confidence_of(best: float, runner_up: float) -> float:
    """Sure when the winner scores high and leads clearly; unsure when two are close."""
    if best <= 0:
        return 0.0
    if runner_up < MIN_SCORE:
        # A runner-up that could not have won on its own ("unfortunately" in a reschedule)
        # casts less doubt.
        runner_up /= 2
    strength = 1.0 - math.exp(-best / 1.5)
    lead = (best - max(runner_up, 0.0)) / best
    return round(strength * (0.5 + 0.5 * lead), 3)


def decide(scores: Mapping[Category, float], reasons: list[str]) -> Classification:
    """Pick the category from the scores, with a confidence."""
    # On a tie the cautious reading wins: "unrelated" changes nothing.
    ranked = sorted(
        ((score, category) for category, score in scores.items() if score > 0),
        key=lambda pair: (-pair[0], pair[1] is not Category.UNRELATED),
    )
    best, category = ranked[0] if ranked else (0.0, Category.UNRELATED)
    # What goes with the winner casts no doubt on it: a receipt of the application that
    # also asks for a test or gives a timeline is still a receipt.
    rivals = [s for s, c in ranked[1:] if c not in _GOES_WITH.get(category, ())]
    runner_up = rivals[0] if rivals else 0.0
    if best < MIN_SCORE or category is Category.UNRELATED:
        # Nothing job-like said clearly: unrelated, and the surer the less anything scored.
        unrelated = max(best, MIN_SCORE) if category is Category.UNRELATED else MIN_SCORE
        job_like = max((s for s, c in ranked if c is not Category.UNRELATED), default=0.0)
        confidence = round(max(0.3, 1.0 - job_like / (2 * unrelated)), 3)
        return Classification(Category.UNRELATED, confidence, tuple(reasons), dict(scores))
    return Classification(category, confidence_of(best, runner_up), tuple(reasons), dict(scores))


def read_rules(message: Message, texts: Texts, invite: Invite | None = None) -> Classification:
    """What the rules alone make of an inbound message and its calendar invitation."""
    sender = str(message.sender) if message.sender else ""
    calendar = ""
    if invite is not None:
        method = "cancel" if invite.cancelled else (invite.method or "request").lower()
        calendar = f"{method} {invite.summary}"
    scores, reasons = score_message(texts, sender, message.headers, calendar)
    return decide(scores, reasons)


def classify(
    message: Message, body: str, invite: Invite | None = None, *, use_model: bool = True
) -> Classification:
    """Classify an inbound message from its subject, own text, sender, headers and invitation.

    `body` is the text the sender wrote (quoted history and signature already removed). The
    rules decide alone with `use_model=False` (the person's own mail, which the model never
    learned from).
    """
    # The weighing builds on this module, so it is imported here, when first needed.
    from agent.weigh import with_model

    texts = texts_of(message, body)
    rules = read_rules(message, texts, invite)
    return with_model(rules, message, texts) if use_model else rules
