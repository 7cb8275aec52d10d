"""Public pages without a feed: CSS selectors from settings, conditional GET, article text."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
import responses

from connectors.web import WebConfig, WebConnector, WebSource
from connectors.web.page import parse_date
from monitor.core.clock import FrozenClock
from monitor.core.settings import SettingsError, parse_settings
from monitor.sandbox import SandboxServer
from monitor.sandbox.control import inject

NOW = datetime(2026, 3, 2, 4, 0, tzinfo=UTC)
KAMCHATKA = timezone(timedelta(hours=12))

LIST = """<html><body><header><nav><a href="/">Главная</a><a href="/news/">Новости</a></nav></header>
<div class="news"><div class="item"><a href="/news/2026/ot-vody.html"><span class="name">Отключение воды на улице
Школьной</span></a><span class="when">5 марта 2026, 10:30</span></div>
<div class="item"><a href="https://ustyevoe.example/news/2026/sobranie.html"><span class="name">Сход граждан</span></a>
<span class="when">03.03.2026</span></div></div><footer>© 2026</footer></body></html>"""
ARTICLE = """<html><body><header><div class="logo">Администрация Устьевого сельского поселения</div>
<nav><ul><li>Главная</li><li>Документы</li><li>Контакты</li></ul></nav></header><div class="main"><div class="text">
<h1>Отключение воды на улице Школьной</h1><p>В связи с аварией на водопроводе 6 марта с 9:00 до 17:00 будет отключено
холодное водоснабжение домов 1–15 по улице Школьной. Подвоз питьевой воды организован к зданию школы, машина будет
стоять с 10:00 до 16:00. Просим жителей заранее сделать запас воды и с пониманием отнестись к временным неудобствам.</p>
<p>Справки по телефону администрации поселения в рабочее время; аварийная служба принимает сообщения круглосуточно,
а все вопросы о сроках восстановления можно задать в обращении на сайте администрации.</p></div></div>
<aside>Полезные ссылки: Госуслуги, Прокуратура</aside><footer>© Администрация поселения. Все права защищены.</footer>
</body></html>"""


def test_dates_as_sites_write_them() -> None:
    assert parse_date("5 марта 2026, 10:30", KAMCHATKA) == datetime(2026, 3, 5, 10, 30, tzinfo=KAMCHATKA)
    assert parse_date("03.03.2026", KAMCHATKA) == datetime(2026, 3, 3, tzinfo=KAMCHATKA)
    assert parse_date("2026-03-02T04:00:00+00:00") == NOW
    assert parse_date("вчера") is None


def test_a_recorded_site_is_read_with_selectors_and_readability() -> None:
    """Items from the list page's selectors (relative links made absolute, Russian dates); the text of
    an article without a text selector is its main content, not the menu or the footer."""
    connector = WebConnector(WebConfig(name="site", url="https://ustyevoe.example/news/", item="div.item",
                                       link="a", title=".name", date=".when"), clock=FrozenClock(NOW))
    with responses.RequestsMock() as rsps:
        rsps.add(responses.GET, "https://ustyevoe.example/news/", body=LIST, headers={"ETag": '"v1"'})
        rsps.add(responses.GET, "https://ustyevoe.example/news/2026/ot-vody.html", body=ARTICLE)
        rsps.add(responses.GET, "https://ustyevoe.example/news/2026/sobranie.html", status=404)
        result = connector.fetch(None)
    gathering, water = result.messages
    assert water.url == "https://ustyevoe.example/news/2026/ot-vody.html"
    assert water.created_at == datetime(2026, 3, 5, 10, 30, tzinfo=KAMCHATKA)
    assert water.text.startswith("Отключение воды на улице Школьной. В связи с аварией на водопроводе")
    assert "Подвоз питьевой воды" in water.text
    assert "Все права защищены" not in water.text and "Документы" not in water.text
    assert gathering.text == "Сход граждан", "a page that is gone keeps its title"
    assert result.cursor["etag"] == '"v1"'


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    server = SandboxServer("127.0.0.1", 0, clock=FrozenClock(NOW)).start()
    yield server
    server.stop()


def test_an_unchanged_list_page_costs_one_conditional_request(sandbox: SandboxServer) -> None:
    """The second poll sends If-None-Match and gets 304: nothing parsed, nothing new."""
    source = WebSource(name="web-settlement-news", platform="web", url="https://e.org/", item="article.news-item",
                       link="a.news-link", title=".news-title", date="time", text=".article-body")
    connector = WebConnector(source.connector_config(sandbox.base_url), clock=FrozenClock(NOW))
    inject(sandbox.state, {"network": "web", "site": "web-settlement-news", "title": "Ремонт моста",
                           "text": "Мост закроют на ремонт с 10 марта."}, sandbox.base_url)
    first = connector.fetch(None)
    assert [m.text for m in first.messages] == ["Ремонт моста. Мост закроют на ремонт с 10 марта."]
    again = connector.fetch(first.cursor)
    assert again.messages == [] and again.requests == 1 and again.cursor == first.cursor


def test_a_bad_selector_is_named_at_load() -> None:
    with pytest.raises(SettingsError, match=r"^sources\[0\]\.item: "):
        parse_settings({"sources": [{"name": "w", "platform": "web", "url": "https://e.org/", "item": "div[["}]})
