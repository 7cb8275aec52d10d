"""The rule behind a label in words an official reads, not the classifier's codes.

A label's explanation is stored as the classifier writes it (``topic:water:phrase=нет вода``,
``importance:high:vulnerable:combo=пожилые …``, ``exclusion:threat:model=0.83 (…)``): precise for a
developer and for ``otklik classify``, but a curator correcting a label (p. 8) should read «фраза
«нет вода»», «уязвимые люди: сочетание «…»», «обученные веса: …». A rule of a kind not listed here
is shown as it is, so nothing is hidden.
"""

from __future__ import annotations

import re

from monitor.workflow.words import word

#: how the matched words were found (the part before «=»)
MATCH_WORDS = {
    "phrase": "фраза", "lemma": "слово", "form": "словоформа", "words": "одно из слов", "prefix": "начало слова",
    "stem": "основа слова", "combo": "сочетание", "term": "ключевое слово", "gazetteer": "место из справочника",
    "landmark": "ориентир", "street": "улица", "route": "маршрут", "geo": "координаты сообщения",
    "no place named": "место не названо", "punctuation": "знак", "default": "по умолчанию",
    "official": "официальный аккаунт", "official account": "сообщение официальному аккаунту",
    "notice": "признак объявления", "kind": "вид сообщения", "model": "обученные веса",
    # p. 20: how an excluded word was written
    "root": "корень", "masked": "слово со звёздочками или знаками", "spaced": "слово вразрядку",
    "latin": "слово с латинскими буквами",
    # threats: what the generated phrase families and combinations read (classifier/threats.py)
    "harm": "угроза расправой", "harm-at": "угроза расправой в адрес", "body": "угроза увечьем",
    "body-at": "угроза увечьем в адрес", "maim": "призыв к увечью", "aimed": "угроза в адрес",
    "wish": "призыв к расправе", "dispose": "призыв к расправе", "curse": "проклятие",
    "consequence": "угроза последствиями", "veiled": "завуалированная угроза (семья, дом)",
    # insults: how the word was aimed at a person (classifier/insult_aim.py)
    "targeted": "оскорбление в адрес человека", "predicate": "оскорбление человека", "trait": "оскорбление человека",
    "of": "оскорбление человека", "called": "оскорбительное обращение", "address": "оскорбительное обращение",
    "alone": "оскорбление одним словом",
    # a threat or an insult set aside (classifier/pipeline.py)
    "quoted": "снято: чужие слова в кавычках", "mock-harm": "снято: шутка со смехом",
    "mock-dare": "снято: шуточный спор", "wink": "намёк смайликом (подмигивание, ухмылка)",
}
#: the importance reasons of rules/importance.yaml
REASON_WORDS = {
    "danger": "опасность", "repetition": "повторное обращение", "duration": "длительность",
    "scale": "масштаб", "vulnerable": "уязвимые люди", "isolation": "отрезанность",
    "warning": "предупреждение", "addressee": "адресат", "engagement": "отклик в соцсети",
}
ENGAGEMENT_WORDS = {"likes": "отметок «нравится»", "comments": "комментариев", "reposts": "репостов"}
NOTICE_WORDS = {"header": "заголовок отправителя", "times": "время или расписание", "dates": "даты"}
#: a rule whose value is the classifier's own words: said whole
VALUE_WORDS = {"opens the message": "так начинается сообщение",
               "stated, then asked": "сначала сказано о проблеме, затем спрошено",
               "может + infinitive": "«может» с глаголом"}
_FOUND_IN = re.compile(r"^(.*) \(in ([a-z_, ]+)\)$")  # «заводская (in north_bay, old_mill)»: several places

_LATIN = re.compile(r"[a-z]")  # an internal combination's name: «harm+target+intent», «ответишь-not-in-court»
_EXACT = re.compile(r"(?<!\w)!(?=\w)")
_WEIGHT = re.compile(r"\s*[+-]\d+(?:\.\d+)?$")  # «ребро +1.4»: the weight after a feature
_FEATURE_MARK = re.compile(r"^(?:[a-z]+:|\$)")  # «impr:писать», «$пожалеть»: a feature's kind


def rule_words(rule: str) -> str:
    """``topic:water:phrase=нет вода`` as «фраза «нет вода»»; a rule of an unfamiliar kind as it is."""
    parts = rule.split(":", 2)
    if len(parts) < 3:
        return rule
    name = parts[2]
    head, has_value, value = name.partition("=")
    reason = ""
    if ":" in head:  # importance: «danger:lemma», «engagement:likes»
        reason, _, head = head.partition(":")
    if reason == "engagement":
        return f"{REASON_WORDS[reason]}: {value} {ENGAGEMENT_WORDS.get(head, head)}"
    said = MATCH_WORDS.get(head)
    if said is None:
        return rule
    if head == "model":
        said = f"{said} {_model(value)}"
    elif head == "combo" and _LATIN.search(value):  # an internal combination: «harm+target+intent»
        said = "сочетание признаков"
    elif value in VALUE_WORDS:
        said = VALUE_WORDS[value]
    elif has_value:
        said = f"{said} «{_value(head, value)}»"
    if parts[1] == "cleared" and not said.startswith("снято"):  # a rule that set a threat aside
        said = f"снято: {said}"
    return f"{REASON_WORDS.get(reason, reason)}: {said}" if reason else said


def _value(head: str, value: str) -> str:
    value = _EXACT.sub("", value)  # «!если !ноги»: the rule file's mark of a word taken as written
    found_in = _FOUND_IN.match(value)
    if found_in:  # a street or landmark of several settlements
        places = ", ".join(word("location", code.strip()) for code in found_in.group(2).split(","))
        return f"{found_in.group(1)}» есть в нескольких местах: «{places}"
    if head == "route":  # «north_bay+old_mill»: the settlements' names
        return " — ".join(word("location", code) for code in value.split("+"))
    if head == "notice":
        return NOTICE_WORDS.get(value, value)
    if head == "kind":
        return word("kind", value).lower()
    return value


def _model(value: str) -> str:
    """«+2.8 (impr:писать, искать)» or «0.83 (ребро +1.4, до_ты +0.9)» as «(писать, искать)»: the
    words that carried it, without the table's feature marks, word classes («@weapon») and weights."""
    _, _, words = value.partition("(")
    shown = []
    for feature in words.rstrip(")").split(","):
        feature = _FEATURE_MARK.sub("", _WEIGHT.sub("", feature.strip())).replace("_", " ")
        if feature.startswith("@"):  # a word class («@weapon»), not a word of the message
            continue
        if feature.startswith("notice="):  # the kind table's «notice=times»
            feature = NOTICE_WORDS.get(feature[7:], feature[7:])
        if feature and feature not in shown:
            shown.append(feature)
    return f"({', '.join(shown)})" if shown else ""
