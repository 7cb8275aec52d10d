"""The learned threat weights (classifier/threat_model.py): a second opinion the curator can read."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest
from _default_classifier import default_classifier

from classifier.rules import RulesError
from classifier.threat_model import ThreatModel, features
from classifier.threat_training import fit

HOLDOUT = Path(__file__).resolve().parents[1] / "data" / "threat-holdout.csv"


def test_a_message_above_the_threshold_is_a_threat_named_by_its_heaviest_words() -> None:
    model = ThreatModel({"встретить": 1.5, "встретить_после": 2.0, "смена": 0.5, "спасибо": -3.0}, bias=-2.0,
                        threshold=0.7)
    label = model.explain(["я", "встретить", "после", "смена"])
    assert label is not None and label.startswith("exclusion:threat:model=0.88")
    assert "встретить_после +2.0" in label and "спасибо" not in label
    assert model.explain(["спасибо", "встретить", "после", "смена"]) is None


def test_with_needs_person_a_word_naming_a_person_lets_the_weights_speak() -> None:
    """«пристав», «рыбинспектор», «Петрович» name someone a threat could be aimed at, as «глава» does."""
    data = {"weights": {"пожалеть": 3.0}, "bias": -1.0, "needs": ["глава"]}
    lemmas = ["пристав", "пожалеть"]
    assert ThreatModel.from_dict(data).explain(lemmas) is None
    person = ThreatModel.from_dict({**data, "needs_person": True})
    assert person.explain(lemmas) is not None and person.explain(["петрович", "пожалеть"]) is not None
    assert person.explain(["погода", "пожалеть"]) is None


def test_a_word_weighs_as_its_class_does() -> None:
    """«обрез» never seen in the examples still weighs as a weapon; «@person» takes any word naming a person."""
    model = ThreatModel.from_dict({"weights": {"@weapon": 2.0, "@person": 1.0}, "bias": -1.5,
                                   "classes": {"weapon": ["ружье", "обрез"], "person": []}})
    assert model.explain(["обрез", "заряженный"]) is None
    label = model.explain(["пристав", "обрез"])
    assert label is not None and "@weapon +2.0" in label and "@person +1.0" in label
    assert features(["обрез"], classes=model.classes) == {"обрез", "@weapon"}


@pytest.mark.parametrize(("data", "message"), [
    ({"weights": {"убить": "много"}}, "weights: must map a feature to a number"),
    ({"weights": {}, "threshold": 1.5}, "threshold: must be a probability between 0 and 1"),
    ({"weights": {}, "bias": "x"}, "bias: must be a number"),
    ({"weights": {}, "needs_person": "yes"}, "needs_person: must be true or false"),
    ({"weights": {}, "tail": -1}, "tail: must be a whole number of words"),
    ({"weights": {}, "classes": {"weapon": "обрез"}}, "classes: must map a class name to a list of words"),
])
def test_a_broken_weights_file_is_refused_with_the_reason(data: dict, message: str) -> None:
    with pytest.raises(RulesError, match=message):
        ThreatModel.from_dict(data)


def test_a_rules_folder_without_weights_leaves_threats_to_the_rules(tmp_path: Path) -> None:
    assert ThreatModel.load(tmp_path) is None


def test_training_is_repeatable_and_learns_the_threatening_words() -> None:
    data = [("я тебя встречу после смены", True), ("встречу маму после смены", False),
            ("тебе не жить", True), ("жить стало тяжело", False)] * 5
    rows = [(features(text.split()), threat) for text, threat in data]
    first, bias = fit(rows)
    assert (first, bias) == fit(rows)
    assert first["тебя"] > 0 > first["маму"]
    assert features(["тебе", "не"]) == {"тебе", "не", "тебе_не"}


def test_the_ending_of_a_long_message_counts_once_more() -> None:
    """A threat closing a long complaint: the lemmas of its last ``tail`` words are features of their own."""
    assert features(["дорога", "нет", "жди"], tail=2) == {"дорога", "нет", "жди", "дорога_нет", "нет_жди", "$нет", "$жди"}
    assert features(["нет", "жди"], tail=2) == {"нет", "жди", "нет_жди"}
    model = ThreatModel({"$жди": 3.0}, bias=-1.0, tail=2)
    assert model.explain(["жди", "дорога", "нет"]) is None
    label = model.explain(["дорога", "нет", "жди"])
    assert label is not None and "$жди +3.0" in label


def test_the_shipped_weights_catch_a_veiled_threat_the_rules_miss() -> None:
    """From the blind examples: arson announced without an arson verb."""
    labels = default_classifier().classify(
        "Машина главы поселения стоит у дома без присмотра. Шины колоть — это мелочь, я придумал кое-что "
        "покруче, бензин уже куплен, и окна у него на ту же сторону.")
    assert labels.excluded == "threat"
    assert any(rule.startswith("exclusion:threat:model=") for rule in labels.rules)


def test_civic_complaints_with_angry_words_stay_work() -> None:
    classifier = default_classifier()
    for text in ("Глава, вы когда уже дорогу сделаете? Сколько можно, убили все машины!",
                 "этот мороз нас всех убьёт, а котельная опять стоит, ответите перед избирателями",
                 "Просьба убрать рекламу из лифта вместе с зеркалами"):
        assert classifier.classify(text).excluded is None, text


def test_blind_threats_never_trained_on_are_mostly_caught_without_false_alarms() -> None:
    """tests/data/threat-holdout.csv was written blind and is never read by the training (36 of 40
    caught with the weights of 2026-12-06, 34 before)."""
    with HOLDOUT.open(encoding="utf-8", newline="") as handle:
        rows = [(row["text"], row["excluded"] == "threat") for row in csv.DictReader(handle)]
    classifier = default_classifier()
    said = [(classifier.classify(text).excluded == "threat", threat) for text, threat in rows]
    caught = sum(1 for got, threat in said if got and threat)
    false = sum(1 for got, threat in said if got and not threat)
    assert caught >= 0.9 * sum(1 for _, threat in rows if threat)
    assert false <= 2


def test_the_weights_are_a_table_of_feature_weight_lines() -> None:
    """The shipped file keeps its weights as one text block (read in milliseconds, not node by node);
    a line that is not «feature number» is refused with its line number."""
    model = ThreatModel.from_dict({"weights": "убить 1.5\nвстретить_после 2\n\nспасибо -0.5\n"})
    assert model.weights == {"убить": 1.5, "встретить_после": 2.0, "спасибо": -0.5}
    with pytest.raises(RulesError, match="weights: line 2: 'убить много' is not 'feature weight'"):
        ThreatModel.from_dict({"weights": "спасибо -0.5\nубить много\n"})


def test_the_shipped_weights_are_what_the_trainer_builds() -> None:
    """rules/threat-model.yaml is reproducible: retraining on the same examples gives the same file."""
    from classifier.threat_training import ROOT, build, data_folder

    if data_folder() is None:
        pytest.skip("no shared data folder (../shared/data) beside the repository: the real appeals train it too")

    assert (ROOT / "rules" / "threat-model.yaml").read_text(encoding="utf-8") == build()


def test_the_weights_speak_only_where_someone_is_named_a_threat_could_be_aimed_at() -> None:
    """Advice «не ходите ночью» weighs like a veiled threat, but names no one: the weights stay
    silent there and speak when a person (or their home, car, family) is named."""
    model = ThreatModel.from_dict({"weights": "ночь 5\n", "needs": ["ты", "дом"], "threshold": 0.7})
    assert model.probability(["не", "ходить", "ночь"]) > 0.9
    assert model.explain(["не", "ходить", "ночь"]) is None
    assert model.explain(["ты", "ходить", "ночь"]) is not None
    assert model.explain(["ночь", "твой", "дом"]) is not None
    with pytest.raises(RulesError, match="needs: must be a list of words"):
        ThreatModel.from_dict({"weights": "ночь 5\n", "needs": "ты"})


_SCORE_IN_A_PROCESS = """
import csv, sys
from pathlib import Path
from classifier.pipeline import Classifier
from classifier.threat_model import ThreatModel
classifier = Classifier.from_dir(Path(sys.argv[1]) / "rules")
model = ThreatModel.load(Path(sys.argv[1]) / "rules")
with open(sys.argv[2], encoding="utf-8", newline="") as handle:
    texts = [row["text"] for row in csv.DictReader(handle)]
print("\\n".join(repr(model.probability(classifier.read(text).lemmas)) for text in texts))
"""


@pytest.mark.slow
def test_a_message_scores_the_same_to_the_last_bit_in_every_process() -> None:
    """The labelling process and the service each have their own hash seed: a sum taken in a set's order
    differed in its last bits from one to the other, so a message right at the threshold could have been
    a threat in one process and not in the other."""
    root = Path(__file__).resolve().parents[2]
    scores = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", _SCORE_IN_A_PROCESS, str(root), str(HOLDOUT)], cwd=root,
                              env={**os.environ, "PYTHONHASHSEED": seed}, capture_output=True, text=True,
                              timeout=300, check=True)
        scores.append(done.stdout.split())
    assert len(scores[0]) == 80
    assert scores[0] == scores[1]
