"""Issue 10, item 12: `otklik incidents` and `otklik card show` show the glossary's words, keep the
codes in `--json`, refuse an unknown state and list what was excluded under p. 20 with the reason."""

from __future__ import annotations

import json

import pytest

from db.models import Message
from monitor.cli.main import main

from .helpers import Desk


@pytest.fixture(autouse=True)
def _database(db_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OTKLIK_DATABASE_URL", db_url)


def _out(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What `otklik ARGV` prints for the person (the desk's own set-up output dropped first)."""
    capsys.readouterr()
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_incidents_show_words_and_json_keeps_codes(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """CardState, network, topic, place and importance in Russian; the same card in --json with codes."""
    card = desk.open(topic="heating", location="ustyevoye", importance="high", text="Нет отопления в школе")
    [line] = _out(["incidents"], capsys).splitlines()
    assert line.split() == [f"№{card}", "Новая", "ВКонтакте", "Отопление", "и", "газ", "Устьевое", "Высокая",
                            "Нет", "отопления", "в", "школе"]
    [record] = json.loads(_out(["incidents", "--json"], capsys))
    assert (record["state"], record["topic"], record["location"], record["importance"]) == (
        "new", "heating", "ustyevoye", "high")


def test_card_show_names_the_labels_in_russian(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """The card's topic, place, importance and network as the glossary says them."""
    card = desk.open(topic="water", location="sobolevo", importance="critical")
    shown = _out(["card", "show", str(card), "--as", "curator"], capsys)
    for line in ("Источник: ВКонтакте https://vk.com/wall-1_1", "Тема: Водоснабжение и водоотведение",
                 "Локация: Соболево", "Важность: Критическая"):
        assert line in shown.splitlines(), (line, shown)


def test_an_action_answers_without_log_lines(desk: Desk, capsys: pytest.CaptureFixture[str]) -> None:
    """`otklik card route` prints its one-line answer and nothing else on the terminal."""
    card = desk.open()
    assert _out(["card", "route", str(card), "--unit", "gkh", "--as", "curator"], capsys) == (
        f"Карточка №{card}: направлена исполнителю (gkh)\n")


def test_an_unknown_state_is_refused_listing_the_valid_ones(capsys: pytest.CaptureFixture[str]) -> None:
    """`--state opened` is not silently an empty list: one line with the states there are, exit 2."""
    with pytest.raises(SystemExit) as done:
        main(["incidents", "--state", "opened"])
    assert done.value.code == 2
    assert capsys.readouterr().err.strip() == (
        "otklik incidents: ошибка: --state: недопустимое значение 'opened'; допустимо: 'new', 'assigned', "
        "'returned', 'draft', 'rework', 'approved', 'published', 'interim', 'closed', 'dismissed', 'excluded' "
        "(справка: otklik incidents --help)")


def test_excluded_lists_cards_and_messages_with_their_reason(desk: Desk,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Both the card a curator excluded and the message the classifier excluded at intake are
    listed with the reason and how to restore them; --json has the reason codes."""
    card = desk.open(text="Глава района — вор")
    desk.do("exclude", card, actor="curator", reason="оскорбления в адрес главы")
    message_id = desk.message(text="*** дорога опять разбита")
    with desk.sessions() as s, s.begin():
        row = s.get(Message, message_id)
        assert row is not None
        row.excluded, row.relevant = "obscene", False
    desk.open(text="Яма на Советской")  # at work: not listed

    lines = _out(["incidents", "--state", "excluded"], capsys).splitlines()
    assert lines[0] == "Исключённые сообщения (п. 20), новые сверху:"
    assert lines[1].startswith(f"сообщение №{message_id}")
    assert lines[1].endswith("причина: Нецензурные выражения — *** дорога опять разбита")
    assert lines[2].startswith(f"карточка №{card}")
    assert lines[2].endswith("причина: оскорбления в адрес главы — Глава района — вор")
    assert lines[3].startswith("Вернуть ошибочно исключённое в работу: otklik card restore N --as curator")
    assert len(lines) == 4
    records = json.loads(_out(["incidents", "--state", "excluded", "--json"], capsys))
    assert [(r["id"], r["message_id"], r["reason"]) for r in records] == [
        (None, message_id, "obscene"), (card, desk.card(card).first_message_id, "оскорбления в адрес главы")]
