"""The curator's queue in real headless Chromium (issue 12 item 4), acting by visible Russian
labels: filter and search, bulk-route two cards, open a card by hand, restore an excluded message.

The desk runs in-process (uvicorn on a thread, the workflow tests' Desk behind it, the ingest
pipeline of `otklik run` for hand-entered messages); Debian's chromium is driven by its path.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from monitor.web.server import WebServer

from ..monitor.fakes import vk_comment, vk_post
from ..workflow.helpers import Desk
from .browser_support import NEEDS_CHROMIUM, launch_chromium, russian_page
from .conftest import PASSWORD
from .test_queue_curator import desk_app

pytestmark = [pytest.mark.slow, NEEDS_CHROMIUM]
THREAT = "Если квоту на рыбу в районе не дадут — я вас, чиновников, перестреляю, терять нечего"


@pytest.fixture
def served(desk: Desk) -> Iterator[str]:
    server = WebServer("127.0.0.1", 0, desk.sessions, deps=desk_app(desk).state.deps).start()
    try:
        yield server.url
    finally:
        server.stop()


def test_curator_filters_bulk_routes_opens_by_hand_and_restores(served: str, desk: Desk) -> None:
    from playwright.sync_api import expect, sync_playwright

    leak = desk.open(text="На Набережной протекает крыша над третьим подъездом", topic="housing")
    pipe = desk.open(text="В школе на Набережной протекла труба отопления", topic="housing")
    other = desk.open(text="Яма на дороге по ул. Советской", topic="roads")
    desk.poll(vk_post(1, "В Соболево на улице Береговой нет света"), vk_comment(1, 2, THREAT))

    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = russian_page(browser)
        page.goto(f"{served}/login")
        page.get_by_label("Логин").fill("curator")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url("**/queue**")

        filters = page.locator("form.filters").first
        filters.get_by_label("Тема").select_option(label="Жилищный фонд")
        filters.get_by_label("Поиск").fill("протекает")
        filters.get_by_role("button", name="Показать").click()
        expect(page.locator("li.row")).to_have_count(2)  # «протекла» found by «протекает»
        assert "q=" in page.url and "topic=housing" in page.url  # the filtered view is a link
        expect(page.get_by_text("Яма на дороге")).to_have_count(0)

        page.get_by_label(f"Отметить карточку №{leak}").check()
        page.get_by_label(f"Отметить карточку №{pipe}").check()
        bulk = page.locator("form#bulk")
        bulk.get_by_label("Действие с отмеченными").select_option(label="Направить")
        bulk.get_by_label("Направить в подразделение").select_option("gkh")
        bulk.get_by_role("button", name="Выполнить для отмеченных").click()
        expect(page.get_by_role("heading")).to_contain_text("выполнено 2")
        page.get_by_role("link", name="Вернуться к очереди").click()
        expect(page.locator("li.row", has_text="Направлена исполнителю")).to_have_count(2)
        assert [desk.card(c).state for c in (leak, pipe, other)] == ["assigned", "assigned", "new"]

        page.goto(f"{served}/queue")
        page.get_by_role("link", name="Открыть карточку вручную").click()
        page.get_by_label("Канал").select_option(label="Телефон")
        page.get_by_label("Автор").fill("Мария Иванова")
        page.get_by_label("Текст сообщения").fill("Звонок: в Устьевом на улице Школьной нет воды второй день")
        page.get_by_role("button", name="Открыть карточку").click()
        page.wait_for_url("**/cards/*")
        expect(page.get_by_text("нет воды второй день").first).to_be_visible()
        expect(page.get_by_text("Новая").first).to_be_visible()

        page.goto(f"{served}/queue")
        page.get_by_role("link", name="Исключённые и отклонённые").click()
        row = page.locator("li.row", has_text="перестреляю")
        expect(row).to_contain_text("Угрозы")
        row.get_by_label("Почему восстановить").fill("цитата из новостей, не угроза")
        row.get_by_role("button", name="Восстановить").click()
        page.wait_for_url("**/cards/*")
        expect(page.get_by_text("перестреляю").first).to_be_visible()
        expect(page.get_by_text("цитата из новостей, не угроза").first).to_be_visible()  # the history's reason
        browser.close()


def test_on_a_phone_the_queue_opens_on_its_cards_with_the_filters_folded(served: str, desk: Desk) -> None:
    from playwright.sync_api import expect, sync_playwright

    for n in range(3):
        desk.open(text=f"На Набережной {n + 1} нет воды второй день", topic="water")
    with sync_playwright() as pw:
        browser = launch_chromium(pw)
        page = russian_page(browser, width=390)
        page.goto(f"{served}/login")
        page.get_by_label("Логин").fill("curator")
        page.get_by_label("Пароль").fill(PASSWORD)
        page.get_by_role("button", name="Войти").click()
        page.wait_for_url("**/queue**")

        expect(page.locator("li.row").first).to_be_in_viewport()  # a card on the first screen, not ten fields
        expect(page.get_by_label("Тема")).to_be_hidden()
        page.get_by_text("Фильтры", exact=True).click()
        page.get_by_label("Тема").select_option(label="Водоснабжение и водоотведение")
        page.get_by_role("button", name="Показать").click()
        page.wait_for_url("**topic=water**")
        expect(page.get_by_text("Фильтры (заданы)")).to_be_visible()
        expect(page.get_by_label("Тема")).to_be_visible()  # a filter set stays open, as it was chosen
        browser.close()
