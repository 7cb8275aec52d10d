"""Exclusion (p. 20) on the plain forms of a threat or an insult, written the ways people vary them: a
word between («ты уже труп»), the order turned round («баклан ты»), another verb of the same harm
(«зарублю»). A checklist rather than a blind set: each form is one every new round of comments may
hold, so a rule that reads only one of its variants fails here; and each has its harmless look-alike."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier


def _excluded(text: str) -> str | None:
    return default_classifier().classify(text).excluded


@pytest.mark.parametrize("text", [
    "ты труп", "ты уже труп", "ты, считай, труп", "считай ты покойник", "вы все трупы", "вы уже не жильцы",
    "труп ты, понял?", "покойник ты", "тебе уже конец", "тебе теперь не жить", "вам всем конец",
])
def test_death_told_to_the_reader_with_a_word_between_or_turned_round(text: str) -> None:
    assert _excluded(text) == "threat"


@pytest.mark.parametrize("text", [
    "зарублю тебя", "я вас зарублю ночью", "зарублю топором и скажу что медведь задрал", "отмутужу тебя",
    "зарубить бы их всех", "выстрелю в тебя", "пальну тебе в спину", "свинцом угощу", "встретимся в тёмном переулке",
    "выпущу тебе кишки",
])
def test_another_verb_of_the_same_harm(text: str) -> None:
    assert _excluded(text) == "threat"


@pytest.mark.parametrize("text", [
    "ты видел труп у дороги? полиция приезжала",  # a body found, told
    "Кто проиграет в шашки — тот полы моет. Петрович, ты уже труп, готовь швабру 😂",  # a game among friends
    "зарублю этот проект, если смета не сойдётся",  # a plan axed
    "зарубить бы этот закон о вылове",
    "курицу зарубить надо к празднику",
    "пойду парублю дрова, потом к тебе",  # chopping wood, misspelt: not «зарублю»
    "выстрелю в воздух на новый год, ракетница есть",
    "патроны для тебя купил, на утку в субботу пойдём",  # hunters
    "встретимся в подворотне у магазина, отдам ключи",
])
def test_their_harmless_look_alikes(text: str) -> None:
    assert _excluded(text) is None


@pytest.mark.parametrize("text", [
    "баклан ты", "баклан ты а не рыбак", "крыса ты, понял", "пень ты старый", "клоуны вы все",
    "овца тупоголовая", "ты гад", "гады вы", "ну ты и гад", "ты полный ноль",
])
def test_what_the_reader_is_called_said_first_or_with_a_trait(text: str) -> None:
    assert _excluded(text) == "insult"


@pytest.mark.parametrize("text", [
    "медуза ты видела какая на берегу?",  # the reader is the subject of a verb
    "зайка ты моя, с днём рождения",  # said with love
    "у соседа баклан ты знаешь на крыше живёт",
    "соседский баклан ты видел опять на сарае сидит",
    "морские гады на ужин, крабы и гребешок",  # seafood
    "ты ноль внимания на нас, а мы третий день без воды",
    "пёс ты мой хороший, кто тебя так отмыл",  # said to a dog
])
def test_a_beast_before_the_reader_that_calls_them_nothing(text: str) -> None:
    assert _excluded(text) is None
