"""classifier/harm_vetoes.py: a harm verb by a harmless thing is no threat, just where the lexicon's
«unless» entries it replaced matched («сжечь мусор», «мусор … спалить», «убью этот принтер», «убью
сегодня весь вечер»), and only there."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


@pytest.mark.parametrize("text", [
    "сжечь бы этот мусор у гаражей",  # a thing right after the verb
    "мусор у гаражей спалить бы",  # a thing within three words before it
    "весь этот хлам у дороги сжечь бы",
    "задушу в объятиях, так соскучилась",  # a thing of two words
    "убью этот принтер в бухгалтерии",  # an object within three words either way
    "этот принтер опять убью",
    "полдня убили в очереди за справкой",  # time right next to the verb
    "убью сегодня весь вечер на отчёт",  # «весь» + time within three words after it
])
def test_a_harm_verb_on_a_harmless_thing_is_no_threat(text: str) -> None:
    assert _excluded(text) is None


@pytest.mark.parametrize("text", [
    "сожгу его машину, если ещё раз встанет у ворот",
    "урою этого доктора, полдня в коридоре сидели",  # time four words on is a circumstance
    "пристрелю его из двустволки, третий день без света",
    "задушу этого начальника, мусор третий месяц не вывозят",  # the thing too far after the verb
])
def test_a_harm_verb_aimed_at_a_person_stays_a_threat(text: str) -> None:
    assert _excluded(text) == "threat"


def test_the_lexicon_holds_no_entry_per_verb_and_thing() -> None:
    """The vetoes are checked in code: the lexicon's entries stay far below one per harm verb and thing."""
    lexicon = default_classifier()._lexicon  # the size is what this test is about
    assert lexicon._targets < 45_000  # 56,585 with the entries, 38,021 without (2026-12-07)


def test_a_generated_threat_family_is_one_entry_per_place_not_per_word() -> None:
    """The threat lists' phrase families («голову … оторву» for every body part and verb form) are
    generated with choices of words (classifier/entry.py): one entry per pattern, not one per pair."""
    lexicon = default_classifier()._lexicon
    per_rule: dict[str, int] = {}
    for index, targets in ((t.rule, 1) for found in (*lexicon._by_token.values(), *lexicon._by_word.values())
                           for _, t in found):
        name = lexicon.rules[index].name
        per_rule[name] = per_rule.get(name, 0) + targets
    assert per_rule["body"] < 500  # 288 look-ups; 7,848 when every body part and verb form was an entry (2026-12-07)
    assert per_rule["aimed"] < 500  # 1,896
    assert per_rule["maim"] < 500  # 1,610
    assert lexicon._targets < 25_000  # 38,471 before, 19,392 after (19,995 with two more rounds of rules)
