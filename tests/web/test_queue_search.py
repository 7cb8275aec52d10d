"""The queue's search keeps its answers whichever way PostgreSQL reads it (monitor/web/search.py:
prefixes turned into the words they stand for, matching cards picked by id, or the plain prefix
and join when there are too many), and an edited message is found by its new words. Runs on
SQLite and, with OTKLIK_DATABASE_URL, on PostgreSQL (``-m db``)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from db.models import Message
from monitor.web import search

from ..workflow.helpers import Desk
from .test_queue_curator import desk_app, ids


@pytest.fixture
def app(desk: Desk):  # type: ignore[no-untyped-def]
    return desk_app(desk)


def every_page(client, link: str) -> list[int]:  # type: ignore[no-untyped-def]
    seen: list[int] = []
    next_link: str | None = link
    while next_link:
        html = client.get(next_link).text
        seen += ids(html)
        found = re.search(r'href="(/queue\?[^"]*after=[^"]+)"', html)
        next_link = found.group(1).replace("&amp;", "&") if found else None
    return seen


def test_search_answers_alike_by_words_by_prefix_and_by_join(client_for, desk: Desk,  # type: ignore[no-untyped-def]
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    start = desk.clock.now()
    cards = []
    for n in range(64):
        desk.clock.set(start - timedelta(hours=5 * n))
        problem = ("протекла крыша", "протекает труба", "нет света")[n % 3]
        cards.append(desk.open(text=f"На улице Лиственничной {problem}, дом {n}. Пишите: priemnaya{n % 8}@mail.ru"))
    desk.clock.set(start)
    for card in cards[::4]:
        desk.do("route", card, ["gkh"], actor="curator")
    curator = client_for("curator")
    queries = ("/queue?q=протекает+Лиственничная", "/queue?q=priemnaya", "/queue?q=дом+1", "/queue?q=света")
    answers = {q: every_page(curator, q) for q in queries}
    leaking = [c for n, c in enumerate(cards) if n % 3 != 2]
    assert sorted(answers[queries[0]]) == sorted(leaking)
    assert sorted(answers[queries[1]]) == sorted(cards)
    assert set(answers[queries[2]]) >= {c for n, c in enumerate(cards) if str(n).startswith("1")}
    monkeypatch.setattr(search, "EXPAND_CAP", 0)  # every prefix searched as a prefix
    assert {q: every_page(curator, q) for q in queries} == answers
    monkeypatch.setattr(search, "HITS_CAP", 0)  # the matches joined by the database, one query per part
    assert {q: every_page(curator, q) for q in queries} == answers


def test_an_edited_message_is_found_by_its_new_words(client_for, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    card = desk.open(text="Нет света на улице Мира")
    with desk.sessions() as s, s.begin():
        message = s.scalars(select(Message).where(Message.incident_id == card)).one()
        message.text = "Упало дерево на провода у школы"
    curator = client_for("curator")
    assert ids(curator.get("/queue?q=деревья+провод").text) == [card]
    assert ids(curator.get("/queue?q=света").text) == []


@pytest.mark.parametrize("query", ["o'brien", "крыша' OR 1=1 --", "труба\\", "a:* & !b", "«дом» (№5) | ;"])
def test_quotes_and_operators_in_a_search_are_only_words(client_for, desk: Desk,  # type: ignore[no-untyped-def]
                                                         query: str) -> None:
    """A search is words, whatever it holds: no error page, and the card with the words is found."""
    card = desk.open(text="Течёт крыша и труба, дом 5, пишет O'Brien")
    curator = client_for("curator")
    answer = curator.get("/queue", params={"q": query})
    assert answer.status_code == 200
    if query.startswith(("o'", "труба")):
        assert ids(answer.text) == [card]
