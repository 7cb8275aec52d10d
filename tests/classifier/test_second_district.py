"""The classifier places messages in whichever district its rules describe (issue 11, item 7).

tests/data/second-district/rules is Усть-Большерецкий район's gazetteer beside the project's
language rules: its settlements, their forms and streets give the locations, and the shipped
district's villages are simply places outside it.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from classifier.pipeline import Classifier

RULES = Path(__file__).resolve().parents[1] / "data" / "second-district" / "rules"


@lru_cache(maxsize=1)
def second() -> Classifier:
    return Classifier.from_dir(RULES)


def test_its_settlements_are_the_locations() -> None:
    assert second().locations == ("ust_bolsheretsk", "apacha", "oktyabrsky", "ozernovsky", "kavalerskoye",
                                  "zaporozhye", "district", "outside", "unknown")
    assert second().settlements["ust_bolsheretsk"] == "Усть-Большерецк"


@pytest.mark.parametrize(("text", "location"), [
    ("Усть-Большерецк, когда починят котельную? Холодно в квартирах", "ust_bolsheretsk"),
    ("В Октябрьском на Флотской опять не вывозят мусор", "oktyabrsky"),
    ("Октябрьский день выдался тёплым, спасибо за праздник", "unknown"),  # the month, not the village
    ("Яма на дороге по улице Бочкарева, не проехать", "ust_bolsheretsk"),  # a street of one village
    ("На Школьной третий день нет воды", "unknown"),  # a street of several villages
    ("В Озерновском у Курильского озера медведи ходят у домов", "ozernovsky"),
    ("Глава Усть-Большерецкого района, когда откроют зимник?", "district"),
    ("В Запорожье снова не ходит автобус до Усть-Большерецка", "zaporozhye"),
    ("В Соболево опять нет света", "outside"),
])
def test_messages_are_placed_by_its_gazetteer(text: str, location: str) -> None:
    assert second().classify(text).location == location
