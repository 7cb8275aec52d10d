"""Threats (p. 20) told apart from civic speech that uses the same verbs, on hand-written hard cases."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _default_classifier import default_classifier

from classifier.normalize import first_person_future

CASES = Path(__file__).resolve().parent / "threat-cases.csv"


def _cases() -> list[tuple[str, str | None]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        return [(row["text"], row["excluded"] or None) for row in csv.DictReader(handle)]


def test_case_file_has_enough_threats_and_civic_look_alikes() -> None:
    """The hard-case set holds at least 60 cases, with both threats and civic speech."""
    cases = _cases()
    assert len(cases) >= 60
    assert sum(1 for _, label in cases if label == "threat") >= 30
    assert sum(1 for _, label in cases if label is None) >= 30


@pytest.mark.parametrize(("text", "label"), _cases())
def test_threat_or_not(text: str, label: str | None) -> None:
    """A threat or intent to harm is `threat`; a report, a complaint or legal recourse is not."""
    excluded = default_classifier().classify(text).excluded
    if label == "threat":
        assert excluded == "threat"
    else:
        assert excluded != "threat"


@pytest.mark.parametrize(("verb", "forms"), [
    ("убить", ("убью", "убьем")),
    ("зарезать", ("зарежу", "зарежем")),  # the perfective, not the imperfective «зарезаю»
    ("сжечь", ("сожгу", "сожжем")),
    ("поджечь", ("подожгу", "подожжем")),
])
def test_first_person_forms_are_real_words(verb: str, forms: tuple[str, ...]) -> None:
    """Threat forms are generated from infinitives as the words people actually write."""
    assert first_person_future(verb) == forms


def test_harmless_object_vetoes_only_its_verb() -> None:
    """«сожжём мусор» is not a threat, but a threat in the same message still counts."""
    assert default_classifier().classify("мусор сожжём сами").excluded is None
    assert default_classifier().classify("мусор сожжём сами, а главу пристрелю").excluded == "threat"


def test_threat_form_is_not_spell_corrected_away() -> None:
    """A slang threat form the dictionary does not know («порешаю») is kept as written."""
    assert default_classifier().normalize("порешаю тебя").tokens[0] == "порешаю"
