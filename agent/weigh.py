"""How the two readers of a message are weighed: the rules of `classify.py` and the learned
model of `learned.py`.

Where they agree the decision is sure; where they disagree it is sure only when the model is
all but certain and nothing decisive is at stake, so that a doubtful change goes to the
person. The figures behind each threshold were measured on batches of mail the model had not
seen (`python -m agent.training --leave-one-out`, and the first runs in
tests/corpus_blind/README.md).
"""

from __future__ import annotations

from dataclasses import replace

from agent.classify import MIN_SCORE, Classification, Texts
from agent.learned import Reading, features, shipped_model
from agent.models import Category, Message
from agent.transitions import REPLIES

#: What the rules' verdict adds to the learned model's probability of the same category.
#: Measured leave-one-corpus-out, the two together beat either alone: where they agree they
#: are right 99 times in 100, and where they disagree the model is right more often.
RULES_WEIGHT = 0.5
#: Below this probability for its best category the model has not recognised the message (a
#: line or two, or a kind of mail it never saw): the rules decide alone.
MODEL_SURE = 0.7
#: How sure the model must be to overrule a category the rules found said.
OVERRULE = 0.9
#: How sure the model must be that mail is about nothing in particular to overrule the rules.
RECOGNISED = 0.95
#: Where the model decides against (or without) the rules, a probability at or below this
#: is worth no confidence at all.
ALONE_FLOOR = 0.8
#: The most a decision can be sure of when the model overrules a refusal or an offer.
OVERRULED_DECISIVE = 0.5
#: What closes an application or changes its course: a doubt about these stays a doubt.
DECISIVE = frozenset({Category.REJECTION, Category.OFFER})


def model_features(message: Message, texts: Texts) -> set[str]:
    """What the learned model reads of a message: the same subject and own text as the rules."""
    domain = message.sender.email.rpartition("@")[2] if message.sender else ""
    return features(texts.subject, texts.body, domain.lower(), message.headers)


def combine(rules: Classification, reading: Reading) -> Classification:
    """The rules' verdict and the model's probabilities, weighed together. Agreement gives a
    high confidence; disagreement a low one, so it goes to the person when it matters."""
    best = reading.category
    if _model_abstains(rules, reading):
        unsure = f"model: unsure ({best} {reading.probabilities[best]:.2f}), the rules decide"
        return replace(rules, reasons=(*rules.reasons, unsure))
    # "Unrelated" because no rule fired is no verdict to weigh: the model reads alone then.
    said_something = any(score >= MIN_SCORE for score in rules.scores.values())
    weight = RULES_WEIGHT if said_something else 0.0
    scores = _weighed(rules, reading, weight)
    # On a tie the cautious reading wins, as with the rules alone.
    category = min(scores, key=lambda c: (-scores[c], c is not Category.UNRELATED))
    probability = reading.probabilities.get(category, 0.0)
    words = ", ".join(f"'{w}'" for w in reading.strongest) if category is best else ""
    said = f"model: {category} {probability:.2f}" + (f" ({words})" if words else "")
    if category is not rules.category and said_something and probability < OVERRULE:
        # Too unsure to overrule what the rules found: their reading stands, with the doubt.
        said += f"; not sure enough to overrule the rules' {rules.category}"
        category = rules.category
    elif category is not rules.category:
        said += f"; the rules said {rules.category}"
    if category is rules.category and said_something:
        confidence = round(scores[category] / (1.0 + weight), 3)
        if _decisive_doubt(rules):
            confidence = min(confidence, rules.confidence)
    else:
        confidence = _alone(probability)
        if said_something and rules.category in DECISIVE:
            # A refusal or an offer the rules read is not overruled without asking. On unseen
            # mail the model was right more often in such disagreements, so its reading is
            # what the question proposes; a missed rejection leaves the person waiting.
            confidence = min(confidence, OVERRULED_DECISIVE)
    return Classification(category, confidence, (*rules.reasons, said), scores)


def _model_abstains(rules: Classification, reading: Reading) -> bool:
    """Whether the model leaves the decision to the rules: it is unsure, or it finds nothing
    in particular where the rules found an employer saying something (a two-line "see you
    Friday" has too few words for it). Only when it is all but certain has it recognised a
    kind of mail (a seminar, a newsletter)."""
    best = reading.category
    probability = reading.probabilities[best]
    nothing = best is Category.UNRELATED and probability < RECOGNISED and rules.category in REPLIES
    return probability < MODEL_SURE or nothing


def _weighed(rules: Classification, reading: Reading, weight: float) -> dict[Category, float]:
    """Each category's probability, plus `weight` for the one the rules chose. Job alerts are
    known by their senders and headers: the model's guess of one would take mail off the
    application it was matched to, unless it is all but certain. What a rule ruled out
    ("invited you to play our game-based assessment" is no interview) stays ruled out."""
    excluded = {c for c, score in rules.scores.items() if score < 0}
    alert = reading.probabilities.get(Category.JOB_ALERT, 0.0)
    if rules.category is not Category.JOB_ALERT and alert < RECOGNISED:
        excluded.add(Category.JOB_ALERT)
    scores = {
        c: p + (weight if c is rules.category else 0.0)
        for c, p in reading.probabilities.items()
        if c not in excluded
    }
    scores.setdefault(rules.category, weight)
    return scores


def _alone(probability: float) -> float:
    """The confidence of the model's reading alone. Measured on corpora it never saw, it was
    right 95 times in 100 at 0.99 and about half the time below 0.9: scaled to that."""
    return round(max(0.0, (probability - ALONE_FLOOR) / (1.0 - ALONE_FLOOR)), 3)


def _decisive_doubt(rules: Classification) -> bool:
    """Whether the rules saw a refusal or an offer they did not choose: a doubt only the
    person settles, whatever the model says, since a missed rejection leaves the person
    waiting. A refusal both readers choose over the interview it mentions is no such doubt."""
    return any(
        score >= MIN_SCORE and c is not rules.category and c in DECISIVE
        for c, score in rules.scores.items()
    )


def with_model(rules: Classification, message: Message, texts: Texts) -> Classification:
    """The rules' reading weighed with the shipped model's reading of the same texts."""
    return combine(rules, shipped_model().read(model_features(message, texts)))
