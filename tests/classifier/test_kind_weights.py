"""The learned kind weights (issue 15 item 2): a plain table added to the kind rules' scores, named in
the explanation where it overturns them, never over a firm complaint cue; the shipped table is the
one scripts/train_kind_weights.py builds from our labelled sets."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from _default_classifier import RULES_DIR, default_classifier

from classifier.kind_model import KindModel, kind_features
from classifier.pipeline import Classifier
from classifier.rules import RulesError

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "train_kind_weights.py"


@pytest.mark.parametrize(("text", "rules_alone", "kind"), [
    # a notice of works and an alarm: what residents complain about, announced
    ("Завтра с 8 утра на Школьной будут грейдировать дорогу, машины с обочин уберите пожалуйста.", "complaint", "info"),
    ("Пожар у свалки за поселком, дым идет на дома!", "complaint", "info"),
    # a complaint phrased as a question
    ("Тротуар на Лесной хоть раз посыпали этой зимой??", "question", "complaint"),
])
def test_the_shipped_table_corrects_the_rules_and_says_so(text: str, rules_alone: str, kind: str) -> None:
    assert default_classifier().with_kind_model(None).classify(text).kind == rules_alone
    labels = Classifier.from_dir(RULES_DIR).classify(text)
    assert labels.kind == kind
    assert any(r.startswith(f"kind:{kind}:model=+") for r in labels.rules), labels.rules


def _table(scale: float = 1.0) -> KindModel:
    return KindModel.from_dict({"scale": scale, "kinds": {
        "complaint": {"bias": 0.0, "weights": "опять 1\n"},
        "question": {"bias": 0.0, "weights": "кто 3\nform:? 2\n"},
        "info": {"bias": 0.0, "weights": "вывоз 4\nform:! 3\nсреда 2\nfirst:вывоз 1\n"},
    }})


def test_the_table_is_added_to_the_rules_scores_and_names_its_words() -> None:
    """A table that reads a notice in «вывоз», «среда» and an exclamation mark outweighs the rules'
    «опять»; the label comes first and names the features, an opener as its word. Scaled down to
    a tenth, the same table leaves the rules' complaint."""
    text = "Вывоз мусора опять поменяли, теперь по средам!"
    assert default_classifier().with_kind_model(None).classify(text).kind == "complaint"
    labels = default_classifier().with_kind_model(_table()).classify(text)
    assert labels.kind == "info"
    assert next(r for r in labels.rules if r.startswith("kind:")).startswith("kind:info:model=+")
    assert any(r.endswith("(вывоз, !, среда)") for r in labels.rules), labels.rules
    assert default_classifier().with_kind_model(_table(scale=0.1)).classify(text).kind == "complaint"


def test_a_firm_complaint_cue_keeps_the_complaint() -> None:
    """«Кто додумался …?» reads as a question to a table of words («кто», a question mark); the
    rules' cue for a rhetorical question weighs kinds.yaml's `firm` and keeps it a complaint."""
    text = "Кто додумался перекрыть проезд у школы без объявления?"
    labels = default_classifier().with_kind_model(_table(scale=5.0)).classify(text)
    assert labels.kind == "complaint"
    assert not any(":model=" in r and r.startswith("kind:") for r in labels.rules)


def test_features_are_lemmas_openers_and_marks_of_form() -> None:
    norm = default_classifier().read("ДЭС: света не будет с 9 до 12?")
    found = kind_features(norm.lemmas, norm.text)
    assert {"свет", "не", "first:дэс", "form:?", "form:notice=header", "form:notice=times"} <= set(found)
    assert len(found) == len(set(found))  # each once: a feature's weight is counted once
    assert "form:!" not in found


def test_verbs_that_advise_or_tell_what_they_will_do_are_features() -> None:
    """A notice advises the readers («звоните», «не открывайте») and tells what «they» will do
    («привезут»); a complaint reports what was not done («не привезли»)."""
    norm = default_classifier().read("Газ привезут в четверг, звоните диспетчеру, морозилки не открывайте")
    found = kind_features(norm.lemmas, norm.text, tokens=norm.tokens)
    assert {"they:привезти", "impr:звонить", "impr:открывать"} <= set(found)
    norm = default_classifier().read("Газ так и не привезли, звонили диспетчеру три раза")
    assert not [f for f in kind_features(norm.lemmas, norm.text, tokens=norm.tokens)
                if f.startswith(("impr:", "they:"))]


def test_a_broken_table_is_refused_with_the_reason() -> None:
    with pytest.raises(RulesError, match=r"kind-weights\.yaml: kinds\.praise: unknown kind"):
        KindModel.from_dict({"kinds": {"praise": {"bias": 0, "weights": ""}}})
    with pytest.raises(RulesError, match=r"kinds\.info\.weights: line 1: 'график много' is not 'feature weight'"):
        KindModel.from_dict({"kinds": {"info": {"bias": 0, "weights": "график много\n"}}})
    with pytest.raises(RulesError, match=r"kind-weights\.yaml: scale: must be a number"):
        KindModel.from_dict({"scale": "big"})


def test_the_shipped_table_is_read_and_a_folder_without_it_builds(tmp_path: Path) -> None:
    assert default_classifier()._kind_model is not None
    for path in RULES_DIR.iterdir():
        if path.name != "kind-weights.yaml":
            (tmp_path / path.name).write_bytes(path.read_bytes())
    assert Classifier.from_dir(tmp_path)._kind_model is None


@pytest.mark.slow
def test_the_shipped_table_is_the_one_the_script_builds() -> None:
    """Rebuilt from our labelled sets with a fixed seed: the same bytes. Needs scikit-learn (the
    `test` and `train` extras)."""
    pytest.importorskip("sklearn")
    done = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
