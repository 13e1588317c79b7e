"""What the sender wrote in *this* message: quoted history, forwarded mail and signatures cut off.

A reply carries the whole thread below it. Classifying the thread would read last week's
"we received your application" into today's rejection, so everything after the first marker
of older mail is dropped: `>` lines, "On … wrote:" in the languages we read, Outlook's
"From:/Sent:" header blocks, forwarded-message banners, the `-- ` signature delimiter,
"sent from my phone" lines and a closing greeting ("Best regards," …) with what follows it.
"""

from __future__ import annotations

import re

#: A line that by itself announces quoted or forwarded mail below it.
_BANNER = re.compile(
    r"^\s*(?:"
    r"-{2,}\s*(?:original message|forwarded message|opprinnelig melding|videresendt melding|"
    r"oprindelig meddelelse|videresendt meddelelse|ursprungligt meddelande|"
    r"vidarebefordrat meddelande|ursprüngliche nachricht|weitergeleitete nachricht)\s*-{2,}"
    r"|_{10,}"
    r"|begin forwarded message:"
    r"|start of forwarded message"
    r")\s*$",
    re.IGNORECASE,
)
#: "On Mon, 2 Mar 2026 at 10:00, Ann <ann@x> wrote:" and its relatives; may wrap onto 2 lines.
_ATTRIBUTION = re.compile(
    r"^\s*(?:on|den|am|le|el|op|tirs|man|ons|tors|fre|lør|søn|mån|tis|tors|lör|sön|mon|tue|wed|"
    r"thu|fri|sat|sun|\d)\b.{0,250}\b(?:wrote|skrev|schrieb|a écrit|escribió|schreef|kirjoitti)"
    r"(?:\s+følgende)?\s*:\s*$",
    re.IGNORECASE,
)
_WROTE_ANYWHERE = re.compile(
    r"\b(?:wrote|skrev|schrieb)\s*:\s*$|<[^<>\s]+@[^<>\s]+>\s*(?:wrote|skrev|schrieb)?\s*:\s*$",
    re.IGNORECASE,
)
_WROTE = ("wrote", "skrev", "schrieb", "a écrit", "escribió", "schreef", "kirjoitti")
#: The first line of a header block pasted by Outlook and friends.
_HEADER_FROM = re.compile(r"^\s*\*?(?:from|fra|frå|från|von|de)\s*:\*?\s+\S", re.IGNORECASE)
_HEADER_NEXT = re.compile(
    r"^\s*\*?(?:sent|date|to|cc|subject|sendt|dato|til|emne|skickat|datum|till|ämne|"
    r"gesendet|an|betreff|envoyé|objet)\s*:",
    re.IGNORECASE,
)
#: Signature delimiter ("-- ") and mobile taglines.
_SIGNATURE = re.compile(
    r"^(?:--|—|__)\s*$"
    r"|^\s*(?:sent from my|sendt fra min|skickat från min|sendt fra|von meinem|gesendet von|"
    r"get outlook for|hent outlook for|skaffa outlook för|holen sie sich outlook)\b",
    re.IGNORECASE,
)
#: A closing greeting on its own line: the name, title and disclaimers follow it.
_CLOSING = re.compile(
    r"^\s*(?:best|kind|warm|warmest|with best|with kind|yours|all the best|kindest)?\s*"
    r"(?:regards|sincerely|faithfully)[,.!]?\s*$"
    r"|^\s*(?:best wishes|yours sincerely|yours truly|yours faithfully)[,.!]?\s*$"
    r"|^\s*(?:med\s+)?(?:vennlig|venlig|venleg|vänlig|vänliga|varm|vennlige|venlige|beste|bästa|"
    r"hjertelig|hjarteleg|hjärtliga|många)?\s*"
    r"(?:hilsen|hilsener|hilsner|helsing|helsingar|hälsning|hälsningar)[,.!]?\s*$"
    r"|^\s*(?:mvh|m\.v\.h\.|mvh\.|vh|mvg)[,.!]?\s*$"
    r"|^\s*(?:mit\s+)?(?:freundlichen|freundliche|besten|beste|viele|liebe|herzliche|schöne)\s+"
    r"(?:grüßen|grüße|gruessen|gruesse|grüssen|grüsse)[,.!]?\s*$"
    r"|^\s*(?:lg|vg|mfg|gruß|grüße)[,.!]?\s*$",
    re.IGNORECASE,
)
#: Closings that also open sentences ("Thanks!"): trusted only right above a short name block.
_WEAK_CLOSING = re.compile(
    r"^\s*(?:cheers|thanks|thank you|many thanks|thanks again|best|take care|takk|tack|tak|"
    r"danke|dankeschön|vielen dank)[,.!]?\s*$",
    re.IGNORECASE,
)


def _is_header_block(lines: list[str], i: int) -> bool:
    """An Outlook-style "From: … / Sent: … / To: …" block starting at line `i`."""
    if not _HEADER_FROM.match(lines[i]):
        return False
    following = [line for line in lines[i + 1 : i + 6] if line.strip()]
    return sum(1 for line in following[:4] if _HEADER_NEXT.match(line)) >= 2


def _history_start(lines: list[str]) -> int:
    """Index of the first line of quoted or forwarded history (len(lines) if none)."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if stripped.startswith(">") and i > 0:
            # The attribution line often sits right above the first quoted line.
            start = i
            while start > 0 and not lines[start - 1].strip():
                start -= 1
            if start > 0 and _WROTE_ANYWHERE.search(lines[start - 1]):
                start -= 1
            return start
        if _BANNER.match(line) or _is_header_block(lines, i):
            return i
        if _ATTRIBUTION.match(line):
            return i
        wrapped = i + 1 < len(lines) and _ATTRIBUTION.match(f"{line} {lines[i + 1].strip()}")
        if wrapped and lines[i + 1].strip().lower().rstrip(":").endswith(_WROTE):
            return i
    return len(lines)


def _signature_start(lines: list[str]) -> int:
    """Index where the signature begins (len(lines) if none found)."""
    for i, line in enumerate(lines):
        if i == 0:
            continue
        if _SIGNATURE.match(line) or (len(line) <= 48 and _CLOSING.match(line)):
            return i
        if _WEAK_CLOSING.match(line):
            rest = [r for r in lines[i + 1 :] if r.strip()]
            if len(rest) <= 3 and all(len(r) <= 60 for r in rest):
                return i
    return len(lines)


def strip_quotes(text: str) -> str:
    """Drop quoted and forwarded history; keep the new text at the top."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[0].lstrip().startswith(">"):
        # Bottom-posting: new text follows the quote; keep the lines that are not quoted.
        return "\n".join(line for line in lines if not line.lstrip().startswith(">")).strip()
    return "\n".join(lines[: _history_start(lines)]).strip()


def strip_signature(text: str) -> str:
    """Drop the signature and closing greeting, keeping what comes before them."""
    lines = text.split("\n")
    return "\n".join(lines[: _signature_start(lines)]).strip()


def own_text(text: str) -> str:
    """The words the sender wrote in this message: no quoted history, no signature."""
    return strip_signature(strip_quotes(text))


#: A salutation line: "Hi Kari," "Dear Ms Berg," "Hei!" "Hallo Herr Meier,".
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|good (?:morning|afternoon|day)|greetings|hei|hallo|heisann|"
    r"hej|kære|kjære|bästa|god morgen|god dag|goddag|guten (?:tag|morgen)|sehr geehrte[rs]?|"
    r"liebe[rs]?|moin|servus|grüß gott)\b[^.!?\n]{0,60}[,!:]?\s*$",
    re.IGNORECASE,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
#: An opening courtesy that says nothing about where things stand ("Thanks for coming in!").
_PLEASANTRY = re.compile(
    r"^\s*(?:thanks?|thank you|many thanks|hope|i hope|takk|tusen takk|håper|tack|hoppas|tak|"
    r"håber|danke|vielen dank|ich hoffe|wir hoffen|great|lovely|nice|flott|fint|kjekt|så bra|"
    r"schön|toll)\b",
    re.IGNORECASE,
)


def gist(text: str, fallback: str = "", limit: int = 140) -> str:
    """One line that says what a message is about: its first real sentence.

    The greeting is skipped; a very short first sentence takes the next one along. Falls back
    to `fallback` (the subject) when the message has no text of its own.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()]
    while lines and _GREETING.match(lines[0]):
        lines.pop(0)
    flat = " ".join(" ".join(lines).split())
    if not flat:
        flat = " ".join(fallback.split())
    sentences = _SENTENCE_END.split(flat)
    while len(sentences) > 1 and _PLEASANTRY.match(sentences[0]) and len(sentences[0]) < 70:
        sentences.pop(0)
    summary = sentences[0] if sentences else ""
    if len(summary) < 25 and len(sentences) > 1:
        summary = f"{summary} {sentences[1]}"
    if len(summary) > limit:
        summary = summary[: limit - 1].rstrip() + "…"
    return summary


_FORWARD_FROM = re.compile(
    r"^\s*>?\s*\*?(?:from|fra|frå|från|von|de|van)\s*:\*?\s*(?P<who>.+?)\s*$",
    re.IGNORECASE | re.MULTILINE,
)
_ADDRESS = re.compile(
    r"(?P<name>[^<>\n]*?)\s*[<\[(]?(?:mailto:)?(?P<email>[\w.+'-]+@[\w-]+(?:\.[\w-]+)+)"
)


def forwarded_senders(text: str) -> list[tuple[str, str]]:
    """(name, address) of the people whose mail is forwarded or quoted in a header block.

    A friend who forwards "Tor would like to meet you" sends from their own address; the
    employer's address is in the forwarded header ("From: Tor <tor@employer.example>").
    """
    if not _FORWARD_FROM.search(text):
        return []
    lines = text.replace("\r\n", "\n").split("\n")
    start = _history_start(lines)
    if start >= len(lines):
        return []
    found: list[tuple[str, str]] = []
    for match in _FORWARD_FROM.finditer("\n".join(lines[start:])):
        address = _ADDRESS.search(match.group("who"))
        if address:
            name = address.group("name").strip().strip('"').strip()
            pair = (name, address.group("email").lower())
            if pair not in found:
                found.append(pair)
    return found
