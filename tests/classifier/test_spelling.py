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
