"""Where a sender says whom they work for: "Jonas here, warehouse manager at Lagerkraft in
Nässjö", "Ich leite die Bioanalytik bei Isarlabs", or a signature block that ends
"Havørn Helikopter AS, Sola".

A hiring manager who writes from a private address is known only by this. A friend who
mentions the employer ("I had my interview at Lagerkraft today") does neither: the name is
in a sentence about somebody else, or only in the person's own mail that the friend quotes.
Only the sender's own text is read, never the quoted history.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.classify import normalise

#: "Jonas here", "Kjetil Rørvik her", "Maria Holm här": a capitalised name, then "here".
#: The word is found first (cheap); the name before it is checked only there.
_HERE = re.compile(r" (?:here|her|här|hier)\b")
_NAME_BEFORE = re.compile(r"(?<![^\W\d_])[A-ZÆØÅÄÖÜ][^\W\d_]+(?: [A-ZÆØÅÄÖÜ][^\W\d_]+)?$")
NAME_REACH = 40
#: "I'm …", "Jeg er …", "mein Name ist …", "I manage …", "ich leite …"; and an agency's
#: "on behalf of …", "på uppdrag av …", "im Auftrag meiner Mandantin, der …". Matched on
#: lower-cased text: a case-blind pattern of this size is several times slower.
_I_AM = re.compile(
    r"\b(?:i'm|i am|jeg er|eg er|jag är|ich bin|my name is|mein name ist|mitt navn er"
    r"|mit navn er|mitt namn är|mitt namn er|jag heter|jeg heter|eg heiter|jeg hedder|ich heiße"
    r"|(?:i|jeg|eg|jag|ich) (?:manage|lead|run|head|work|leder|leiar|leier|leite|arbeite"
    r"|jobber|jobbar|arbejder|arbeider|ansvarar|har ansvar|er ansvarlig|är ansvarig"
    r"|bin verantwortlich)"
    r"|on behalf|recruiting|hiring|på uppdrag|på vegne|på vegner|im auftrag|rekryterar"
    r"|rekrutterer|rekrytterer)\b"
)
#: "We are helping Lyra Konserthus to recruit …": the employer named right after "helping".
_HELPING = re.compile(
    r"\b(?:helping|help|hjälper|hjelper|hjælper|unterstützen|unterstütze)\s+(?P<who>[^.!?]{2,50}?)"
    r"\s+(?:att|å|at|to|med|with|bei|dabei)\s+(?:rekrytera|rekruttere|recruit|hire|find|finne|hitta"
    r"|finde|rekryteringen|rekrutteringen|der suche|der besetzung)"
)
#: How far after the introduction the employer may be named, within the same sentence.
INTRO_REACH = 150
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n\s*\n")
#: Signature lines are short, in the last few lines, and are no sentence.
SIGNATURE_LINES = 8
SIGNATURE_WIDTH = 80
SIGNATURE_WORDS = 10


#: The employer follows a preposition: "… at Quillstack", "… på Lagerkraft", "… bei Isarlabs".
_PREPOSITION = re.compile(
    r"\b(?:at|with|for|from|in|of|på|paa|i|hos|ved|fra|frå|för|från|av|af|åt|bei|von|für|der"
    r"|til|till)\s+(?:the\s+)?"
    r"(?:(?:our|my|vår|vores|unserer|unseres|meiner|meines)\s+"
    r"(?:client|kund|kunde|kundin|kunden|mandantin|mandanten),?\s+(?:der\s+|des\s+)?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class SelfDescription:
    """What the sender says of themself, normalised as matching reads text."""

    #: What follows each preposition in a self-introduction: "lagerkraft i nässjö", …
    placed_at: tuple[str, ...] = ()
    #: The signature block's lines, one per line.
    signature: str = ""

    def names(self, pattern: re.Pattern[str], *, anywhere: bool = True) -> bool:
        """Whether the sender places themself at what `pattern` names: right after the
        preposition of an introduction, or in a signature line (at its start only, unless
        `anywhere`: a company's first word, "Helse", may be part of another name)."""
        if any(pattern.match(place) for place in self.placed_at):
            return True
        if anywhere:
            return bool(self.signature and pattern.search(self.signature))
        return any(pattern.match(line) for line in self.signature.splitlines())


def introductions(written: str) -> list[str]:
    """The rest of each sentence in which the sender introduces themself, lower-cased."""
    lower = written.lower()
    ends = [
        here.end()
        for here in _HERE.finditer(written)
        if _NAME_BEFORE.search(written, max(0, here.start() - NAME_REACH), here.start())
    ]
    ends += [intro.end() for intro in _I_AM.finditer(lower)]
    found = []
    for end in ends:
        after = lower[end : end + INTRO_REACH]
        stop = _SENTENCE_END.search(after)
        found.append(after[: stop.start()] if stop else after)
    return found


#: A line that closes the text: the signature follows it ("Mvh", "Best regards", "/Jonas",
#: "--", "Mit herzlichen Grüssen aus Lausanne", "Kram").
_CLOSING_LINE = re.compile(
    r"^(?:--|—|__)\s*$|^/\s*[^\W\d_]"
    r"|^(?:mvh|m\.v\.h\.?|vh|hilsen|hilsener|hilsner|helsing|helsingar|hälsning(?:ar)?|hälsningar"
    r"|(?:med )?(?:vennlig|venlig|venleg|vänlig|vänliga|bästa|beste|varme|varma) (?:hilsen|helsing"
    r"|hälsning(?:ar)?)|regards|best regards|kind regards|warm regards|best wishes|all the best"
    r"|best|cheers|thanks|many thanks|thank you|takk|tack|tak|allt gott|kram|klem|knus|sincerely"
    r"|yours|(?:mit )?(?:freundlichen|freundliche|viele|beste|besten|schöne|liebe|herzliche|herzlichen)"
    r" (?:grüßen|grüße|grüssen|grüsse)|herzlich|lg|vg|mfg|gruß|grüße|grüsse)\b",
    re.IGNORECASE,
)


def signature_lines(written: str) -> list[str]:
    """The short lines that follow the sender's closing: name, title, employer, address.
    Without a closing there is no signature to read: a short note's last line may as well
    be a sentence about someone else's employer."""
    lines = [line.strip() for line in written.splitlines() if line.strip()]
    start = max(1, len(lines) - SIGNATURE_LINES - 4)
    closings = [i for i in range(start, len(lines)) if _CLOSING_LINE.match(lines[i])]
    if not closings:
        return []
    return [
        line
        for line in lines[closings[-1] : closings[-1] + SIGNATURE_LINES]
        if len(line) <= SIGNATURE_WIDTH
        and len(line.split()) <= SIGNATURE_WORDS
        and not line.endswith((".", "!", "?", ":"))
    ]


def describe(written: str) -> SelfDescription:
    """Read the sender's new text (quoted history already cut, as by `strip_quotes`) for
    where they say they work."""
    places = [
        normalise(sentence[found.end() :])
        for sentence in introductions(written)
        for found in _PREPOSITION.finditer(sentence)
    ]
    places += [normalise(found.group("who")) for found in _HELPING.finditer(written.lower())]
    signature = "\n".join(normalise(line) for line in signature_lines(written))
    return SelfDescription(tuple(places), signature)
