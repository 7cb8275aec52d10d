"""The words officials read for the codes the service stores (the UI glossary).

Codes stay in the database, the logs and every ``--json`` output; text meant for a person shows
these words instead. A code without a word (a new topic, say) is shown as it is. The names end in
``_WORDS``: ``classifier.codes.TOPICS`` is the tuple of topic codes, ``TOPIC_WORDS`` their words.
"""

from __future__ import annotations

from collections.abc import Mapping

from connectors.registry import titles
from monitor.workflow.states import ROLE_LABELS, STATE_LABELS

TOPIC_WORDS = {
    "roads": "Дороги", "transport": "Транспорт и топливо", "housing": "Жилищный фонд",
    "heating": "Отопление и газ", "water": "Водоснабжение и водоотведение", "power": "Электроснабжение",
    "waste": "Вывоз мусора", "improvement": "Благоустройство", "animals": "Животные",
    "health": "Здравоохранение", "education": "Образование", "social": "Социальная поддержка",
    "safety": "Безопасность и ЧС", "culture_sport": "Культура и спорт", "economy": "Экономика и торговля",
    "communications": "Связь и интернет", "administration": "Работа администрации", "other": "Прочее",
}
IMPORTANCE_WORDS = {"critical": "Критическая", "high": "Высокая", "normal": "Обычная", "low": "Низкая"}
KIND_WORDS = {"complaint": "Жалоба", "question": "Вопрос", "suggestion": "Предложение", "gratitude": "Благодарность",
         "info": "Информация"}
EXCLUSION_WORDS = {"obscene": "Нецензурные выражения", "insult": "Оскорбления", "threat": "Угрозы"}
# The settlements are the district's, named in its gazetteer (rules/gazetteer.yaml), never in the
# code: name_settlements adds them once the settings are loaded (monitor.app.context).
LOCATION_WORDS = {"district": "Весь район", "outside": "За пределами района", "unknown": "Не определена"}
# Each network is named by its own package (connectors/<platform>/: ``Platform.title``).
PLATFORM_WORDS = titles()
# Channels a curator enters a message from by hand (no network to fetch or answer it in).
BY_HAND = {"phone": "Телефон", "reception": "Личный приём", "other": "Другое"}
PLATFORM_WORDS.update(BY_HAND)
# The states' words live with the state machine (lower case, for sentences); a heading or a
# column starts with a capital.
STATE_WORDS = {state.value: label[:1].upper() + label[1:] for state, label in STATE_LABELS.items()}
ROLE_WORDS = {role: label[:1].upper() + label[1:] for role, label in ROLE_LABELS.items()}

_BY_FIELD = {"topic": TOPIC_WORDS, "importance": IMPORTANCE_WORDS, "kind": KIND_WORDS, "location": LOCATION_WORDS,
             "platform": PLATFORM_WORDS, "state": STATE_WORDS, "excluded": EXCLUSION_WORDS, "role": ROLE_WORDS}


def name_settlements(names: Mapping[str, str]) -> None:
    """Show each settlement by the name its gazetteer gives it (code → «Берёзовка»)."""
    LOCATION_WORDS.update(names)


def word(field: str, code: str | None, empty: str = "—") -> str:
    """The glossary's word for ``code`` of ``field`` (topic, importance, …); ``empty`` for none."""
    if not code:
        return empty
    return _BY_FIELD[field].get(code, code)
