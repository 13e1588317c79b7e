"""A cheap first look before running some 950 regular expressions over the same text.

For each pattern we work out literal strings ("needles") one of which every match must
contain, and how far into a match such a needle can begin. One Aho-Corasick scan of the text
finds every needle that occurs and where. A pattern none of whose
needles occur is not run at all; one whose needle starts every match is tried only where the
needle is; one whose needle lies a bounded distance into a match is searched from shortly
before the first needle. Patterns without usable needles run in full, so the result is
exactly what running every pattern over the whole text gives.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import ahocorasick

#: The parser behind `re` (public as `sre_parse` until 3.11, `re._parser` since).
_sre_parse: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

#: Needles shorter than this filter too little to be worth looking for.
MIN_NEEDLE = 3

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT)}


@dataclass(frozen=True)
class _Needles:
    strings: frozenset[str]
    #: How far into a match a needle can begin at most (0: every match starts with one;
    #: None: no bound).
    offset: int | None


def _usable(found: _Needles) -> bool:
    return min(len(n) for n in found.strings) >= MIN_NEEDLE


def _width(items: Sequence[tuple[Any, Any]]) -> int | None:
    """The most characters these items can take (None: unbounded)."""
    widest = int(_sre_parse.SubPattern(_sre_parse.State(), list(items)).getwidth()[1])
    return None if widest >= _c.MAXREPEAT else widest


def _shift(offset: int | None, by: int | None) -> int | None:
    return None if offset is None or by is None else offset + by


#: Needles this long are rare enough; beyond it, closeness to the match start counts more.
RARE_ENOUGH = 7


def _rank(found: _Needles) -> tuple[bool, int, int, int]:
    """Prefer needles at a bounded distance from where a match begins (they spare scanning
    the rest of the text), then long ones (rare words find few places), then close ones."""
    shortest = min(len(n) for n in found.strings)
    bounded = found.offset is not None
    return (bounded, min(shortest, RARE_ENOUGH), -(found.offset or 0), -len(found.strings))


def _sequence(items: Sequence[tuple[Any, Any]]) -> _Needles | None:
    """Needles for a concatenation: its best literal run or mandatory part."""
    candidates: list[_Needles] = []
    run: list[str] = []
    run_start = 0

    def flush() -> None:
        if run:
            candidates.append(_Needles(frozenset({"".join(run)}), _width(items[:run_start])))
            run.clear()

    for position, (op, arg) in enumerate(items):
        if op is _c.LITERAL:
            if not run:
                run_start = position
            run.append(chr(arg))
            continue
        if op is _c.AT:  # \b, ^, $ take no room: a literal run goes on around them
            continue
        flush()
        found: _Needles | None = None
        if op is _c.SUBPATTERN:
            found = _sequence(arg[-1])
        elif op is _c.BRANCH:
            alternatives = [_sequence(alt) for alt in arg[1]]
            if all(a is not None for a in alternatives):
                offsets = [a.offset for a in alternatives if a is not None]
                bound = None if None in offsets else max(o for o in offsets if o is not None)
                strings = frozenset().union(*(a.strings for a in alternatives if a is not None))
                found = _Needles(strings, bound)
        elif op in _REPEATS and arg[0] >= 1:
            found = _sequence(arg[2])
        if found is not None:
            candidates.append(
                _Needles(found.strings, _shift(found.offset, _width(items[:position])))
            )
    flush()
    usable = [c for c in candidates if _usable(c)]
    return max(usable, key=_rank) if usable else None


def needles(pattern: str) -> tuple[frozenset[str], int | None] | None:
    """Literal strings one of which every match of `pattern` contains, and how far into a
    match they can begin at most (None: no bound); None when they cannot be worked out."""
    found = _sequence(list(_sre_parse.parse(pattern)))
    return (found.strings, found.offset) if found else None


class Prefilter:
    """Which of a list of patterns can match a text, and where to look for a match."""

    def __init__(self, patterns: Sequence[str]) -> None:
        self.always: list[int] = []
        #: Per pattern: how far before a needle a match can begin (None: anywhere).
        self.offsets: list[int | None] = []
        rules_of: dict[str, list[int]] = {}
        for number, pattern in enumerate(patterns):
            found = needles(pattern)
            self.offsets.append(found[1] if found else None)
            if found is None:
                self.always.append(number)
                continue
            for needle in found[0]:
                rules_of.setdefault(needle, []).append(number)
        #: Every needle, found wherever it occurs (overlapping ones too) in one pass over the
        #: text: Aho-Corasick, where a regular expression of 1,700 alternatives tried at each
        #: position took four times as long.
        self.automaton: Any = None
        if rules_of:
            self.automaton = ahocorasick.Automaton()
            for needle, numbers in rules_of.items():
                self.automaton.add_word(needle, (len(needle) - 1, tuple(numbers)))
            self.automaton.make_automaton()

    def scan(self, text: str) -> dict[int, list[int]]:
        """Patterns worth running on `text`, each with the places its needles were found in
        ascending order (empty for the patterns that always run)."""
        hits: dict[int, list[int]] = {number: [] for number in self.always}
        if self.automaton is None:
            return hits
        for end, (length_less_one, numbers) in self.automaton.iter(text):
            start = end - length_less_one
            for number in numbers:
                hits.setdefault(number, []).append(start)
        # Occurrences come in the order they end; a longer needle may start earlier.
        for places in hits.values():
            places.sort()
        return hits

    def search(
        self, number: int, regex: re.Pattern[str], text: str, places: list[int]
    ) -> re.Match[str] | None:
        """The same result as `regex.search(text)`, looking only where a match can be."""
        offset = self.offsets[number]
        if not places or offset is None:
            return regex.search(text)
        if offset == 0:
            for start in places:
                found = regex.match(text, start)
                if found:
                    return found
            return None
        # A match begins at most `offset` before a needle, so not before the first one.
        return regex.search(text, max(0, places[0] - offset))
