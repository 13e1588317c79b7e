"""The learned reader: its features, its training, and how its reading weighs with the rules'."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agent import training
from agent.classify import Classification, classify
from agent.config import MatchingConfig
from agent.learned import MODEL_FILE, Model, Reading, features, shipped_model
from agent.models import Address, Category, Message
from agent.training import Example
from agent.weigh import combine

C = Category
TESTS = Path(__file__).resolve().parent.parent
SHIPPED = Path(training.__file__).parent / "data" / MODEL_FILE


def message(subject: str, sender: str = "Ann <ann@acme.example>") -> Message:
    name, _, email = sender.partition(" <")
    return Message(message_id="<m@acme.example>", subject=subject, sender=Address(name, email[:-1]))


def test_features_are_words_word_pairs_the_sender_domain_and_how_it_was_sent() -> None:
    found = features(
        "your application",
        "we chose another candidate",
        "acme.example",
        {
            "list-unsubscribe": "<https://acme.example/u>",
            "received": "from mx.acme.example",
        },
    )
    assert {"application", "another candidate", "your application", "@acme.example"} <= found
    assert "list-unsubscribe=<https://acm" in found
    # Transport headers say nothing about what a message is.
    assert not any(f.startswith("received=") for f in found)
    assert not any(any(ch.isdigit() for ch in f) for f in found)


def example(category: Category, text: str) -> Example:
    rules = Classification(C.UNRELATED, 1.0)
    return Example("t", "x.eml", frozenset(features("", text, "x.example", {})), category, rules)


TINY = [
    example(C.REJECTION, "sadly we chose another candidate for the role"),
    example(C.REJECTION, "we chose another candidate whose profile fits better"),
    example(C.REJECTION, "after careful thought we chose another candidate"),
    example(C.INTERVIEW, "we would like to invite you to an interview on tuesday"),
    example(C.INTERVIEW, "please join us for an interview next week, invite attached"),
    example(C.INTERVIEW, "could you come in for an interview, we invite you on friday"),
]


def test_training_learns_what_the_examples_share_and_is_repeatable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(training, "MIN_COUNT", 2)
    monkeypatch.setattr(training, "MAX_SHARE", 1.0)
    model = training.train(TINY)
    unseen = model.read(features("", "unfortunately we chose another candidate", "y.example", {}))
    assert unseen.category is C.REJECTION
    assert unseen.strongest
    assert set(unseen.strongest) <= {
        "we",
        "chose",
        "another",
        "candidate",
        "we chose",
        "chose another",
        "another candidate",
    }
    assert (
        model.read(features("", "an interview, invite to follow", "y.example", {})).category
        is C.INTERVIEW
    )
    # A word seen once is a name, not a way of saying something: it is not learned.
    assert "sadly" not in model.weights
    assert training.train(TINY).as_json() == model.as_json()


def test_a_model_survives_its_file() -> None:
    model = training.train(TINY)
    assert Model.from_json(json.loads(json.dumps(model.as_json()))) == model


def test_the_shipped_model_was_trained_on_every_labelled_corpus_as_it_is_now() -> None:
    """Adding or changing a corpus without retraining fails here; retrain with
    `python -m agent.training tests/corpus tests/corpus_holdout tests/corpus_blind/*/`."""
    recorded = json.loads(SHIPPED.read_text(encoding="utf-8"))
    corpora = [TESTS / "corpus", TESTS / "corpus_holdout"]
    corpora += sorted(p for p in (TESTS / "corpus_blind").iterdir() if p.is_dir())
    assert recorded["trained_on"] == sorted(c.name for c in corpora)
    assert recorded["fingerprint"] == training.fingerprint(corpora)


def reading(**probabilities: float) -> Reading:
    rest = (1.0 - sum(probabilities.values())) / (len(C) - 1 - len(probabilities))
    full = {c: probabilities.get(str(c), rest) for c in C if c is not C.OUTBOUND_FOLLOWUP}
    return Reading(
        full, frozenset({"word", "other"}), {"word": 1.0, "other": -1.0}, {"word": 0, "other": 1}
    )


def rules_said(category: Category, confidence: float, **scores: float) -> Classification:
    return Classification(category, confidence, ("a rule",), {C(k): v for k, v in scores.items()})


def test_agreement_is_sure_and_explained() -> None:
    both = combine(rules_said(C.REJECTION, 0.6, rejection=2.0), reading(rejection=0.97))
    assert both.category is C.REJECTION
    assert both.confidence > 0.9
    assert both.reasons[-1] == "model: rejection 0.97 ('word')"


def test_an_unsure_model_leaves_the_decision_to_the_rules() -> None:
    rules = rules_said(C.STATUS_UPDATE, 0.9, status_update=3.0)
    both = combine(rules, reading(rejection=0.6))
    assert (both.category, both.confidence) == (C.STATUS_UPDATE, 0.9)
    assert "unsure" in both.reasons[-1]


def test_a_sure_model_reads_what_no_rule_recognised() -> None:
    # A refusal in words no rule knows: the rules found nothing to say.
    both = combine(rules_said(C.UNRELATED, 1.0, unrelated=0.5), reading(rejection=0.995))
    assert both.category is C.REJECTION
    assert both.confidence >= 0.95


def test_overruling_the_rules_is_sure_only_when_the_model_is_very_sure() -> None:
    rules = rules_said(C.ACKNOWLEDGEMENT, 0.9, acknowledgement=2.5)
    overruled = combine(rules, reading(request=0.999))
    assert overruled.category is C.REQUEST
    assert overruled.confidence > 0.9
    assert "the rules said acknowledgement" in overruled.reasons[-1]
    doubtful = combine(rules, reading(request=0.92))
    assert doubtful.category is C.REQUEST
    assert doubtful.confidence < 0.7
    # Less sure than that, it leaves the rules' reading, with its doubt.
    unsure = combine(rules, reading(request=0.85))
    assert unsure.category is C.ACKNOWLEDGEMENT
    assert unsure.confidence < 0.7
    assert "not sure enough to overrule" in unsure.reasons[-1]


def test_a_refusal_the_rules_read_is_not_overruled_without_asking() -> None:
    # "AW: Einladung zum Vorstellungsgespräch" above a refusal: the subject is the old one.
    rules = rules_said(C.REJECTION, 0.9, rejection=4.0)
    asked = combine(rules, reading(interview=0.999))
    assert asked.category is C.INTERVIEW
    assert asked.confidence < 0.7
    assert "the rules said rejection" in asked.reasons[-1]


def test_a_doubt_about_a_rejection_stays_with_the_person() -> None:
    rules = rules_said(C.INTERVIEW, 0.45, interview=4.0, rejection=3.5)
    both = combine(rules, reading(interview=0.99))
    assert both.category is C.INTERVIEW
    assert both.confidence == 0.45


def test_the_model_finding_nothing_does_not_undo_what_the_rules_found() -> None:
    rules = rules_said(C.INTERVIEW, 0.8, interview=2.7)
    both = combine(rules, reading(unrelated=0.85))
    assert (both.category, both.confidence) == (C.INTERVIEW, 0.8)
    # All but certain, it has recognised a kind of mail: a seminar's "Thursday at 8".
    assert combine(rules, reading(unrelated=0.99)).category is C.UNRELATED


def test_what_a_rule_ruled_out_stays_ruled_out() -> None:
    rules = rules_said(C.REQUEST, 0.98, request=6.0, interview=-4.5)
    assert combine(rules, reading(interview=0.999)).category is C.REQUEST


def test_the_model_makes_a_job_alert_of_matched_mail_only_when_all_but_certain() -> None:
    rules = rules_said(C.STATUS_UPDATE, 0.8, status_update=2.0)
    assert combine(rules, reading(job_alert=0.9)).category is C.STATUS_UPDATE
    assert combine(rules, reading(job_alert=0.99)).category is C.JOB_ALERT


def test_the_shipped_model_reads_the_public_corpus_as_labelled() -> None:
    """The file in the package is a trained model, read through the pipeline's own features
    (a model trained on other features, or an untrained one, reads it as noise)."""
    found = training.examples(TESTS / "corpus")
    model = shipped_model()
    right = sum(1 for e in found if model.read(set(e.features)).category is e.category)
    assert right / len(found) >= 0.95


def test_thanks_for_applying_in_a_refusal_is_no_doubt_once_the_model_agrees() -> None:
    subject = "Stillingen som konsulent"
    text = (
        "Tusen takk for søknaden din. Vi har valgt en annen profil denne gangen, men vil gjerne "
        "holde kontakten. Lykke til!"
    )
    rules = classify(message(subject), text, use_model=False)
    assert rules.category is C.REJECTION
    threshold = MatchingConfig().review_threshold
    assert rules.confidence < threshold  # the rules alone would ask
    assert classify(message(subject), text).confidence >= threshold


def test_the_training_command_writes_a_model_and_measures_one_it_kept_apart(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpora = [TESTS / "corpus", TESTS / "corpus_holdout"]
    out = tmp_path / "model.json"
    training.main([*map(str, corpora), "--out", str(out)])
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["trained_on"] == ["corpus", "corpus_holdout"]
    assert written["fingerprint"] == training.fingerprint(corpora)
    assert Model.from_json(written).categories
    capsys.readouterr()
    training.main([*map(str, corpora), "--leave-one-out"])
    report = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in report] == ["rules", "model", "both"]
    assert all("macro-F1 0." in line or "macro-F1 1." in line for line in report)
