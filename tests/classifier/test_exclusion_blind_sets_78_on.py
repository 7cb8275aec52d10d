"""Exclusion (p. 20) on the wordings of blind sets 78 to 81 (tests/data/README.md): the general rules
written from their errors, and the look-alikes each rule must leave alone."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier

from classifier.normalize import normalize


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


def test_a_zero_written_for_the_letter_o_is_read_as_the_letter() -> None:
    assert normalize("Этот к0зёл опять 0поздал").tokens == ("этот", "козел", "опять", "опоздал")
    assert normalize("в 2000 году, 10км, 0,5 литра").tokens == ("в", "2000", "году", "10км", "0", "5", "литра")


@pytest.mark.parametrize(("text", "excluded"), [
    # a whole insult disguised: letters set apart by dots, a zero for «о», Latin look-alikes
    ("у Устьевого вратарь д.е.г.е.н.е.р.а.т полный, по ногам лупит", "insult"),
    ("ну и ч.м.о этот прораб, в глаза врёт", "insult"),
    ("0лухи царя небесного, кто вам приёмку доверил??", "insult"),
    ("Этот к0зёл в судейской форме опять не засчитал гол", "insult"),
    # a dot for a missing space is no disguise, nor a word's hyphenated half
    ("Это признак идиотизма.Ты бы почитал сначала", None),
    ("Наша лайка-сука ощенилась, шесть щенков, отдам охотникам", None),
])
def test_a_disguised_insult_and_what_only_looks_disguised(text: str, excluded: str | None) -> None:
    assert _excluded(text) == excluded
