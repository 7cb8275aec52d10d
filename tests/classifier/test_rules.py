"""Rule files: an administrator's mistake stops start-up with one line naming file, key and problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from classifier.pipeline import Classifier
from classifier.rules import RulesError

RULES = Path(__file__).resolve().parents[2] / "rules"


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def _rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_new_keyword_takes_effect_without_code(rules_copy: Path) -> None:
    """Adding a word to topics.yaml makes the classifier use it."""
    before = Classifier.from_dir(rules_copy).classify("Сломался снегокат у соседа")
    assert before.topic != "transport"
    _rewrite(rules_copy / "topics.yaml", "  transport:\n    strong: [", "  transport:\n    strong: [снегокат =3, ")
    after = Classifier.from_dir(rules_copy).classify("Сломался снегокат у соседа")
    assert after.topic == "transport"
    assert "topic:transport:lemma=снегокат" in after.rules


def test_a_new_street_takes_effect_without_code(rules_copy: Path) -> None:
    """Adding a street to the gazetteer places messages about it."""
    text = "На Полевой опять яма"
    assert Classifier.from_dir(rules_copy).classify(text).location == "unknown"
    _rewrite(rules_copy / "gazetteer.yaml", "streets:\n", "streets:\n  полевая: [ustyevoye]\n")
    assert Classifier.from_dir(rules_copy).classify(text).location == "ustyevoye"


def test_a_new_settlement_takes_effect_without_code(rules_copy: Path) -> None:
    """A settlement added to the gazetteer is a location of its own, with the name officials read."""
    text = "В Каменке третий день нет света"
    assert Classifier.from_dir(rules_copy).classify(text).location == "unknown"
    _rewrite(rules_copy / "gazetteer.yaml", "settlements:\n",
             "settlements:\n  kamenka:\n    name: Каменка\n    forms: [каменка, каменке, каменки]\n")
    classifier = Classifier.from_dir(rules_copy)
    assert classifier.classify(text).location == "kamenka"
    assert "kamenka" in classifier.locations and classifier.settlements["kamenka"] == "Каменка"


@pytest.mark.parametrize(("settlement", "message"), [
    ("  kamenka:\n    forms: [каменка]\n", r"settlements\.kamenka\.name: the settlement's name, as officials read it"),
    ("  district:\n    name: Район\n", r"settlements\.district: 'district' is a reserved location code"),
    ("  Каменка:\n    name: Каменка\n", r"settlements\.Каменка: a settlement's code must be lower-case latin"),
])
def test_a_settlement_needs_a_code_of_its_own_and_a_name(rules_copy: Path, settlement: str, message: str) -> None:
    """A settlement's code is stored with every message and its name is shown: both are checked."""
    _rewrite(rules_copy / "gazetteer.yaml", "settlements:\n", "settlements:\n" + settlement)
    with pytest.raises(RulesError, match=r"^gazetteer\.yaml: " + message):
        Classifier.from_dir(rules_copy)


def test_bad_entry_names_file_key_and_index(rules_copy: Path) -> None:
    """A malformed word points at its list and position."""
    _rewrite(rules_copy / "topics.yaml", "  transport:\n    strong: [", "  transport:\n    strong: [\"гор@чая\", ")
    with pytest.raises(RulesError, match=r"^topics\.yaml: topics\.transport\.strong\[0\]: 'гор@чая' is not a word"):
        Classifier.from_dir(rules_copy)


def test_unknown_topic_code_is_refused(rules_copy: Path) -> None:
    """A topic code outside the fixed list is refused, naming the allowed ones."""
    _rewrite(rules_copy / "topics.yaml", "  roads:\n", "  dorogi:\n")
    with pytest.raises(RulesError, match=r"topics\.yaml: topics\.dorogi: unknown code \(expected one of roads"):
        Classifier.from_dir(rules_copy)


def test_street_in_unknown_settlement_is_refused(rules_copy: Path) -> None:
    """A street attached to a settlement the gazetteer does not have is refused."""
    _rewrite(rules_copy / "gazetteer.yaml", "streets:\n", "streets:\n  полевая: [kamenka]\n")
    with pytest.raises(RulesError, match=r"gazetteer\.yaml: streets\.полевая: unknown settlement 'kamenka'"):
        Classifier.from_dir(rules_copy)


def test_invalid_yaml_names_the_line(rules_copy: Path) -> None:
    """Broken YAML is reported with its file and line."""
    (rules_copy / "kinds.yaml").write_text("kinds:\n  complaint: [a\n  b: c\n", encoding="utf-8")
    with pytest.raises(RulesError, match=r"^kinds\.yaml: line \d+ is not valid YAML$"):
        Classifier.from_dir(rules_copy)


def test_missing_file_and_folder(rules_copy: Path, tmp_path: Path) -> None:
    """A missing rules folder or rule file is named."""
    with pytest.raises(RulesError, match="rules folder not found"):
        Classifier.from_dir(tmp_path / "nowhere")
    (rules_copy / "exclusion.yaml").unlink()
    with pytest.raises(RulesError, match=r"exclusion\.yaml: rule file is missing"):
        Classifier.from_dir(rules_copy)


def test_unknown_key_in_signals_is_refused(rules_copy: Path) -> None:
    """A misspelt list name («word» for «words») is caught, not silently ignored."""
    _rewrite(rules_copy / "kinds.yaml", "  suggestion:\n    strong:", "  suggestion:\n    strongg:")
    with pytest.raises(RulesError, match=r"kinds\.yaml: kinds\.suggestion\.strongg: unknown key"):
        Classifier.from_dir(rules_copy)


def test_typos_file_is_optional(rules_copy: Path) -> None:
    """Without typos.yaml the classifier still builds."""
    (rules_copy / "typos.yaml").unlink()
    assert Classifier.from_dir(rules_copy).classify("нет воды").topic == "water"


def test_threats_live_in_their_own_file(rules_copy: Path) -> None:
    """threats.yaml holds the threat section; without it the rules alone decide nothing about threats,
    and a key it does not know or a second threat section in exclusion.yaml is refused."""
    threat = "Встречу у подъезда, ноги переломаю"
    assert Classifier.from_dir(rules_copy).classify(threat).excluded == "threat"
    threats = (rules_copy / "threats.yaml").read_text(encoding="utf-8")
    (rules_copy / "threats.yaml").write_text(threats.replace("threat:", "threats:", 1), encoding="utf-8")
    with pytest.raises(RulesError, match=r"^threats\.yaml: threats: unknown key \(use threat\)$"):
        Classifier.from_dir(rules_copy)
    (rules_copy / "threats.yaml").write_text(threats, encoding="utf-8")
    with (rules_copy / "exclusion.yaml").open("a", encoding="utf-8") as handle:
        handle.write("threat:\n  forms: [\"убью тебя\"]\n")
    with pytest.raises(RulesError, match=r"^threats\.yaml: threat: also written in exclusion\.yaml"):
        Classifier.from_dir(rules_copy)
