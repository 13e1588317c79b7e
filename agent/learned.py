"""A second reader of a message: a small learned model over its words.

The rules in `rules.py` know phrases; every author of test mail brought new ones. This model
knows which words and word pairs went with which category across all the labelled mail in the
project's corpora (a multinomial logistic regression, trained by `agent.training`), so it
recognises a refusal it was never told the phrasing of. It runs locally from a JSON file in
the package, and it can say which words drove its reading.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from itertools import pairwise

from agent.models import Category

#: Only the start of what the sender wrote is read, as by the rules.
TEXT_LIMIT = 3000
#: Headers whose presence (and the start of whose value) say how a message was sent.
STRUCTURAL_HEADERS = ("list-unsubscribe", "auto-submitted", "precedence", "x-autoreply")
MODEL_FILE = "category_model.json"

_WORD = re.compile(r"[^\W\d_]+")


def features(subject: str, text: str, sender_domain: str, headers: Mapping[str, str]) -> set[str]:
    """What the model looks at: the words and word pairs of the (normalised) subject and own
    text, the sender's domain, and how the message was sent."""
    words = _WORD.findall(f"{subject} | {text[:TEXT_LIMIT]}")
    found = set(words)
    found.update(map(" ".join, pairwise(words)))
    found.add(f"@{sender_domain}")
    for name in STRUCTURAL_HEADERS:
        if name in headers:
            found.add(f"{name}={headers[name][:12].lower()}")
    return found


@dataclass(frozen=True)
class Reading:
    """The model's probability per category, and what it found that it knows."""

    probabilities: Mapping[Category, float]
    #: The features of the message the model knows.
    known: frozenset[str] = frozenset()
    #: How much more each feature weighs on the best category than on average, and the
    #: features' order by that (ties, features only ever seen together, by name).
    leaning: Mapping[str, float] = field(default_factory=dict)
    rank: Mapping[str, int] = field(default_factory=dict)

    @property
    def category(self) -> Category:
        return max(self.probabilities, key=lambda c: self.probabilities[c])

    @property
    def strongest(self) -> tuple[str, ...]:
        """The (at most four) features that spoke most for the best category."""
        ranked = sorted(self.known, key=self.rank.__getitem__)[:4]
        return tuple(f for f in ranked if self.leaning[f] > 0)


@dataclass(frozen=True)
class Model:
    categories: tuple[Category, ...]
    bias: tuple[float, ...]
    weights: Mapping[str, tuple[float, ...]]

    @cached_property
    def _leanings(self) -> list[dict[str, float]]:
        """Per category, how much more each feature weighs on it than on average:
        "unfortunately" weighs on several categories, "other candidates" on one."""
        count = len(self.categories)
        means = {f: sum(row) / count for f, row in self.weights.items()}
        return [{f: row[i] - means[f] for f, row in self.weights.items()} for i in range(count)]

    @cached_property
    def _ranks(self) -> list[dict[str, int]]:
        return [
            {f: n for n, f in enumerate(sorted(leaning, key=lambda f: (-leaning[f], f)))}
            for leaning in self._leanings
        ]

    @cached_property
    def _vocabulary(self) -> frozenset[str]:
        return frozenset(self.weights)

    def read(self, found: set[str]) -> Reading:
        weights = self.weights
        known = self._vocabulary & found
        columns = (
            zip(*map(weights.__getitem__, known), strict=True) if known else [()] * len(self.bias)
        )
        sums = [b + sum(column) for b, column in zip(self.bias, columns, strict=True)]
        top = max(sums)
        exps = [math.exp(s - top) for s in sums]
        total = sum(exps)
        probabilities = {c: e / total for c, e in zip(self.categories, exps, strict=True)}
        best = sums.index(top)
        return Reading(probabilities, known, self._leanings[best], self._ranks[best])

    def as_json(self) -> dict[str, object]:
        return {
            "categories": [str(c) for c in self.categories],
            "bias": list(self.bias),
            "weights": {f: list(w) for f, w in sorted(self.weights.items())},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, object]) -> Model:
        categories = tuple(Category(c) for c in data["categories"])  # type: ignore[attr-defined]
        bias = tuple(float(b) for b in data["bias"])  # type: ignore[attr-defined]
        weights = {f: tuple(map(float, w)) for f, w in data["weights"].items()}  # type: ignore[attr-defined]
        return cls(categories, bias, weights)


@cache
def shipped_model() -> Model:
    """The model trained on the project's corpora, read once per process."""
    text = resources.files("agent").joinpath("data", MODEL_FILE).read_text(encoding="utf-8")
    return Model.from_json(json.loads(text))
