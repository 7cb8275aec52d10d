"""``make run`` end to end for every network the sandbox emulates: a resident's message injected
into OK, Telegram, a settlement's page and the own VK community (Bots Long Poll) each becomes a
card in `otklik incidents --json`; the long-poll one within seconds (issue 14), and a stop does not
wait for the long poll under way."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import requests

from .conftest import StartOtklik
from .test_run_sandbox import CARD_BOUND_S, START_BOUND_S, _cards_by_text, _database_env, _settings_for

LIVE_BOUND_S = 10.0  # a comment in the own community reaches a card through the long poll
# Under the long poll's wait (longpoll_wait, 10 s by default): a stop ends the poll under way.
STOP_UNDER_WAIT_S = 8.0


@pytest.mark.slow
def test_a_message_injected_into_each_network_becomes_a_card(
        tmp_path: Path, request: pytest.FixtureRequest, start_otklik: StartOtklik) -> None:
    settings, data = _settings_for(tmp_path)
    env, flags = _database_env(request, settings)
    service = start_otklik(settings, *flags, env=env, cwd=tmp_path)
    service.wait_for("service.started", START_BOUND_S)
    sandbox = f"http://127.0.0.1:{data['sandbox']['port']}"
    for name in ("ok-groups", "telegram-district", "web-settlement-news"):
        service.wait_for("source.polled", START_BOUND_S, source=name)  # reading starts from here

    def put(body: dict[str, object]) -> dict[str, object]:
        answer = requests.post(f"{sandbox}/_sandbox/posts", json=body, timeout=10)
        assert answer.status_code == 201, answer.text
        return answer.json()  # type: ignore[no-any-return]

    texts = {
        "vk": "В Соболево на улице Набережной прорвало трубу, вода заливает дорогу",
        "ok": "В Соболево на улице Заречной третий день нет воды, когда дадут?",
        "telegram": "В Соболево на улице Комсомольской не горят фонари, темно и страшно",
        "web": "Жители Соболево просят отремонтировать дорогу на улице Центральной",
    }
    own = put({"network": "vk", "owner_id": -100001, "text": "Объявление о графике подачи воды", "author": "group"})
    injected = time.monotonic()
    put({"network": "vk", "owner_id": -100001, "post_id": own["post_id"], "text": texts["vk"],
         "author": "Ирина Ковалёва"})
    topic = put({"network": "ok", "text": "Объявление администрации", "author": "group"})
    put({"network": "ok", "topic_id": topic["post_id"], "text": texts["ok"], "author": "Ольга Петрова"})
    channel_post = put({"network": "telegram", "text": "Объявление администрации"})
    put({"network": "telegram", "post_id": channel_post["post_id"], "text": texts["telegram"],
         "author": "Иван Сидоров"})
    put({"network": "web", "site": "web-settlement-news", "title": "Обращение жителей", "text": texts["web"]})

    found: dict[str, dict[str, object]] = {}
    while len(found) < len(texts):
        assert service.returncode is None, f"otklik run died\n{service.tail()}"
        cards = _cards_by_text(settings, env)
        for network, text in texts.items():
            card = cards.get(text if network != "web" else f"Обращение жителей. {text}")
            if card is not None and network not in found:
                found[network] = card
                if network == "vk":
                    assert time.monotonic() - injected < LIVE_BOUND_S, "the own community is read in real time"
        assert time.monotonic() - injected < CARD_BOUND_S * 2, (
            f"cards only for {sorted(found)} within {CARD_BOUND_S * 2} s\n{service.tail()}")
        time.sleep(2)
    assert {network: card["platform"] for network, card in found.items()} == {
        "vk": "vk", "ok": "ok", "telegram": "telegram", "web": "web"}
    assert service.terminate(STOP_UNDER_WAIT_S) == 0
    assert not [line for line in service.lines if "maximum number of running instances" in line], \
        "the long poll is asked again as it answers, with no job skipped every second"
