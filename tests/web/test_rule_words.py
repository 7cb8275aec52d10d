"""The rule behind a label reads as Russian on the card page and the excluded list: every kind of
rule the classifier writes on the labelled sets has its words (monitor/web/rule_words.py)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from monitor.web.rule_words import rule_words
from monitor.workflow.words import name_settlements
from tests.project_classifier import default_classifier

DATA = Path(__file__).resolve().parents[1] / "data"
# sets that between them fire every kind of rule: topics, places, importance reasons, kinds, p. 20
SETS = ("classifier-labelled.csv", "classifier-dev-30.csv", "exclusion-examples-130.csv", "threat-examples-11.csv",
        "civic-examples-2.csv")


def _english(rule: str, text: str) -> str:
    """English an official would read in the rule's words: Latin letters outside the brackets (the learned
    tables' words) that are not a word of the message itself («wi fi», «4g»)."""
    shown = re.sub(r"\([^)]*\)", "", rule_words(rule))
    said = " ".join(re.findall(r"\w+", text.lower()))
    return "".join(q for q in [*re.findall(r"«([^»]*)»", shown), re.sub(r"«[^»]*»", "", shown)]
                   if re.search(r"[a-z]", q) and " ".join(re.findall(r"\w+", q)) not in said)


def test_every_rule_of_the_labelled_sets_is_told_in_russian() -> None:
    classifier = default_classifier()
    name_settlements(classifier.settlements)
    rules: set[str] = set()
    english: set[str] = set()
    for name in SETS:
        with (DATA / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                labels = classifier.classify(row["text"], likes=100, official=row["text"].startswith("["))
                rules.update(labels.rules)
                english.update(rule for rule in labels.rules if _english(rule, row["text"]))
    kinds = {re.split(r"[=(]", rule.split(":", 2)[-1])[0] for rule in rules}
    assert len(rules) > 1_000 and len(kinds) > 40  # the sets reach the rule kinds this test is about
    assert sorted(english) == []


def test_the_words_of_one_rule_of_each_field() -> None:
    name_settlements({"sobolevo": "Соболево", "ustyevoye": "Устьевое"})
    assert rule_words("topic:water:phrase=нет вода") == "фраза «нет вода»"
    assert rule_words("importance:high:vulnerable:combo=пожилые и больные без помощи") == (
        "уязвимые люди: сочетание «пожилые и больные без помощи»")
    assert rule_words("importance:high:engagement:likes=60") == "отклик в соцсети: 60 отметок «нравится»"
    assert rule_words("location:district:route=sobolevo+ustyevoye") == "маршрут «Соболево — Устьевое»"
    assert rule_words("exclusion:threat:model=0.92 (ребро +1.4, ты +1.1, до_ты +0.9, @weapon +0.7)") == (
        "обученные веса (ребро, ты, до ты)")
    assert rule_words("kind:info:model=+1.2 (отключение, notice=times, impr:писать)") == (
        "обученные веса (отключение, время или расписание, писать)")
    assert rule_words("exclusion:threat:combo=harm+target+intent") == "сочетание признаков"
    assert rule_words("exclusion:cleared:mock-harm") == "снято: шутка со смехом"
    assert rule_words("exclusion:threat:phrase=!если !ноги !останутся") == "фраза «если ноги останутся»"
    assert rule_words("exclusion:cleared:combo=ответишь-not-in-court") == "снято: сочетание признаков"
    assert rule_words("kind:complaint:form=stated, then asked") == "сначала сказано о проблеме, затем спрошено"
    assert rule_words("topic:roads:newkind=яма") == "topic:roads:newkind=яма"  # an unknown kind is shown as it is
