"""Typo correction towards the rule vocabulary: unknown words one edit from a rule word."""

from __future__ import annotations

from classifier.spelling import Speller


def _speller() -> Speller:
    return Speller(["котельная", "котельной", "отопление", "электричество"])


def test_one_edit_corrections() -> None:
    """A dropped, extra, wrong or swapped letter is corrected to the rule word."""
    speller = _speller()
    assert speller.suggest("котельнай") == "котельная"
    assert speller.suggest("котельнной") == "котельной"
    assert speller.suggest("электричесво") == "электричество"
    assert speller.suggest("отолпение") == "отопление"


def test_known_and_short_words_are_left_alone() -> None:
    """A real dictionary word is never «corrected», nor is a short word."""
    speller = _speller()
    assert speller.suggest("котельные") is None  # a real word, even if close
    assert speller.suggest("кот") is None


def test_far_words_are_left_alone() -> None:
    """Two edits away is too far."""
    assert _speller().suggest("катилня") is None


def test_a_surname_is_a_name_not_a_typo() -> None:
    """«Свиньин» and «Тупицына» are one edit from insult words but are surnames: left as written,
    so a message naming the head or a teacher is not excluded as an insult (blind set 20)."""
    speller = Speller(["свиньи", "свинья", "тупицы", "тупица"])
    assert speller.suggest("свиньин") is None
    assert speller.suggest("тупицын") is None
    assert speller.suggest("тупицаа") == "тупица"  # a typo still is corrected


def test_messages_naming_people_by_such_surnames_are_not_insults() -> None:
    from tests.project_classifier import default_classifier

    classifier = default_classifier()
    assert classifier.classify("Глава Свиньин обещал починить дорогу к лету").excluded is None
    assert classifier.classify("Наш Тупицын Олег вчера в волейбол всех обыграл, молодец").excluded is None
