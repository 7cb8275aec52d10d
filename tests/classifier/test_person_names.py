"""A surname that is also an insulting word («Козлов», «Баранов», «Дураков») names a person: a
message about the head or the district nurse is not excluded as an insult for it."""

from __future__ import annotations

import pytest

from classifier.person_names import person_names
from tests.project_classifier import default_classifier


def test_capitalised_words_inside_a_sentence_or_before_a_name_are_names() -> None:
    names = person_names("Глава поселения Козлов обещал. Дураков Иван тоже. Баранов И. П. молчит. Жулики!")
    assert {"козлов", "дураков", "баранов"} <= names
    assert "жулики" not in names  # a sentence's first word, nothing after it that names a person
    assert person_names("ИДИОТЫ, когда свет дадите") == frozenset()  # capitals are shouting
    # no surname's ending: an insult capitalised for emphasis; a plural in -ины is a noun's as often
    assert person_names("а эти Твари и Бараны в галстуках, Кретины, сидят") == frozenset()
    assert person_names("Дураковы, спасибо вам за праздник") == {"дураковы"}  # a family


@pytest.mark.parametrize("text", [
    "Глава поселения Козлов принимает по четвергам?",
    "Баранов Иван Петрович, фельдшер, принимает по вторникам",
    "Спасибо участковому Дуракову за помощь, быстро приехал",
    "Шакалов И.П. обещал привезти дрова к пятнице",
    "Заявление отдал лично Жуликову в приёмной, ответа нет",
    "Дураковы, спасибо вам за праздник во дворе!",
    "Меня сосед при детях «дебилом» обозвал из-за парковки, поговорю с участковым",
])
def test_a_message_naming_a_person_by_such_a_surname_is_not_excluded(text: str) -> None:
    """(The last: an insult right before a naming verb is the name someone else used.)"""
    assert default_classifier().classify(text).excluded is None


@pytest.mark.parametrize("text", [
    "Бараны из отдела ЖКХ опять ничего не сделали",
    "глава у нас козел",
    "ИДИОТЫ, когда свет дадите",
    "Глава наш — Наполеон недоделанный, корону бы ему",
    "Опять эти Дармоеды из администрации премию себе выписали",
    "вот честно, вы Кретины, кто так лавочки ставит",
])
def test_the_same_words_as_insults_still_are(text: str) -> None:
    assert default_classifier().classify(text).excluded == "insult"
