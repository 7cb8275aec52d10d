"""Topic: one main topic plus every topic that matches, with the rule behind each."""

from __future__ import annotations

import pytest
from _default_classifier import default_classifier

from classifier.codes import TOPICS

TOPIC_CASES = [
    ("На Заречной опять ямы по колено, грейдер не видели с осени", "roads"),
    ("Рейс на Петропавловск опять отменили, билеты не вернуть", "transport"),
    ("Зимник закрыли, а предупредить никого не удосужились", "transport"),
    ("Бензина нет на АЗС уже неделю", "transport"),
    ("Крыша течёт в подъезде, управляющая компания молчит", "housing"),
    ("Котельная встала, батареи ледяные", "heating"),
    ("Из крана течёт ржавая вода, колонка на углу сломана", "water"),
    ("Опять нет света, на ДЭС авария", "power"),
    ("Мусор не вывозят вторую неделю, контейнеры переполнены", "waste"),
    ("Фонари на улице не горят, детская площадка разломана", "improvement"),
    ("Стая бродячих собак у магазина кидается на людей", "animals"),
    ("В ФАПе нет фельдшера, лекарства не купить", "health"),
    ("В школе холодно, детей кормят плохо, учителей не хватает", "education"),
    ("Пособие на ребёнка многодетным задерживают второй месяц", "social"),
    ("Горит сарай на окраине, пожарные не едут", "safety"),
    ("В Доме культуры отменили концерт, спортзал закрыт", "culture_sport"),
    ("Цены в магазине космос, хлеб привозят раз в три дня", "economy"),
    ("Мобильного интернета нет, связь пропадает, почта не работает", "communications"),
    ("На приём к главе района не попасть, на обращения отвечают отписками", "administration"),
    ("Нашла варежку детскую у почты", "other"),
    ("Всем привет", "other"),
]


@pytest.mark.parametrize(("text", "topic"), TOPIC_CASES)
def test_main_topic(text: str, topic: str) -> None:
    """Each of the 18 topics is recognised in a typical message."""
    assert default_classifier().classify(text).topic == topic


def test_every_code_is_covered_by_the_cases_above() -> None:
    """The cases above exercise every topic code."""
    assert {topic for _, topic in TOPIC_CASES} == set(TOPICS)


def test_inflected_forms_hit_one_rule() -> None:
    """«дорогу», «дороги», «дорогам» all reach the rule for «дорога»."""
    for text in ("почините дорогу", "дороги разбиты", "по дорогам не проехать"):
        labels = default_classifier().classify(text)
        assert labels.topic == "roads"
        assert any(r.startswith("topic:roads:") for r in labels.rules)


@pytest.mark.parametrize(("text", "topic"), [
    ("Сосед опять палит хлам в огороде, дым на весь переулок", "waste"),
    ("у школы коробку так и не залили, декабрь на дворе, мальчишки по сугробам с клюшками бродят", "culture_sport"),
    ("У остановки вечерами пьянь собирается, бьют бутылки и к прохожим пристают", "safety"),
])
def test_everyday_signs_of_waste_sport_and_disorder(text: str, topic: str) -> None:
    """Burning junk is waste (the conventions), an outdoor rink is sport, drunks breaking
    bottles and pestering people are public order."""
    assert default_classifier().classify(text).topic == topic


def test_topics_lists_secondary_topics_after_the_main_one() -> None:
    """A message about a bus to the hospital lists both transport and health, transport first."""
    labels = default_classifier().classify(
        "Автобуса до Соболево нет неделю, а мне в больницу к врачу на приём")
    assert labels.topics[0] == labels.topic
    assert {"transport", "health"} <= set(labels.topics)


def test_every_topic_label_names_its_rule() -> None:
    """The label says which rule produced it, e.g. ``topic:heating:lemma=котельная``."""
    labels = default_classifier().classify("Котельная не работает")
    assert labels.topic == "heating"
    assert "topic:heating:lemma=котельная" in labels.rules


def test_road_condition_is_roads_even_outside_the_district() -> None:
    """The physical state of a road is `roads` wherever the road is."""
    assert default_classifier().classify("Трасса на Елизово вся в ямах, колея по колено").topic == "roads"


def test_mention_text_does_not_set_the_topic() -> None:
    """Addressing [club1|Администрация района] does not make a heating complaint `administration`."""
    labels = default_classifier().classify(
        "[club3101|Администрация Соболевского района] батареи холодные третий день")
    assert labels.topic == "heating"


def test_case_and_lookalikes_do_not_matter() -> None:
    """CAPS and latin look-alike letters reach the same topic."""
    assert default_classifier().classify("НЕТ ВОДЫ С УТРА").topic == "water"
    assert default_classifier().classify("кoтeльнaя oпять cтоит").topic == "heating"


def test_a_curated_typo_is_corrected() -> None:
    """«атопление» and «интернед» are read as «отопление» and «интернет»."""
    assert default_classifier().classify("атопление не дали").topic == "heating"
    assert default_classifier().classify("интернед не грузит").topic == "communications"


def test_a_near_miss_of_a_rule_word_is_corrected() -> None:
    """An unknown word one letter away from a rule word («котельнай») still counts for it."""
    labels = default_classifier().classify("котельнай опять встала")
    assert labels.topic == "heating"


@pytest.mark.parametrize(("text", "topic"), [
    ("сколько можно терпеть, скока можно", "other"),  # «сколько» shares letters with «скользко»
    ("хоккейную коробку когда зальют", "culture_sport"),  # a rule word's relative still votes
    ("красиво у нас 😍 #соболево #камчатка", "other"),  # a hashtag is a label, not a topic word
])
def test_last_resort_stem_vote_ignores_common_words_and_hashtags(text: str, topic: str) -> None:
    """The rules' last resort, where no rule word and no learned table speaks."""
    assert default_classifier().with_topic_model(None).classify(text).topic == topic
