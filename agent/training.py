"""Train the learned reader (`learned.py`) on labelled corpora, and measure it honestly.

    python -m agent.training CORPUS...                  # write agent/data/category_model.json
    python -m agent.training --leave-one-out CORPUS...  # score each corpus by a model that
                                                        # never saw it

Training is deterministic: the same corpora give the same file, byte for byte. The file
records a fingerprint of what it was trained on, so a test can tell when a corpus was added
or changed without retraining.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from agent.calendars import first_invite
from agent.classify import Classification, read_rules, texts_of
from agent.evaluate import read_labels, read_messages
from agent.learned import MODEL_FILE, Model
from agent.models import Category
from agent.pipeline import read_message, readable_body, sender_zone
from agent.quoting import own_text
from agent.weigh import combine, model_features

#: Passes over the examples, and the step of each update.
EPOCHS = 12
RATE = 0.2
#: A feature must occur in this many training messages to be learned: one seen once is a
#: name or a date, not a way of saying something.
MIN_COUNT = 3
#: A feature found in more than this share of the messages is a word of the language ("the",
#: "og"), not of a category: it says which language, and learns a bias of the corpora.
MAX_SHARE = 0.2
#: Weights are stored to this many decimals (smaller file, same decisions).
DECIMALS = 4
SEED = 1
#: How far the training evens out the categories' sizes (0: not at all, 1: fully).
BALANCE = 0.5
#: Each time a message is learned from, its words' weights shrink by RATE times this (L2
#: regularisation, applied where the gradient is): common words ("are", "it") seen in every
#: category then weigh little, and a short plain sentence is not read with false certainty.
#: Leave one batch out, 0.001 scored as well as none or better; 0.01 worse.
WEIGHT_DECAY = 0.001
DEFAULT_OUT = Path(__file__).parent / "data" / MODEL_FILE


@dataclass(frozen=True)
class Example:
    corpus: str
    file: str
    features: frozenset[str]
    category: Category
    #: What the rules alone said (for the leave-one-out report).
    rules: Classification


def examples(corpus: Path) -> list[Example]:
    """The corpus's labelled inbound messages, as the classifier sees them."""
    labels = read_labels(corpus) or {}
    found = []
    for item in read_messages(corpus):
        label = labels.get(item.message_id or "")
        if item.outbound or label is None:
            continue
        message = read_message(item.data)
        texts = texts_of(message, own_text(readable_body(message)))
        rules = read_rules(message, texts, first_invite(message.calendars, sender_zone(message)))
        found.append(
            Example(
                corpus.name,
                item.file,
                frozenset(model_features(message, texts)),
                Category(label.category),
                rules,
            )
        )
    return found


def fingerprint(corpora: Sequence[Path]) -> str:
    """A digest of every labelled file the model learns from."""
    digest = hashlib.sha256()
    for corpus in sorted(corpora, key=lambda p: p.name):
        for path in sorted([corpus / "labels.csv", *corpus.glob("INBOX/*.eml")]):
            digest.update(f"{corpus.name}/{path.relative_to(corpus).as_posix()}\0".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def train(found: Sequence[Example]) -> Model:
    """Multinomial logistic regression by stochastic gradient descent, in a fixed order."""
    categories = tuple(sorted({e.category for e in found}, key=str))
    counts = Counter(f for e in found for f in e.features)
    most = MAX_SHARE * len(found)
    vocabulary = sorted(f for f, n in counts.items() if MIN_COUNT <= n <= most)
    index = {f: i for i, f in enumerate(vocabulary)}
    bias_row = len(vocabulary)
    rows = [
        (
            [*sorted(index[f] for f in e.features if f in index), bias_row],
            categories.index(e.category),
        )
        for e in found
    ]
    weights = [[0.0] * len(categories) for _ in range(bias_row + 1)]
    # Rare categories (offers) weigh more per example, so that macro-F1, which counts every
    # category alike, is what the training serves.
    sizes = Counter(truth for _, truth in rows)
    balance = {c: (len(rows) / (len(sizes) * n)) ** BALANCE for c, n in sizes.items()}
    shuffle = random.Random(SEED)
    keep = 1.0 - RATE * WEIGHT_DECAY
    for _ in range(EPOCHS):
        shuffle.shuffle(rows)
        for active, truth in rows:
            rate = RATE * balance[truth]
            sums = [sum(weights[i][c] for i in active) for c in range(len(categories))]
            top = max(sums)
            exps = [math.exp(s - top) for s in sums]
            total = sum(exps)
            for i in active[:-1]:  # the last is the bias, which is not shrunk
                weights[i] = [w * keep for w in weights[i]]
            for c, e in enumerate(exps):
                step = rate * (e / total - (1.0 if c == truth else 0.0))
                if abs(step) < 1e-5:
                    continue
                for i in active:
                    weights[i][c] -= step
    kept = {
        f: tuple(round(w, DECIMALS) for w in weights[i])
        for f, i in index.items()
        if max(abs(w) for w in weights[i]) >= 10**-DECIMALS
    }
    bias = tuple(round(w, DECIMALS) for w in weights[bias_row])
    return Model(categories, bias, kept)


def macro_f1(pairs: Sequence[tuple[Category, Category]]) -> float:
    """Mean F1 over the true categories of (guess, truth) pairs."""
    scores = []
    for category in {truth for _, truth in pairs}:
        hit = sum(1 for g, t in pairs if g == category and t == category)
        guessed = sum(1 for g, _ in pairs if g == category)
        actual = sum(1 for _, t in pairs if t == category)
        scores.append(2 * hit / (guessed + actual) if guessed + actual else 0.0)
    return sum(scores) / len(scores) if scores else 0.0


def leave_one_out(corpora: Sequence[Path]) -> None:
    """Score each corpus with a model trained on all the others, and pool the results. The
    rules were written with these corpora in view, so their figure here is optimistic."""
    by_corpus = {c.name: examples(c) for c in corpora}
    pooled: dict[str, list[tuple[Category, Category]]] = {"rules": [], "model": [], "both": []}
    for name, held_out in by_corpus.items():
        model = train([e for other, found in by_corpus.items() if other != name for e in found])
        for e in held_out:
            reading = model.read(set(e.features))
            pooled["rules"].append((e.rules.category, e.category))
            pooled["model"].append((reading.category, e.category))
            pooled["both"].append((combine(e.rules, reading).category, e.category))
        sys.stderr.write(f"{name}: model {macro_f1(pooled['model'][-len(held_out) :]):.3f}\n")
    for what, pairs in pooled.items():
        right = sum(1 for g, t in pairs if g == t) / len(pairs)
        sys.stdout.write(
            f"{what:6s} macro-F1 {macro_f1(pairs):.3f}  accuracy {right:.3f}  ({len(pairs)} messages)\n"
        )


def write(corpora: Sequence[Path], out: Path) -> None:
    found = [e for c in corpora for e in examples(c)]
    model = train(found)
    data = {
        "trained_on": sorted(c.name for c in corpora),
        "fingerprint": fingerprint(corpora),
        "messages": len(found),
        **model.as_json(),
    }
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(
        json.dumps(data, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8"
    )
    sys.stdout.write(
        f"{out}: {len(model.weights)} features from {len(found)} messages in {len(corpora)} corpora\n"
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m agent.training", description=__doc__.split("\n")[0]
    )
    parser.add_argument("corpora", nargs="+", type=Path, help="corpus directories with labels.csv")
    parser.add_argument("--leave-one-out", action="store_true", help="report, do not write")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the model")
    args = parser.parse_args(argv)
    if args.leave_one_out:
        leave_one_out(args.corpora)
    else:
        write(args.corpora, args.out)


if __name__ == "__main__":
    main()
